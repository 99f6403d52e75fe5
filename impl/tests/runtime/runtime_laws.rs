//! Algebraic laws of the runtime's queue keys and queues (quickcheck): normalisation and
//! remapping are idempotent through the runtime's own queue keys (Q1–Q6, E6), each key is a
//! FIFO (A8), the cap keeps the newest `cap` events and drops the oldest (A8, R12), and events
//! never leak between keys (SPEC A8; observed on 2026.5.12 and 2026.9.6: `AGENT:Ops:GLOBAL` and `agent:ops:global` are two queues, then one).

use heartbeat_routing::routing::config::{GatewayConfig, Scope};
use heartbeat_routing::routing::queue_key::queue_key_for_profile;
use heartbeat_routing::runtime::event::Provenance;
use heartbeat_routing::runtime::queue::{EnqueueRequest, Enqueued, SystemEventQueues};
use heartbeat_routing::runtime::sites::route;
use heartbeat_vocab::{Profile, SiteTable};
use quickcheck::{Arbitrary, Gen, QuickCheck, TestResult};

/// A session key built from the pieces routing cares about, in messy spellings.
#[derive(Debug, Clone)]
struct Key(String);

impl Arbitrary for Key {
    fn arbitrary(g: &mut Gen) -> Key {
        let agents = ["main", "ops", "Ops", " OPS", "research"];
        let rests = [
            "main",
            "work",
            "Work",
            "global",
            "telegram:direct:42",
            "discord:Group:G1",
            "cron:nightly",
            "cron:nightly:run:r1",
            "CRON:Nightly:RUN:R1:subagent:w1",
            "subagent:w1",
            "signal:group:AbC",
            "matrix:channel:!Room:srv",
        ];
        let heads = ["agent", "AGENT", "Agent"];
        let key = match u8::arbitrary(g) % 8 {
            0 => g
                .choose(&["global", " global ", "Global", "unknown", "main"])
                .unwrap()
                .to_string(),
            1 => String::arbitrary(g),
            _ => format!(
                "{}{}:{}:{}{}",
                g.choose(&["", " ", "\t"]).unwrap(),
                g.choose(&heads).unwrap(),
                g.choose(&agents).unwrap(),
                g.choose(&rests).unwrap(),
                g.choose(&["", " "]).unwrap(),
            ),
        };
        Key(key)
    }
}

fn profiles() -> [Profile; 6] {
    Profile::ALL
}

fn qc() -> QuickCheck {
    QuickCheck::new().tests(2000).max_tests(20_000)
}

/// Q1/Q4: the queue's own key normalisation is idempotent, in every profile.
#[test]
fn q1_q4_queue_key_normalisation_is_idempotent() {
    fn prop(k: Key) -> bool {
        profiles().into_iter().all(|p| {
            let q = SystemEventQueues::new(p, 20);
            match q.normalize_key(&k.0) {
                Ok(n) => q.normalize_key(&n) == Ok(n),
                Err(_) => true,
            }
        })
    }
    qc().quickcheck(prop as fn(Key) -> bool);
}

/// Q3/Q5/Q6: a queue key, resolved again for the same owner, is itself.
#[test]
fn q3_q5_q6_owner_queue_keys_are_idempotent() {
    fn prop(k: Key, global: bool, custom: bool) -> bool {
        let scope = if global {
            Scope::Global
        } else {
            Scope::PerSender
        };
        let mk = custom.then_some(" Work ");
        profiles().into_iter().all(|p| {
            ["main", "ops"].into_iter().all(|owner| {
                match queue_key_for_profile(p, &k.0, owner, mk, scope) {
                    Ok(q) => queue_key_for_profile(p, &q, owner, mk, scope) == Ok(q),
                    Err(_) => true,
                }
            })
        })
    }
    qc().quickcheck(prop as fn(Key, bool, bool) -> bool);
}

