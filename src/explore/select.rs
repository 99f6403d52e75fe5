//! One model from selection flags, and the flags that select a model.
//!
//! The flags are `check`'s: a flag left out stands for every value `check` would sweep, so
//! `--profile`, `--scope`, `--main-key`, `--agents` and `--site` must be given for one model.
//! Unlike `check`, several `--site` (and `--origin`) flags make one model that has them all.

use std::fmt;
use std::path::PathBuf;

use heartbeat_model::config::{Bounds, Config, Faults, Heartbeats, MainKey, Scope};
use heartbeat_model::mutation::Mutation;
use heartbeat_model::origin::OriginKind;
use heartbeat_model::site::SiteTable;
use heartbeat_model::verify::matrix::Matrix;
use heartbeat_model::{Profile, RoutingModel};

/// The name of the binary, as command lines are printed.
pub const BINARY: &str = "heartbeat-spec";

/// What the selection flags say. Empty lists stand for every value `check` would sweep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    pub profiles: Vec<Profile>,
    pub scopes: Vec<Scope>,
    pub main_keys: Vec<MainKey>,
    pub agents: Vec<u8>,
    /// Empty: `heartbeats = all`, as in `check`.
    pub heartbeats: Vec<Heartbeats>,
    /// The sites of the one model (empty: every site, each its own model).
    pub sites: Vec<String>,
    /// The origins of the one model (empty: every origin of its sites).
    pub origins: Vec<OriginKind>,
    /// The site table the sites are read from (none: the built-in upstream table).
    pub sites_file: Option<PathBuf>,
    pub bounds: Bounds,
    /// Faults the model may inject (`--restarts`, `--handler-throws`, `--run-failures`,
    /// `--reaper`, `--queue-cap`).
    pub faults: Faults,
    pub mutation: Option<Mutation>,
}

impl Default for Selection {
    /// No flag given: every value of each dimension, upstream bounds, no fault.
    fn default() -> Self {
        Selection {
            profiles: Vec::new(),
            scopes: Vec::new(),
            main_keys: Vec::new(),
            agents: Vec::new(),
            heartbeats: Vec::new(),
            sites: Vec::new(),
            origins: Vec::new(),
            sites_file: None,
            bounds: Bounds::default(),
            faults: Faults::NONE,
            mutation: None,
        }
    }
}

/// Why the flags do not give one model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SelectError {
    /// The flags select no model.
    None(String),
    /// The flags select several models; `candidates` has the command line of the first few.
    Several {
        count: usize,
        candidates: Vec<String>,
    },
    /// The flags select one model that cannot be built.
    Invalid(String),
}

/// How many candidate command lines a [`SelectError::Several`] lists.
const CANDIDATES: usize = 6;

impl fmt::Display for SelectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SelectError::None(why) => write!(f, "the flags select no model: {why}"),
            SelectError::Several { count, candidates } => {
                writeln!(
                    f,
                    "the flags select {count} models; explore serves one. Give exactly one \
                     --profile, --scope, --main-key and --agents, and the --site(s) of the model. \
                     For example:"
                )?;
                for c in candidates {
                    writeln!(f, "  {c}")?;
                }
                if *count > candidates.len() {
                    write!(f, "  ... and {} more", count - candidates.len())?;
                }
                Ok(())
            }
            SelectError::Invalid(why) => write!(f, "{why}"),
        }
    }
}

impl std::error::Error for SelectError {}

impl Selection {
    /// The flags that select exactly `model` (its site table read from `sites_file`, if any).
    pub fn of(model: &RoutingModel, sites_file: Option<PathBuf>) -> Selection {
        Selection::of_config(model.profile, &model.config, sites_file)
    }

    /// The flags that select `profile` in `config`.
    pub fn of_config(profile: Profile, config: &Config, sites_file: Option<PathBuf>) -> Selection {
        Selection {
            profiles: vec![profile],
            scopes: vec![config.scope],
            main_keys: vec![config.main_key],
            agents: vec![config.agents],
            heartbeats: vec![config.heartbeats],
            sites: config.sites.clone(),
            origins: config.origins.clone(),
            sites_file,
            bounds: config.bounds,
            faults: config.faults,
            mutation: config.mutation,
        }
    }

