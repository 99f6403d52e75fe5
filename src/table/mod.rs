//! The routing table: for every profile × scope × mainKey × origin, where an exec completion is
//! enqueued, which wake the site requests, which session(s) the heartbeat resolves and which
//! queue(s) it peeks, and the verdict. Pure data; the CLI only prints it.

mod origin;
mod render;

use heartbeat_model::Profile;
use heartbeat_routing::routing::config::{GatewayConfig, Scope};
use heartbeat_routing::routing::delivery::Delivery;
use heartbeat_routing::routing::exec_site::background_exec_exit;
use heartbeat_routing::routing::heartbeat_runs::{HeartbeatRun, heartbeat_runs_for_wake};
use heartbeat_routing::routing::wake_options::WakeOptions;

pub use origin::OriginKind;
pub use render::{render_json, render_text};

/// The agent whose sessions originate the events.
pub const ORIGIN_AGENT: &str = "ops";
/// The configured agents: `main` (the default) and `ops`.
pub const AGENTS: [&str; 2] = ["main", "ops"];
/// The main keys the table walks: the default and a custom one.
pub const MAIN_KEYS: [&str; 2] = ["main", "work"];
/// The scopes the table walks.
pub const SCOPES: [Scope; 2] = [Scope::PerSender, Scope::Global];

/// What happens to the wake the site requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WakeOutcome {
    /// The site requests no wake.
    None,
    /// The wake and the heartbeat runs it causes (more than one when untargeted).
    Runs {
        /// The wake's targeting options (`agentId`, `sessionKey`), if any.
        wake: WakeOptions,
        /// The runs.
        runs: Vec<HeartbeatRun>,
    },
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    /// The profile.
    pub profile: Profile,
    /// `session.scope`.
    pub scope: Scope,
    /// `session.mainKey`.
    pub main_key: &'static str,
    /// The origin kind.
    pub origin: OriginKind,
    /// The origin's session key.
    pub origin_key: String,
    /// The key the site enqueues under and the queue that is, or the error upstream throws.
    pub enqueue: Result<(String, String), String>,
    /// The wake and its runs, or the error upstream throws while running it.
    pub wake: Result<WakeOutcome, String>,
    /// The verdict.
    pub verdict: Option<Delivery>,
}

/// The configuration of one table block.
pub fn table_config(scope: Scope, main_key: &str) -> GatewayConfig {
    GatewayConfig::new(scope, Some(main_key), &AGENTS)
}

fn row(profile: Profile, scope: Scope, main_key: &'static str, origin: OriginKind) -> TableRow {
    let cfg = table_config(scope, main_key);
    let origin_key = origin.session_key(ORIGIN_AGENT, scope, Some(main_key));
    let site = background_exec_exit(profile, &cfg, ORIGIN_AGENT, &origin_key);
    let (enqueue, wake) = match site {
        Err(e) => (Err(e.to_string()), Err(e.to_string())),
        Ok(site) => {
            let wake = match site.wake {
                None => Ok(WakeOutcome::None),
                Some(w) => heartbeat_runs_for_wake(profile, &cfg, &w)
                    .map(|runs| WakeOutcome::Runs {
                        wake: targeting(&w),
                        runs,
                    })
                    .map_err(|e| e.to_string()),
            };
            (Ok((site.event_key, site.queue_key)), wake)
        }
    };
    let verdict = match (&enqueue, &wake) {
        (Ok((_, queue)), Ok(WakeOutcome::None)) => Some(Delivery::judge(queue, None, false)),
        (Ok((_, queue)), Ok(WakeOutcome::Runs { wake, runs })) => {
            Some(Delivery::judge(queue, Some(runs), wake.is_empty()))
        }
        _ => None,
    };
    TableRow {
        profile,
        scope,
        main_key,
        origin,
        origin_key,
        enqueue,
        wake,
        verdict,
    }
}

/// Only the options that target a wake.
fn targeting(wake: &WakeOptions) -> WakeOptions {
    wake.iter()
        .filter(|(k, _)| *k == "agentId" || *k == "sessionKey")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// The table for the given profiles, in profile × scope × mainKey × origin order.
pub fn routing_table(profiles: &[Profile]) -> Vec<TableRow> {
    let mut rows = Vec::new();
    for &profile in profiles {
        for scope in SCOPES {
            for main_key in MAIN_KEYS {
                for origin in OriginKind::ALL {
                    rows.push(row(profile, scope, main_key, origin));
                }
            }
        }
    }
    rows
}
