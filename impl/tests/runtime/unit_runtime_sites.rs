//! The unit tests of `heartbeat_routing::runtime::sites` (`impl/src/runtime/sites.rs`), kept out of
//! the library so that `cargo test` compiles it once.

use heartbeat_vocab::SiteTable;

use heartbeat_routing::routing::config::{GatewayConfig, Scope};
use heartbeat_routing::runtime::GatewayError;
use heartbeat_routing::runtime::sites::*;
use heartbeat_vocab::site::{KeyPolicy, WakePolicy};
use heartbeat_vocab::{OriginKind, Profile};

fn cfg(scope: Scope, mk: Option<&str>) -> GatewayConfig {
    GatewayConfig::new(scope, mk, &["main", "ops"])
}

#[test]
fn origin_kinds_of_real_keys() {
    let c = cfg(Scope::PerSender, Some(" Work "));
    let p = Profile::Openclaw2026_5_12;
    let kind = |k| origin_kind_of_key(p, &c, k);
    assert_eq!(kind("agent:ops:work"), Some(OriginKind::Main));
    assert_eq!(kind("agent:ops:telegram:direct:42"), Some(OriginKind::Dm));
    assert_eq!(kind("agent:ops:discord:group:g1"), Some(OriginKind::Group));
    assert_eq!(kind("agent:ops:cron:nightly"), Some(OriginKind::CronBase));
    assert_eq!(
        kind("agent:ops:cron:nightly:run:r1"),
        Some(OriginKind::CronRun)
    );
    assert_eq!(
        kind("agent:ops:cron:nightly:run:r1:subagent:w1"),
        Some(OriginKind::CronRunChild)
    );
    assert_eq!(kind("agent:ops:subagent:w1"), Some(OriginKind::Subagent));
    assert_eq!(kind("global"), Some(OriginKind::BareGlobal));
    assert_eq!(
        kind("agent:ops:main"),
        None,
        "literal main under mainKey work"
    );
    let g = cfg(Scope::Global, None);
    assert_eq!(origin_kind_of_key(p, &g, "global"), Some(OriginKind::Main));
}

/// E9, W9: the cron service's main session of an agent is `agent:<a>:<mainKey>` whatever the
/// scope up to 2026.5.12 (observed in 2026.5.12's cron wrapper), and follows the scope from
/// 2026.9.6; the wake names the agent and the same key.
#[test]
fn e9_w9_agent_main_key_and_wake() {
    let table = SiteTable::upstream();
    let site = table.get("cron-main-job").unwrap();
    for (profile, scope, key, queue) in [
        (
            Profile::Openclaw2026_5_12,
            Scope::Global,
            "agent:ops:work",
            "agent:ops:work",
        ),
        (
            Profile::Openclaw2026_5_7,
            Scope::Global,
            "agent:ops:work",
            "agent:ops:work",
        ),
        (
            Profile::Openclaw2026_9_6,
            Scope::Global,
            "global",
            "agent:ops:global",
        ),
        (
            Profile::Openclaw2026_9_6,
            Scope::PerSender,
            "agent:ops:work",
            "agent:ops:work",
        ),
        (
            Profile::Openclaw2026_5_12,
            Scope::PerSender,
            "agent:ops:work",
            "agent:ops:work",
        ),
    ] {
        let c = cfg(scope, Some("Work"));
        let origin = if scope == Scope::Global {
            "global"
        } else {
            "agent:ops:work"
        };
        let r = route(profile, &c, site, "ops", origin).unwrap();
        assert_eq!(r.event_key, key, "{profile} {scope:?}");
        assert_eq!(r.queue_key, queue, "{profile} {scope:?}");
        let wake = r.wake.expect("a wake");
        assert_eq!(wake["agentId"], "ops", "{profile} {scope:?}");
        assert_eq!(wake["sessionKey"], key, "{profile} {scope:?}");
        assert_eq!(wake["source"], "cron");
    }
}

/// E10, W10: the reference routes a `raw` / `session-key` site (task-notice) through its
/// event route and scoped wake; 2026.5.12 keeps the cron-run key and wakes it (F8).
#[test]
fn e10_w10_reference_routes_raw_sites() {
    let table = SiteTable::upstream();
    let site = table.get("task-notice").unwrap();
    let c = cfg(Scope::PerSender, None);
    let run = "agent:ops:cron:nightly:run:r1";
    let r = route(Profile::Reference, &c, site, "ops", run).unwrap();
    assert_eq!(r.event_key, "agent:ops:main");
    assert_eq!(r.wake.unwrap()["sessionKey"], "agent:ops:main");
    let r = route(Profile::Openclaw2026_5_12, &c, site, "ops", run).unwrap();
    assert_eq!(r.event_key, run);
    assert_eq!(r.wake.unwrap()["sessionKey"], run);
}

