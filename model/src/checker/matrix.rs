//! The configuration matrix `check` sweeps.

use serde::{Deserialize, Serialize};

use crate::config::{Bounds, Config, Faults, HeartbeatSetting, Heartbeats, MainKey, Scope};
use crate::origin::OriginKind;
use crate::profile::Profile;
use crate::site::SiteTable;
use crate::spec::setup::RoutingModel;

/// The dimensions of a sweep; every combination that can fire is one model to check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Matrix {
    pub profiles: Vec<Profile>,
    pub scopes: Vec<Scope>,
    pub main_keys: Vec<MainKey>,
    pub agents: Vec<u8>,
    /// Each entry is the list of sites of one configuration (usually one site).
    pub site_sets: Vec<Vec<String>>,
    /// Each entry is the origins of one configuration; an empty entry means every origin of
    /// the sites, chosen by the model (the "mixed" sweep).
    pub origin_sets: Vec<Vec<OriginKind>>,
    pub heartbeats: Vec<Heartbeats>,
    pub bounds: Bounds,
    pub faults: Faults,
    pub mutation: Option<crate::mutation::Mutation>,
    /// Pairs of the single sites of `site_sets` checked together besides them (SPEC S3).
    #[serde(default)]
    pub site_pairs: SitePairs,
    /// The heartbeat settings swept besides `heartbeats` with the interval (SPEC H9 to H12).
    #[serde(default)]
    pub settings: SettingsSweep,
}

/// Which heartbeat settings a sweep checks (SPEC H9 to H12), besides every agent with an
/// interval heartbeat in its main session.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SettingsSweep {
    /// `heartbeats` as given, every agent with the interval setting.
    #[default]
    Interval,
    /// `check`'s default: besides those, each other setting (H10 to H12) with one agent, and
    /// heartbeats on the default agent only (H9) with two agents; default mainKey, every
    /// profile and scope, for a sample of sites and origins ([`SettingsSweep::sampled_in`]).
    Sampled,
    /// Every setting with every `heartbeats` value and `default-only`, in every configuration.
    All,
    /// These settings, in every configuration.
    Only(Vec<HeartbeatSetting>),
}

impl SettingsSweep {
    /// The (heartbeats, setting) pairs of the sweep, each with whether it is a sampled one
    /// (checked only where [`SettingsSweep::sampled_in`] says).
    fn combinations(&self, heartbeats: &[Heartbeats]) -> Vec<(Heartbeats, HeartbeatSetting, bool)> {
        let plain = |s| heartbeats.iter().map(move |&h| (h, s, false));
        match self {
            SettingsSweep::Interval => plain(HeartbeatSetting::Interval).collect(),
            SettingsSweep::Only(settings) => settings.iter().flat_map(|&s| plain(s)).collect(),
            SettingsSweep::Sampled => {
                let mut out: Vec<_> = plain(HeartbeatSetting::Interval).collect();
                out.extend(
                    HeartbeatSetting::ALL[1..]
                        .iter()
                        .map(|&s| (Heartbeats::All, s, true)),
                );
                if !heartbeats.contains(&Heartbeats::DefaultOnly) {
                    out.push((Heartbeats::DefaultOnly, HeartbeatSetting::Interval, true));
                }
                out
            }
            SettingsSweep::All => {
                let mut hs = heartbeats.to_vec();
                if !hs.contains(&Heartbeats::DefaultOnly) {
                    hs.push(Heartbeats::DefaultOnly);
                }
                HeartbeatSetting::ALL
                    .iter()
                    .flat_map(|&s| hs.iter().map(move |&h| (h, s, false)))
                    .collect()
            }
        }
    }

    /// Is a sampled combination checked with this many agents, mainKey, sites and origins? A
    /// setting of H10 to H12 changes only how each agent's own heartbeat runs, so one agent
    /// shows it; `default-only` needs a second agent to have none. The sample's sites are the
    /// background exec (exec completions, an exec-event wake) and the ACP stream (other events,
    /// a wake that inspects no exec completion); its origins the main session, a DM (where
    /// `heartbeat.session` points, H10) and a cron run.
    fn sampled_in(
        heartbeats: Heartbeats,
        agents: u8,
        main_key: MainKey,
        sites: &[String],
        origins: &[OriginKind],
    ) -> bool {
        const SITES: [&str; 2] = ["exec-exit", "acp-parent-stream"];
        const ORIGINS: [OriginKind; 3] = [OriginKind::Main, OriginKind::Dm, OriginKind::CronRun];
        main_key == MainKey::Default
            && agents
                == if heartbeats == Heartbeats::DefaultOnly {
                    2
                } else {
                    1
                }
            && sites.len() == 1
            && SITES.contains(&sites[0].as_str())
            && !origins.is_empty()
            && origins.iter().all(|o| ORIGINS.contains(o))
    }
}

