//! Enqueue sites as data: the site table's schema, its parsing and its validation (SPEC §7).
//!
//! A site is a place in the gateway that enqueues a system event and requests a heartbeat
//! wake. The model, the concrete runtime and the docs all read the same table, so adding a
//! site is one entry in a TOML file (`model/sites/upstream.toml` for upstream's sites) and the
//! checker verifies it at once.
//!
//! Only what an entry says lives here. What it means — the key an event gets, whether a wake
//! is requested for an origin, what the heartbeat it starts inspects — is decided by the model
//! (`heartbeat_model::site`) and by the runtime (`heartbeat_routing::runtime::sites`), each in
//! its own code.

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::origin::OriginKind;
use crate::profile::Profile;

/// Upstream's enqueue sites, as shipped with heartbeat-spec. The file stays in `model/sites/`,
/// where SPEC.md, the scripts and the conformance runner name it.
pub const UPSTREAM_SITES_TOML: &str = include_str!("../../model/sites/upstream.toml");

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
    /// How the reference routes this site when upstream's own routing cannot hold every
    /// invariant (SPEC E10, W10): the key and wake policy the site should use. Absent: as
    /// upstream (`key`, `wake.policy`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_key: Option<KeyPolicy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_wake: Option<WakePolicy>,
    /// The upstream call sites this entry stands for, as `heartbeat-spec sites scan` reports
    /// them. An entry with none is a proposed site (nothing in the code yet).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub calls: Vec<CallRef>,
}

/// One upstream call of the queue's enqueue functions: the source file (as a checkout has it;
/// a bundle's `//#region` marker names the same path) and the enclosing function as
/// `heartbeat-spec sites scan` reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallRef {
    pub file: String,
    pub function: String,
    /// The releases the call is in (release numbers, e.g. `2026.5.12`); absent: every release.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub releases: Option<Vec<String>>,
    /// The dependency that chooses this call's key and wake, where the call only passes its
    /// request on (the cron service's injected `enqueueSystemEvent`): `sites scan` does not
    /// follow it, so it cannot confirm the declared key and wake here (SPEC SC7).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
}

/// An upstream call site that the table deliberately does not model, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Excluded {
    /// The upstream source path, as for [`CallRef::file`].
    pub file: String,
    /// The enclosing function, as for [`CallRef::function`].
    pub function: String,
    /// Why no heartbeat has to surface the events this call enqueues.
    pub reason: String,
    /// The releases the call is in; absent: every release.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub releases: Option<Vec<String>>,
}

impl CallRef {
    /// Is this call in `release` (a release number)? `None` (a checkout) matches every entry.
    pub fn applies_to(&self, release: Option<&str>) -> bool {
        releases_apply(self.releases.as_deref(), release)
    }
}

impl Excluded {
    /// Is this exclusion in `release`? `None` (a checkout) matches every entry.
    pub fn applies_to(&self, release: Option<&str>) -> bool {
        releases_apply(self.releases.as_deref(), release)
    }
}

fn releases_apply(releases: Option<&[String]>, release: Option<&str>) -> bool {
    match (releases, release) {
        (Some(list), Some(r)) => list.iter().any(|x| x == r),
        _ => true,
    }
}

/// Do two release lists (absent: every release) share a release?
fn releases_overlap(a: Option<&[String]>, b: Option<&[String]>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.iter().any(|r| b.contains(r)),
        _ => true,
    }
}

/// A release number as the table writes it: `YYYY.M.D`, digits only.
fn valid_release(r: &str) -> bool {
    let parts: Vec<&str> = r.split('.').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

impl Site {
    pub fn classes(&self) -> impl Iterator<Item = EventClass> + '_ {
        self.events.iter().map(|e| e.class)
    }
}

/// The site table: every site, in file order, and the call sites it deliberately leaves out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteTable {
    pub sites: Vec<Site>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excluded: Vec<Excluded>,
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
    #[serde(rename = "excluded", default)]
    excluded: Vec<toml::Spanned<Excluded>>,
}

/// The 1-based line and column of byte `offset` in `src`, as errors report a place.
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let before = &src[..offset.min(src.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// A (file, function) the table names, for the duplicate check.
struct CallPlace {
    file: String,
    function: String,
    releases: Option<Vec<String>>,
    /// `site `name`` or `an `[[excluded]]` entry`.
    owner: String,
}

/// Refuses a malformed call reference, or one naming a (file, function) already named for an
/// overlapping set of releases, naming both places.
fn check_place(
    place: &CallPlace,
    span: &Range<usize>,
    named: &[(CallPlace, Range<usize>)],
    src: &str,
    file: &str,
) -> Result<(), SiteTableError> {
    let error = |message: String| SiteTableError {
        file: file.to_string(),
        line_col: Some(line_col(src, span.start)),
        message,
    };
    if place.file.trim().is_empty() || place.function.trim().is_empty() {
        return Err(error(format!(
            "{}: a call needs a non-empty `file` and `function`",
            place.owner
        )));
    }
    if let Some(releases) = &place.releases {
        if releases.is_empty() {
            return Err(error(format!(
                "{}: `releases` for {} {} is empty; leave it out to mean every release",
                place.owner, place.file, place.function
            )));
        }
        if let Some(bad) = releases.iter().find(|r| !valid_release(r)) {
            return Err(error(format!(
                "{}: release `{bad}` for {} {} is not a release number like `2026.5.12`",
                place.owner, place.file, place.function
            )));
        }
    }
    if let Some((other, other_span)) = named.iter().find(|(o, _)| {
        o.file == place.file
            && o.function == place.function
            && releases_overlap(o.releases.as_deref(), place.releases.as_deref())
    }) {
        let (line, col) = line_col(src, other_span.start);
        return Err(error(format!(
            "duplicate call site {} {}: named by {} here and by {} at {file}:{line}:{col}",
            place.file, place.function, place.owner, other.owner
        )));
    }
    Ok(())
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
        // Every (file, function) named so far: where, and for which releases.
        let mut named: Vec<(CallPlace, Range<usize>)> = Vec::new();
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
            for call in &site.calls {
                let place = CallPlace {
                    file: call.file.clone(),
                    function: call.function.clone(),
                    releases: call.releases.clone(),
                    owner: format!("site `{}`", site.name),
                };
                check_place(&place, &span, &named, src, file)?;
                named.push((place, span.clone()));
            }
            sites.push(site);
        }
        let mut excluded = Vec::with_capacity(raw.excluded.len());
        for spanned in raw.excluded {
            let span = spanned.span();
            let ex = spanned.into_inner();
            let place = CallPlace {
                file: ex.file.clone(),
                function: ex.function.clone(),
                releases: ex.releases.clone(),
                owner: "an `[[excluded]]` entry".into(),
            };
            if ex.reason.trim().is_empty() {
                return Err(error(
                    Some(span.clone()),
                    format!(
                        "`[[excluded]]` {} {}: `reason` is blank; say why no heartbeat has to surface these events",
                        ex.file, ex.function
                    ),
                ));
            }
            check_place(&place, &span, &named, src, file)?;
            named.push((place, span.clone()));
            excluded.push(ex);
        }
        Ok(SiteTable { sites, excluded })
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
