//! `heartbeat-spec vectors export|run`: conformance vectors for other implementations
//! (SPEC appendix A.1).

use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};
use heartbeat_model::Profile;
use heartbeat_spec::exit;
use heartbeat_spec::vectors::{ExportError, ExportOptions, Only, export, run};

use super::eval::parse_profile;

/// Write or check conformance vectors: pure-function calls and stateful scenarios.
#[derive(Debug, Args)]
pub struct VectorsArgs {
    #[command(subcommand)]
    pub command: VectorsCommand,
}

#[derive(Debug, Subcommand)]
pub enum VectorsCommand {
    /// Write one profile's vectors as JSON lines (checked against our own implementation first).
    Export(ExportArgs),
    /// Check our own implementation against a vectors file and print a summary.
    Run(RunArgs),
}

/// Which kinds of line to export.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum OnlyArg {
    Calls,
    Scenarios,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The profile whose vectors are written (see `heartbeat-spec profiles`).
    #[arg(long, value_parser = parse_profile)]
    pub profile: Profile,
    /// Write to this file instead of stdout (only once the whole export has been checked).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Derive scenarios from configurations with at most this many agents (1 or 2; 2 takes
    /// longer and adds the cross-agent bugs).
    #[arg(long, default_value_t = 1)]
    pub agents: u8,
    /// Only calls or only scenarios.
    #[arg(long, value_enum)]
    pub only: Option<OnlyArg>,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The vectors file (`-` for stdin).
    pub file: PathBuf,
    /// The profile to check: lines of other profiles are skipped.
    #[arg(long, value_parser = parse_profile)]
    pub profile: Profile,
    /// Print the summary as one JSON object.
    #[arg(long)]
    pub json: bool,
}

pub fn run_command(args: VectorsArgs) -> ExitCode {
    match args.command {
        VectorsCommand::Export(a) => export_command(a),
        VectorsCommand::Run(a) => run_file(a),
    }
}

fn export_command(args: ExportArgs) -> ExitCode {
    let options = ExportOptions {
        profile: args.profile,
        max_agents: args.agents,
        only: args.only.map(|o| match o {
            OnlyArg::Calls => Only::Calls,
            OnlyArg::Scenarios => Only::Scenarios,
        }),
    };
    let exported = match export(&options) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("heartbeat-spec vectors export: {e}");
            // A bad bound is bad usage; anything else is a check of ours that failed.
            return ExitCode::from(match e {
                ExportError::Bound(_) => exit::USAGE,
                _ => exit::FAILED,
            });
        }
    };
    let text = exported.to_jsonl();
    let written = match &args.output {
        Some(path) => {
            std::fs::write(path, &text).map_err(|e| format!("cannot write {}: {e}", path.display()))
        }
        None => io::stdout()
            .lock()
            .write_all(text.as_bytes())
            .map_err(|e| format!("writing stdout: {e}")),
    };
    if let Err(e) = written {
        eprintln!("heartbeat-spec vectors export: {e}");
        return ExitCode::from(exit::USAGE);
    }
    eprintln!(
        "exported {} calls and {} scenarios ({} steps) for {}",
        exported.calls.len(),
        exported.scenarios.len(),
        exported.steps(),
        args.profile
    );
    ExitCode::from(exit::OK)
}

fn run_file(args: RunArgs) -> ExitCode {
    let input = if args.file.as_os_str() == "-" {
        let mut buf = Vec::new();
        io::stdin()
            .lock()
            .read_to_end(&mut buf)
            .map(|_| buf)
            .map_err(|e| format!("reading stdin: {e}"))
    } else {
        std::fs::read(&args.file).map_err(|e| format!("cannot read {}: {e}", args.file.display()))
    };
    let input = match input {
        Ok(i) => i,
        Err(e) => {
            eprintln!("heartbeat-spec vectors run: {e}");
            return ExitCode::from(exit::USAGE);
        }
    };
    let report = match run(&input, args.profile) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("heartbeat-spec vectors run: {}: {e}", args.file.display());
            return ExitCode::from(exit::USAGE);
        }
    };
    if args.json {
        println!("{}", report.to_json());
    } else {
        print!("{}", report.render_text());
    }
    ExitCode::from(if report.passed() {
        exit::OK
    } else {
        exit::FAILED
    })
}
