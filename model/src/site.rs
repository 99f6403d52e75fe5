//! Enqueue sites as data.
//!
//! A site is a place in the gateway that enqueues a system event and requests a heartbeat
//! wake. The model, the concrete runtime and the docs all read the same table, so adding a
//! site is one entry in a TOML file (`model/sites/upstream.toml` for upstream's sites) and the
//! checker verifies it at once.

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::origin::OriginKind;
use crate::profile::Profile;

/// Upstream's enqueue sites, as shipped with heartbeat-spec.
pub const UPSTREAM_SITES_TOML: &str = include_str!("../sites/upstream.toml");

/// What kind of system event a site enqueues. Heartbeats treat exec completions specially:
/// only exec-event (and payload) wakes inspect them (SPEC C1, R3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EventClass {
    /// An exec completion, as `isExecCompletionEvent` recognises it.
    ExecCompletion,
    /// Any other system event (progress, stall notice, notification, exec started).
    Other,
}

impl EventClass {
    pub const fn name(self) -> &'static str {
        match self {
            EventClass::ExecCompletion => "exec-completion",
            EventClass::Other => "other",
        }
    }
}

/// How a site chooses the key it enqueues under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeyPolicy {
    /// The profile's event route: `resolveEventSessionKey` (identity before 2026.5.12), then
    /// the profile's queue key.
    EventRoute,
    /// The origin's raw session key (then the profile's queue key, which may qualify it).
    Raw,
    /// The agent's main session as the cron service names it for a main-session job: the
    /// literal `agent:<a>:<mainKey>` whatever the scope up to 2026.5.12, the scope's main
    /// session (`global` under scope global) from 2026.9.6 (SPEC E9).
    AgentMain,
}

/// How a site builds the wake it requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WakePolicy {
    /// No wake.
    None,
    /// The profile's `scopedHeartbeatWakeOptions` on the origin's key.
    Scoped,
    /// `{sessionKey: <raw key>}` as is.
    SessionKey,
    /// `{agentId: <a>, sessionKey: <the agent-main key>}`: the cron service's wake for a
    /// main-session job (SPEC W9).
    AgentMain,
}

/// What a heartbeat run inspects, by the kind of wake that started it (SPEC R3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WakeKind {
    /// `source: exec-event`: inspects exec completions (and the turn drains the rest).
    ExecEvent,
    /// `acp-spawn` / `hook` / reason `wake`: a wake payload, inspects every event.
    Payload,
    /// `cron`: inspects every event.
    Cron,
    /// Anything else (`cli-watchdog`, `notifications-event`, ...): the turn drains non-exec
    /// events only.
    Other,
    /// The periodic interval tick: like `Other`.
    Interval,
}

impl WakeKind {
    /// How upstream classifies a wake by its source (and reason when there is no source).
    pub fn from_source(source: &str, reason: &str) -> WakeKind {
        match source {
            "exec-event" => WakeKind::ExecEvent,
            "acp-spawn" | "hook" => WakeKind::Payload,
            "cron" => WakeKind::Cron,
            "interval" => WakeKind::Interval,
            _ if reason == "wake" => WakeKind::Payload,
            _ => WakeKind::Other,
        }
    }

    /// Does a heartbeat started by this kind of wake surface exec completions?
    pub const fn inspects_exec(self) -> bool {
        matches!(
            self,
            WakeKind::ExecEvent | WakeKind::Payload | WakeKind::Cron
        )
    }

    pub const fn name(self) -> &'static str {
        match self {
            WakeKind::ExecEvent => "exec-event",
            WakeKind::Payload => "payload",
            WakeKind::Cron => "cron",
            WakeKind::Other => "other",
            WakeKind::Interval => "interval",
        }
    }
}

/// One kind of event a site enqueues, with a sample text of upstream's shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteEvent {
    pub class: EventClass,
    /// A text as upstream writes it; the concrete runtime enqueues it and classifies it.
    pub text: String,
}

/// Profiles in which a site requests no wake for events from some origins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WakeSkip {
    pub origin: OriginKind,
    pub profiles: Vec<Profile>,
}

