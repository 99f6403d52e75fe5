//! `heartbeat-spec eval --profile P`: JSON lines in, JSON lines out (SPEC.md appendix A).

use std::io::{self, BufWriter};
use std::process::ExitCode;

use clap::Args;
use heartbeat_model::Profile;
use heartbeat_spec::eval::{StreamEnd, eval_stream};
use heartbeat_spec::exit;

/// Evaluate routing functions of one profile: read `{"fn": NAME, "args": [...]}` lines on
/// stdin, write one `{"ok": VALUE}` or `{"err": MESSAGE}` line per input line.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The profile whose functions are evaluated (see `heartbeat-spec profiles`).
    #[arg(long, value_parser = parse_profile)]
    pub profile: Profile,
}

/// Parse a profile name; the error lists the valid names.
pub fn parse_profile(s: &str) -> Result<Profile, String> {
    s.parse::<Profile>().map_err(|e| e.to_string())
}

pub fn run(args: EvalArgs) -> ExitCode {
    let stdin = io::stdin().lock();
    let mut out = BufWriter::new(io::stdout().lock());
    match eval_stream(args.profile, stdin, &mut out) {
        StreamEnd::Eof | StreamEnd::WriterGone => ExitCode::from(exit::OK),
        StreamEnd::ReadError(e) => {
            eprintln!("heartbeat-spec eval: reading stdin: {e}");
            ExitCode::from(exit::USAGE)
        }
    }
}
