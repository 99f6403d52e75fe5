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