/// The wake a site requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WakeSpec {
    pub policy: WakePolicy,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub intent: String,
    #[serde(default)]
    pub reason: String,
    /// Coalescing delay; upstream's default is 250 ms.
    #[serde(default)]
    pub coalesce_ms: Option<u64>,
    /// Origins for which the site requests no wake, in the given profiles.
    #[serde(default)]
    pub skip: Vec<WakeSkip>,
}

impl WakeSpec {
    pub fn kind(&self) -> WakeKind {
        WakeKind::from_source(&self.source, &self.reason)
    }

    /// Does the site request no wake for `origin` under `profile`?
    pub fn skipped(&self, profile: Profile, origin: OriginKind) -> bool {
        self.policy == WakePolicy::None
            || self
                .skip
                .iter()
                .any(|s| s.origin == origin && s.profiles.contains(&profile))
    }
}

/// One enqueue site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    /// A short unique name, used on the command line and in reports.
    pub name: String,
    /// The upstream place this site stands for.
    pub upstream: String,
    /// One line on what the site does.
    pub summary: String,
    /// The sessions the site can fire from.
    pub origins: Vec<OriginKind>,
    /// The events it enqueues.
    pub events: Vec<SiteEvent>,
    /// How it chooses the enqueue key.
    pub key: KeyPolicy,
    /// The wake it requests.
    pub wake: WakeSpec,
}

impl Site {
    pub fn classes(&self) -> impl Iterator<Item = EventClass> + '_ {
        self.events.iter().map(|e| e.class)
    }
}

/// The site table: every site, in file order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteTable {
    pub sites: Vec<Site>,
}

/// An error in a site table, with the place it was found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct SiteTableError {
    /// The file (or `<builtin>`).
    pub file: String,
    /// 1-based line and column, when the error has a place.
    pub line_col: Option<(usize, usize)>,
    pub message: String,
}

