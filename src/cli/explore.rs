//! `heartbeat-spec explore`: serves stateright's Explorer for one model on a loopback address,
//! prints its URL (and, with `--trace`, links to counterexamples), and stops on Ctrl-C. Exits
//! 0 when stopped by Ctrl-C, 1 if the server cannot start or stops, 2 on bad usage (including
//! flags that select more or fewer than one model).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Duration;

use clap::Args;
use heartbeat_model::config::{Bounds, Faults, Heartbeats, MainKey, Scope};
use heartbeat_model::mutation::Mutation;
use heartbeat_model::origin::OriginKind;
use heartbeat_model::properties::{PropertyKind, PropertySpec, specs};
use heartbeat_model::site::SiteTable;
use heartbeat_model::verify::search::shortest_path;
use heartbeat_model::{Profile, RoutingModel};
use heartbeat_spec::exit;
use heartbeat_spec::explore::link::{DEFAULT_PORT, LinkOptions, link_to_path};
use heartbeat_spec::explore::select::Selection;
use heartbeat_spec::explore::server;

use super::eval::parse_profile;

/// States the shortest-trace search for `--trace` may visit.
const TRACE_STATE_LIMIT: usize = 5_000_000;

/// Serve stateright's Explorer for one model: step through its states in a browser.
///
/// Select exactly one model with `check`'s flags: one --profile, --scope, --main-key and
/// --agents, and its --site(s) (several --site or --origin flags make one model with them all).
/// Each state is drawn as tables: the queues and the events they hold, every event's status
/// and whom it was surfaced to, pending wakes, heartbeat runs and heartbeat guards.
#[derive(Debug, Args)]
pub struct ExploreArgs {
    /// The profile.
    #[arg(long = "profile", value_name = "PROFILE", value_parser = parse_profile)]
    pub profiles: Vec<Profile>,
    /// The scope: per-sender, global.
    #[arg(long = "scope", value_name = "SCOPE", value_parser = |s: &str| s.parse::<Scope>())]
    pub scopes: Vec<Scope>,
    /// The mainKey choice: default (`main`), custom (`work`).
    #[arg(long = "main-key", value_name = "CHOICE", value_parser = |s: &str| s.parse::<MainKey>())]
    pub main_keys: Vec<MainKey>,
    /// The number of agents (1 to 4).
    #[arg(long = "agents", value_name = "N", value_parser = clap::value_parser!(u8).range(1..=4))]
    pub agents: Vec<u8>,
    /// The sites that fire (names from the site table); one or more.
    #[arg(long = "site", value_name = "NAME")]
    pub sites: Vec<String>,
    /// The origins the sites fire from (default: every origin of the sites).
    #[arg(long = "origin", value_name = "ORIGIN", value_parser = |s: &str| s.parse::<OriginKind>())]
    pub origins: Vec<OriginKind>,
    /// Which agents run a heartbeat: all, default-only, none (default: all).
    #[arg(long = "heartbeats", value_name = "SETTING", value_parser = |s: &str| s.parse::<Heartbeats>())]
    pub heartbeats: Vec<Heartbeats>,
    /// Read the sites from this site table instead of the built-in upstream one.
    #[arg(long = "sites", value_name = "FILE")]
    pub sites_file: Option<PathBuf>,
    /// Events each origin may enqueue.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=4))]
    pub events_per_origin: u8,
    /// Origins each agent may enqueue from (when several origins can fire).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=3))]
    pub origins_per_agent: u8,
    /// Interval ticks per agent.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=3))]
    pub ticks: u8,
    /// Leave user turns out of the model.
    #[arg(long)]
    pub no_user_turns: bool,
    /// Fault: gateway restarts allowed per path (queues are in memory).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub restarts: u8,
    /// Fault: wake handler throws allowed per path (the wake is re-queued).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub handler_throws: u8,
    /// Fault: heartbeat runs that may fail between peek and consume, per path.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub run_failures: u8,
    /// Fault: the cron reaper may delete cron-run sessions while their events are queued.
    #[arg(long)]
    pub reaper: bool,
    /// Fault: the per-queue cap (upstream 20); lower it to make drops reachable.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u8).range(1..=20))]
    pub queue_cap: u8,
    /// Break one routing decision (as `check --mutate`).
    #[arg(long, value_name = "MUTATION", value_parser = |s: &str| s.parse::<Mutation>())]
    pub mutate: Option<Mutation>,
    /// The address to listen on: a loopback address (127.0.0.1, ::1, localhost) unless
    /// --allow-remote.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// The port to listen on (0: a free port, printed at startup).
    #[arg(long, default_value_t = DEFAULT_PORT)]
    pub port: u16,
    /// Allow a --host that is not a loopback address (the Explorer has no authentication).
    #[arg(long)]
    pub allow_remote: bool,
    /// Print a link that opens the shortest counterexample (or example) of this property.
    /// Repeatable.
    #[arg(long = "trace", value_name = "PROPERTY")]
    pub traces: Vec<String>,
}

