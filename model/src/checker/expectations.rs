//! Expected verdicts: the known bugs and findings, kept as data in `model/expected.toml`.

use serde::{Deserialize, Serialize};

use crate::checker::Verdict;
use crate::config::{Config, HeartbeatSetting, Heartbeats, MainKey, Scope};
use crate::origin::OriginKind;
use crate::profile::Profile;
use crate::site::SiteTableError;
use crate::spec::properties::PropertyKind;

/// The expectations shipped with heartbeat-spec.
pub const EXPECTED_TOML: &str = include_str!("../../expected.toml");

/// One known bug or finding: where it shows, and as what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    /// A short id (`B1` for a known bug, `F1` for a finding of this project).
    pub id: String,
    pub title: String,
    /// Why the model shows it, in a few sentences.
    pub why: String,
    pub profiles: Vec<Profile>,
    #[serde(default)]
    pub scope: Option<Scope>,
    #[serde(default)]
    pub main_key: Option<MainKey>,
    /// Only with at least this many agents.
    #[serde(default)]
    pub min_agents: Option<u8>,
    /// Only for configurations with these sites (any for invariants, all for witnesses). An
    /// entry `a+b` is a set of sites: it stands for a configuration that has every one of them
    /// (SPEC S3), so that a finding of a pair names the pair.
    #[serde(default)]
    pub sites: Option<Vec<String>>,
    /// Not for configurations made of these sites only: sites that do not have the bug (for
    /// invariants the entry matches when some site of the configuration is not listed, for
    /// witnesses when none is). Proposed sites (`check --sites`) are never listed, so they
    /// inherit the entry.
    #[serde(default)]
    pub except_sites: Option<Vec<String>>,
    /// Only where these agents have a heartbeat (`all`, `default-only`, `none`).
    #[serde(default)]
    pub heartbeats: Option<Vec<Heartbeats>>,
    /// Only for these heartbeat settings (SPEC H10 to H12).
    #[serde(default)]
    pub heartbeat: Option<Vec<HeartbeatSetting>>,
    /// Not for these heartbeat settings: where a setting makes the bug go away.
    #[serde(default)]
    pub except_heartbeat: Option<Vec<HeartbeatSetting>>,
    /// Only for these origins (any for invariants, all for witnesses).
    #[serde(default)]
    pub origins: Option<Vec<OriginKind>>,
    /// Only when every one of these faults is enabled (`restarts`, `handler-throws`,
    /// `run-failures`, `reaper`, `queue-cap`).
    #[serde(default)]
    pub faults: Option<Vec<String>>,
    /// Invariants expected to be violated.
    #[serde(default)]
    pub violates: Vec<String>,
    /// Witnesses expected to be missing (`surfaced:*` stands for every site's).
    #[serde(default)]
    pub misses: Vec<String>,
}

/// A list filter: for invariants any listed value of the configuration matches, for witnesses
/// all of them must be listed.
fn list_matches<T: PartialEq>(listed: Option<&Vec<T>>, actual: &[T], kind: PropertyKind) -> bool {
    match listed {
        None => true,
        Some(listed) => match kind {
            PropertyKind::Invariant => actual.iter().any(|a| listed.contains(a)),
            PropertyKind::Witness => {
                !actual.is_empty() && actual.iter().all(|a| listed.contains(a))
            }
        },
    }
}

/// The `sites` filter. Each listed entry is a site or a `+`-joined set of sites, and stands
/// for a configuration having all of them. An invariant matches when some entry does: a
/// configuration of several sites inherits the expected violations of each (SPEC S3: its paths
/// include every path of each site alone). A witness matches when every site of the
/// configuration is in some entry that does (a witness is missing only if no site produces it).
fn sites_match(listed: Option<&Vec<String>>, actual: &[String], kind: PropertyKind) -> bool {
    let Some(listed) = listed else { return true };
    let present: Vec<Vec<&str>> = listed
        .iter()
        .map(|entry| entry.split('+').collect::<Vec<_>>())
        .filter(|parts| parts.iter().all(|p| actual.iter().any(|a| a == p)))
        .collect();
    match kind {
        PropertyKind::Invariant => !present.is_empty(),
        PropertyKind::Witness => {
            !actual.is_empty()
                && actual
                    .iter()
                    .all(|a| present.iter().any(|parts| parts.contains(&a.as_str())))
        }
    }
}

/// The sites a property speaks of in a configuration: a site's own witness (`surfaced:S`,
/// `enqueued:S`) speaks of that site alone, whatever else fires (SPEC S3); every other property
/// of all of them.
fn property_sites<'a>(property: &str, actual: &'a [String]) -> &'a [String] {
    let named = property
        .strip_prefix("surfaced:")
        .or_else(|| property.strip_prefix("enqueued:"));
    match named.and_then(|n| actual.iter().position(|a| a == n)) {
        Some(i) => &actual[i..=i],
        None => actual,
    }
}

