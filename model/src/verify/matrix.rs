//! The configuration matrix `check` sweeps.

use serde::{Deserialize, Serialize};

use crate::config::{Bounds, Config, Faults, Heartbeats, MainKey, Scope};
use crate::profile::Profile;
use crate::site::SiteTable;

/// The dimensions of a sweep; every combination is one model to check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Matrix {
    pub profiles: Vec<Profile>,
    pub scopes: Vec<Scope>,
    pub main_keys: Vec<MainKey>,
    pub agents: Vec<u8>,
    /// Each entry is the list of sites of one configuration (usually one site).
    pub site_sets: Vec<Vec<String>>,
    pub heartbeats: Vec<Heartbeats>,
    pub bounds: Bounds,
    pub faults: Faults,
}

impl Matrix {
    /// The recommended matrix: every profile x scope x mainKey x 1 and 2 agents x each site of
    /// the table on its own, with upstream defaults and no faults.
    pub fn recommended(table: &SiteTable) -> Matrix {
        Matrix {
            profiles: Profile::ALL.to_vec(),
            scopes: Scope::ALL.to_vec(),
            main_keys: MainKey::ALL.to_vec(),
            agents: vec![1, 2],
            site_sets: table.names().into_iter().map(|n| vec![n]).collect(),
            heartbeats: vec![Heartbeats::All],
            bounds: Bounds::default(),
            faults: Faults::NONE,
        }
    }

    /// Every (profile, configuration) of the matrix, in a stable order.
    pub fn entries(&self) -> Vec<(Profile, Config)> {
        let mut out = Vec::new();
        for &profile in &self.profiles {
            for &scope in &self.scopes {
                for &main_key in &self.main_keys {
                    for &agents in &self.agents {
                        for &heartbeats in &self.heartbeats {
                            for sites in &self.site_sets {
                                out.push((
                                    profile,
                                    Config {
                                        scope,
                                        main_key,
                                        agents,
                                        heartbeats,
                                        sites: sites.clone(),
                                        origins: Vec::new(),
                                        bounds: self.bounds,
                                        faults: self.faults,
                                    },
                                ));
                            }
                        }
                    }
                }
            }
        }
        out
    }
}
