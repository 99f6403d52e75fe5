//! CK2 (SPEC §11): exhaustive replay. Every path of the model up to a depth bound — all of
//! them, enumerated depth-first over `actions()` from every initial state — is replayed
//! through the gateway with the per-step comparison (α(gateway) = model state after each
//! step), for a set of configurations. Each test prints how many configurations, paths and
//! steps it replayed.
//!
//! Wider and deeper runs are `#[ignore]`d; run them with
//! `CONFORMANCE_DEPTH=6 cargo test --release --test conformance -- --ignored --nocapture conformance_exhaustive::`
//! (on 2 cores: about 6.5 minutes, 2,248 configurations, 41.9 million paths, 54.1 million steps).

use std::collections::BTreeSet;

use heartbeat_model::config::{Bounds, Faults, HeartbeatSetting, Heartbeats};
use heartbeat_model::origin::OriginKind;
use heartbeat_model::verify::matrix::{Matrix, SettingsSweep};
use heartbeat_model::verify::search::all_paths;
use heartbeat_model::{RoutingModel, Scope, SiteTable};
use heartbeat_spec::conformance::{
    Coverage, Harness, HarnessOptions, every_path, known_divergence, replay,
};
use stateright::Model;

/// Replays every path of every model of `matrix` to `depth`; returns (models, coverage).
fn sweep(matrix: &Matrix, depth: usize) -> (usize, Coverage) {
    sweep_sample(matrix, depth, 1)
}

/// [`sweep`] on every `every`th configuration of `matrix`, and on each configuration that
/// brings a value of a dimension ([`dimensions`]) the sample does not hold yet, so that no value
/// is left out.
fn sweep_sample(matrix: &Matrix, depth: usize, every: usize) -> (usize, Coverage) {
    let table = SiteTable::upstream();
    let mut seen: [BTreeSet<String>; 8] = Default::default();
    let mut sample = Vec::new();
    for (i, entry) in matrix.entries(&table).into_iter().enumerate() {
        let values = dimensions(&entry);
        let new = values.iter().zip(&seen).any(|(v, s)| !s.contains(v));
        if i % every == 0 || new {
            for (v, s) in values.into_iter().zip(&mut seen) {
                s.insert(v);
            }
            sample.push(entry);
        }
    }
    let mut models = 0;
    let mut total = Coverage::default();
    for (profile, config) in sample {
        let Ok(model) = RoutingModel::new(profile, config, &table) else {
            continue;
        };
        if known_divergence(&model).is_some() {
            continue;
        }
        match every_path(&model, depth, &HarnessOptions::default()) {
            Ok(c) => total += c,
            Err(m) => panic!("{m}"),
        }
        models += 1;
    }
    (models, total)
}

/// The value of each dimension of a configuration: profile, scope, mainKey, agents, heartbeats,
/// heartbeat setting, sites, origins.
fn dimensions((profile, c): &(heartbeat_model::Profile, heartbeat_model::Config)) -> [String; 8] {
    [
        profile.to_string(),
        format!("{:?}", c.scope),
        format!("{:?}", c.main_key),
        c.agents.to_string(),
        format!("{:?}", c.heartbeats),
        format!("{:?}", c.heartbeat),
        c.sites.join("+"),
        format!("{:?}", c.origins),
    ]
}

fn report(name: &str, depth: usize, (models, c): (usize, Coverage)) {
    println!(
        "{name}: depth {depth}: {models} configurations, {} paths ({} ending before the bound), {} steps replayed and compared",
        c.paths, c.complete_paths, c.steps
    );
    assert!(models > 0 && c.steps > 0, "{name} replayed nothing");
}

/// Tier 1 (`cargo test`) replays every path to depth 3, tier 2 to depth 4 (`CONFORMANCE_DEPTH`);
/// the deep sweep below goes to 6.
fn tier_depth() -> usize {
    crate::tier::size("CONFORMANCE_DEPTH", 3, 4)
}

