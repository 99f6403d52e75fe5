//! The unit tests of `heartbeat_routing::keys::cron` (`impl/src/keys/cron.rs`), kept out of the
//! library so that `cargo test` compiles it once.

use CronRunForm::*;
use ParserEra::*;
use heartbeat_routing::generation::{CronRunForm, ParserEra};
use heartbeat_routing::keys::cron::*;

/// K7: descendants count from 2026.5.12 on; empty or colon-bearing ids never do.
#[test]
fn k7_run_forms() {
    let d = "agent:x:cron:job:run:r:subagent:w";
    assert!(!is_cron_run_session_key(P1, ExactRun, d));
    assert!(is_cron_run_session_key(P1, Descendants, d));
    assert!(is_cron_run_session_key(P4, Descendants, d));
    for era in ParserEra::ALL {
        for form in [ExactRun, Descendants] {
            assert!(!is_cron_run_session_key(era, form, "agent:x:cron:job:run:"));
            assert!(!is_cron_run_session_key(era, form, "agent:x:cron::run:r"));
            assert!(!is_cron_run_session_key(
                era,
                form,
                "agent:main:slack:cron:job:run:u"
            ));
            assert!(!is_cron_run_session_key(era, form, "cron:job:run:u"));
            assert!(is_cron_run_session_key(era, form, "AGENT:X:CRON:Job:RUN:R"));
        }
    }
}

/// K6: the base is a cron key, a bare `cron:job` is not; a blank first rest char is trimmed.
#[test]
fn k6_cron_keys() {
    for era in ParserEra::ALL {
        assert!(is_cron_session_key(era, "agent:x:cron:job"));
        assert!(!is_cron_session_key(era, "cron:job"));
        assert!(is_cron_session_key(era, "agent:x: cron:job:run:r"));
        assert!(!is_cron_run_session_key(
            era,
            Descendants,
            "agent:x: cron:job:run:r"
        ));
    }
}