impl fmt::Display for SiteTableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line_col {
            Some((line, col)) => write!(f, "{}:{line}:{col}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    #[serde(rename = "site", default)]
    sites: Vec<toml::Spanned<Site>>,
}

pub(crate) fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let before = &src[..offset.min(src.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

impl SiteTable {
    /// The upstream site table shipped with heartbeat-spec.
    pub fn upstream() -> SiteTable {
        // Parsed once: every gateway and model the tests build asks for it.
        static UPSTREAM: std::sync::OnceLock<SiteTable> = std::sync::OnceLock::new();
        UPSTREAM
            .get_or_init(|| {
                SiteTable::parse(UPSTREAM_SITES_TOML, "model/sites/upstream.toml")
                    .expect("the built-in site table is valid (checked by a test)")
            })
            .clone()
    }

    /// Parses and validates a site table. `file` names the source in error messages.
    pub fn parse(src: &str, file: &str) -> Result<SiteTable, SiteTableError> {
        let error = |span: Option<Range<usize>>, message: String| SiteTableError {
            file: file.to_string(),
            line_col: span.map(|s| line_col(src, s.start)),
            message,
        };
        let raw: RawTable =
            toml::from_str(src).map_err(|e| error(e.span(), e.message().to_string()))?;
        if raw.sites.is_empty() {
            return Err(error(
                None,
                "no sites: expected at least one `[[site]]` table".into(),
            ));
        }
        let mut sites: Vec<Site> = Vec::with_capacity(raw.sites.len());
        for spanned in raw.sites {
            let span = spanned.span();
            let site = spanned.into_inner();
            let at =
                |msg: String| error(Some(span.clone()), format!("site `{}`: {msg}", site.name));
            // No commas either: `check --site a,b` names two sites.
            if site.name.trim().is_empty()
                || site.name.contains(char::is_whitespace)
                || site.name.contains(',')
            {
                return Err(error(
                    Some(span.clone()),
                    format!(
                        "site name `{}` must be non-empty with no spaces or commas",
                        site.name
                    ),
                ));
            }
            if sites.iter().any(|s| s.name == site.name) {
                return Err(at("duplicate site name".into()));
            }
            if site.origins.is_empty() {
                return Err(at(
                    "`origins` is empty: a site fires from at least one origin".into(),
                ));
            }
            if site.events.is_empty() {
                return Err(at(
                    "`events` is empty: a site enqueues at least one kind of event".into(),
                ));
            }
            if let Some(e) = site.events.iter().find(|e| e.text.trim().is_empty()) {
                return Err(at(format!(
                    "the {} event has a blank text (upstream does not enqueue blank texts)",
                    e.class.name()
                )));
            }
            if site.wake.policy != WakePolicy::None && site.wake.source.trim().is_empty() {
                return Err(at(
                    "`wake.source` is required unless `wake.policy = \"none\"`".into(),
                ));
            }
            sites.push(site);
        }
        Ok(SiteTable { sites })
    }

    pub fn get(&self, name: &str) -> Option<&Site> {
        self.sites.iter().find(|s| s.name == name)
    }

    /// The sites named, in the order given, or an error naming the first unknown one.
    pub fn select(&self, names: &[String]) -> Result<Vec<Site>, String> {
        names
            .iter()
            .map(|n| {
                self.get(n).cloned().ok_or_else(|| {
                    let valid: Vec<_> = self.sites.iter().map(|s| s.name.as_str()).collect();
                    format!(
                        "unknown site `{n}`; sites in the table: {}",
                        valid.join(", ")
                    )
                })
            })
            .collect()
    }

    pub fn names(&self) -> Vec<String> {
        self.sites.iter().map(|s| s.name.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_table_parses() {
        let t = SiteTable::upstream();
        assert!(t.sites.len() >= 5, "{:?}", t.names());
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let src = "[[site]]\nname = \"x\"\norigins = [\"main\"\n";
        let e = SiteTable::parse(src, "t.toml").unwrap_err();
        assert_eq!(e.file, "t.toml");
        assert!(e.line_col.is_some(), "{e}");
        assert!(e.to_string().starts_with("t.toml:"), "{e}");
    }

    #[test]
    fn unknown_origin_is_named_with_its_place() {
        let src = UPSTREAM_SITES_TOML.replacen("\"cron-run\"", "\"cron-rnu\"", 1);
        let e = SiteTable::parse(&src, "t.toml").unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("cron-rnu"), "{msg}");
        let (line, _) = e.line_col.expect("a place");
        assert!(
            src.lines().nth(line - 1).unwrap().contains("cron-rnu"),
            "{msg}"
        );
    }

    #[test]
    fn unknown_field_is_rejected() {
        let src = UPSTREAM_SITES_TOML.replacen("summary =", "sumary =", 1);
        let e = SiteTable::parse(&src, "t.toml").unwrap_err();
        assert!(e.to_string().contains("sumary"), "{e}");
    }

    #[test]
    fn semantic_errors_name_the_site() {
        let src = "[[site]]\nname = \"empty\"\nupstream = \"u\"\nsummary = \"s\"\norigins = []\nkey = \"raw\"\n\
                   events = [{ class = \"other\", text = \"t\" }]\nwake = { policy = \"none\" }\n";
        let e = SiteTable::parse(src, "t.toml").unwrap_err();
        assert!(
            e.to_string().contains("site `empty`: `origins` is empty"),
            "{e}"
        );
        assert_eq!(e.line_col.map(|p| p.0), Some(1));
    }

    /// SPEC §7 `name`: no spaces or commas (a comma separates names on the command line).
    #[test]
    fn site_names_have_no_spaces_or_commas() {
        for bad in ["tool progress", "tool,progress", " "] {
            let src = format!(
                "[[site]]\nname = \"{bad}\"\nupstream = \"u\"\nsummary = \"s\"\norigins = [\"main\"]\n\
                 key = \"raw\"\nevents = [{{ class = \"other\", text = \"t\" }}]\nwake = {{ policy = \"none\" }}\n"
            );
            let e = SiteTable::parse(&src, "t.toml").unwrap_err();
            assert!(
                e.to_string()
                    .contains("must be non-empty with no spaces or commas"),
                "{bad:?}: {e}"
            );
            assert_eq!(e.line_col.map(|p| p.0), Some(1), "{bad:?}");
        }
    }
}