fn usage(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("heartbeat-spec explore: {message}");
    ExitCode::from(exit::USAGE)
}

fn failed(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("heartbeat-spec explore: {message}");
    ExitCode::from(exit::FAILED)
}

fn selection(args: &ExploreArgs) -> Selection {
    Selection {
        profiles: args.profiles.clone(),
        scopes: args.scopes.clone(),
        main_keys: args.main_keys.clone(),
        agents: args.agents.clone(),
        heartbeats: args.heartbeats.clone(),
        sites: args.sites.clone(),
        origins: args.origins.clone(),
        sites_file: args.sites_file.clone(),
        bounds: Bounds {
            events_per_origin: args.events_per_origin,
            origins_per_agent: args.origins_per_agent,
            interval_ticks: args.ticks,
            user_turns: !args.no_user_turns,
        },
        faults: Faults {
            restarts: args.restarts,
            handler_throws: args.handler_throws,
            run_failures: args.run_failures,
            reaper: args.reaper,
            queue_cap: args.queue_cap,
        },
        mutation: args.mutate,
    }
}

/// The properties named by `--trace`, by stateright name or by the name reports show.
fn traced(model: &RoutingModel, names: &[String]) -> Result<Vec<PropertySpec>, String> {
    let all = specs(model);
    names
        .iter()
        .map(|name| {
            all.iter()
                .find(|p| p.name == name || p.label == *name)
                .cloned()
                .ok_or_else(|| {
                    let known: Vec<&str> = all.iter().map(|p| p.label.as_str()).collect();
                    format!(
                        "--trace: unknown property `{name}`; this model's properties are: {}",
                        known.join(", ")
                    )
                })
        })
        .collect()
}

pub fn run(args: ExploreArgs) -> ExitCode {
    let table = match &args.sites_file {
        None => SiteTable::upstream(),
        Some(path) => match std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))
            .and_then(|src| {
                SiteTable::parse(&src, &path.display().to_string()).map_err(|e| e.to_string())
            }) {
            Ok(t) => t,
            Err(e) => return usage(e),
        },
    };
    let selection = selection(&args);
    let model = match selection.model(&table) {
        Ok(m) => m,
        Err(e) => return usage(e),
    };
    let address = match server::listen_address(&args.host, args.port, args.allow_remote) {
        Ok(a) => a,
        Err(e) => return usage(e),
    };
    let traces = match traced(&model, &args.traces) {
        Ok(t) => t,
        Err(e) => return usage(e),
    };
    let (stop_tx, stop) = mpsc::channel();
    if let Err(e) = ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    }) {
        return failed(format!("cannot install the Ctrl-C handler: {e}"));
    }
    let explorer = match server::start(model.clone(), address) {
        Ok(e) => e,
        Err(e) => return failed(e),
    };
    let options = LinkOptions {
        host: explorer.address().ip(),
        port: explorer.address().port(),
        sites_file: args.sites_file.clone(),
    };
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "model: {} {}", model.profile, model.config);
    let _ = writeln!(out, "Explorer: {}", explorer.url());
    for spec in &traces {
        let what = match spec.kind {
            PropertyKind::Invariant => "counterexample",
            PropertyKind::Witness => "example",
        };
        let found = shortest_path(&model, |m, s| spec.is_discovery(m, s), TRACE_STATE_LIMIT);
        let line = match found {
            None => format!(
                "{what} of {}: none (within {TRACE_STATE_LIMIT} states)",
                spec.label
            ),
            Some(path) => match link_to_path(&model, &path, &options) {
                Ok(link) => format!(
                    "{what} of {} ({} steps): {}",
                    spec.label,
                    path.steps.len(),
                    link.url
                ),
                Err(e) => format!("{what} of {}: no link: {e}", spec.label),
            },
        };
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(out, "serving until Ctrl-C");
    let _ = out.flush();
    drop(out);
    loop {
        match stop.recv_timeout(Duration::from_millis(200)) {
            Ok(()) | Err(mpsc::RecvTimeoutError::Disconnected) => {
                eprintln!("heartbeat-spec explore: stopped");
                return ExitCode::from(exit::OK);
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if !explorer.is_running() {
                    return failed("the Explorer server stopped unexpectedly");
                }
            }
        }
    }
}