/// The recommended matrices are sampled in tier 1: every third configuration, and each that
/// brings a profile, scope, mainKey, agent count, heartbeat setting, site or origin the sample
/// lacks ([`sweep_sample`]); tier 2 replays them all (`CONFORMANCE_SAMPLE`).
fn tier_sample() -> usize {
    crate::tier::size("CONFORMANCE_SAMPLE", 3, 1)
}

fn recommended(scope: Scope) -> Matrix {
    let table = SiteTable::upstream();
    Matrix {
        scopes: vec![scope],
        ..Matrix::recommended(&table)
    }
}

/// CK2 over the recommended matrix (every profile × mainKey × 1–2 agents × site × origin),
/// per-sender scope.
#[test]
fn ck2_every_path_conforms_recommended_per_sender() {
    let depth = tier_depth();
    report(
        "recommended, per-sender",
        depth,
        sweep_sample(&recommended(Scope::PerSender), depth, tier_sample()),
    );
}

/// CK2 over the recommended matrix, global scope.
#[test]
fn ck2_every_path_conforms_recommended_global() {
    let depth = tier_depth();
    report(
        "recommended, global",
        depth,
        sweep_sample(&recommended(Scope::Global), depth, tier_sample()),
    );
}

/// The fault configurations of SPEC §12 (G1–G5): each fault alone, one agent, two events per
/// origin, the exec and ACP sites from the main session and a cron run.
fn faults_matrix() -> Matrix {
    let table = SiteTable::upstream();
    let base = Matrix::recommended(&table);
    Matrix {
        agents: vec![1],
        site_sets: vec![vec!["exec-exit".into()], vec!["acp-parent-stream".into()]],
        origin_sets: vec![vec![OriginKind::Main], vec![OriginKind::CronRun]],
        main_keys: vec![heartbeat_model::MainKey::Custom],
        bounds: Bounds {
            events_per_origin: 2,
            ..Bounds::default()
        },
        ..base
    }
}

const FAULTS: [Faults; 5] = [
    Faults {
        restarts: 1,
        ..Faults::NONE
    },
    Faults {
        handler_throws: 1,
        ..Faults::NONE
    },
    Faults {
        run_failures: 1,
        ..Faults::NONE
    },
    Faults {
        reaper: true,
        ..Faults::NONE
    },
    Faults {
        queue_cap: 1,
        ..Faults::NONE
    },
];

/// CK2 with each fault of SPEC §12.
#[test]
fn ck2_every_path_conforms_with_faults() {
    // One agent: two steps deeper than the recommended matrices (5 in tier 1, 6 in tier 2).
    let depth = tier_depth() + 2;
    let mut models = 0;
    let mut total = Coverage::default();
    for faults in FAULTS {
        let (m, c) = sweep(
            &Matrix {
                faults,
                ..faults_matrix()
            },
            depth,
        );
        models += m;
        total += c;
    }
    report("faults", depth, (models, total));
}

/// CK2 with heartbeats on the default agent only or on none (R4 `disabled`, R10; H9: 2026.9.6
/// runs the targeted wakes of the agent without one), two agents, and with several origins per
/// agent and two interval ticks.
#[test]
fn ck2_every_path_conforms_heartbeat_settings_and_mixed_origins() {
    let table = SiteTable::upstream();
    let base = Matrix::recommended(&table);
    let depth = tier_depth();
    let (m1, c1) = sweep_sample(
        &Matrix {
            agents: vec![2],
            main_keys: vec![heartbeat_model::MainKey::Default],
            heartbeats: vec![Heartbeats::DefaultOnly, Heartbeats::None],
            ..base.clone()
        },
        depth,
        tier_sample(),
    );
    let (m2, c2) = sweep_sample(
        &Matrix {
            agents: vec![1],
            main_keys: vec![heartbeat_model::MainKey::Custom],
            origin_sets: vec![vec![]],
            bounds: Bounds {
                origins_per_agent: 2,
                interval_ticks: 2,
                ..Bounds::default()
            },
            ..base
        },
        depth,
        tier_sample(),
    );
    let mut total = c1;
    total += c2;
    report(
        "heartbeat settings and mixed origins",
        depth,
        (m1 + m2, total),
    );
}

