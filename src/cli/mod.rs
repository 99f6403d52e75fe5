//! Command-line parsing and dispatch. Each subcommand lives in its own file; nothing outside
//! this module knows about the command line.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use heartbeat_spec::exit;

mod bench;
mod check;
mod eval;
mod explore;
mod merge;
mod sites;
mod table;
mod vectors;

/// Model-checked specification of asynchronous system-event routing in agent gateways.
#[derive(Debug, Parser)]
#[command(name = "heartbeat-spec", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the profiles (routing generations) this tool knows.
    Profiles,
    /// Model-check every profile and configuration against the expected verdicts (the CI verifier).
    Check(Box<check::CheckArgs>),
    /// Measure how the check grows: agents x events per origin x reductions (the scaling ladder).
    Bench(bench::BenchArgs),
    /// Evaluate routing functions of a profile over JSON lines (stdin to stdout).
    Eval(eval::EvalArgs),
    /// Merge the --json reports of a sharded check into one.
    Merge(merge::MergeArgs),
    /// List the enqueue sites (or validate a proposed site table).
    Sites(sites::SitesArgs),
    /// Print the routing table (origin → enqueue queue → wake → peeked queue → verdict).
    Table(table::TableArgs),
    /// Serve stateright's Explorer for one model (states drawn as queue tables).
    Explore(Box<explore::ExploreArgs>),
    /// Export conformance vectors for other implementations, or run a vectors file.
    Vectors(vectors::VectorsArgs),
}

pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Profiles => {
            for p in heartbeat_model::Profile::ALL {
                println!("{:<30} {}", p.name(), p.summary());
            }
            ExitCode::from(exit::OK)
        }
        Command::Check(args) => check::run(*args),
        Command::Bench(args) => bench::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Table(args) => table::run(args),
        Command::Sites(args) => sites::run(args),
        Command::Merge(args) => merge::run(args),
        Command::Explore(args) => explore::run(*args),
        Command::Vectors(args) => vectors::run_command(args),
    }
}
