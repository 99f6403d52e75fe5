//! The configuration matrix `check` sweeps.

use serde::{Deserialize, Serialize};

use crate::config::{Bounds, Config, Faults, Heartbeats, MainKey, Scope};
use crate::origin::OriginKind;
use crate::profile::Profile;
use crate::site::SiteTable;

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
        }
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
        for &profile in &self.profiles {
            for &scope in &self.scopes {
                for &main_key in &self.main_keys {
                    for &agents in &self.agents {
                        for &heartbeats in &self.heartbeats {
                            for sites in &self.site_sets {
                                for origins in &self.origin_sets {
                                    let fires = origins.is_empty()
                                        || origins.iter().any(|o| {
                                            o.exists_under(scope)
                                                && sites.iter().any(|s| {
                                                    table
                                                        .get(s)
                                                        .is_none_or(|site| site.origins.contains(o))
                                                })
                                        });
                                    if !fires {
                                        continue;
                                    }
                                    out.push((
                                        profile,
                                        Config {
                                            scope,
                                            main_key,
                                            agents,
                                            heartbeats,
                                            sites: sites.clone(),
                                            origins: origins.clone(),
                                            bounds: self.bounds,
                                            faults: self.faults,
                                            mutation: self.mutation,
                                        },
                                    ));
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