/// The `except_sites` filter: the opposite of [`list_matches`].
fn except_matches(except: Option<&Vec<String>>, actual: &[String], kind: PropertyKind) -> bool {
    match except {
        None => true,
        Some(except) => match kind {
            PropertyKind::Invariant => actual.iter().any(|a| !except.contains(a)),
            PropertyKind::Witness => actual.iter().all(|a| !except.contains(a)),
        },
    }
}

fn names_property(names: &[String], property: &str) -> bool {
    names.iter().any(|n| {
        n == property
            || n.strip_suffix('*')
                .is_some_and(|prefix| property.starts_with(prefix))
    })
}

impl Expectation {
    /// Does this entry concern `property` (of `kind`) for `profile` in `config`, whose sites
    /// fire from `origins`?
    pub fn matches(
        &self,
        profile: Profile,
        config: &Config,
        origins: &[OriginKind],
        property: &str,
        kind: PropertyKind,
    ) -> bool {
        let names = match kind {
            PropertyKind::Invariant => &self.violates,
            PropertyKind::Witness => &self.misses,
        };
        names_property(names, property)
            && self.profiles.contains(&profile)
            && self.scope.is_none_or(|s| s == config.scope)
            && self.main_key.is_none_or(|m| m == config.main_key)
            && self.min_agents.is_none_or(|n| config.agents >= n)
            && self
                .heartbeats
                .as_ref()
                .is_none_or(|h| h.contains(&config.heartbeats))
            && self
                .heartbeat
                .as_ref()
                .is_none_or(|h| h.contains(&config.heartbeat))
            && self
                .except_heartbeat
                .as_ref()
                .is_none_or(|h| !h.contains(&config.heartbeat))
            && self.faults.as_ref().is_none_or(|fs| {
                let on = config.faults.enabled();
                fs.iter().all(|f| on.contains(&f.as_str()))
            })
            && sites_match(
                self.sites.as_ref(),
                property_sites(property, &config.sites),
                kind,
            )
            && except_matches(
                self.except_sites.as_ref(),
                property_sites(property, &config.sites),
                kind,
            )
            && list_matches(self.origins.as_ref(), origins, kind)
    }
}

/// All expectations.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expectations {
    #[serde(rename = "expect", default)]
    pub entries: Vec<Expectation>,
}

impl Expectations {
    pub fn builtin() -> Expectations {
        Expectations::parse(EXPECTED_TOML, "model/expected.toml")
            .expect("the built-in expectations are valid (checked by a test)")
    }

    pub fn parse(src: &str, file: &str) -> Result<Expectations, SiteTableError> {
        let parsed: Expectations = toml::from_str(src).map_err(|e| SiteTableError {
            file: file.to_string(),
            line_col: e.span().map(|s| crate::site::line_col(src, s.start)),
            message: e.message().to_string(),
        })?;
        for e in &parsed.entries {
            if e.violates.is_empty() && e.misses.is_empty() {
                return Err(SiteTableError {
                    file: file.to_string(),
                    line_col: None,
                    message: format!(
                        "expectation {} names no property in `violates` or `misses`",
                        e.id
                    ),
                });
            }
        }
        Ok(parsed)
    }

    /// The expected verdict of `property` (of `kind`) for `profile` in `config`, with the ids
    /// of the entries that explain it.
    pub fn expected(
        &self,
        profile: Profile,
        config: &Config,
        origins: &[OriginKind],
        property: &str,
        kind: PropertyKind,
    ) -> (Verdict, Vec<String>) {
        let matching = |config: &Config| -> Vec<String> {
            self.entries
                .iter()
                .filter(|e| e.matches(profile, config, origins, property, kind))
                .map(|e| e.id.clone())
                .collect()
        };
        let mut ids = matching(config);
        if ids.is_empty() && kind == PropertyKind::Witness && config.sites.len() > 1 {
            // A witness of several sites is missing when it is missing for each site alone,
            // whichever entries say so (SPEC S3).
            let each: Vec<Vec<String>> = config
                .sites
                .iter()
                .map(|s| {
                    matching(&Config {
                        sites: vec![s.clone()],
                        ..config.clone()
                    })
                })
                .collect();
            if each.iter().all(|ids| !ids.is_empty()) {
                ids = each.concat();
            }
        }
        let mut seen = Vec::new();
        ids.retain(|id| {
            let new = !seen.contains(id);
            seen.push(id.clone());
            new
        });
        let verdict = match (ids.is_empty(), kind) {
            (false, PropertyKind::Invariant) => Verdict::Violated,
            (false, PropertyKind::Witness) => Verdict::Missing,
            (true, PropertyKind::Invariant) => Verdict::Holds,
            (true, PropertyKind::Witness) => Verdict::Witnessed,
        };
        (verdict, ids)
    }

    /// Every known bug or finding id, in file order, with its title.
    pub fn ids(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for e in &self.entries {
            if !out.iter().any(|(id, _)| *id == e.id) {
                out.push((e.id.clone(), e.title.clone()));
            }
        }
        out
    }
}
