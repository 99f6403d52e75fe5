//! Replay throughput: model steps per second through the runtime with the per-step comparison
//! (apply the action to the model, the operation to a gateway, abstract the gateway, compare).
//! Every path of depth 6 of one configuration is replayed from a fresh gateway each.
//! Run with `cargo bench -p heartbeat-bench --bench replay`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use heartbeat_model::origin::OriginKind;
use heartbeat_model::verify::search::all_paths;
use heartbeat_model::{Action, Config, MainKey, Profile, RoutingModel, Scope, SiteTable, State};
use heartbeat_spec::conformance::{HarnessOptions, replay};
use stateright::Model;

fn replay_throughput(c: &mut Criterion) {
    let mut group = c.benchmark_group("replay");
    group.sample_size(10);
    for profile in [Profile::Openclaw2026_5_12, Profile::Reference] {
        let mut config = Config::new(Scope::Global, MainKey::Default, 2, "exec-exit");
        config.origins = vec![OriginKind::CronRun];
        let model = RoutingModel::new(profile, config, &SiteTable::upstream()).expect("valid");
        let paths: Vec<(State, Vec<Action>)> = model
            .init_states()
            .into_iter()
            .flat_map(|init| {
                all_paths(&model, &init, 6)
                    .into_iter()
                    .map(move |p| (init.clone(), p))
            })
            .collect();
        let steps: u64 = paths.iter().map(|(_, p)| p.len() as u64).sum();
        group.throughput(Throughput::Elements(steps));
        group.bench_function(format!("every-path-depth-6/{profile}"), |b| {
            b.iter(|| {
                for (init, path) in &paths {
                    let h =
                        replay(&model, init, path, &HarnessOptions::default()).expect("conforms");
                    black_box(h);
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, replay_throughput);
criterion_main!(benches);
