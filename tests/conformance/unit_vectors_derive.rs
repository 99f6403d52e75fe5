//! The unit tests of `heartbeat_spec::vectors::derive` (`src/vectors/derive.rs`), kept out of the
//! library so that `cargo test` compiles it once.

use heartbeat_model::verify::search::shortest_path;

use heartbeat_model::config::HeartbeatSetting;
use heartbeat_model::properties::specs;
use heartbeat_model::{Profile, RoutingModel, SiteTable};
use heartbeat_spec::vectors::derive::*;
use heartbeat_spec::vectors::format::{AgentConfig, Op, ScenarioConfig};

/// EV8: the one search finds, for every property, the path `shortest_path` finds for it
/// alone (the derivation's claim "the shortest path, as the checker's search finds it").
#[test]
fn one_search_finds_each_shortest_path() {
    let table = SiteTable::upstream();
    let mut compared = 0;
    for profile in [Profile::Openclaw2026_5_7, Profile::Reference] {
        for config in configurations(profile, &table, 1).into_iter().step_by(7) {
            let model = RoutingModel::new(profile, config, &table).unwrap();
            let specs = specs(&model);
            for (spec, found) in specs.iter().zip(shortest_discoveries(&model, &specs)) {
                let alone = shortest_path(&model, |m, s| spec.is_discovery(m, s), usize::MAX);
                assert_eq!(found, alone, "{profile} {} {}", model.config, spec.label);
                compared += 1;
            }
        }
    }
    assert!(compared > 100, "{compared}");
}

/// EV8: the coda is the same operations whatever the profile: rounds of a tick one interval
/// later and every agent's run finishing.
#[test]
fn the_coda_is_profile_independent() {
    let config = ScenarioConfig {
        scope: heartbeat_routing::routing::config::Scope::PerSender,
        main_key: "main".into(),
        agents: ["main", "ops"]
            .iter()
            .map(|id| AgentConfig {
                id: (*id).into(),
                heartbeat: true,
                setting: HeartbeatSetting::Interval,
                ran_recently: false,
            })
            .collect(),
        interval_ms: 60_000,
        queue_cap: 20,
        start_ms: 0,
    };
    let ops = coda(&config, 5_000);
    assert_eq!(ops.len(), CODA_ROUNDS * 3);
    assert_eq!(ops[0], (65_000, Op::Tick));
    assert_eq!(
        ops[2],
        (
            67_000,
            Op::FinishRun {
                agent: "ops".into()
            }
        )
    );
    assert_eq!(ops[3], (127_000, Op::Tick));
}
