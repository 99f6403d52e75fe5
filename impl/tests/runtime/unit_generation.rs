//! The unit tests of `heartbeat_routing::generation` (`impl/src/generation.rs`), kept out of the
//! library so that `cargo test` compiles it once.

use heartbeat_routing::generation::*;
use heartbeat_vocab::Profile;

#[test]
fn releases_use_p1_before_the_rewrite_and_p4_after() {
    assert_eq!(generation(Profile::Openclaw2026_5_7).parser, ParserEra::P1);
    assert_eq!(generation(Profile::Openclaw2026_5_12).parser, ParserEra::P1);
    assert_eq!(generation(Profile::Openclaw2026_9_6).parser, ParserEra::P4);
    assert_eq!(generation(Profile::Reference).parser, ParserEra::P4);
    for p in [
        Profile::Pr50818UntargetedCronWake,
        Profile::Pr50818LiteralMain,
    ] {
        let g = generation(p);
        assert_eq!(g.parser, ParserEra::P1);
        assert_eq!(g.cron_run, CronRunForm::ExactRun, "drafts are V1 otherwise");
    }
}

#[test]
fn only_the_reference_has_the_reason_kind() {
    for p in Profile::ALL {
        assert_eq!(
            generation(p).has_reason_kind,
            p == Profile::Reference,
            "{p}"
        );
    }
}
