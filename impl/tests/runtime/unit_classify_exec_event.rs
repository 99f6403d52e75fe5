//! The unit tests of `heartbeat_routing::classify::exec_event` (`impl/src/classify/exec_event.rs`),
//! kept out of the library so that `cargo test` compiles it once.

use heartbeat_routing::classify::exec_event::*;

/// C1: the forms and the non-forms of SPEC C1 (vectors `classify.jsonl`).
#[test]
fn c1_exec_completion_forms() {
    assert!(is_exec_completion_event(
        "Exec completed (abc12345, code 0)"
    ));
    assert!(is_exec_completion_event(
        "  exec FAILED (a_b-c, signal SIGKILL) :: tail \n"
    ));
    assert!(is_exec_completion_event(
        "Exec finished (node=n1, code 1)\nout"
    ));
    assert!(is_exec_completion_event("exec finished: x"));
    assert!(!is_exec_completion_event(
        "Exec completed (abc12345, code 0) "
    ));
    assert!(!is_exec_completion_event(
        "Nightly backup exec failed (see logs)"
    ));
    assert!(!is_exec_completion_event("Exec running (x, code 0)"));
    assert!(!is_exec_completion_event("Exec denied (node=n1): rm"));
    assert!(!is_exec_completion_event(&format!(
        "Exec completed ({}, code 0)",
        "a".repeat(65)
    )));
}
