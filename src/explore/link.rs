//! Links from a counterexample into the Explorer.
//!
//! stateright 0.31's Explorer addresses a state by the path to it, not by its fingerprint:
//! `http://HOST:PORT/#/steps/I/A1/A2/...`, where `I` is the index of the initial state in
//! `Model::init_states` and each `An` the index of the next action in `Model::actions` of the
//! state it leaves. The page fetches `/.states/I/A1/.../An-1` for the choices after each
//! prefix and selects choice `An`. Indices only mean something for the same model (same
//! profile, configuration and site table), so a link comes with the `heartbeat-spec explore`
//! command line that serves that model.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;

use heartbeat_model::RoutingModel;
use heartbeat_model::action::Action;
use heartbeat_model::explorer_view::encode_path;
use heartbeat_model::site::SiteTable;
use heartbeat_model::state::State;
use heartbeat_model::verify::search::Path;
use heartbeat_model::verify::trace::Trace;

use super::select::Selection;

/// The port `heartbeat-spec explore` listens on by default.
pub const DEFAULT_PORT: u16 = 3000;

/// Where the Explorer runs, and where the model's site table came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkOptions {
    pub host: IpAddr,
    pub port: u16,
    /// The `--sites` file the model's site table was read from (none: the built-in table).
    pub sites_file: Option<PathBuf>,
}

impl Default for LinkOptions {
    fn default() -> Self {
        LinkOptions {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: DEFAULT_PORT,
            sites_file: None,
        }
    }
}

/// A counterexample in the Explorer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExploreLink {
    /// The page that opens the path at its last step, e.g.
    /// `http://127.0.0.1:3000/#/steps/0/0/1/0/0`.
    pub url: String,
    /// The path as the Explorer encodes it: `0/0/1/0/0`.
    pub steps: String,
    /// The command line that serves the model the link is for.
    pub command: String,
}

impl fmt::Display for ExploreLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\n  (serve it with: {})", self.url, self.command)
    }
}

/// Why no link can be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkError {
    /// `explore`'s flags cannot select this model (e.g. its site table was not given).
    NotReproducible(String),
    /// The path is not a path of the model.
    NotAPath(String),
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::NotReproducible(why) => {
                write!(f, "`heartbeat-spec explore` cannot serve this model: {why}")
            }
            LinkError::NotAPath(why) => write!(f, "not a path of this model: {why}"),
        }
    }
}

impl std::error::Error for LinkError {}

/// The base URL of an Explorer at `host:port`.
pub fn base_url(host: IpAddr, port: u16) -> String {
    match host {
        IpAddr::V4(ip) => format!("http://{ip}:{port}/"),
        IpAddr::V6(ip) => format!("http://[{ip}]:{port}/"),
    }
}

/// The command line that serves `model` on the port and host of `options`.
pub fn command_line(model: &RoutingModel, options: &LinkOptions) -> Result<String, LinkError> {
    let selection = reproducible(model, options)?;
    let mut extra = Vec::new();
    if options.host != IpAddr::V4(Ipv4Addr::LOCALHOST) {
        extra.push("--host".to_string());
        extra.push(options.host.to_string());
        if !options.host.is_loopback() {
            extra.push("--allow-remote".to_string());
        }
    }
    if options.port != DEFAULT_PORT {
        extra.push("--port".to_string());
        extra.push(options.port.to_string());
    }
    Ok(selection.command_line(&extra))
}

/// The link to the path that starts in `init` and takes `actions`.
pub fn link_to_actions(
    model: &RoutingModel,
    init: &State,
    actions: &[Action],
    options: &LinkOptions,
) -> Result<ExploreLink, LinkError> {
    let command = command_line(model, options)?;
    let steps = encode_path(model, init, actions).map_err(LinkError::NotAPath)?;
    Ok(ExploreLink {
        url: format!("{}#/steps/{steps}", base_url(options.host, options.port)),
        steps,
        command,
    })
}

/// The link to a path found by `verify::search` (e.g. `shortest_path`).
pub fn link_to_path(
    model: &RoutingModel,
    path: &Path,
    options: &LinkOptions,
) -> Result<ExploreLink, LinkError> {
    let actions: Vec<Action> = path.steps.iter().map(|(a, _)| *a).collect();
    link_to_actions(model, &path.init, &actions, options)
}

/// The link to a counterexample or witness trace (its initial state and named actions).
pub fn link_to_trace(
    model: &RoutingModel,
    trace: &Trace,
    options: &LinkOptions,
) -> Result<ExploreLink, LinkError> {
    link_to_actions(model, &trace.init_state, &trace.actions(), options)
}

/// The flags that make `explore` serve `model`, checked by selecting with them: the action
/// indices of a link are only valid in the very same model.
fn reproducible(model: &RoutingModel, options: &LinkOptions) -> Result<Selection, LinkError> {
    let selection = Selection::of(model, options.sites_file.clone());
    let table = match &options.sites_file {
        None => SiteTable::upstream(),
        Some(path) => {
            let src = std::fs::read_to_string(path).map_err(|e| {
                LinkError::NotReproducible(format!("cannot read {}: {e}", path.display()))
            })?;
            SiteTable::parse(&src, &path.display().to_string())
                .map_err(|e| LinkError::NotReproducible(e.to_string()))?
        }
    };
    let served = selection
        .model(&table)
        .map_err(|e| LinkError::NotReproducible(e.to_string()))?;
    if served.config != model.config {
        return Err(LinkError::NotReproducible(format!(
            "its configuration ({}) is not one the command line can give (it would serve {})",
            model.config, served.config
        )));
    }
    if served.sites != model.sites {
        return Err(LinkError::NotReproducible(match &options.sites_file {
            None => "its sites differ from the built-in site table's: give the --sites file it \
                     was read from"
                .to_string(),
            Some(p) => format!("its sites differ from the ones in {}", p.display()),
        }));
    }
    Ok(selection)
}
