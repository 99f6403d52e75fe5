//! The cost of the pure routing functions (SPEC §1–§5), one call each, on the keys that matter:
//! a main key, a DM key, a cron-run key, a cron-run descendant and a messy spelling. Groups:
//! `parse/<era>` (parseAgentSessionKey), `event-key/<profile>` (resolveEventSessionKey),
//! `wake-options/<profile>` (scopedHeartbeatWakeOptions), `heartbeat-session/<profile>`
//! (resolveHeartbeatSession with the forced key), `queue-key/<profile>` (the queue an event
//! lands in) and `classify` (isExecCompletionEvent). Each iteration runs the function over the
//! whole key set, so a figure is the cost of five calls.
//! Run with `cargo bench -p heartbeat-bench --bench routing`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use heartbeat_routing::classify::exec_event::is_exec_completion_event;
use heartbeat_routing::keys::parse::parse_agent_session_key;
use heartbeat_routing::routing::config::{GatewayConfig, Scope};
use heartbeat_routing::routing::event_key::resolve_event_session_key;
use heartbeat_routing::routing::heartbeat_session::resolve_heartbeat_session;
use heartbeat_routing::routing::queue_key::queue_key_for_profile;
use heartbeat_routing::routing::wake_options::{WakeOptions, scoped_heartbeat_wake_options};
use heartbeat_routing::{ParserEra, Profile};

/// The origin keys every group runs over (one of each shape the model cares about).
const KEYS: [&str; 5] = [
    "agent:ops:main",
    "agent:ops:telegram:direct:42",
    "agent:ops:cron:nightly:run:r1",
    "agent:ops:cron:nightly:run:r1:subagent:w",
    "  AGENT:Ops:CRON:Nightly:RUN:R1  ",
];

/// Event texts for the classifier: structured, free text, trailing space, node form, noise.
const TEXTS: [&str; 5] = [
    "Exec failed (a1b2c3d4, code 1) :: make: *** [test] Error 1",
    "Nightly backup exec failed (see logs)",
    "Exec completed (a1b2c3d4, code 0) ",
    "Exec finished (node=mac-mini id=42, code 0)\nok",
    "HEARTBEAT_OK",
];

/// The releases with a distinct routing generation.
const PROFILES: [Profile; 4] = [
    Profile::Openclaw2026_5_7,
    Profile::Openclaw2026_5_12,
    Profile::Openclaw2026_9_6,
    Profile::Reference,
];

fn wake_options() -> WakeOptions {
    let mut o = WakeOptions::new();
    o.insert("source".into(), "exec-event".into());
    o.insert("intent".into(), "event".into());
    o.insert("reason".into(), "exec-event".into());
    o
}

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Elements(KEYS.len() as u64));
    for era in ParserEra::ALL {
        group.bench_function(format!("{era:?}"), |b| {
            b.iter(|| {
                for k in KEYS {
                    black_box(parse_agent_session_key(era, black_box(k)));
                }
            })
        });
    }
    group.finish();
}

fn routing(c: &mut Criterion) {
    let cfg = GatewayConfig::new(Scope::PerSender, Some("work"), &["main", "ops"]);
    let opts = wake_options();
    for (name, scope) in [("per-sender", Scope::PerSender), ("global", Scope::Global)] {
        let mut group = c.benchmark_group(format!("routing/{name}"));
        group.throughput(Throughput::Elements(KEYS.len() as u64));
        for profile in PROFILES {
            // 2026.5.7 has no resolveEventSessionKey: its sites use the raw key.
            if profile != Profile::Openclaw2026_5_7 {
                group.bench_function(format!("event-key/{profile}"), |b| {
                    b.iter(|| {
                        for k in KEYS {
                            let _ = black_box(resolve_event_session_key(
                                profile,
                                black_box(k),
                                Some("work"),
                                scope,
                            ));
                        }
                    })
                });
            }
            group.bench_function(format!("wake-options/{profile}"), |b| {
                b.iter(|| {
                    for k in KEYS {
                        black_box(scoped_heartbeat_wake_options(
                            profile,
                            black_box(k),
                            opts.clone(),
                            Some("work"),
                            scope,
                        ));
                    }
                })
            });
            let cfg = GatewayConfig {
                scope,
                ..cfg.clone()
            };
            group.bench_function(format!("heartbeat-session/{profile}"), |b| {
                b.iter(|| {
                    for k in KEYS {
                        let _ = black_box(resolve_heartbeat_session(
                            profile,
                            &cfg,
                            Some("ops"),
                            None,
                            Some(black_box(k)),
                        ));
                    }
                })
            });
            group.bench_function(format!("queue-key/{profile}"), |b| {
                b.iter(|| {
                    for k in KEYS {
                        let _ = black_box(queue_key_for_profile(
                            profile,
                            black_box(k),
                            "ops",
                            Some("work"),
                            scope,
                        ));
                    }
                })
            });
        }
        group.finish();
    }
}

fn classify(c: &mut Criterion) {
    let mut group = c.benchmark_group("classify");
    group.throughput(Throughput::Elements(TEXTS.len() as u64));
    group.bench_function("is-exec-completion-event", |b| {
        b.iter(|| {
            for t in TEXTS {
                black_box(is_exec_completion_event(black_box(t)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, parse, routing, classify);
criterion_main!(benches);
