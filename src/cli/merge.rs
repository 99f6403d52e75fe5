//! `heartbeat-spec merge REPORT...`: joins the JSON reports of a sharded check.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use heartbeat_spec::exit;
use heartbeat_spec::report::json::JsonReport;
use heartbeat_spec::report::merge::merge;

/// Merge the --json reports of `check --shard I/N` runs into one report and verdict.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The reports (one per shard).
    #[arg(required = true, value_name = "REPORT")]
    pub reports: Vec<PathBuf>,
    /// Print the merged JSON report instead of a summary.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: MergeArgs) -> ExitCode {
    let mut reports = Vec::new();
    for path in &args.reports {
        let name = path.display().to_string();
        let parsed = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {name}: {e}"))
            .and_then(|src| {
                serde_json::from_str::<JsonReport>(&src).map_err(|e| {
                    format!(
                        "{name}:{}:{}: not a `check --json` report: {e}",
                        e.line(),
                        e.column()
                    )
                })
            });
        match parsed {
            Ok(r) => reports.push((name, r)),
            Err(e) => {
                eprintln!("heartbeat-spec merge: {e}");
                return ExitCode::from(exit::USAGE);
            }
        }
    }
    let merged = match merge(reports) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("heartbeat-spec merge: {e}");
            return ExitCode::from(exit::USAGE);
        }
    };
    let r = &merged.report;
    if args.json {
        match serde_json::to_string_pretty(r) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("heartbeat-spec merge: cannot write JSON: {e}");
                return ExitCode::from(exit::FAILED);
            }
        }
    } else {
        for inv in r
            .invariants
            .iter()
            .filter(|x| x.verdict != x.expected && x.verdict.name() != "incomplete")
        {
            println!(
                "UNEXPECTED {} {} {}: {} is {}, expected {}",
                inv.id,
                inv.profile,
                inv.config.config,
                inv.invariant,
                inv.verdict.name(),
                inv.expected.name()
            );
            if let Some(ce) = &inv.counterexample {
                for s in &ce.steps {
                    println!("  {:>2}. {}", s.step, s.action);
                }
            }
        }
        if !merged.missing_shards.is_empty() {
            let missing: Vec<String> = merged
                .missing_shards
                .iter()
                .map(|i| i.to_string())
                .collect();
            println!(
                "missing shards: {} (their models were not checked)",
                missing.join(", ")
            );
        }
        let t = &r.totals;
        println!(
            "{} reports, {} models, {} unique states, max depth {}, slowest shard {:.2}s, {} unexpected, {} incomplete",
            args.reports.len(),
            t.models,
            t.unique_states,
            t.max_depth,
            t.seconds,
            t.unexpected,
            t.incomplete
        );
    }
    ExitCode::from(r.exit_code)
}
