//! `heartbeat-spec vectors export|run` as a user runs them (SPEC appendix A.1, rules EV6–EV11): exports
//! that run clean for every profile, the same bytes from any directory, failures that name their
//! line and step, and the exit codes 0, 1 and 2.

use std::fs;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_heartbeat-spec"))
}

/// A scratch directory of this test process, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("hb-spec-vectors-{}-{name}", std::process::id()));
        fs::create_dir_all(&dir).expect("a scratch directory");
        Scratch(dir)
    }

    fn file(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("runs")
}

/// `heartbeat-spec vectors run FILE --profile PROFILE`.
fn vectors_run(file: &std::path::Path, profile: &str) -> Output {
    run(&[
        "vectors",
        "run",
        file.to_str().unwrap(),
        "--profile",
        profile,
    ])
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

fn export_to(dir: &Scratch, profile: &str) -> PathBuf {
    let path = dir.file(&format!("{profile}.jsonl"));
    let out = run(&[
        "vectors",
        "export",
        "--profile",
        profile,
        "--output",
        path.to_str().expect("a UTF-8 path"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    path
}

/// EV11 through the binary: `export` then `run` exits 0 and says PASS, with every line checked,
/// for a release and for reference (every profile round-trips in-process in
/// `tests/conformance/vectors_export.rs`, `ev11_export_then_run_passes_for_every_profile`).
#[test]
fn ev11_export_then_run_exits_0_through_the_binary() {
    let dir = Scratch::new("round-trip");
    for p in [
        heartbeat_model::Profile::Openclaw2026_5_12,
        heartbeat_model::Profile::Reference,
    ] {
        let path = export_to(&dir, p.name());
        let out = vectors_run(&path, p.name());
        let stdout = text(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{p}:\n{stdout}");
        assert!(stdout.ends_with("PASS\n"), "{stdout}");
        assert!(stdout.contains(" 0 failed"), "{stdout}");
        assert!(stdout.contains("skipped:   0 line(s)"), "{stdout}");
    }
}

/// EV6, EV7: the export is the same bytes on stdout, in a file, and from another working
/// directory (the vector files are embedded in the binary).
#[test]
fn ev6_export_is_the_same_bytes_from_anywhere() {
    let dir = Scratch::new("anywhere");
    let path = export_to(&dir, "openclaw-2026.5.12");
    let elsewhere = bin()
        .args(["vectors", "export", "--profile", "openclaw-2026.5.12"])
        .current_dir(&dir.0)
        .output()
        .expect("runs");
    assert_eq!(elsewhere.status.code(), Some(0));
    assert!(fs::read(&path).expect("written") == elsewhere.stdout);
    let summary = text(&elsewhere.stderr);
    assert!(summary.starts_with("exported "), "{summary}");
    let first: Value = serde_json::from_slice(
        elsewhere
            .stdout
            .split(|b| *b == b'\n')
            .next()
            .expect("a line"),
    )
    .expect("JSON");
    assert_eq!(first["kind"], "meta");
    assert_eq!(first["version"], 2);
    assert_eq!(first["profile"], "openclaw-2026.5.12");
}

/// EV6: `--only calls` writes calls only; `run` reads stdin with `-` and prints JSON.
#[test]
fn ev6_only_calls_and_a_json_summary_from_stdin() {
    let out = run(&[
        "vectors",
        "export",
        "--profile",
        "reference",
        "--only",
        "calls",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert!(lines[1..].iter().all(|l| l["kind"] == "call"));
    assert_eq!(lines[0]["scenarios"], 0);
    let mut child = bin()
        .args(["vectors", "run", "-", "--profile", "reference", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&out.stdout)
        .expect("written");
    let done = child.wait_with_output().expect("finishes");
    assert_eq!(done.status.code(), Some(0));
    let summary: Value = serde_json::from_slice(&done.stdout).expect("one JSON object");
    assert_eq!(summary["passed"], true);
    assert_eq!(summary["calls_passed"], lines.len() - 1);
    assert_eq!(summary["scenarios_passed"], 0);
}

/// EV10, EV11: a changed expected queue text and a changed call result exit 1, and the report
/// names each line, and the scenario's step and op.
#[test]
fn ev10_a_tampered_file_exits_1_naming_line_and_step() {
    let dir = Scratch::new("tampered");
    let path = export_to(&dir, "openclaw-2026.5.7");
    let mut lines: Vec<Value> = fs::read_to_string(&path)
        .expect("written")
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    let call_at = lines
        .iter()
        .position(|v| v["kind"] == "call" && v["expected"]["ok"].is_string())
        .expect("a call answering a string");
    lines[call_at]["expected"]["ok"] = Value::String("tampered".into());
    // The last step of the first scenario that ends with an event still queued.
    let scenario_at = lines
        .iter()
        .position(|v| {
            v["steps"]
                .as_array()
                .and_then(|s| s.last())
                .is_some_and(|s| {
                    s["expect"]["queues"]
                        .as_object()
                        .is_some_and(|q| !q.is_empty())
                })
        })
        .expect("a stranding scenario");
    let steps = lines[scenario_at]["steps"].as_array_mut().unwrap();
    let n = steps.len();
    let queues = steps[n - 1]["expect"]["queues"].as_object_mut().unwrap();
    let texts = queues.values_mut().next().unwrap();
    texts[0] = Value::String("Exec failed (tampered)".into());
    let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    fs::write(&path, body).expect("rewritten");

    let out = vectors_run(&path, "openclaw-2026.5.7");
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains(&format!("FAIL line {}: call", call_at + 1)),
        "{stdout}"
    );
    let scenario_line = stdout
        .lines()
        .find(|l| l.starts_with(&format!("FAIL line {}: scenario", scenario_at + 1)))
        .unwrap_or_else(|| panic!("no scenario failure:\n{stdout}"));
    assert!(
        scenario_line.contains(&format!("step {n} (finish-run): `queues` does not match")),
        "{scenario_line}"
    );
    assert!(stdout.contains("Exec failed (tampered)"), "{stdout}");
    assert!(stdout.contains("calls:     "), "{stdout}");
    assert!(stdout.contains(", 1 failed"), "{stdout}");
}

/// EV10, EV11: a malformed line is named by number and counted as a failure (exit 1) while the
/// other lines are still checked.
#[test]
fn ev10_a_malformed_line_is_named_and_the_run_goes_on() {
    let dir = Scratch::new("malformed");
    let path = dir.file("calls.jsonl");
    let out = run(&[
        "vectors",
        "export",
        "--profile",
        "reference",
        "--only",
        "calls",
    ]);
    let mut lines: Vec<String> = text(&out.stdout).lines().map(str::to_string).collect();
    let calls = lines.len() - 1;
    lines.insert(
        2,
        r#"{"kind":"call","fn":"normalizeAgentId","profile":"reference"}"#.into(),
    );
    // The meta line's count would also fail; drop it to see the malformed line alone.
    lines.remove(0);
    fs::write(&path, lines.join("\n")).expect("written");
    let out = vectors_run(&path, "reference");
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("FAIL line 2: malformed normalizeAgentId: missing field `rule`"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("calls:     {calls} passed, 0 failed")),
        "{stdout}"
    );
    assert!(stdout.contains("malformed: 1 line(s)"), "{stdout}");
}

/// EV6, EV10: a field the format does not list is refused wherever it is: the run exits 1 and
/// each failure names the line, the step and its op, and the unknown field.
#[test]
fn ev6_an_unknown_field_is_refused_by_name() {
    let dir = Scratch::new("unknown-field");
    let path = dir.file("unknown.jsonl");
    let out = run(&[
        "vectors",
        "export",
        "--profile",
        "reference",
        "--only",
        "calls",
    ]);
    let mut call: Value =
        serde_json::from_str(text(&out.stdout).lines().nth(1).expect("a call")).expect("JSON");
    call["colour"] = Value::from("red");
    let expect = r#"{"outcome":{"ok":{"result":"no-run"}},"queues":{},"surfaced":[],"pending":[]}"#;
    let scenario = format!(
        r#"{{"kind":"scenario","id":"s","profile":"reference","config":{{"scope":"global","mainKey":"main","agents":[{{"id":"main","heartbeat":true,"ranRecently":false}}],"intervalMs":60000,"queueCap":20,"startMs":0}},"steps":[{{"at":1,"op":"finish-run","agentId":"main","expect":{expect}}},{{"at":2,"op":"finish-run","agentId":"main","colour":"red","expect":{expect}}}]}}"#
    );
    fs::write(&path, format!("{call}\n{scenario}\n")).expect("written");
    let out = vectors_run(&path, "reference");
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let function = call["fn"].as_str().expect("a function");
    assert!(
        stdout.contains(&format!(
            "FAIL line 1: malformed {function}: unknown field `colour`, expected one of `rule`"
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "FAIL line 2: malformed s: step 2 (finish-run): unknown field `colour`, expected `agentId`"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("malformed: 2 line(s)"), "{stdout}");
}

/// EV11: bad usage and unreadable input exit 2: an unknown profile (with the valid names), a
/// missing file, a bound out of range, a file of another format version (EV6: a version 1 file,
/// whose operations had other names).
#[test]
fn ev11_bad_usage_and_unreadable_files_exit_2() {
    let dir = Scratch::new("usage");
    let unknown = run(&["vectors", "export", "--profile", "openclaw-2026.5.8"]);
    assert_eq!(unknown.status.code(), Some(2));
    let err = text(&unknown.stderr);
    assert!(err.contains("unknown profile `openclaw-2026.5.8`"), "{err}");
    assert!(err.contains("reference"), "{err}");

    let missing = dir.file("missing.jsonl");
    let out = vectors_run(&missing, "reference");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("cannot read"),
        "{}",
        text(&out.stderr)
    );

    let out = vectors_run(&missing, "nope");
    assert_eq!(out.status.code(), Some(2));

    let out = run(&[
        "vectors",
        "export",
        "--profile",
        "reference",
        "--agents",
        "3",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--agents must be between 1 and 2"));

    let old = dir.file("old.jsonl");
    fs::write(
        &old,
        r#"{"calls":0,"derivation":null,"format":"heartbeat-spec-vectors","kind":"meta","scenarios":0,"version":1}"#,
    )
    .unwrap();
    let out = vectors_run(&old, "reference");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("version 1 is not supported (this tool reads version 2)"),
        "{}",
        text(&out.stderr)
    );
}

/// EV10, EV11: a file with nothing for the profile skips every line, says so, and does not pass.
#[test]
fn ev11_lines_of_other_profiles_are_skipped_and_prove_nothing() {
    let dir = Scratch::new("skipped");
    let path = dir.file("calls.jsonl");
    let out = run(&[
        "vectors",
        "export",
        "--profile",
        "openclaw-2026.9.6",
        "--only",
        "calls",
    ]);
    fs::write(&path, &out.stdout).unwrap();
    let calls = text(&out.stdout).lines().count() - 1;
    let out = vectors_run(&path, "reference");
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains(&format!("skipped:   {calls} line(s) of other profiles")),
        "{stdout}"
    );
    assert!(stdout.contains("nothing was checked"), "{stdout}");
}
