//! `heartbeat-spec sites scan` and the table checks on the command line (SPEC §7.1, SC5–SC9), over the scanner's own fixtures (`scan/tests/fixtures`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_heartbeat-spec"))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scan/tests/fixtures")
        .join(name)
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run heartbeat-spec")
}

fn table(name: &str, body: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli_sites_scan");
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, body).unwrap();
    p
}

/// `sites scan` of the fixture package against `table`, with `extra` arguments.
fn scan_package(table: &Path, extra: &[&str]) -> Output {
    let package = fixture("package");
    let mut args = vec!["sites", "scan", package.to_str().unwrap(), "--against"];
    args.push(table.to_str().unwrap());
    args.extend_from_slice(extra);
    run(&args)
}

const RELAY_SITE: &str = r#"[[site]]
name = "relay"
upstream = "fixture relay"
summary = "a fixture relay"
origins = ["main"]
events = [{ class = "other", text = "progress: step 2" }]
key = "event-route"
calls = [{ file = "src/agents/relay.ts", function = "emit" }]
wake = { policy = "scoped", source = "acp-spawn", intent = "event", reason = "acp:spawn:stream" }
"#;

const EXCLUSIONS: &str = r#"
[[excluded]]
file = "src/tasks/notices.ts"
function = "queueNotice"
reason = "fixture: drained by the user's next turn in the same session"

[[excluded]]
file = "plain"
function = "noRegion"
reason = "fixture: no heartbeat involved"
"#;

/// SC5, SC6: a table that models or excludes every call of the package exits 0.
#[test]
fn sc6_covered_package_exits_0() {
    let t = table("covered.toml", &format!("{RELAY_SITE}{EXCLUSIONS}"));
    let out = scan_package(&t, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("3 calls (1 modelled, 2 excluded, 0 uncovered"),
        "{stdout}"
    );
}

/// SC6, SC7, SC8: uncovered calls, a mismatched declaration and a stale entry exit 1.
#[test]
fn sc6_sc7_sc8_uncovered_mismatch_stale_exit_1() {
    let body = RELAY_SITE.replace("key = \"event-route\"", "key = \"raw\"")
        + "\n[[excluded]]\nfile = \"src/gone.ts\"\nfunction = \"gone\"\nreason = \"fixture\"\n";
    let t = table("mismatch.toml", &body);
    let out = scan_package(&t, &["--json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["uncovered"], 2);
    assert_eq!(v["mismatched"], 1);
    assert_eq!(v["stale"][0]["file"], "src/gone.ts");
    assert_eq!(v["release"], "2026.5.12");
}

/// SC7, SC8: the SARIF log has the fields GitHub code scanning requires.
#[test]
fn sc7_sarif_has_required_fields() {
    let t = table("sarif.toml", RELAY_SITE);
    let out = scan_package(&t, &["--format", "sarif"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    assert!(v["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "heartbeat-spec");
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 2, "{results:?}");
    for r in results {
        assert_eq!(r["ruleId"], "SC6");
        assert_eq!(r["level"], "error");
        assert!(
            r["message"]["text"]
                .as_str()
                .unwrap()
                .contains("neither a modelled site nor excluded")
        );
        let pl = &r["locations"][0]["physicalLocation"];
        assert!(
            pl["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .starts_with("dist/")
        );
        assert!(pl["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(pl["region"]["startColumn"].as_u64().unwrap() >= 1);
        assert!(r["partialFingerprints"]["heartbeatSite/v1"].is_string());
    }
}

/// SC6: bad input exits 2 with a message naming what and where.
#[test]
fn sc6_bad_input_exits_2() {
    let out = run(&["sites", "scan", fixture("missing").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
    let out = run(&["sites", "scan", fixture("neither").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("neither an OpenClaw source checkout"));
    let out = run(&["sites", "scan", fixture("broken").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("src/bad.ts:4:"), "{err}");
    assert!(err.contains("does not parse"), "{err}");
}

/// SC9: a table declaring an exec completion text as `other` is refused by `sites --sites`,
/// `sites scan --against` and `check --sites`.
#[test]
fn sc9_declared_class_must_match_the_classifier() {
    let body = RELAY_SITE.replace(
        "{ class = \"other\", text = \"progress: step 2\" }",
        "{ class = \"other\", text = \"Exec failed (a1b2c3d4, code 1)\" }",
    );
    let t = table("misclassified.toml", &body);
    let t = t.to_str().unwrap();
    for args in [
        vec!["sites", "--sites", t],
        vec![
            "sites",
            "scan",
            fixture("package").to_str().unwrap(),
            "--against",
            t,
        ],
        vec!["check", "--sites", t],
    ] {
        let out = run(&args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("site `relay` declares event") && err.contains("says `exec-completion`"),
            "{err}"
        );
    }
    // The built-in table agrees with the classifier.
    assert_eq!(run(&["sites"]).status.code(), Some(0));
}

/// SC7: a site's `skip` that takes the wake from every origin in the scanned release means the
/// code must request none (here it requests one: a mismatch); a call with `via` passes its
/// request to a dependency the scan does not follow, so its key and wake cannot be confirmed
/// (reported, not a failure).
#[test]
fn sc7_skip_and_via_are_honoured() {
    let scan = |name: &str, body: &str| {
        let t = table(name, &format!("{body}{EXCLUSIONS}"));
        let out = scan_package(&t, &["--json"]);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (out.status.code(), v)
    };
    let skipped = RELAY_SITE.replace(
        "reason = \"acp:spawn:stream\" }",
        "reason = \"acp:spawn:stream\", skip = [{ origin = \"main\", profiles = [\"openclaw-2026.5.12\"] }] }",
    );
    let (code, v) = scan("skip.toml", &skipped);
    assert_eq!(code, Some(1), "{v}");
    assert_eq!(v["mismatched"], 1);
    let via = RELAY_SITE
        .replace("key = \"event-route\"", "key = \"raw\"")
        .replace(
            "function = \"emit\" }",
            "function = \"emit\", via = \"src/agents/relay-deps.ts makeRelay\" }",
        );
    let (code, v) = scan("via.toml", &via);
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(v["mismatched"], 0);
    assert_eq!(v["unconfirmed"], 1);
    assert!(
        v.to_string()
            .contains("makeRelay, which the scan does not follow"),
        "{v}"
    );
}
