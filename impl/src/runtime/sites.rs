//! Enqueue sites as adapters over the site table (`heartbeat_vocab::site`, SPEC §7): for a
//! site, the agent whose session fires it and that session's key, the key the event is filed
//! under, the queue that is, and the wake the site requests — all through the profile's pure
//! routing functions, on real strings. The table is shared data; what an entry means here
//! (which policy applies, whether a wake is requested at all) is this crate's own reading of
//! SPEC §7, written independently of the model's.

use heartbeat_vocab::site::{KeyPolicy, Site, WakePolicy};
use heartbeat_vocab::{Mutation, OriginKind, Profile};

use crate::error::RoutingError;
use crate::generation::generation;
use crate::js;
use crate::keys::cron::{is_cron_run_session_key, is_cron_session_key};
use crate::keys::normalize::{build_agent_main_session_key, normalize_main_key};
use crate::keys::parse::parse_agent_session_key;
use crate::keys::sentinel::is_unscoped_session_key_sentinel;
use crate::keys::subagent::is_subagent_session_key;
use crate::routing::config::{GatewayConfig, Scope};
use crate::routing::event_key::resolve_event_session_key;
use crate::routing::wake_options::{WakeOptions, scoped_heartbeat_wake_options};
use crate::runtime::error::GatewayError;
use crate::runtime::queue::queue_key_of;
use crate::runtime::rules::RuntimeRules;

/// Where a site files one event, and the wake it asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteRoute {
    /// The origin's key, trimmed.
    pub origin_key: String,
    /// The key after the site's key policy (E rules, or the raw key).
    pub event_key: String,
    /// The queue it lands in (Q rules).
    pub queue_key: String,
    /// The wake options (W rules), or `None` when the site requests no wake.
    pub wake: Option<WakeOptions>,
}

/// The kind of session a key names, by the profile's own predicates (the site table speaks of
/// origin kinds: `skip` lists them). `None` for a key of no listed kind.
pub fn origin_kind_of_key(profile: Profile, cfg: &GatewayConfig, key: &str) -> Option<OriginKind> {
    let g = generation(profile);
    if is_unscoped_session_key_sentinel(key) {
        return Some(match cfg.scope {
            Scope::Global => OriginKind::Main,
            Scope::PerSender => OriginKind::BareGlobal,
        });
    }
    let parsed = parse_agent_session_key(g.parser, key)?;
    let rest = js::trim_lower(&parsed.rest);
    let segments: Vec<&str> = rest.split(':').collect();
    let kind = if is_cron_run_session_key(g.parser, g.cron_run, key) {
        // The exact run form is a run; anything longer is one of its descendants.
        if segments.len() > 4 {
            OriginKind::CronRunChild
        } else {
            OriginKind::CronRun
        }
    } else if is_cron_session_key(g.parser, key) {
        if rest.contains(":run:") {
            OriginKind::CronRunChild
        } else {
            OriginKind::CronBase
        }
    } else if is_subagent_session_key(g.parser, key) {
        OriginKind::Subagent
    } else if rest == normalize_main_key(cfg.main_key()) {
        OriginKind::Main
    } else if segments
        .iter()
        .take(3)
        .any(|s| *s == "direct" || *s == "dm")
    {
        OriginKind::Dm
    } else if segments
        .iter()
        .take(3)
        .any(|s| *s == "group" || *s == "channel")
    {
        OriginKind::Group
    } else {
        return None;
    };
    Some(kind)
}

/// The options every wake of `site` starts from: its source, intent, reason and coalescing.
pub fn base_wake_options(site: &Site) -> WakeOptions {
    let mut opts = WakeOptions::new();
    let spec = &site.wake;
    for (k, v) in [
        ("source", &spec.source),
        ("intent", &spec.intent),
        ("reason", &spec.reason),
    ] {
        if !v.is_empty() {
            opts.insert(k.into(), serde_json::Value::String(v.clone()));
        }
    }
    if let Some(ms) = spec.coalesce_ms {
        opts.insert("coalesceMs".into(), serde_json::Value::from(ms));
    }
    opts
}

/// The key and wake policies `site` follows under `profile` (SPEC §7 `key`, `wake.policy`): the
/// ones the table declares, except where the profile routes sites by their `reference_key` and
/// `reference_wake` and the table gives them (E10, W10).
pub fn site_policies(profile: Profile, site: &Site) -> (KeyPolicy, WakePolicy) {
    let (key, wake) = (site.key, site.wake.policy);
    if RuntimeRules::of(profile).reference_site_routing {
        (
            site.reference_key.unwrap_or(key),
            site.reference_wake.unwrap_or(wake),
        )
    } else {
        (key, wake)
    }
}

/// Does `site` request a wake for an event from a session of kind `origin` under `profile`
/// (SPEC §7 `wake.policy`, `wake.skip`)? Not when its wake policy is `none`; not when a `skip`
/// entry names the origin for this profile. A key of no listed kind is never skipped.
pub fn requests_wake(profile: Profile, site: &Site, origin: Option<OriginKind>) -> bool {
    if site.wake.policy == WakePolicy::None {
        return false;
    }
    let Some(origin) = origin else {
        return true;
    };
    !site
        .wake
        .skip
        .iter()
        .filter(|skip| skip.origin == origin)
        .any(|skip| skip.profiles.contains(&profile))
}

