//! `heartbeat-spec eval --profile P`: JSON lines in, JSON lines out (SPEC.md appendix A).

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use clap::Args;
use heartbeat_model::Profile;
use heartbeat_spec::eval::generate::generate_calls;
use heartbeat_spec::eval::{StreamEnd, eval_stream};
use heartbeat_spec::exit;

/// Evaluate routing functions of one profile: read `{"fn": NAME, "args": [...]}` lines on
/// stdin, write one `{"ok": VALUE}` or `{"err": MESSAGE}` line per input line.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The profile whose functions are evaluated (see `heartbeat-spec profiles`).
    #[arg(long, value_parser = parse_profile, required_unless_present = "generate")]
    pub profile: Option<Profile>,
    /// Instead of evaluating, write N generated request lines (SPEC EV3: real key shapes,
    /// `undefined`, `null`, blank and odd keys, random options) for the differential run
    /// against the published builds (`conformance/openclaw/diff-generated.sh`), and exit.
    #[arg(long, value_name = "N", conflicts_with = "profile")]
    pub generate: Option<usize>,
    /// The seed of `--generate` (default 1): the same N and seed give the same bytes everywhere.
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
}

/// Parse a profile name; the error lists the valid names.
pub fn parse_profile(s: &str) -> Result<Profile, String> {
    s.parse::<Profile>().map_err(|e| e.to_string())
}

pub fn run(args: EvalArgs) -> ExitCode {
    if args.seed.is_some() && args.generate.is_none() {
        eprintln!("heartbeat-spec eval: --seed is the seed of --generate; give --generate N too");
        return ExitCode::from(exit::USAGE);
    }
    let mut out = BufWriter::new(io::stdout().lock());
    if let Some(n) = args.generate {
        for call in generate_calls(n, args.seed.unwrap_or(1)) {
            if writeln!(out, "{call}").is_err() {
                return ExitCode::from(exit::OK); // the reader went away
            }
        }
        return match out.flush() {
            Ok(()) | Err(_) => ExitCode::from(exit::OK),
        };
    }
    let Some(profile) = args.profile else {
        eprintln!("heartbeat-spec eval: --profile is required");
        return ExitCode::from(exit::USAGE);
    };
    let stdin = io::stdin().lock();
    match eval_stream(profile, stdin, &mut out) {
        StreamEnd::Eof | StreamEnd::WriterGone => ExitCode::from(exit::OK),
        StreamEnd::ReadError(e) => {
            eprintln!("heartbeat-spec eval: reading stdin: {e}");
            ExitCode::from(exit::USAGE)
        }
    }
}
