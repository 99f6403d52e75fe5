//! Property tests of the routing core over generated session keys and configurations, with both
//! proptest and quickcheck. Each test names the SPEC.md rule it checks.
//!
//! Generated main keys never contain `:`. A main key with a colon is accepted by upstream but
//! builds keys of another shape (`work:x`, or `:x` which P4 cannot parse, or `cron:j:run:r`
//! which is a cron-run key), so the routing properties do not hold for it; SPEC.md N3 says so
//! and `colon_main_keys_break_the_remap` pins that down.

use heartbeat_routing::generation;
use heartbeat_routing::keys::cron::is_cron_run_session_key;
use heartbeat_routing::keys::normalize::{
    is_valid_agent_id, normalize_agent_id, normalize_main_key,
};
use heartbeat_routing::keys::parse::parse_agent_session_key;
use heartbeat_routing::routing::config::{GatewayConfig, Scope};
use heartbeat_routing::routing::delivery::Delivery;
use heartbeat_routing::routing::event_key::resolve_event_session_key;
use heartbeat_routing::routing::exec_site::{background_exec_exit, exec_event_wake_options};
use heartbeat_routing::routing::heartbeat_runs::heartbeat_runs_for_wake;
use heartbeat_routing::routing::wake_options::scoped_heartbeat_wake_options;
use heartbeat_routing::{RoutingError, generation::CronRunForm};
use heartbeat_vocab::Profile;
use proptest::prelude::*;
use quickcheck::{Arbitrary, Gen, QuickCheck};

// ------------------------------------------------------------------------------------------
// Generators

const AGENT_IDS: &[&str] = &[
    "ops", "Ops", "OPS", " ops ", "main", "Bad Id!", "a_b-c", "ünï", "---", "x", "_lead", "Ωmega",
];
const AGENT_PREFIXES: &[&str] = &["agent", "AGENT", "Agent", " agent", "\tagent"];
const MAIN_KEYS: &[Option<&str>] = &[
    None,
    Some("main"),
    Some("MAIN"),
    Some(" Main "),
    Some(""),
    Some("   "),
    Some("work"),
    Some(" Work "),
    Some("WORK"),
    Some("wörk"),
];
const SCOPES: &[Option<&str>] = &[
    None,
    Some("per-sender"),
    Some("global"),
    Some("Global"),
    Some("bogus"),
];

/// The rest shapes of SPEC K1 and A2, with case and whitespace variations.
fn rest_strategy() -> impl Strategy<Value = String> {
    let id = "[a-zA-Z0-9_-]{1,6}";
    prop_oneof![
        Just("main".to_string()),
        Just("MAIN".to_string()),
        Just("work".to_string()),
        id.prop_map(|j| format!("cron:{j}")),
        (id, id).prop_map(|(j, r)| format!("cron:{j}:run:{r}")),
        (id, id).prop_map(|(j, r)| format!("CRON:{j}:RUN:{r}")),
        (id, id, id).prop_map(|(j, r, w)| format!("cron:{j}:run:{r}:subagent:{w}")),
        (id, id, id).prop_map(|(j, r, t)| format!("cron:{j}:run:{r}:thread:{t}")),
        id.prop_map(|w| format!("subagent:{w}")),
        (id, id).prop_map(|(a, b)| format!("subagent:{a}:subagent:{b}")),
        id.prop_map(|a| format!("acp:{a}")),
        id.prop_map(|p| format!("telegram:direct:{p}")),
        id.prop_map(|g| format!("discord:group:{g}")),
        id.prop_map(|g| format!("Signal:Group:{g}")),
        Just("global".to_string()),
        Just("cron::run:r".to_string()),
        Just("cron:job:run:".to_string()),
        "\\PC{0,12}",
    ]
}

/// Keys: agent keys of every shape, with empty segments and whitespace, plus arbitrary text.
fn key_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (
            prop::sample::select(AGENT_PREFIXES),
            prop::sample::select(AGENT_IDS),
            rest_strategy(),
            prop::sample::select(&["", ":", " "][..]),
            prop::sample::select(&["", " ", "\u{feff}"][..]),
        )
            .prop_map(|(p, a, r, sep, pad)| format!("{pad}{p}:{a}:{sep}{r}{pad}")),
        1 => prop::sample::select(&["global", "unknown", "main", " GLOBAL ", "", "agent::x", "agent:ops"][..])
            .prop_map(str::to_string),
        1 => "\\PC{0,24}",
        1 => any::<String>(),
    ]
}

