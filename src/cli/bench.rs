//! `heartbeat-spec bench`: the scaling ladder (states, rate, depth, time, peak memory).

use std::process::ExitCode;
use std::time::Duration;

use clap::Args;
use heartbeat_spec::bench::{Ladder, Point, Reduction, markdown, run_point};
use heartbeat_spec::exit;

/// Measure how the exhaustive check grows: agents x events per origin x reduction, each point
/// in its own process. Default: `reference`, per-sender, default mainKey, the whole site table
/// (one model per site, with every origin it fires from at once), agents 1-3, events 1-2, every
/// reduction, 60 s a point.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// The profile to climb with.
    #[arg(long, default_value = "reference")]
    pub profile: String,
    /// The scope.
    #[arg(long, default_value = "per-sender")]
    pub scope: String,
    /// Agent counts (1 to 4).
    #[arg(long = "agents", value_delimiter = ',', default_values_t = vec![1u8, 2, 3], value_parser = clap::value_parser!(u8).range(1..=4))]
    pub agents: Vec<u8>,
    /// Events per origin (1 to 3).
    #[arg(long = "events", value_delimiter = ',', default_values_t = vec![1u8, 2], value_parser = clap::value_parser!(u8).range(1..=3))]
    pub events: Vec<u8>,
    /// Reductions: none, symmetry, por, all (symmetry+por).
    #[arg(
        long = "reductions",
        value_delimiter = ',',
        default_value = "none,symmetry,por,all"
    )]
    pub reductions: Vec<String>,
    /// Seconds per point; a point that runs out is reported as incomplete.
    #[arg(long, default_value_t = 60.0)]
    pub timeout: f64,
    /// Sites to climb with (default: every site of the table; one model per site, with every
    /// origin the site fires from at once).
    #[arg(long = "site", value_name = "NAME")]
    pub sites: Vec<String>,
    /// One origin instead of every origin of the sites.
    #[arg(long)]
    pub origin: Option<String>,
    /// Print the points as JSON instead of a Markdown table.
    #[arg(long)]
    pub json: bool,
}

fn reduction(name: &str) -> Result<Reduction, String> {
    match name {
        "none" => Ok(Reduction::None),
        "symmetry" => Ok(Reduction::Symmetry),
        "por" => Ok(Reduction::Por),
        "all" | "symmetry+por" => Ok(Reduction::All),
        other => Err(format!(
            "unknown reduction `{other}`; reductions are: none, symmetry, por, all"
        )),
    }
}

pub fn run(args: BenchArgs) -> ExitCode {
    let reductions: Result<Vec<Reduction>, String> =
        args.reductions.iter().map(|r| reduction(r)).collect();
    let reductions = match reductions {
        Ok(r) => r,
        Err(e) => {
            eprintln!("heartbeat-spec bench: {e}");
            return ExitCode::from(exit::USAGE);
        }
    };
    let exe = match std::env::current_exe() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("heartbeat-spec bench: cannot find this program's path: {e}");
            return ExitCode::from(exit::FAILED);
        }
    };
    let mut selection = vec![
        "--profile".to_string(),
        args.profile.clone(),
        "--scope".into(),
        args.scope.clone(),
        "--main-key".into(),
        "default".into(),
    ];
    let sites = if args.sites.is_empty() {
        heartbeat_model::SiteTable::upstream().names()
    } else {
        args.sites.clone()
    };
    for s in &sites {
        selection.push("--site".into());
        selection.push(s.clone());
    }
    match &args.origin {
        Some(o) => {
            selection.push("--origin".into());
            selection.push(o.clone());
        }
        None => selection.push("--mixed-origins".into()),
    }
    let ladder = Ladder {
        selection,
        agents: args.agents.clone(),
        events: args.events.clone(),
        reductions,
        timeout: Duration::from_secs_f64(args.timeout.max(0.1)),
    };
    let mut points: Vec<Point> = Vec::new();
    for &a in &ladder.agents {
        for &e in &ladder.events {
            for &r in &ladder.reductions {
                match run_point(&exe, &ladder, a, e, r) {
                    Ok(p) => {
                        eprintln!(
                            "agents={a} events={e} {}: {} unique states in {:.2}s{}",
                            r.name(),
                            p.unique_states,
                            p.seconds,
                            if p.complete { "" } else { " (incomplete)" }
                        );
                        points.push(p);
                    }
                    Err(err) => {
                        eprintln!(
                            "heartbeat-spec bench: agents={a} events={e} {}: {err}",
                            r.name()
                        );
                        return ExitCode::from(exit::USAGE);
                    }
                }
            }
        }
    }
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&points).unwrap_or_default()
        );
    } else {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        println!(
            "heartbeat-spec bench: profile {} scope {} sites {} origins {}, one checker thread, {cores} cores available\n",
            args.profile,
            args.scope,
            sites.join("+"),
            args.origin.as_deref().unwrap_or("all")
        );
        print!("{}", markdown(&points));
    }
    ExitCode::from(exit::OK)
}
