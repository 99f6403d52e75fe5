//! The unit tests of `heartbeat_spec::vectors::calls` (`src/vectors/calls.rs`), kept out of the
//! library so that `cargo test` compiles it once.

use heartbeat_model::Profile;
use heartbeat_spec::vectors::calls::*;
use heartbeat_spec::vectors::format::{Call, Vector};

/// One hand-written vector as a call of profile `p`, if it applies to `p`: the module's own
/// (private) `call_of`, made of the same public parts.
fn call_of(at: &str, line: &str, p: Profile) -> Result<Option<Call>, String> {
    let v = Vector::parse(line)?;
    Ok(v.profile.includes(p).then(|| v.call(p, at)))
}

/// EV7: profile selection reads `"*"`, a name and a list; an unknown name is an error.
#[test]
fn profile_selection() {
    let line = |profile: &str| {
        format!(
            r#"{{"rule":"N1","fn":"normalizeAgentId","args":["Ops"],"expected":{{"ok":"ops"}},"profile":{profile},"note":"x"}}"#
        )
    };
    let p = Profile::Reference;
    assert!(call_of("t:1", &line(r#""*""#), p).unwrap().is_some());
    assert!(
        call_of("t:1", &line(r#""reference""#), p)
            .unwrap()
            .is_some()
    );
    assert_eq!(
        call_of("t:1", &line(r#"["openclaw-2026.5.7"]"#), p),
        Ok(None)
    );
    let e = call_of("t:1", &line(r#""openclaw-2026.5.8""#), p).unwrap_err();
    assert!(e.contains("unknown profile `openclaw-2026.5.8`"), "{e}");
    assert!(call_of("t:1", &line("[]"), p).is_err());
    assert!(call_of("t:1", &line("null"), p).is_err());
}

/// EV7: a vector our eval does not meet is a problem naming the function and both answers.
#[test]
fn a_wrong_expectation_is_caught_before_export() {
    let line = r#"{"rule":"N1","fn":"normalizeAgentId","args":["Ops"],"expected":{"ok":"OPS"},"profile":"*","note":"wrong on purpose"}"#;
    let call = call_of("t.jsonl:1", line, Profile::Reference)
        .unwrap()
        .unwrap();
    let e = check(&call).unwrap_err();
    assert!(
        e.contains("normalizeAgentId") && e.contains("\"OPS\"") && e.contains("\"ops\""),
        "{e}"
    );
}
