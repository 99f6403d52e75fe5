//! Runs every conformance vector in `tests/vectors/*.jsonl` against every profile it names,
//! through the same dispatcher `heartbeat-spec eval` uses (SPEC.md appendix A, rules EV1–EV4 and every
//! rule a vector names). A malformed vector, an unknown profile or an unknown function fails the
//! test: nothing is skipped.

use std::fs;
use std::path::{Path, PathBuf};

use heartbeat_model::Profile;
use heartbeat_spec::eval::eval_request;
use heartbeat_spec::vectors::format::{self, Expected};
use serde_json::{Value, json};

/// One vector, with where it came from.
struct Vector {
    at: String,
    rule: String,
    request: Value,
    expected: Expected,
    profiles: Vec<Profile>,
}

fn vector_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    files
}

/// Reads a vector with the library's reader of the format (the one `vectors export` uses).
fn parse_vector(at: &str, line: &str) -> Result<Vector, String> {
    let v = format::Vector::parse(line)?;
    Ok(Vector {
        at: at.to_string(),
        request: json!({ "fn": v.function, "args": v.args }),
        rule: v.rule,
        expected: v.expected,
        profiles: v.profile.list(),
    })
}

fn load_all() -> (Vec<Vector>, Vec<String>) {
    let mut vectors = Vec::new();
    let mut problems = Vec::new();
    for file in vector_files() {
        let name = file
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let text = fs::read_to_string(&file).unwrap_or_else(|e| panic!("{name}: {e}"));
        if text.trim().is_empty() {
            problems.push(format!("{name}: no vectors"));
        }
        for (i, line) in text.lines().enumerate() {
            let at = format!("{name}:{}", i + 1);
            match parse_vector(&at, line) {
                Ok(v) => vectors.push(v),
                Err(e) => problems.push(format!("{at}: malformed vector: {e}")),
            }
        }
    }
    (vectors, problems)
}

fn check(v: &Vector, profile: Profile) -> Option<String> {
    let actual = eval_request(profile, &v.request);
    let ok = match (&v.expected, &actual) {
        (Expected::Ok(want), Ok(got)) => want == got,
        (Expected::ErrPrefix(want), Err(got)) => got.starts_with(want.as_str()),
        _ => false,
    };
    (!ok).then(|| {
        let want = match &v.expected {
            Expected::Ok(w) => format!("ok {w}"),
            Expected::ErrPrefix(w) => format!("err starting {w:?}"),
        };
        let got = match actual {
            Ok(g) => format!("ok {g}"),
            Err(e) => format!("err {e:?}"),
        };
        let shown: String = v.request.to_string().chars().take(300).collect();
        format!(
            "{} rule {} profile {profile}: {shown}\n    expected {want}\n    got      {got}",
            v.at, v.rule
        )
    })
}

/// Every vector, every profile it names, through `eval`.
#[test]
fn every_vector_holds_for_every_profile_it_names() {
    let (vectors, problems) = load_all();
    assert!(
        problems.is_empty(),
        "invalid vector files:\n{}",
        problems.join("\n")
    );
    assert!(vectors.len() > 300, "only {} vectors found", vectors.len());
    let failures: Vec<String> = vectors
        .iter()
        .flat_map(|v| v.profiles.iter().filter_map(move |&p| check(v, p)))
        .collect();
    assert!(
        failures.is_empty(),
        "{} vector check(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Every profile is exercised, and no vector leaves a profile group untested.
#[test]
fn every_profile_has_vectors() {
    let (vectors, _) = load_all();
    for p in Profile::ALL {
        let n = vectors.iter().filter(|v| v.profiles.contains(&p)).count();
        assert!(n >= 150, "{p} has only {n} vectors");
    }
}

/// The loader itself rejects what it must (so a broken file cannot pass silently): appendix A's
/// vector format, an unknown field included.
#[test]
fn malformed_vectors_are_rejected() {
    let bad = [
        "",
        "{",
        r#"{"rule":"K1","fn":"parseAgentSessionKey","args":[],"expected":{"ok":null},"profile":"openclaw-2026.5.8","note":"x"}"#,
        r#"{"rule":"K1","fn":"noSuchFunction","args":[],"expected":{"ok":null},"profile":"*","note":"x"}"#,
        r#"{"rule":"K1","fn":"parseAgentSessionKey","args":[],"expected":{"ok":null,"err":"x"},"profile":"*","note":"x"}"#,
        r#"{"rule":"K1","fn":"parseAgentSessionKey","args":[],"expected":{"ok":null},"profile":[],"note":"x"}"#,
        r#"{"rule":"K1","fn":"parseAgentSessionKey","args":{},"expected":{"ok":null},"profile":"*","note":"x"}"#,
        r#"{"rule":"K1","fn":"parseAgentSessionKey","args":[],"expected":{"ok":null},"profile":"*"}"#,
        r#"{"rule":"K1","fn":"parseAgentSessionKey","args":[],"expected":{"ok":null},"profile":"*","note":"x","extra":1}"#,
        r#"{"rule":"","fn":"parseAgentSessionKey","args":[],"expected":{"ok":null},"profile":"*","note":"x"}"#,
        r#"{"rule":"K1","fn":"parseAgentSessionKey","args":[],"expected":{"ok":null},"profile":"*","note":" "}"#,
        r#"["rule"]"#,
    ];
    for line in bad {
        assert!(parse_vector("t", line).is_err(), "accepted: {line}");
    }
    let good = r#"{"rule":"K1","fn":"parseAgentSessionKey","args":["main"],"expected":{"ok":null},"profile":["reference"],"note":"x"}"#;
    let v = parse_vector("t", good).expect("a valid vector");
    assert_eq!(check(&v, Profile::Reference), None);
    // And a wrong expectation is reported with file, line, rule and profile.
    let wrong = good.replace(r#"{"ok":null}"#, r#"{"ok":1}"#);
    let report = check(
        &parse_vector("f.jsonl:7", &wrong).expect("valid"),
        Profile::Reference,
    )
    .expect("a failure");
    assert!(
        report.starts_with("f.jsonl:7 rule K1 profile reference"),
        "{report}"
    );
}
