//! The model's scenarios on the real builds (SPEC §11.4): the exported scenarios of 2026.5.12
//! played by `conformance/openclaw/run.mjs --scenarios` on the published build's own queue,
//! wake scheduler and heartbeat runner.
//!
//! The builds are installed by `conformance/openclaw/run.sh` (`.ci/run` runs it before the
//! tests). Without them (or without Node.js) this test says so and passes on a developer's
//! machine; under CI (`CI` set) a missing build is a failure, so the check cannot silently
//! vanish there.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The installed release, or `None` (with a note) where neither it nor CI is there.
fn installed(release: &str) -> Option<PathBuf> {
    let dir = root()
        .join("conformance/openclaw/.cache/releases")
        .join(release);
    if Command::new("node").arg("--version").output().is_err() {
        eprintln!("skipped: Node.js is not available (as .ci/run skips the conformance step)");
        return None;
    }
    if dir.join(".installed").is_file() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must install openclaw {release} (conformance/openclaw/run.sh) before the tests"
    );
    eprintln!("skipped: openclaw {release} is not installed (run conformance/openclaw/run.sh)");
    None
}

/// Exports `profile`'s scenarios and plays them on `release`; the runner's `--json` report.
fn play(profile: &str, release: &str) -> Value {
    let dir = std::env::temp_dir().join(format!("hs-upstream-driver-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{profile}.jsonl"));
    let export = Command::new(env!("CARGO_BIN_EXE_heartbeat-spec"))
        .args([
            "vectors",
            "export",
            "--profile",
            profile,
            "--only",
            "scenarios",
        ])
        .arg("--output")
        .arg(&file)
        .output()
        .unwrap();
    assert!(export.status.success(), "{export:?}");
    let out = Command::new("node")
        .arg(root().join("conformance/openclaw/run.mjs"))
        .args(["--release", release, "--scenarios"])
        .arg(&file)
        .arg("--allow-list")
        .arg(root().join("conformance/openclaw/divergences.txt"))
        .arg("--json")
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).ok();
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(report["exitCode"], 0, "{}", report["divergences"]);
    report
}

/// UD1, UD2, UD3, and B5 on the real build: every runnable 2026.5.12 scenario agrees step by
/// step (queues, pending wakes, what each run surfaced and consumed, read from the real
/// prompts), the deferred-exec-wake scenarios of B5 among them.
#[test]
fn ud2_b5_scenarios_agree_on_the_real_build() {
    if installed("2026.5.12").is_none() {
        return;
    }
    let report = play("openclaw-2026.5.12", "2026.5.12");
    let r = &report["releases"]["2026.5.12"];
    let run = r["run"].as_u64().unwrap();
    assert!(run >= 300, "only {run} scenarios ran: {r}");
    assert_eq!(r["agreed"], r["run"], "{}", report["divergences"]);
    assert_eq!(r["diverged"], 0);
    let not_run: Vec<&str> = report["notRunnable"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["id"].as_str())
        .collect();
    for b5 in [
        "exec-exit/main/per-sender/default/1-agent/wake-deferred",
        "node-exec-event/main/per-sender/default/1-agent/wake-deferred",
    ] {
        assert!(!not_run.contains(&b5), "{b5} did not run on the real build");
    }
}

/// UD4, DV5, DV6: a scenario that cannot be realised on the real modules is counted as not runnable and
/// says which step and why; 2026.9.6's session-event wake runtime cannot be driven at all.
#[test]
fn ud4_not_runnable_scenarios_name_the_step_and_the_piece() {
    if installed("2026.9.6").is_none() || installed("2026.5.12").is_none() {
        return;
    }
    let report = play("openclaw-2026.9.6", "2026.9.6");
    let r = &report["releases"]["2026.9.6"];
    assert_eq!(r["run"], 0);
    assert!(r["notRun"].as_u64().unwrap() > 0);
    for n in report["notRunnable"].as_array().unwrap() {
        let reason = n["reason"].as_str().unwrap();
        assert!(reason.contains("session-event wake runtime"), "{reason}");
    }
    let report = play("openclaw-2026.5.12", "2026.5.12");
    let reasons: Vec<&str> = report["notRunnable"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["reason"].as_str().unwrap())
        .collect();
    for reason in &reasons {
        assert!(reason.starts_with("step "), "no step named: {reason}");
    }
    // DV5: the model's interval run beside a pending event wake; DV6: the model's fan-out.
    let count = |what: &str| reasons.iter().filter(|r| r.contains(what)).count();
    assert!(count("cannot start alone") > 0, "no DV5 scenario");
    assert!(count("fans it out") > 0, "no DV6 scenario");
}
