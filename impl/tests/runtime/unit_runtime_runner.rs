//! The unit tests of `heartbeat_routing::runtime::runner` (`impl/src/runtime/runner.rs`), kept out
//! of the library so that `cargo test` compiles it once.

use heartbeat_routing::runtime::runner::*;
use heartbeat_vocab::Profile;

/// R3: which wakes inspect exec completions.
#[test]
fn r3_wake_kinds_that_inspect_exec_completions() {
    let p = Profile::Openclaw2026_5_12;
    assert!(wake_inspects_exec(p, "exec-event", "exec-event"));
    assert!(wake_inspects_exec(p, "acp-spawn", "acp:spawn:stream"));
    assert!(wake_inspects_exec(p, "", "cron:nightly"));
    assert!(wake_inspects_exec(p, "", "wake"));
    assert!(wake_inspects_exec(p, "hook", "hook:x"));
    assert!(!wake_inspects_exec(p, "cli-watchdog", "cli:watchdog:stall"));
    assert!(!wake_inspects_exec(
        p,
        "notifications-event",
        "notifications-event"
    ));
    assert!(!wake_inspects_exec(p, "interval", "interval"));
}