/// The cron service's main session of `agent` (E9): `resolveAgentMainSessionKey` up to
/// 2026.5.12, whatever the scope; the scope's main session (`global` under scope global) from
/// 2026.9.6 on.
pub fn agent_main_key(profile: Profile, cfg: &GatewayConfig, agent: &str) -> String {
    let rules = RuntimeRules::of(profile);
    if rules.agent_main_follows_scope && cfg.scope == Scope::Global {
        "global".to_string()
    } else {
        build_agent_main_session_key(Some(agent), cfg.main_key())
    }
}

/// Routes one event of `site` from the session `origin_key` of agent `agent` (a normalised id).
pub fn route(
    profile: Profile,
    cfg: &GatewayConfig,
    site: &Site,
    agent: &str,
    origin_key: &str,
) -> Result<SiteRoute, GatewayError> {
    route_mutated(profile, cfg, site, agent, origin_key, None)
}

/// `route`, with one decision broken on purpose (SPEC CK4): `drop-cron-run-remap`,
/// `raw-wake-session`, `untargeted-wakes` and `shared-global-queue` are broken here; any other
/// mutation routes as [`route`] does.
pub fn route_mutated(
    profile: Profile,
    cfg: &GatewayConfig,
    site: &Site,
    agent: &str,
    origin_key: &str,
    mutation: Option<Mutation>,
) -> Result<SiteRoute, GatewayError> {
    let key = js::trim(origin_key);
    let (mk, sc) = (cfg.main_key(), cfg.scope);
    // The reference's own key and wake policy where the table gives one (E10, W10).
    let (key_policy, wake_policy) = site_policies(profile, site);
    let origin = origin_kind_of_key(profile, cfg, key);
    let event_key = match key_policy {
        // Broken on purpose: cron-run events keep their raw key (PR #80214's remap forgotten).
        KeyPolicy::EventRoute
            if mutation == Some(Mutation::DropCronRunRemap)
                && matches!(origin, Some(OriginKind::CronRun | OriginKind::CronRunChild)) =>
        {
            key.to_string()
        }
        KeyPolicy::Raw => key.to_string(),
        KeyPolicy::EventRoute => {
            match resolve_event_session_key(profile, key, mk, sc) {
                // 2026.5.7 has no resolveEventSessionKey: the sites use the raw key (E1).
                Err(RoutingError::Unavailable { .. }) => key.to_string(),
                other => other?,
            }
        }
        KeyPolicy::AgentMain => agent_main_key(profile, cfg, agent),
    };
    let shared_global = mutation == Some(Mutation::SharedGlobalQueue);
    let queue_key = queue_key_of(profile, &event_key, agent, mk, sc, shared_global)?;
    let wake = match wake_policy {
        _ if !requests_wake(profile, site, origin) => None,
        // A `reference_wake` of none asks for no wake either.
        WakePolicy::None => None,
        // Broken on purpose: the wake loses its target, so every agent's heartbeat runs.
        _ if mutation == Some(Mutation::UntargetedWakes) => {
            return Ok(SiteRoute {
                origin_key: key.to_string(),
                event_key,
                queue_key,
                wake: Some(base_wake_options(site)),
            });
        }
        // Broken on purpose: the scoped wake forces the origin's own session.
        WakePolicy::Scoped if mutation == Some(Mutation::RawWakeSession) => {
            let mut o = base_wake_options(site);
            o.insert(
                "sessionKey".into(),
                serde_json::Value::String(key.to_string()),
            );
            return Ok(SiteRoute {
                origin_key: key.to_string(),
                event_key,
                queue_key,
                wake: Some(o),
            });
        }
        WakePolicy::Scoped => Some(scoped_heartbeat_wake_options(
            profile,
            key,
            base_wake_options(site),
            mk,
            sc,
        )),
        WakePolicy::SessionKey => {
            let mut o = base_wake_options(site);
            o.insert(
                "sessionKey".into(),
                serde_json::Value::String(key.to_string()),
            );
            Some(o)
        }
        WakePolicy::AgentMain => {
            let mut o = base_wake_options(site);
            o.insert(
                "agentId".into(),
                serde_json::Value::String(agent.to_string()),
            );
            o.insert(
                "sessionKey".into(),
                serde_json::Value::String(agent_main_key(profile, cfg, agent)),
            );
            Some(o)
        }
    };
    // 2026.9.6 and reference: a sentinel names no agent, so the owner's id goes along; the
    // reference's scoped wake names the owner's main session instead, per-sender (W11).
    let rules = RuntimeRules::of(profile);
    let wake = wake.map(|mut opts| {
        let sentinel = is_unscoped_session_key_sentinel(key);
        if sentinel
            && rules.main_session_for_sentinel_wakes
            && wake_policy == WakePolicy::Scoped
            && sc == Scope::PerSender
        {
            let main = build_agent_main_session_key(Some(agent), mk);
            opts.insert("sessionKey".into(), serde_json::Value::String(main));
        } else if rules.owner_for_sentinel_wakes && sentinel {
            opts.insert(
                "agentId".into(),
                serde_json::Value::String(agent.to_string()),
            );
        }
        opts
    });
    Ok(SiteRoute {
        origin_key: key.to_string(),
        event_key,
        queue_key,
        wake,
    })
}
