//! `isCronSessionKey` and `isCronRunSessionKey` (SPEC K6–K7).

use std::sync::LazyLock;

use regex::Regex;

use crate::generation::{CronRunForm, ParserEra};
use crate::js;
use crate::keys::parse::parse_agent_session_key;

static EXACT_RUN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^cron:[^:]+:run:[^:]+$").expect("valid regex"));
static RUN_OR_DESCENDANT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^cron:[^:]+:run:[^:]+(?::|$)").expect("valid regex"));

/// `isCronSessionKey(key)`: an agent key whose rest (trimmed, lowercased) starts with `cron:`.
/// Covers the durable base, runs and run descendants.
pub fn is_cron_session_key(era: ParserEra, key: &str) -> bool {
    parse_agent_session_key(era, key).is_some_and(|p| js::trim_lower(&p.rest).starts_with("cron:"))
}

/// `isCronRunSessionKey(key)`: the rest (untrimmed) is a run key, or a run descendant from 2026.5.12 on.
pub fn is_cron_run_session_key(era: ParserEra, form: CronRunForm, key: &str) -> bool {
    let Some(parsed) = parse_agent_session_key(era, key) else {
        return false;
    };
    match form {
        CronRunForm::ExactRun => EXACT_RUN.is_match(&parsed.rest),
        CronRunForm::Descendants => RUN_OR_DESCENDANT.is_match(&parsed.rest),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CronRunForm::*;
    use ParserEra::*;

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
}
