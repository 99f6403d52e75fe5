//! The scaling ladder behind `heartbeat-spec bench`: one exhaustive check per (agents, events
//! per origin, reduction), each in its own process so that its peak memory is its own, with the
//! states, rate, depth, time and memory it took.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// A reduction setting of the ladder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reduction {
    /// Breadth-first search, every interleaving, every agent named.
    None,
    /// Symmetry over interchangeable agents (depth-first).
    Symmetry,
    /// Partial-order reduction where agents are independent (depth-first, no symmetry).
    Por,
    /// Both.
    All,
}

impl Reduction {
    pub const ALL: [Reduction; 4] = [
        Reduction::None,
        Reduction::Symmetry,
        Reduction::Por,
        Reduction::All,
    ];

    pub const fn name(self) -> &'static str {
        match self {
            Reduction::None => "none",
            Reduction::Symmetry => "symmetry",
            Reduction::Por => "por",
            Reduction::All => "symmetry+por",
        }
    }

    /// The `check` flags for this setting.
    fn flags(self) -> &'static [&'static str] {
        match self {
            Reduction::None => &["--search", "bfs", "--no-por"],
            Reduction::Symmetry => &["--search", "dfs", "--no-por"],
            Reduction::Por => &["--search", "dfs", "--no-symmetry"],
            Reduction::All => &["--search", "dfs"],
        }
    }
}

/// One point of the ladder.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Point {
    pub agents: u8,
    pub events_per_origin: u8,
    pub reduction: Reduction,
    pub states: u64,
    pub unique_states: u64,
    pub max_depth: u64,
    pub seconds: f64,
    pub states_per_second: f64,
    pub peak_memory_mib: u64,
    /// Did the search finish within the time given?
    pub complete: bool,
    /// The verdict line of the check (every verdict as expected, or why not).
    pub exit_code: i32,
}

/// What to climb.
#[derive(Debug, Clone)]
pub struct Ladder {
    /// `check` flags choosing profile, scope, sites and origins (everything but agents, events
    /// and the reduction).
    pub selection: Vec<String>,
    pub agents: Vec<u8>,
    pub events: Vec<u8>,
    pub reductions: Vec<Reduction>,
    pub timeout: Duration,
}

/// Runs one point through `exe check --json`.
pub fn run_point(
    exe: &Path,
    ladder: &Ladder,
    agents: u8,
    events: u8,
    reduction: Reduction,
) -> Result<Point, String> {
    let mut cmd = Command::new(exe);
    cmd.arg("check")
        .args(&ladder.selection)
        .args(["--agents", &agents.to_string()])
        .args(["--events-per-origin", &events.to_string()])
        .args(reduction.flags())
        .args(["--threads", "1", "--json"])
        .args(["--timeout", &format!("{}", ladder.timeout.as_secs_f64())]);
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
    let code = out.status.code().unwrap_or(-1);
    if code == 2 {
        return Err(format!(
            "check refused the selection: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| format!("check did not print a JSON report ({e})"))?;
    let t = &report["totals"];
    let n = |v: &serde_json::Value| v.as_u64().unwrap_or(0);
    let seconds = t["seconds"].as_f64().unwrap_or(0.0);
    let states = n(&t["states"]);
    let complete = report["models"]
        .as_array()
        .is_some_and(|ms| ms.iter().all(|m| m["stats"]["complete"] == true));
    Ok(Point {
        agents,
        events_per_origin: events,
        reduction,
        states,
        unique_states: n(&t["unique_states"]),
        max_depth: n(&t["max_depth"]),
        seconds,
        states_per_second: if seconds > 0.0 {
            states as f64 / seconds
        } else {
            0.0
        },
        peak_memory_mib: n(&t["peak_memory_bytes"]) >> 20,
        complete,
        exit_code: code,
    })
}

/// A Markdown table of points.
pub fn markdown(points: &[Point]) -> String {
    let mut out = String::from(
        "| agents | events/origin | reduction | unique states | states generated | states/s | depth | seconds | peak MiB | result |\n\
         |---:|---:|---|---:|---:|---:|---:|---:|---:|---|\n",
    );
    for p in points {
        let result = match (p.complete, p.exit_code) {
            (false, _) => "incomplete (timeout)",
            (true, 0) => "as expected",
            (true, 1) => "verdicts differ",
            _ => "error",
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {:.0} | {} | {:.2} | {} | {} |\n",
            p.agents,
            p.events_per_origin,
            p.reduction.name(),
            p.unique_states,
            p.states,
            p.states_per_second,
            p.max_depth,
            p.seconds,
            p.peak_memory_mib,
            result
        ));
    }
    out
}
