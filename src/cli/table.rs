//! `heartbeat-spec table [--profile P] [--format text|json]`: the routing table.

use std::process::ExitCode;

use clap::{Args, ValueEnum};
use heartbeat_model::Profile;
use heartbeat_spec::exit;
use heartbeat_spec::table::{render_json, render_text, routing_table};

use super::eval::parse_profile;

/// How to print the table.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// Aligned text, one block per profile.
    Text,
    /// One JSON array of row objects.
    Json,
}

/// Print where an exec completion from each origin is enqueued, which wake it requests, which
/// queue the heartbeat peeks, and whether it is surfaced.
#[derive(Debug, Args)]
pub struct TableArgs {
    /// Only this profile (default: every profile).
    #[arg(long, value_parser = parse_profile)]
    pub profile: Option<Profile>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

pub fn run(args: TableArgs) -> ExitCode {
    let profiles: Vec<Profile> = args.profile.map_or(Profile::ALL.to_vec(), |p| vec![p]);
    let rows = routing_table(&profiles);
    match args.format {
        Format::Text => print!("{}", render_text(&rows)),
        Format::Json => println!("{:#}", render_json(&rows)),
    }
    ExitCode::from(exit::OK)
}