impl std::str::FromStr for SettingsSweep {
    type Err = String;
    fn from_str(s: &str) -> Result<SettingsSweep, String> {
        match s {
            "interval" => Ok(SettingsSweep::Interval),
            "sampled" => Ok(SettingsSweep::Sampled),
            "all" => Ok(SettingsSweep::All),
            _ => {
                let settings = s
                    .split(',')
                    .map(|one| one.trim().parse::<HeartbeatSetting>())
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| {
                        format!("{e}; or one of the sweeps: interval (the default), sampled, all")
                    })?;
                Ok(SettingsSweep::Only(settings))
            }
        }
    }
}

/// Which pairs of sites a sweep checks in one model (SPEC S3), besides each site alone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SitePairs {
    /// None: one site per model.
    #[default]
    None,
    /// `check`'s default: every pair that meets, with one agent and the default mainKey
    /// (every profile, scope and origin). Where two sites' wakes merge, one agent already
    /// shows it (F10); two agents and the custom mainKey multiply the cost by about six.
    Sampled,
    /// Every pair of sites, in each configuration and origin in which they meet
    /// ([`RoutingModel::sites_meet`]).
    All,
}

impl SitePairs {
    pub const fn name(self) -> &'static str {
        match self {
            SitePairs::None => "none",
            SitePairs::Sampled => "sampled",
            SitePairs::All => "all",
        }
    }
}

impl std::str::FromStr for SitePairs {
    type Err = String;
    fn from_str(s: &str) -> Result<SitePairs, String> {
        [SitePairs::None, SitePairs::Sampled, SitePairs::All]
            .into_iter()
            .find(|p| p.name() == s)
            .ok_or_else(|| format!("unknown site-pairs choice `{s}`; choices: none, sampled, all"))
    }
}

/// Can sites `a` and `b` of `table` meet under `profile` in some configuration of the
/// recommended dimensions (scope, mainKey, one or two agents, an origin both fire from)? See
/// [`RoutingModel::sites_meet`]: the same queue, the same wake target, or one's wake peeking
/// the other's queue (SPEC S3). A pair that never meets is never checked as a pair.
pub fn sites_can_meet(profile: Profile, table: &SiteTable, a: &str, b: &str) -> bool {
    let m = Matrix {
        profiles: vec![profile],
        site_sets: vec![vec![a.to_string()], vec![b.to_string()]],
        site_pairs: SitePairs::All,
        ..Matrix::recommended(table)
    };
    m.entries(table).iter().any(|(_, c)| c.sites.len() == 2)
}

impl Matrix {
    /// The recommended matrix: every profile x scope x mainKey x 1 and 2 agents x each site of
    /// the table x each origin it fires from, with upstream defaults and no faults. One origin
    /// per model makes every violation attributable to its cause.
    pub fn recommended(table: &SiteTable) -> Matrix {
        Matrix {
            profiles: Profile::ALL.to_vec(),
            scopes: Scope::ALL.to_vec(),
            main_keys: MainKey::ALL.to_vec(),
            agents: vec![1, 2],
            site_sets: table.names().into_iter().map(|n| vec![n]).collect(),
            origin_sets: OriginKind::ALL.iter().map(|o| vec![*o]).collect(),
            heartbeats: vec![Heartbeats::All],
            bounds: Bounds::default(),
            faults: Faults::NONE,
            mutation: None,
            site_pairs: SitePairs::None,
            settings: SettingsSweep::Interval,
        }
    }

    /// The matrix of `heartbeat-spec check`: the recommended one, the sampled pairs of sites
    /// ([`SitePairs::Sampled`], SPEC S3) and the sampled heartbeat settings
    /// ([`SettingsSweep::Sampled`], SPEC H9 to H12).
    pub fn check(table: &SiteTable) -> Matrix {
        Matrix {
            site_pairs: SitePairs::Sampled,
            settings: SettingsSweep::Sampled,
            ..Matrix::recommended(table)
        }
    }

