//! Expected verdicts: the known bugs and findings, kept as data in `model/expected.toml`.

use serde::{Deserialize, Serialize};

use crate::config::{Config, Heartbeats, MainKey, Scope};
use crate::origin::OriginKind;
use crate::profile::Profile;
use crate::properties::PropertyKind;
use crate::site::SiteTableError;
use crate::verify::Verdict;

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
    /// The property (invariant or witness name) it concerns.
    pub property: String,
    /// `violated` for an invariant (the default), `missing` for a witness.
    #[serde(default = "default_verdict")]
    pub verdict: Verdict,
    pub profiles: Vec<Profile>,
    #[serde(default)]
    pub scope: Option<Scope>,
    #[serde(default)]
    pub main_key: Option<MainKey>,
    /// Only with at least this many agents.
    #[serde(default)]
    pub min_agents: Option<u8>,
    /// Only for configurations with one of these sites.
    #[serde(default)]
    pub sites: Option<Vec<String>>,
    /// Only for these heartbeat settings.
    #[serde(default)]
    pub heartbeats: Option<Vec<Heartbeats>>,
    /// Only when some site of the configuration fires from one of these origins.
    #[serde(default)]
    pub origins: Option<Vec<OriginKind>>,
}

fn default_verdict() -> Verdict {
    Verdict::Violated
}

impl Expectation {
    /// Does this entry apply to `profile` in `config` (whose sites fire from `origins`)?
    pub fn matches(&self, profile: Profile, config: &Config, origins: &[OriginKind]) -> bool {
        self.profiles.contains(&profile)
            && self.scope.is_none_or(|s| s == config.scope)
            && self.main_key.is_none_or(|m| m == config.main_key)
            && self.min_agents.is_none_or(|n| config.agents >= n)
            && self
                .sites
                .as_ref()
                .is_none_or(|sites| config.sites.iter().any(|s| sites.contains(s)))
            && self
                .heartbeats
                .as_ref()
                .is_none_or(|h| h.contains(&config.heartbeats))
            && self
                .origins
                .as_ref()
                .is_none_or(|os| origins.iter().any(|o| os.contains(o)))
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
        toml::from_str(src).map_err(|e| SiteTableError {
            file: file.to_string(),
            line_col: e.span().map(|s| {
                let before = &src[..s.start];
                (
                    before.matches('\n').count() + 1,
                    before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
                )
            }),
            message: e.message().to_string(),
        })
    }

    /// The expected verdict of `property` (of `kind`) for `profile` in `config`, with the
    /// entries that make it so.
    pub fn expected(
        &self,
        profile: Profile,
        config: &Config,
        origins: &[OriginKind],
        property: &str,
        kind: PropertyKind,
    ) -> (Verdict, Vec<&Expectation>) {
        let hits: Vec<&Expectation> = self
            .entries
            .iter()
            .filter(|e| e.property == property && e.matches(profile, config, origins))
            .collect();
        let verdict = match (hits.first(), kind) {
            (Some(e), _) => e.verdict,
            (None, PropertyKind::Invariant) => Verdict::Holds,
            (None, PropertyKind::Witness) => Verdict::Witnessed,
        };
        (verdict, hits)
    }
}
