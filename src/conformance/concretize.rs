//! Concretisation: the real strings the conformance driver uses for the model's abstract
//! names — an origin's session key, a session's key, an event's text. The abstraction function
//! maps each back to what it came from (α(γ(x)) = x, SPEC §11).

use heartbeat_model::config::Config;
use heartbeat_model::origin::OriginKind;
use heartbeat_model::routing::{Session, SessionKind};
use heartbeat_model::site::{EventClass, Site};
use heartbeat_model::{RoutingModel, Scope};
use heartbeat_routing::classify::exec_event::is_exec_completion_event;
use heartbeat_routing::keys::normalize::normalize_main_key;

/// The rest of an agent key of each session kind (the model's example keys, SPEC A2), with the
/// main session under the configured main key, normalised.
pub fn rest(kind: SessionKind, main_key: &str) -> String {
    match kind {
        SessionKind::Main => normalize_main_key(Some(main_key)),
        SessionKind::LiteralMain => "main".into(),
        SessionKind::Dm => "telegram:direct:42".into(),
        SessionKind::Group => "discord:group:g1".into(),
        SessionKind::CronBase => "cron:nightly".into(),
        SessionKind::CronRun => "cron:nightly:run:r1".into(),
        SessionKind::CronRunChild => "cron:nightly:run:r1:subagent:w1".into(),
        SessionKind::Subagent => "subagent:w1".into(),
        SessionKind::Global => "global".into(),
    }
}

/// The key of an abstract session.
pub fn session_key(session: Session, main_key: &str) -> String {
    match session {
        Session::Global => "global".into(),
        Session::Agent(a, kind) => {
            format!("agent:{}:{}", Config::agent_name(a), rest(kind, main_key))
        }
    }
}

/// The session key an origin of `agent` has: the main session is `global` under global scope,
/// the bare legacy key is `global` (SPEC A2).
pub fn origin_key(model: &RoutingModel, agent: u8, origin: OriginKind, main_key: &str) -> String {
    let kind = match (origin, model.config.scope) {
        (OriginKind::BareGlobal, _) | (OriginKind::Main, Scope::Global) => {
            return "global".into();
        }
        (OriginKind::Main, _) => SessionKind::Main,
        (OriginKind::Dm, _) => SessionKind::Dm,
        (OriginKind::Group, _) => SessionKind::Group,
        (OriginKind::CronBase, _) => SessionKind::CronBase,
        (OriginKind::CronRun, _) => SessionKind::CronRun,
        (OriginKind::CronRunChild, _) => SessionKind::CronRunChild,
        (OriginKind::Subagent, _) => SessionKind::Subagent,
    };
    session_key(Session::Agent(agent, kind), main_key)
}

/// A text of `class` in the shape `site` writes, made distinct by `n` (the model's events are
/// distinct, SPEC A7; the runtime's duplicate rules would otherwise suppress repeats). The
/// suffix goes at the end, inside the structured form's `:: …` tail, so the class is kept.
pub fn event_text(site: &Site, class: EventClass, n: u32) -> String {
    let sample = site
        .events
        .iter()
        .find(|e| e.class == class)
        .map_or("event", |e| e.text.as_str());
    let text = format!("{sample} (#{n})");
    debug_assert_eq!(
        is_exec_completion_event(&text),
        class == EventClass::ExecCompletion,
        "{text:?} keeps its class"
    );
    text
}