    /// The site sets of the sweep: `site_sets`, then the pairs of its single sites that
    /// `site_pairs` asks for, in table order. The flag says whether the set is such a pair,
    /// checked only where its sites meet.
    fn all_site_sets(&self) -> Vec<(Vec<String>, bool)> {
        let mut out: Vec<(Vec<String>, bool)> =
            self.site_sets.iter().map(|s| (s.clone(), false)).collect();
        if self.site_pairs != SitePairs::None {
            let singles: Vec<&String> = self
                .site_sets
                .iter()
                .filter(|s| s.len() == 1)
                .map(|s| &s[0])
                .collect();
            for (i, a) in singles.iter().enumerate() {
                for b in &singles[i + 1..] {
                    if a != b {
                        out.push((vec![a.to_string(), b.to_string()], true));
                    }
                }
            }
        }
        out
    }

    /// The fault sweep (`check --faults`, SPEC §12): every profile x scope x 1 and 2 agents x
    /// the exec and ACP sites x the main and cron-run origins, once per fault, each fault
    /// alone: a restart, a throwing wake handler, a failing run, the cron reaper, a queue cap of
    /// one event (with two events per origin, so that it can bite).
    pub fn faults(table: &SiteTable) -> Vec<Matrix> {
        let base = Matrix {
            main_keys: vec![MainKey::Default],
            site_sets: ["exec-exit", "acp-parent-stream"]
                .iter()
                .filter(|s| table.get(s).is_some())
                .map(|s| vec![s.to_string()])
                .collect(),
            origin_sets: vec![vec![OriginKind::Main], vec![OriginKind::CronRun]],
            ..Matrix::recommended(table)
        };
        let one = |faults: Faults, events_per_origin: u8| Matrix {
            faults,
            bounds: Bounds {
                events_per_origin,
                ..Bounds::default()
            },
            ..base.clone()
        };
        vec![
            one(
                Faults {
                    restarts: 1,
                    ..Faults::NONE
                },
                1,
            ),
            one(
                Faults {
                    handler_throws: 1,
                    ..Faults::NONE
                },
                1,
            ),
            one(
                Faults {
                    run_failures: 1,
                    ..Faults::NONE
                },
                1,
            ),
            one(
                Faults {
                    reaper: true,
                    ..Faults::NONE
                },
                1,
            ),
            one(
                Faults {
                    queue_cap: 1,
                    ..Faults::NONE
                },
                2,
            ),
        ]
    }

    /// Every (profile, configuration) of the matrix whose sites can fire from its origins, in a
    /// stable order.
    pub fn entries(&self, table: &SiteTable) -> Vec<(Profile, Config)> {
        let mut out = Vec::new();
        let site_sets = self.all_site_sets();
        let combinations = self.settings.combinations(&self.heartbeats);
        for &profile in &self.profiles {
            for &scope in &self.scopes {
                for &main_key in &self.main_keys {
                    for &agents in &self.agents {
                        for &(heartbeats, heartbeat, sampled) in &combinations {
                            // With one agent `default-only` is `all`: check it once.
                            let same_as_all = heartbeats == Heartbeats::DefaultOnly
                                && agents == 1
                                && combinations
                                    .iter()
                                    .any(|c| c.0 == Heartbeats::All && c.1 == heartbeat);
                            if same_as_all {
                                continue;
                            }
                            for (sites, pair) in &site_sets {
                                for origins in &self.origin_sets {
                                    if sampled
                                        && !SettingsSweep::sampled_in(
                                            heartbeats, agents, main_key, sites, origins,
                                        )
                                    {
                                        continue;
                                    }
                                    let fires_from = |o: &OriginKind, s: &String| {
                                        table.get(s).is_none_or(|site| site.origins.contains(o))
                                    };
                                    // A pair only from origins both fire from: from any other
                                    // it is one site alone.
                                    let fires = origins.is_empty()
                                        || origins.iter().any(|o| {
                                            o.exists_under(scope)
                                                && if *pair {
                                                    sites.iter().all(|s| fires_from(o, s))
                                                } else {
                                                    sites.iter().any(|s| fires_from(o, s))
                                                }
                                        });
                                    if !fires {
                                        continue;
                                    }
                                    let config = Config {
                                        scope,
                                        main_key,
                                        agents,
                                        heartbeats,
                                        heartbeat,
                                        sites: sites.clone(),
                                        origins: origins.clone(),
                                        bounds: self.bounds,
                                        faults: self.faults,
                                        mutation: self.mutation,
                                    };
                                    let sampled_out = self.site_pairs == SitePairs::Sampled
                                        && (agents != 1 || main_key != MainKey::Default);
                                    if *pair && sampled_out {
                                        continue;
                                    }
                                    if *pair
                                        && !RoutingModel::new(profile, config.clone(), table)
                                            .is_ok_and(|m| m.sites_meet(0, 1))
                                    {
                                        continue;
                                    }
                                    out.push((profile, config));
                                }
                            }
                        }
                    }
                }
            }
        }
        out
    }
}
