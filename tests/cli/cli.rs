//! The `eval` and `table` subcommands as a user runs them (SPEC.md appendix A, rules EV1 and EV5; T1).

use std::io::Write;
use std::process::{Command, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_heartbeat-spec"))
}

/// EV5: an unknown profile exits 2 and lists the valid names.
#[test]
fn i5_unknown_profile_exits_2_with_the_valid_names() {
    let out = bin()
        .args(["eval", "--profile", "openclaw-2026.5.8"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown profile `openclaw-2026.5.8`"), "{err}");
    assert!(err.contains("reference"), "{err}");
}

/// EV1/EV5: one answer line per input line, errors included, then exit 0.
#[test]
fn ev1_one_answer_per_line() {
    let mut child = bin()
        .args(["eval", "--profile", "openclaw-2026.5.12"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("runs");
    let input = b"{\"fn\":\"resolveEventSessionKey\",\"args\":[\"agent:ops:cron:j:run:r\",\"work\"]}\n\n\xff\n{\"fn\":\"nope\",\"args\":[]}\r\n{\"fn\":\"isCronRunSessionKey\",\"args\":[\"agent:x:cron:j:run:r:subagent:w\"]}";
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("written");
    let out = child.wait_with_output().expect("finishes");
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<String> = String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(lines.len(), 5, "{lines:?}");
    assert_eq!(lines[0], r#"{"ok":"agent:ops:work"}"#);
    assert!(lines[1].starts_with(r#"{"err":"empty input line"#));
    assert!(lines[2].contains("not valid UTF-8"));
    assert_eq!(lines[3], r#"{"err":"unknown function: nope"}"#);
    assert_eq!(lines[4], r#"{"ok":true}"#);
}

/// T1: the table subcommand prints one profile's block, as text or JSON.
#[test]
fn t1_table_subcommand() {
    let out = bin()
        .args(["table", "--profile", "reference"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("## reference"), "{text}");
    assert!(!text.contains("## openclaw"));
    let out = bin()
        .args(["table", "--format", "json"])
        .output()
        .expect("runs");
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(rows.as_array().map(Vec::len), Some(6 * 2 * 2 * 8));
}
