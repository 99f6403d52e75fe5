//! `heartbeat-spec check`, `sites` and their exit codes as a CI job sees them (SPEC §6 S1–S2,
//! §9, and appendix B: D1 incomplete verdicts; README exit codes).

use std::process::{Command, Output};

fn check(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_heartbeat-spec"))
        .arg("check")
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// D1: a breadth-first search stopped by its budget after it found violations keeps them (with
/// their counterexamples, rebuilt after the stop) and calls the rest incomplete: exit 3, and no
/// panic or hang while stateright replays the discovered paths.
#[test]
fn a_budget_stopped_search_keeps_its_discoveries() {
    let o = check(&[
        "--profile",
        "openclaw-2026.5.7",
        "--scope",
        "global",
        "--main-key",
        "default",
        "--agents",
        "2",
        "--site",
        "node-exec-event",
        "--origin",
        "cron-run",
        "--search",
        "bfs",
        "--threads",
        "1",
        "--max-states",
        "3000",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("a JSON report");
    let verdicts: Vec<(String, String)> = report["invariants"]
        .as_array()
        .expect("invariants")
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap_or("").to_string(),
                p["verdict"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    // B1: the cron-run event's wake drains another key from the first enqueue on (I7), found
    // within the budget; "holds" is never claimed for what the budget cut off.
    assert!(
        verdicts.contains(&("I7".into(), "violated".into())),
        "{verdicts:?}"
    );
    assert!(
        verdicts.iter().any(|(_, v)| v == "incomplete"),
        "{verdicts:?}"
    );
    assert!(!verdicts.iter().any(|(_, v)| v == "holds"), "{verdicts:?}");
}

/// Filters take repeated flags or comma-separated lists alike (README, `check --help`).
#[test]
fn filters_take_comma_separated_lists() {
    let listed = check(&[
        "--profile",
        "reference,openclaw-2026.9.6",
        "--agents",
        "1,2",
        "--site",
        "exec-exit,cli-watchdog",
        "--origin",
        "main,cron-run",
        "--json",
    ]);
    let repeated = check(&[
        "--profile",
        "reference",
        "--profile",
        "openclaw-2026.9.6",
        "--agents",
        "1",
        "--agents",
        "2",
        "--site",
        "exec-exit",
        "--site",
        "cli-watchdog",
        "--origin",
        "main",
        "--origin",
        "cron-run",
        "--json",
    ]);
    assert_eq!(listed.status.code(), Some(0), "{}", stderr(&listed));
    assert_eq!(repeated.status.code(), Some(0), "{}", stderr(&repeated));
    let models = |o: &Output| {
        let r: serde_json::Value = serde_json::from_str(&stdout(o)).expect("a JSON report");
        r["totals"]["models"].as_u64().expect("a model count")
    };
    // 2 profiles x 2 scopes x 2 mainKeys x 2 agent counts x 2 sites x 2 origins.
    assert_eq!(models(&listed), 64);
    assert_eq!(models(&listed), models(&repeated));
}

/// A small slice of the matrix with a known bug: exit 0, the table, the bug reported as expected.
#[test]
fn expected_verdicts_exit_0_and_name_the_known_bug() {
    let o = check(&[
        "--profile",
        "openclaw-2026.5.12",
        "--scope",
        "global",
        "--agents",
        "2",
        "--site",
        "exec-exit",
        "--origin",
        "cron-run",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("VIOLATED"), "{out}");
    assert!(out.contains("B6  found in"), "{out}");
    assert!(
        out.contains("result: every verdict equals its expectation"),
        "{out}"
    );
}

/// `--mutate` breaks the reference's cron-run remap: exit 1 with a readable counterexample.
#[test]
fn a_broken_routing_decision_exits_1_with_a_counterexample() {
    let o = check(&[
        "--profile",
        "reference",
        "--scope",
        "per-sender",
        "--agents",
        "1",
        "--site",
        "exec-exit",
        "--origin",
        "cron-run",
        "--mutate",
        "drop-cron-run-remap",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("UNEXPECTED I7"), "{out}");
    assert!(out.contains(" 1. exec-exit enqueues exec-completion from agent:main:cron:nightly:run:r1 into agent:main:cron:nightly:run:r1"), "{out}");
    assert!(
        out.contains("verdict(s) differ from their expectation"),
        "{out}"
    );
}

/// D1: a budget that runs out gives `incomplete` and exit 3, never `holds`.
#[test]
fn an_exhausted_budget_is_incomplete_with_exit_3() {
    let o = check(&[
        "--profile",
        "reference",
        "--agents",
        "2",
        "--site",
        "node-exec-event",
        "--origin",
        "main",
        "--scope",
        "per-sender",
        "--main-key",
        "default",
        "--max-states",
        "50",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("a JSON report");
    assert_eq!(report["exit_code"], 3);
    let verdicts: Vec<&str> = report["invariants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["verdict"].as_str().unwrap())
        .collect();
    assert!(verdicts.contains(&"incomplete"), "{verdicts:?}");
    assert!(
        !verdicts.contains(&"holds"),
        "nothing may hold when the search stopped early: {verdicts:?}"
    );
    assert!(
        report["models"][0]["stats"]["stopped_by"]
            .as_str()
            .unwrap()
            .contains("max states")
    );
}

/// The JSON report has, for every invariant, the fields CI tools read, counterexample steps
/// for violations, and the per-action coverage counts (D4).
#[test]
fn json_report_has_verdicts_expectations_and_counterexamples() {
    let o = check(&[
        "--profile",
        "openclaw-2026.5.7",
        "--scope",
        "per-sender",
        "--agents",
        "1",
        "--site",
        "exec-exit",
        "--origin",
        "cron-run",
        "--main-key",
        "default",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("a JSON report");
    for key in [
        "states",
        "unique_states",
        "max_depth",
        "seconds",
        "coverage",
    ] {
        assert!(report["totals"].get(key).is_some(), "totals.{key}");
    }
    let b3 = report["invariants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["invariant"] == "no-heartbeat-in-cron-run")
        .expect("I3 is reported");
    assert_eq!(b3["profile"], "openclaw-2026.5.7");
    assert_eq!(b3["verdict"], "violated");
    assert_eq!(b3["expected"], "violated");
    assert_eq!(b3["explained_by"][0], "B3");
    assert_eq!(b3["config"]["scope"], "per-sender");
    let steps = b3["counterexample"]["steps"]
        .as_array()
        .expect("counterexample steps");
    assert!(steps.len() >= 2);
    assert!(steps[0]["named"]["Enqueue"].is_object(), "{}", steps[0]);
}

/// JUnit marks unexpected verdicts as failures; Mermaid prints diagrams of the traces.
#[test]
fn junit_and_mermaid_formats() {
    let o = check(&[
        "--profile",
        "reference",
        "--scope",
        "per-sender",
        "--agents",
        "1",
        "--site",
        "exec-exit",
        "--origin",
        "cron-run",
        "--main-key",
        "default",
        "--mutate",
        "drop-cron-run-remap",
        "--format",
        "junit",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let xml = stdout(&o);
    assert!(xml.starts_with("<?xml"), "{xml}");
    assert!(
        xml.contains("<failure message=\"wake-drains-enqueue-key is violated, expected holds\""),
        "{xml}"
    );
    let o = check(&[
        "--profile",
        "openclaw-2026.5.7",
        "--scope",
        "per-sender",
        "--agents",
        "1",
        "--site",
        "exec-exit",
        "--origin",
        "cron-run",
        "--main-key",
        "default",
        "--format",
        "mermaid",
        "--trace",
        "no-heartbeat-in-cron-run",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let md = stdout(&o);
    assert!(md.contains("```mermaid\nsequenceDiagram"), "{md}");
    assert!(md.contains("Site->>Queue: 1. exec-exit enqueues"), "{md}");
}

/// Bad input exits 2 with a message naming what is wrong and where.
#[test]
fn bad_input_exits_2_with_a_clear_message() {
    let o = check(&["--profile", "openclaw-2026.5.8"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown profile `openclaw-2026.5.8`"),
        "{}",
        stderr(&o)
    );

    let o = check(&["--site", "no-such-site"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown site `no-such-site`"),
        "{}",
        stderr(&o)
    );

    let o = check(&["--trace", "no-such-property"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown property `no-such-property`"),
        "{}",
        stderr(&o)
    );

    let dir = std::env::temp_dir().join(format!("hb-spec-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("sites.toml");
    std::fs::write(
        &bad,
        "[[site]]\nname = \"x\"\norigins = [\"main\", \"cron-rnu\"]\n",
    )
    .unwrap();
    let o = check(&["--sites", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("sites.toml:3:"),
        "the message names the line: {err}"
    );
    assert!(err.contains("cron-rnu"), "{err}");

    let o = check(&["--sites", dir.join("missing.toml").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot read"), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The worked example of README.md: the raw-key site strands cron-run events (exit 1, I7), the
/// fixed one passes (exit 0).
#[test]
fn worked_example_site_is_caught_and_its_fix_passes() {
    let root = env!("CARGO_MANIFEST_DIR");
    let raw = format!("{root}/examples/sites/tool-progress-raw.toml");
    let fixed = format!("{root}/examples/sites/tool-progress.toml");
    let o = check(&["--sites", &raw, "--profile", "reference"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o)
            .contains("site=tool-progress origins=cron-run: wake-drains-enqueue-key is violated")
    );
    let o = check(&["--sites", &fixed, "--profile", "reference"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

/// S1: a site that passes under `reference` can still break a release. The fixed worked example
/// holds in `reference` and 2026.9.6, and strands its DM events in 2026.5.12 (B5: the deferred
/// wake is dropped), which `check` reports as unexpected.
#[test]
fn s1_a_pass_under_reference_says_nothing_about_a_release() {
    let root = env!("CARGO_MANIFEST_DIR");
    let fixed = format!("{root}/examples/sites/tool-progress.toml");
    for profile in ["reference", "openclaw-2026.9.6"] {
        let o = check(&["--sites", &fixed, "--profile", profile]);
        assert_eq!(o.status.code(), Some(0), "{profile}: {}", stdout(&o));
    }
    let o = check(&["--sites", &fixed, "--profile", "openclaw-2026.5.12"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let out = stdout(&o);
    let unexpected: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("UNEXPECTED"))
        .collect();
    assert_eq!(unexpected.len(), 4, "{out}");
    assert!(
        unexpected.iter().all(|l| l
            .starts_with("UNEXPECTED I1 openclaw-2026.5.12 scope=per-sender")
            && l.contains("site=tool-progress origins=dm")),
        "{out}"
    );
}

/// S2: the inherited violation is recorded as an `[[expect]]` entry naming the known bug, the
/// release and the new site; with it `check` exits 0 and names the bug.
#[test]
fn s2_an_inherited_bug_is_recorded_in_the_expectations() {
    let root = env!("CARGO_MANIFEST_DIR");
    let fixed = format!("{root}/examples/sites/tool-progress.toml");
    let builtin = std::fs::read_to_string(format!("{root}/model/expected.toml")).unwrap();
    let entry = r#"
[[expect]]
id = "B5"
title = "a non-exec event's deferred wake is dropped, and no interval tick peeks its session"
why = "As B5 for the sites of upstream: the new site inherits it."
profiles = ["openclaw-2026.5.12"]
scope = "per-sender"
sites = ["tool-progress"]
origins = ["dm"]
violates = ["no-stranded-event"]
"#;
    let dir = std::env::temp_dir().join(format!("hb-s2-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let expected = dir.join("expected.toml");
    std::fs::write(&expected, format!("{builtin}{entry}")).unwrap();
    let o = check(&[
        "--sites",
        &fixed,
        "--profile",
        "openclaw-2026.5.12",
        "--expected",
        expected.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("B5"), "{}", stdout(&o));
    std::fs::remove_dir_all(&dir).ok();
}

/// D7: simulation finds the known bug, never claims `holds`, and a seed replays the same runs.
#[test]
fn simulation_refutes_but_never_proves() {
    let args = [
        "--simulate",
        "--seed",
        "7",
        "--runs",
        "500",
        "--profile",
        "openclaw-2026.5.12",
        "--scope",
        "global",
        "--agents",
        "2",
        "--site",
        "exec-exit",
        "--origin",
        "cron-run",
        "--main-key",
        "default",
    ];
    let first = check(&args);
    assert_eq!(first.status.code(), Some(0), "{}", stdout(&first));
    let out = stdout(&first);
    assert!(
        out.contains("I4 no-cross-agent-surfacing: VIOLATED [B6]"),
        "{out}"
    );
    assert!(out.contains("no violation in 500 runs"), "{out}");
    assert!(
        !out.lines().any(|l| l.trim_end().ends_with(": holds")),
        "simulation never says holds: {out}"
    );
    let again = check(&args);
    let strip = |s: String| {
        s.lines()
            .map(|l| l.split(" steps, ").next().unwrap_or(l).to_string())
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(
        strip(stdout(&again)),
        strip(out),
        "the same seed, the same runs"
    );
}

/// S3: `--site a+b` checks two sites in one model. Under 2026.9.6 an exec completion and a
/// watchdog stall from one cron run meet in one pending wake; the watchdog's kind wins (R2) and
/// the completion is stranded: F10, expected, so exit 0. The reference keeps the union of what
/// the merged wakes inspect and holds every invariant.
#[test]
fn s3_a_pair_of_sites_is_one_model_and_f10_is_expected() {
    let pair = [
        "--scope",
        "per-sender",
        "--main-key",
        "default",
        "--agents",
        "1",
        "--site",
        "exec-exit+cli-watchdog",
        "--origin",
        "cron-run",
    ];
    let o = check(&[&["--profile", "openclaw-2026.9.6"], &pair[..]].concat());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("site=exec-exit+cli-watchdog"), "{out}");
    assert!(out.contains("F10"), "{out}");
    let o = check(&[&["--profile", "reference"], &pair[..]].concat());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // No known bug or finding in the reference (the legend names VIOLATED, so look for ids).
    assert!(!stdout(&o).contains("found in"), "{}", stdout(&o));
}

/// S3: an unknown name in a `+` set is bad usage (exit 2) naming the site and the known ones;
/// a site named twice too.
#[test]
fn s3_an_unknown_site_in_a_set_is_named() {
    let o = check(&["--site", "exec-exit+no-such-site"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("unknown site `no-such-site`"), "{err}");
    assert!(err.contains("cli-watchdog"), "{err}");
    let o = check(&["--site", "exec-exit+exec-exit"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("named twice"), "{}", stderr(&o));
}
