//! Classifiers: event texts and wake reasons (SPEC.md §5).

pub mod cron_event;
pub mod exec_event;
pub mod js_regex;
pub mod reason;
pub mod silent_reply;