/// SPEC §7 `wake.skip`: session-state-notice wakes no subagent watcher in the releases the
/// skip names, and does under the reference (whose event route and scoped wake send the
/// event to the main session, E10, W10); other origins are woken everywhere. Written from
/// the table's fields by this crate alone (CK6).
#[test]
fn section7_skip_list_and_wake_policy_none() {
    let table = SiteTable::upstream();
    let site = table.get("session-state-notice").unwrap();
    let c = cfg(Scope::PerSender, None);
    for profile in Profile::ALL {
        let sub = route(profile, &c, site, "ops", "agent:ops:subagent:w1").unwrap();
        assert_eq!(
            sub.wake.is_some(),
            profile == Profile::Reference,
            "{profile}"
        );
        let dm = route(profile, &c, site, "ops", "agent:ops:telegram:direct:42").unwrap();
        assert!(dm.wake.is_some(), "{profile}");
        assert!(requests_wake(profile, site, None), "{profile}");
    }
    assert_eq!(
        site_policies(Profile::Reference, site),
        (KeyPolicy::EventRoute, WakePolicy::Scoped)
    );
    assert_eq!(
        site_policies(Profile::Openclaw2026_9_6, site),
        (KeyPolicy::Raw, WakePolicy::SessionKey)
    );
    let mut silent = site.clone();
    silent.wake.policy = WakePolicy::None;
    silent.reference_wake = None;
    for profile in Profile::ALL {
        assert!(!requests_wake(profile, &silent, Some(OriginKind::Main)));
        let r = route(profile, &c, &silent, "ops", "agent:ops:main").unwrap();
        assert_eq!(r.wake, None, "{profile}");
    }
}

/// The exec site as a table adapter agrees with `routing::exec_site` (the routing table's
/// source) on every profile, scope and origin.
#[test]
fn exec_exit_adapter_agrees_with_the_exec_site_function() {
    let table = SiteTable::upstream();
    let site = table.get("exec-exit").unwrap();
    let keys = [
        "agent:ops:main",
        "agent:ops:work",
        "agent:ops:telegram:direct:42",
        "agent:ops:cron:nightly",
        "agent:ops:cron:nightly:run:r1",
        "agent:ops:cron:nightly:run:r1:subagent:w1",
        "agent:ops:subagent:w1",
        "global",
    ];
    for profile in Profile::ALL {
        for scope in [Scope::PerSender, Scope::Global] {
            for mk in [None, Some("Work")] {
                let c = cfg(scope, mk);
                for key in keys {
                    let ours = route(profile, &c, site, "ops", key);
                    let theirs = heartbeat_routing::routing::exec_site::background_exec_exit(
                        profile, &c, "ops", key,
                    );
                    match (ours, theirs) {
                        (Ok(a), Ok(b)) => {
                            assert_eq!(a.event_key, b.event_key, "{profile} {key}");
                            assert_eq!(a.queue_key, b.queue_key, "{profile} {key}");
                            assert_eq!(a.wake, b.wake, "{profile} {scope:?} {key}");
                        }
                        (Err(GatewayError::Routing(a)), Err(b)) => assert_eq!(a, b),
                        (a, b) => panic!("{profile} {key}: {a:?} vs {b:?}"),
                    }
                }
            }
        }
    }
}

/// W11: per-sender, the reference's scoped wake for a sentinel (`global`, `unknown`) names the
/// owner's main session under the configured mainKey, where Q5 files the event, and carries no
/// agent id; under global scope it carries the agent id alone (W8). 2026.9.6 adds the agent id
/// for a raw `global` whatever the scope (T1). A session-key wake keeps the raw key and the
/// agent id (W7, T1).
#[test]
fn w11_reference_sentinel_wakes_name_the_owners_main_session() {
    let table = SiteTable::upstream();
    let exec = table.get("exec-exit").unwrap();
    let wake = |profile, scope, key| {
        let c = cfg(scope, Some("Work"));
        let w = route(profile, &c, exec, "ops", key).unwrap().wake.unwrap();
        let field = |f: &str| w.get(f).and_then(|v| v.as_str()).map(str::to_string);
        (field("sessionKey"), field("agentId"))
    };
    for key in ["global", " Unknown "] {
        assert_eq!(
            wake(Profile::Reference, Scope::PerSender, key),
            (Some("agent:ops:work".into()), None),
            "{key}"
        );
        assert_eq!(
            wake(Profile::Reference, Scope::Global, key),
            (None, Some("ops".into())),
            "{key}"
        );
    }
    assert_eq!(
        wake(Profile::Openclaw2026_9_6, Scope::PerSender, "global"),
        (None, Some("ops".into())),
        "2026.9.6 as observed"
    );
    let by_key = table
        .sites
        .iter()
        .filter(|s| site_policies(Profile::Reference, s).1 == WakePolicy::SessionKey)
        .find(|s| s.origins.contains(&OriginKind::Main))
        .expect("a session-key site");
    let c = cfg(Scope::PerSender, Some("Work"));
    let w = route(Profile::Reference, &c, by_key, "ops", "global")
        .unwrap()
        .wake
        .unwrap();
    assert_eq!(w.get("sessionKey").and_then(|v| v.as_str()), Some("global"));
    assert_eq!(w.get("agentId").and_then(|v| v.as_str()), Some("ops"));
}