    /// Every (profile, configuration) the flags select, in `check`'s order.
    pub fn entries(&self, table: &SiteTable) -> Result<Vec<(Profile, Config)>, SelectError> {
        let mut m = Matrix::recommended(table);
        if !self.profiles.is_empty() {
            m.profiles = self.profiles.clone();
        }
        if !self.scopes.is_empty() {
            m.scopes = self.scopes.clone();
        }
        if !self.main_keys.is_empty() {
            m.main_keys = self.main_keys.clone();
        }
        if !self.agents.is_empty() {
            m.agents = self.agents.clone();
        }
        if !self.heartbeats.is_empty() {
            m.heartbeats = self.heartbeats.clone();
        }
        if !self.sites.is_empty() {
            table.select(&self.sites).map_err(SelectError::Invalid)?;
            m.site_sets = vec![self.sites.clone()];
        }
        m.origin_sets = vec![self.origins.clone()];
        m.bounds = self.bounds;
        m.faults = self.faults;
        m.mutation = self.mutation;
        let entries = m.entries(table);
        Ok(entries)
    }

    /// The one model the flags select, or why there is not exactly one.
    pub fn model(&self, table: &SiteTable) -> Result<RoutingModel, SelectError> {
        let entries = self.entries(table)?;
        match entries.as_slice() {
            [] => Err(SelectError::None(format!(
                "no site among {} fires from the origins {} under the scopes given",
                if self.sites.is_empty() {
                    "the table's".to_string()
                } else {
                    self.sites.join(", ")
                },
                self.origins
                    .iter()
                    .map(|o| o.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
            [(profile, config)] => RoutingModel::new(*profile, config.clone(), table)
                .map_err(|e| SelectError::Invalid(format!("{profile} {config}: {e}"))),
            _ => Err(SelectError::Several {
                count: entries.len(),
                candidates: entries
                    .iter()
                    .take(CANDIDATES)
                    .map(|(p, c)| {
                        Selection::of_config(*p, c, self.sites_file.clone()).command_line(&[])
                    })
                    .collect(),
            }),
        }
    }

    /// The flags, as arguments of `explore`. Values that equal `check`'s defaults are left
    /// out, except the ones one model needs.
    pub fn args(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut flag = |name: &str, value: String| {
            out.push(format!("--{name}"));
            out.push(value);
        };
        for p in &self.profiles {
            flag("profile", p.name().to_string());
        }
        for s in &self.scopes {
            flag("scope", s.name().to_string());
        }
        for k in &self.main_keys {
            flag("main-key", k.name().to_string());
        }
        for a in &self.agents {
            flag("agents", a.to_string());
        }
        for h in self.heartbeats.iter().filter(|h| **h != Heartbeats::All) {
            flag("heartbeats", h.name().to_string());
        }
        if let Some(file) = &self.sites_file {
            flag("sites", file.display().to_string());
        }
        for s in &self.sites {
            flag("site", s.clone());
        }
        for o in &self.origins {
            flag("origin", o.name().to_string());
        }
        let b = self.bounds;
        let d = Bounds::default();
        if b.events_per_origin != d.events_per_origin {
            flag("events-per-origin", b.events_per_origin.to_string());
        }
        if b.origins_per_agent != d.origins_per_agent {
            flag("origins-per-agent", b.origins_per_agent.to_string());
        }
        if b.interval_ticks != d.interval_ticks {
            flag("ticks", b.interval_ticks.to_string());
        }
        let f = self.faults;
        let none = Faults::NONE;
        if f.restarts != none.restarts {
            flag("restarts", f.restarts.to_string());
        }
        if f.handler_throws != none.handler_throws {
            flag("handler-throws", f.handler_throws.to_string());
        }
        if f.run_failures != none.run_failures {
            flag("run-failures", f.run_failures.to_string());
        }
        if f.queue_cap != none.queue_cap {
            flag("queue-cap", f.queue_cap.to_string());
        }
        if let Some(m) = self.mutation {
            flag("mutate", m.to_string());
        }
        if !b.user_turns {
            out.push("--no-user-turns".into());
        }
        if f.reaper {
            out.push("--reaper".into());
        }
        out
    }

    /// `heartbeat-spec explore <flags> <extra>`, quoted for a POSIX shell.
    pub fn command_line(&self, extra: &[String]) -> String {
        let mut words = vec![BINARY.to_string(), "explore".to_string()];
        words.extend(self.args());
        words.extend(extra.iter().cloned());
        words
            .iter()
            .map(|w| shell_quote(w))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Quotes a word for a POSIX shell when it needs it.
pub fn shell_quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@,+%".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}