/// Cron-run origins (runs and run descendants) of generated agents.
fn cron_run_origin_strategy() -> impl Strategy<Value = (String, String)> {
    let id = "[a-zA-Z0-9_-]{1,6}";
    (
        prop::sample::select(AGENT_PREFIXES),
        prop::sample::select(AGENT_IDS),
        id,
        id,
        prop::sample::select(&["", ":subagent:w1", ":thread:t1"][..]),
    )
        .prop_map(|(p, a, j, r, tail)| (a.to_string(), format!("{p}:{a}:cron:{j}:run:{r}{tail}")))
}

fn config(scope: Option<&str>, main_key: Option<&str>, origin_agent: &str) -> GatewayConfig {
    let origin = normalize_agent_id(Some(origin_agent));
    GatewayConfig::new(Scope::from_value(scope), main_key, &["main", &origin])
}

// ------------------------------------------------------------------------------------------
// E6 / E7: resolveEventSessionKey is idempotent, and a remapped key keeps its agent.

fn event_key(p: Profile, key: &str, mk: Option<&str>, sc: Option<&str>) -> Option<String> {
    match resolve_event_session_key(p, key, mk, Scope::from_value(sc)) {
        Ok(k) => Some(k),
        Err(RoutingError::Unavailable { .. }) => None,
        Err(e) => panic!("resolveEventSessionKey never throws: {e}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// E6: resolveEventSessionKey(resolveEventSessionKey(k)) == resolveEventSessionKey(k), in
    /// every profile that has the function.
    #[test]
    fn e6_event_key_is_idempotent(
        key in key_strategy(),
        mk in prop::sample::select(MAIN_KEYS),
        sc in prop::sample::select(SCOPES),
    ) {
        for p in Profile::ALL {
            let Some(once) = event_key(p, &key, mk, sc) else { continue };
            let twice = event_key(p, &once, mk, sc).expect("available");
            prop_assert_eq!(&twice, &once, "{} on {:?}", p, key);
        }
    }

    /// E7: a remapped key (other than the literal `global`) parses, in the profile's own parser,
    /// to the normalised agent of the original key.
    #[test]
    fn e7_remapped_key_keeps_the_normalised_agent(
        key in key_strategy(),
        mk in prop::sample::select(MAIN_KEYS),
        sc in prop::sample::select(SCOPES),
    ) {
        for p in Profile::ALL {
            let Some(out) = event_key(p, &key, mk, sc) else { continue };
            if out == key || out == "global" {
                continue;
            }
            let era = generation(p).parser;
            let before = parse_agent_session_key(era, &key).expect("only agent keys are remapped");
            let after = parse_agent_session_key(era, &out);
            prop_assert!(after.is_some(), "{} remapped {:?} to unparseable {:?}", p, key, out);
            prop_assert_eq!(
                after.map(|a| a.agent_id),
                Some(normalize_agent_id(Some(&before.agent_id))),
                "{} on {:?}", p, key
            );
        }
    }

    /// W7: from openclaw-2026.5.12 on, no wake requested for a cron-run origin carries a
    /// cron-run session key (the heartbeat never runs inside a cron run).
    #[test]
    fn w7_no_cron_run_wake_from_5_12_on(
        (_, key) in cron_run_origin_strategy(),
        mk in prop::sample::select(MAIN_KEYS),
        sc in prop::sample::select(SCOPES),
    ) {
        for p in [Profile::Openclaw2026_5_12, Profile::Openclaw2026_9_6, Profile::Reference] {
            let wake = scoped_heartbeat_wake_options(
                p, &key, exec_event_wake_options(), mk, Scope::from_value(sc));
            if let Some(target) = wake.get("sessionKey").and_then(|v| v.as_str()) {
                prop_assert!(
                    !is_cron_run_session_key(generation(p).parser, CronRunForm::Descendants, target),
                    "{} wakes {:?} for {:?}", p, target, key
                );
            }
        }
        // Before the fix it did: the raw key is the wake's target.
        let v1 = scoped_heartbeat_wake_options(
            Profile::Openclaw2026_5_7, &key, exec_event_wake_options(), mk, Scope::from_value(sc));
        prop_assert_eq!(v1.get("sessionKey").and_then(|v| v.as_str()), Some(key.as_str()));
    }

    /// T3: at the exec site, for a cron-run origin, the queue the event is enqueued under is
    /// drained by the heartbeat the same site wakes (outside a cron-run session) — false in
    /// 5.7 (per-sender: it runs inside the cron run; global: stranded), true in 5.12, 9.6 and
    /// the reference, and in the PR #50818 drafts only for per-sender scope with the default
    /// main key.
    #[test]
    fn t3_enqueue_queue_is_the_drained_queue_per_profile(
        (agent, key) in cron_run_origin_strategy(),
        mk in prop::sample::select(MAIN_KEYS),
        sc in prop::sample::select(SCOPES),
    ) {
        let cfg = config(sc, mk, &agent);
        let owner = normalize_agent_id(Some(&agent));
        for p in Profile::ALL {
            let site = background_exec_exit(p, &cfg, &owner, &key).expect("the site enqueues");
            let wake = site.wake.expect("a cron-run origin always wakes");
            let runs = heartbeat_runs_for_wake(p, &cfg, &wake).expect("the runner resolves");
            let untargeted = !wake.contains_key("sessionKey") && !wake.contains_key("agentId");
            let verdict = Delivery::judge(&site.queue_key, Some(&runs), untargeted);
            let expected = match p {
                Profile::Openclaw2026_5_7 => false,
                Profile::Pr50818UntargetedCronWake | Profile::Pr50818LiteralMain => {
                    cfg.scope == Scope::PerSender && normalize_main_key(mk) == "main"
                }
                Profile::Openclaw2026_5_12 | Profile::Openclaw2026_9_6 | Profile::Reference => true,
            };
            prop_assert_eq!(
                verdict.is_drained_outside_cron_runs(), expected,
                "{} {:?} scope={:?} mainKey={:?}: {} (queue {:?}, runs {:?})",
                p, key, sc, mk, verdict, site.queue_key, runs
            );
            if p == Profile::Openclaw2026_5_7 && cfg.scope == Scope::PerSender {
                prop_assert!(verdict != Delivery::Surfaced);
            }
        }
    }
}

/// N3 (limits of E7/W7): a main key with a colon makes the remap build keys of another shape.
#[test]
fn colon_main_keys_break_the_remap() {
    let run = "agent:ops:cron:j:run:r";
    // P4 cannot parse `agent:ops::x`: the remapped key is unparseable in 9.6.
    let out =
        resolve_event_session_key(Profile::Openclaw2026_9_6, run, Some(":x"), Scope::PerSender);
    assert_eq!(out, Ok("agent:ops::x".to_string()));
    assert_eq!(
        parse_agent_session_key(generation(Profile::Openclaw2026_9_6).parser, "agent:ops::x"),
        None
    );
    // A main key shaped like a run makes the wake target a cron-run-shaped key.
    let wake = scoped_heartbeat_wake_options(
        Profile::Openclaw2026_5_12,
        run,
        exec_event_wake_options(),
        Some("cron:j:run:r2"),
        Scope::PerSender,
    );
    assert_eq!(wake["sessionKey"], "agent:ops:cron:j:run:r2");
}

// ------------------------------------------------------------------------------------------
// quickcheck: N1 / N3 normalisation, and E6 again with quickcheck's own generator.

/// A key assembled from upstream's building blocks by quickcheck.
#[derive(Debug, Clone)]
struct QcKey(String);

impl Arbitrary for QcKey {
    fn arbitrary(g: &mut Gen) -> Self {
        let pick = |g: &mut Gen, xs: &[&str]| (*g.choose(xs).expect("non-empty")).to_string();
        let rests = [
            "main",
            "cron:nightly",
            "cron:nightly:run:r1",
            "CRON:N:RUN:R:subagent:w",
            "subagent:w1",
            "telegram:direct:42",
            "discord:group:g1",
            ":main",
            "",
            "global",
        ];
        let key = match u8::arbitrary(g) % 4 {
            0 => String::arbitrary(g),
            1 => pick(g, &["global", "unknown", " Main ", "agent::x", "cron:job"]),
            _ => format!(
                "{}:{}:{}",
                pick(g, AGENT_PREFIXES),
                pick(g, AGENT_IDS),
                pick(g, &rests)
            ),
        };
        QcKey(key)
    }

    fn shrink(&self) -> Box<dyn Iterator<Item = Self>> {
        Box::new(self.0.shrink().map(QcKey))
    }
}

/// N1: normalizeAgentId's output is non-empty, at most 64 characters of `[a-z0-9_-]`, and a
/// valid agent id unless it starts with `_` (upstream keeps a leading underscore: `_x`
/// normalises to itself although it is not a valid id). It is idempotent except when the output
/// starts with `_` and its 64-character cut ends in `-` (upstream does the same); two calls are
/// always a fixpoint.
#[test]
fn n1_normalize_agent_id_is_idempotent_and_well_formed() {
    fn prop(s: String) -> bool {
        let once = normalize_agent_id(Some(&s));
        let well_formed = !once.is_empty()
            && once.chars().count() <= 64
            && once
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
            && (is_valid_agent_id(Some(&once)) || once.starts_with('_'));
        let twice = normalize_agent_id(Some(&once));
        let idempotent = twice == once
            || (once.starts_with('_')
                && once.ends_with('-')
                && normalize_agent_id(Some(&twice)) == twice);
        idempotent && well_formed
    }
    QuickCheck::new()
        .tests(2000)
        .quickcheck(prop as fn(String) -> bool);
    let gap = format!("_{}!z", "y".repeat(62));
    for s in ["_x", "a-", &"a".repeat(200), "Ωmega", "\u{feff}", &gap] {
        assert!(prop(s.to_string()), "{s:?}");
    }
}

/// N3: normalizeMainKey is idempotent and never blank or padded.
#[test]
fn n3_normalize_main_key_is_idempotent_and_well_formed() {
    fn prop(s: String) -> bool {
        let once = normalize_main_key(Some(&s));
        normalize_main_key(Some(&once)) == once
            && !once.is_empty()
            && heartbeat_routing::js::trim(&once) == once
    }
    QuickCheck::new()
        .tests(2000)
        .quickcheck(prop as fn(String) -> bool);
}

/// E6 (quickcheck): idempotence of resolveEventSessionKey over quickcheck's keys.
#[test]
fn e6_event_key_is_idempotent_quickcheck() {
    fn prop(k: QcKey, mk_i: u8, sc_i: u8) -> bool {
        let mk = MAIN_KEYS[mk_i as usize % MAIN_KEYS.len()];
        let sc = SCOPES[sc_i as usize % SCOPES.len()];
        Profile::ALL
            .iter()
            .all(|&p| match event_key(p, &k.0, mk, sc) {
                None => true,
                Some(once) => event_key(p, &once, mk, sc).as_deref() == Some(once.as_str()),
            })
    }
    QuickCheck::new()
        .tests(2000)
        .quickcheck(prop as fn(QcKey, u8, u8) -> bool);
}

/// K1–K12 robustness: no function panics or hangs on a 256 KiB key, in any profile (quadratic
/// work on one would be some 10^10 steps).
#[test]
fn huge_keys_are_handled_in_every_profile() {
    huge_keys_are_handled(1 << 18);
}

/// The same on 1 MiB keys (tier 2).
#[test]
#[ignore = "tier 2: four times the tier-1 keys"]
fn mib_keys_are_handled_in_every_profile() {
    huge_keys_are_handled(1 << 20);
}

fn huge_keys_are_handled(bytes: usize) {
    let huge_run = format!("agent:ops:cron:j:run:{}", "r".repeat(bytes));
    let huge_colons = ":".repeat(bytes);
    let huge_signal = format!("agent:ops:{}", "signal:group:X:".repeat(bytes / 16));
    for p in Profile::ALL {
        let cfg = GatewayConfig::new(Scope::PerSender, Some("work"), &["main", "ops"]);
        for key in [&huge_run, &huge_colons, &huge_signal] {
            let site = background_exec_exit(p, &cfg, "ops", key);
            if let Ok(site) = site
                && let Some(w) = site.wake
            {
                let _ = heartbeat_runs_for_wake(p, &cfg, &w);
            }
        }
        let out = event_key(p, &huge_run, Some("work"), None);
        if let Some(out) = out {
            let expected = if p.is_draft() {
                "agent:ops:main"
            } else {
                "agent:ops:work"
            };
            assert_eq!(out, expected, "{p}");
        }
    }
}
