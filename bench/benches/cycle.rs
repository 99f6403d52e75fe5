//! The cost of one heartbeat cycle through the runtime: a site enqueues an exec completion
//! from a cron run (routed, queued, wake requested), the wake is dispatched (a heartbeat
//! starts and peeks), the run finishes (consumes and surfaces), and the agent's interval
//! comes due again. Run with `cargo bench -p heartbeat-bench --bench cycle`.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use heartbeat_routing::Profile;
use heartbeat_routing::routing::config::Scope;
use heartbeat_routing::runtime::ops::{FireWakeOutcome, RunEnd};
use heartbeat_routing::runtime::{Gateway, GatewayOptions, ManualClock};

const TEXT: &str = "Exec failed (a1b2c3d4, code 1) :: make: *** [test] Error 1";

fn gateway(profile: Profile, scope: Scope) -> Gateway {
    let options = GatewayOptions::new(profile, scope, Some("work"), &["main", "ops"]);
    Gateway::new(&options, Arc::new(ManualClock::new(0))).expect("valid options")
}

fn one_cycle(g: &Gateway) {
    let out = g
        .enqueue_at_site("exec-exit", "ops", "agent:ops:cron:nightly:run:r1", TEXT)
        .expect("enqueued");
    let target = out.wake_target.expect("a wake");
    let started = g.fire_wake(&target).expect("dispatched");
    assert!(
        matches!(started, FireWakeOutcome::Started(_)),
        "{started:?}"
    );
    let end = g.finish_run("ops").expect("finished");
    assert!(matches!(&end, RunEnd::Ended { surfaced, .. } if surfaced.len() == 1));
    g.time_passes("ops").expect("due");
    black_box(end);
}

fn cycle(c: &mut Criterion) {
    for profile in [
        Profile::Openclaw2026_5_12,
        Profile::Openclaw2026_9_6,
        Profile::Reference,
    ] {
        for scope in [Scope::PerSender, Scope::Global] {
            let name = format!("cycle/{profile}/{}", scope.as_str());
            // One cycle on a gateway that has already run a thousand (steady state).
            c.bench_function(&name, |b| {
                b.iter_batched(
                    || {
                        let g = gateway(profile, scope);
                        for _ in 0..1000 {
                            one_cycle(&g);
                        }
                        g
                    },
                    |g| {
                        one_cycle(&g);
                        g // dropped outside the measurement
                    },
                    BatchSize::LargeInput,
                )
            });
        }
    }
}

criterion_group!(benches, cycle);
criterion_main!(benches);
