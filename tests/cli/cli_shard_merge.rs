//! Scale-out (SPEC D6): `check --shard I/N` splits the matrix deterministically and `merge`
//! joins the shards' JSON reports into the verdict of the unsharded check.

use std::path::PathBuf;
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_heartbeat-spec"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("hb-spec-shards-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// 52 models: enough to split three ways, small enough to check four times in a test build.
const SLICE: [&str; 8] = [
    "--profile",
    "openclaw-2026.5.12",
    "--profile",
    "reference",
    "--agents",
    "1",
    "--site",
    "exec-exit",
];

#[test]
fn shards_partition_the_matrix_and_merge_to_the_whole() {
    let d = dir();
    let whole = run(&[&["check", "--json"][..], &SLICE].concat());
    assert_eq!(whole.status.code(), Some(0));
    let whole: serde_json::Value = serde_json::from_slice(&whole.stdout).unwrap();
    let mut files = Vec::new();
    let mut models = 0;
    for i in 1..=3 {
        let shard = format!("{i}/3");
        let o = run(&[&["check", "--json", "--shard", &shard][..], &SLICE].concat());
        assert_eq!(o.status.code(), Some(0));
        let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(r["shard"], shard.as_str());
        models += r["models"].as_array().unwrap().len();
        let f = d.join(format!("shard{i}.json"));
        std::fs::write(&f, &o.stdout).unwrap();
        files.push(f);
    }
    assert_eq!(
        models,
        whole["models"].as_array().unwrap().len(),
        "shards partition the models"
    );
    let paths: Vec<&str> = files.iter().map(|f| f.to_str().unwrap()).collect();
    let merged = run(&[&["merge", "--json"][..], &paths].concat());
    assert_eq!(
        merged.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&merged.stderr)
    );
    let merged: serde_json::Value = serde_json::from_slice(&merged.stdout).unwrap();
    assert_eq!(
        merged["totals"]["unique_states"],
        whole["totals"]["unique_states"]
    );
    assert_eq!(
        merged["invariants"].as_array().unwrap().len(),
        whole["invariants"].as_array().unwrap().len()
    );

    // A missing shard leaves models unchecked: incomplete, exit 3.
    let partial = run(&["merge", paths[0], paths[1]]);
    assert_eq!(partial.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&partial.stdout).contains("missing shards: 3"));
    // The same shard twice is an error, exit 2.
    let twice = run(&["merge", paths[0], paths[0]]);
    assert_eq!(twice.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&twice.stderr).contains("given twice"));
    // Not a report: exit 2 with the place.
    let bad = d.join("bad.json");
    std::fs::write(&bad, "{\"tool\": 1}").unwrap();
    let o = run(&["merge", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a `check --json` report"));
    let o = run(&["check", "--shard", "4/3"]);
    assert_eq!(o.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&d);
}