/// E6 through a site: routing an event whose origin key is already a routed key files it in
/// the same queue (remapping is idempotent through the runtime's queue keys).
#[test]
fn e6_site_routing_is_idempotent() {
    fn prop(k: Key, global: bool) -> TestResult {
        let table = SiteTable::upstream();
        let scope = if global {
            Scope::Global
        } else {
            Scope::PerSender
        };
        let cfg = GatewayConfig::new(scope, Some("work"), &["main", "ops"]);
        let mut checked = 0;
        for p in profiles() {
            for site in &table.sites {
                let r = |key: &str| route(p, &cfg, site, "ops", key);
                let Ok(first) = r(&k.0) else { continue };
                let Ok(second) = r(&first.event_key) else {
                    return TestResult::error(format!(
                        "{p} {}: re-routing {first:?} fails",
                        site.name
                    ));
                };
                if second.queue_key != first.queue_key || second.event_key != first.event_key {
                    return TestResult::error(format!(
                        "{p} {}: {first:?} then {second:?}",
                        site.name
                    ));
                }
                checked += 1;
            }
        }
        if checked == 0 {
            TestResult::discard()
        } else {
            TestResult::passed()
        }
    }
    qc().quickcheck(prop as fn(Key, bool) -> TestResult);
}

fn provenance() -> Provenance {
    Provenance {
        site: "laws".into(),
        agent: "ops".into(),
        origin_session_key: "agent:ops:main".into(),
    }
}

const KEYS: [&str; 3] = [
    "agent:ops:main",
    "agent:ops:telegram:direct:42",
    "agent:main:main",
];

/// A8: per key, events come out in the order they went in; no event leaks to another key; the
/// cap keeps the newest events and reports the oldest as dropped (R12's input).
#[test]
fn a8_fifo_per_key_cap_and_no_cross_key_leakage() {
    fn prop(ops: Vec<(u8, u8)>, cap: u8) -> bool {
        let cap = usize::from(cap % 5) + 1;
        profiles().into_iter().all(|p| {
            let mut q = SystemEventQueues::new(p, cap);
            let mut model: Vec<Vec<String>> = vec![Vec::new(); KEYS.len()];
            let mut dropped_all: Vec<Vec<String>> = vec![Vec::new(); KEYS.len()];
            for (n, (k, _)) in ops.iter().enumerate() {
                let k = usize::from(*k) % KEYS.len();
                let text = format!("event {n}");
                match q.enqueue(KEYS[k], EnqueueRequest::new(&text, provenance(), n as u64)) {
                    Ok(Enqueued::Accepted { dropped, .. }) => {
                        model[k].push(text);
                        dropped_all[k].extend(dropped.into_iter().map(|e| e.text));
                    }
                    _ => return false,
                }
            }
            KEYS.iter().enumerate().all(|(k, key)| {
                let texts: Vec<String> = q.peek(key).into_iter().map(|e| e.text).collect();
                let keep = model[k].len().saturating_sub(cap);
                texts == model[k][keep..] && dropped_all[k] == model[k][..keep]
            }) && q.len() == model.iter().map(|m| m.len().min(cap)).sum::<usize>()
        })
    }
    qc().quickcheck(prop as fn(Vec<(u8, u8)>, u8) -> bool);
}

/// A8: events enqueued under one key are never seen under a key that normalises
/// differently, whatever the spellings.
#[test]
fn a8_no_leakage_between_spellings() {
    fn prop(a: Key, b: Key) -> bool {
        profiles().into_iter().all(|p| {
            let mut q = SystemEventQueues::new(p, 20);
            let (Ok(na), Ok(nb)) = (q.normalize_key(&a.0), q.normalize_key(&b.0)) else {
                return true;
            };
            q.enqueue(&a.0, EnqueueRequest::new("from a", provenance(), 0))
                .is_ok()
                && (q.peek(&b.0).iter().any(|e| e.text == "from a") == (na == nb))
        })
    }
    qc().quickcheck(prop as fn(Key, Key) -> bool);
}
