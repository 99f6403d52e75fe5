//! `heartbeat-spec sites [--sites FILE] [--format text|json]`: the enqueue-site table.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use heartbeat_model::site::{KeyPolicy, SiteTable, WakePolicy};
use heartbeat_spec::exit;

/// How to print the table.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// List the enqueue sites: where each fires from, what it enqueues, which key it uses and which
/// wake it requests. With --sites, validate and list a proposed table.
#[derive(Debug, Args)]
pub struct SitesArgs {
    /// A site table to validate and list instead of the built-in upstream one.
    #[arg(long = "sites", value_name = "FILE")]
    pub sites_file: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

pub fn run(args: SitesArgs) -> ExitCode {
    let table = match &args.sites_file {
        None => SiteTable::upstream(),
        Some(path) => {
            let parsed = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))
                .and_then(|src| {
                    SiteTable::parse(&src, &path.display().to_string()).map_err(|e| e.to_string())
                });
            match parsed {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("heartbeat-spec sites: {e}");
                    return ExitCode::from(exit::USAGE);
                }
            }
        }
    };
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&table) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("heartbeat-spec sites: cannot write JSON: {e}");
                return ExitCode::from(exit::FAILED);
            }
        },
        Format::Text => print!("{}", render(&table)),
    }
    ExitCode::from(exit::OK)
}

fn render(table: &SiteTable) -> String {
    let mut out = String::new();
    for s in &table.sites {
        let origins: Vec<&str> = s.origins.iter().map(|o| o.name()).collect();
        let key = match s.key {
            KeyPolicy::EventRoute => {
                "event-route (the profile's resolveEventSessionKey, then its queue key)"
            }
            KeyPolicy::Raw => "raw (the origin's own key, then the profile's queue key)",
            KeyPolicy::AgentMain => "agent-main (the cron service's main session of the agent)",
        };
        let w = &s.wake;
        let wake = match w.policy {
            WakePolicy::None => "none".to_string(),
            policy => format!(
                "{} source={} intent={} reason={} coalesce={} kind={}",
                match policy {
                    WakePolicy::Scoped => "scoped",
                    WakePolicy::AgentMain => "agent-main",
                    _ => "session-key",
                },
                w.source,
                w.intent,
                w.reason,
                w.coalesce_ms
                    .map_or("250ms (default)".to_string(), |ms| format!("{ms}ms")),
                w.kind().name()
            ),
        };
        out.push_str(&format!(
            "{}\n  {}\n  upstream: {}\n  origins:  {}\n",
            s.name,
            s.summary,
            s.upstream,
            origins.join(", ")
        ));
        for e in &s.events {
            out.push_str(&format!("  event:    {} {:?}\n", e.class.name(), e.text));
        }
        out.push_str(&format!("  key:      {key}\n  wake:     {wake}\n"));
        for skip in &w.skip {
            let profiles: Vec<&str> = skip.profiles.iter().map(|p| p.name()).collect();
            out.push_str(&format!(
                "  no wake:  from {} in {}\n",
                skip.origin.name(),
                profiles.join(", ")
            ));
        }
        out.push('\n');
    }
    out
}