/// The settings of H10 to H12 (`other-session`, `isolated`, `outside-active-hours`), each as
/// `check` samples it: one agent, the default mainKey, every profile, scope, site and origin.
fn settings_matrix() -> Matrix {
    let table = SiteTable::upstream();
    Matrix {
        agents: vec![1],
        main_keys: vec![heartbeat_model::MainKey::Default],
        settings: SettingsSweep::Only(HeartbeatSetting::ALL[1..].to_vec()),
        ..Matrix::recommended(&table)
    }
}

/// CK2 under each heartbeat setting: H10 (`heartbeat.session` names the agent's DM session),
/// H11 (isolated runs: `<session>:heartbeat`, no generic event inspected) and H12 (event wakes
/// outside the active hours: `quiet-hours` drops up to 2026.5.12), every path to the tier's
/// depth. H9 is the default-only sweep of
/// `ck2_every_path_conforms_heartbeat_settings_and_mixed_origins`.
#[test]
fn ck2_h10_h11_h12_every_path_conforms_under_each_setting() {
    let depth = tier_depth();
    report("H10-H12 settings", depth, sweep(&settings_matrix(), depth));
}

/// The exhaustive replay forks the gateway at each branch. Here each path is replayed from a
/// fresh gateway instead, and the coverage must be the same: forking hides nothing.
#[test]
fn ck2_fresh_replays_agree_with_forked_replays() {
    let table = SiteTable::upstream();
    let mut config = heartbeat_model::Config::new(
        Scope::Global,
        heartbeat_model::MainKey::Default,
        2,
        "exec-exit",
    );
    config.origins = vec![OriginKind::CronRun];
    let depth = tier_depth() + 2;
    for profile in [
        heartbeat_model::Profile::Openclaw2026_5_12,
        heartbeat_model::Profile::Reference,
    ] {
        let model = RoutingModel::new(profile, config.clone(), &table).unwrap();
        let forked =
            every_path(&model, depth, &HarnessOptions::default()).unwrap_or_else(|m| panic!("{m}"));
        let mut fresh = Coverage::default();
        for init in model.init_states() {
            for path in all_paths(&model, &init, depth) {
                let h: Harness = replay(&model, &init, &path, &HarnessOptions::default())
                    .unwrap_or_else(|m| panic!("{m}"));
                assert_eq!(h.path(), path.as_slice());
                fresh.paths += 1;
                fresh.steps += path.len() as u64;
            }
        }
        assert_eq!(fresh.paths, forked.paths, "{profile}");
        println!(
            "{profile}: {} paths replayed fresh ({} steps); forked: {} paths, {} steps",
            fresh.paths, fresh.steps, forked.paths, forked.steps
        );
    }
}

/// The wide sweep: every matrix above, deeper. `CONFORMANCE_DEPTH` (default 6).
#[test]
#[ignore = "minutes; run with --release --ignored"]
fn ck2_every_path_conforms_deep() {
    let depth = crate::tier::size("CONFORMANCE_DEPTH", 6, 6);
    let table = SiteTable::upstream();
    report(
        "recommended",
        depth,
        sweep(&Matrix::recommended(&table), depth),
    );
    report("H10-H12 settings", depth, sweep(&settings_matrix(), depth));
    let mut models = 0;
    let mut total = Coverage::default();
    for faults in FAULTS {
        let (m, c) = sweep(
            &Matrix {
                faults,
                agents: vec![1, 2],
                main_keys: heartbeat_model::MainKey::ALL.to_vec(),
                ..faults_matrix()
            },
            depth,
        );
        models += m;
        total += c;
    }
    report("faults", depth, (models, total));
}
