//! The abstraction function (SPEC §11, rules L1–L14): the concrete gateway's state — real key
//! strings, real events, timers — mapped to the model's [`State`]. It reads strings only by
//! parsing them; it never calls the routing functions whose answers it judges.

use std::collections::BTreeMap;
use std::fmt;

use heartbeat_model::config::{AGENT_NAMES, AgentId, HeartbeatSetting};
use heartbeat_model::origin::OriginKind;
use heartbeat_model::routing::{Queue, Session, SessionKind, WakeTarget};
use heartbeat_model::site::{EventClass, WakeKind};
use heartbeat_model::state::{
    AgentSet, Event, EventStatus, Guard, Loss, PendingWake, Run, State, WakePhase, agent_bit, seen,
};
use heartbeat_model::{MainKey, RoutingModel, Scope};
use heartbeat_routing::classify::exec_event::is_exec_completion_event;
use heartbeat_routing::keys::normalize::normalize_main_key;
use heartbeat_routing::runtime::GatewayState;
use heartbeat_routing::runtime::ledger::{Fate, LossCause};
use heartbeat_routing::runtime::runner::{GuardState, ISOLATED_SUFFIX};
use heartbeat_routing::runtime::wake::{WakeRequest, WakeTimer};

/// A concrete state that has no abstract counterpart: the runtime holds something the model
/// cannot express (a bug in one of the two, or a configuration the abstraction does not know).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AbstractionError(pub String);

impl fmt::Display for AbstractionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no abstract counterpart: {}", self.0)
    }
}

impl std::error::Error for AbstractionError {}

type Result<T> = std::result::Result<T, AbstractionError>;

fn fail<T>(msg: impl Into<String>) -> Result<T> {
    Err(AbstractionError(msg.into()))
}

/// What the abstraction needs to know about the configuration: how many agents, the normalised
/// main key, the scope. Checked against the model's configuration once (L1).
#[derive(Debug, Clone)]
pub struct Abstraction<'m> {
    model: &'m RoutingModel,
    main_key: String,
}

impl<'m> Abstraction<'m> {
    /// L1: the gateway and the model describe the same configuration.
    pub fn new(model: &'m RoutingModel, gateway: &GatewayState) -> Result<Abstraction<'m>> {
        let cfg = gateway.config();
        let main_key = normalize_main_key(cfg.main_key());
        let expected = match model.config.main_key {
            MainKey::Default => main_key == "main",
            MainKey::Custom => main_key != "main",
        };
        if !expected {
            return fail(format!(
                "mainKey `{main_key}` is not the model's {:?}",
                model.config.main_key
            ));
        }
        let scope = match cfg.scope {
            heartbeat_routing::routing::config::Scope::PerSender => Scope::PerSender,
            heartbeat_routing::routing::config::Scope::Global => Scope::Global,
        };
        if scope != model.config.scope || gateway.profile() != model.profile {
            return fail("scope or profile differ from the model's");
        }
        let ids = cfg.agent_ids();
        let names: Vec<&str> = AGENT_NAMES[..usize::from(model.config.agents)].to_vec();
        if ids != names {
            return fail(format!("agents {ids:?} are not the model's {names:?}"));
        }
        Ok(Abstraction { model, main_key })
    }

    /// L2: an agent id is the model's agent of that name.
    pub fn agent(&self, id: &str) -> Result<AgentId> {
        AGENT_NAMES[..usize::from(self.model.config.agents)]
            .iter()
            .position(|n| *n == id)
            .map(|i| i as AgentId)
            .ok_or_else(|| AbstractionError(format!("agent `{id}` is not configured")))
    }

    fn agents(&self, ids: impl IntoIterator<Item = impl AsRef<str>>) -> Result<AgentSet> {
        ids.into_iter()
            .try_fold(0, |set, id| Ok(set | agent_bit(self.agent(id.as_ref())?)))
    }

    /// L3: the rest of an agent key, by its shape.
    pub fn session_kind(&self, rest: &str) -> Result<SessionKind> {
        let s: Vec<&str> = rest.split(':').collect();
        let nonempty = |i: usize| s.get(i).is_some_and(|x| !x.is_empty());
        let kind = if rest == self.main_key {
            SessionKind::Main
        } else if rest == "main" {
            SessionKind::LiteralMain
        } else if rest == "global" {
            SessionKind::Global
        } else if s[0] == "cron" && s.len() == 2 && nonempty(1) {
            SessionKind::CronBase
        } else if s[0] == "cron" && s.len() >= 4 && nonempty(1) && s[2] == "run" && nonempty(3) {
            if s.len() == 4 {
                SessionKind::CronRun
            } else {
                SessionKind::CronRunChild
            }
        } else if s[0] == "subagent" && s.len() >= 2 {
            SessionKind::Subagent
        } else if let Some(i) = s.iter().position(|x| *x == "direct" || *x == "dm")
            && i <= 2
            && i + 1 < s.len()
        {
            SessionKind::Dm
        } else if let Some(i) = s.iter().position(|x| *x == "group" || *x == "channel")
            && i <= 2
            && i + 1 < s.len()
        {
            SessionKind::Group
        } else {
            return fail(format!("session rest `{rest}` is of no modelled kind"));
        };
        Ok(kind)
    }

    fn split(&self, key: &str) -> Result<Option<(AgentId, SessionKind)>> {
        if key == "global" {
            return Ok(None);
        }
        let Some(tail) = key.strip_prefix("agent:") else {
            return fail(format!("key `{key}` is neither `global` nor an agent key"));
        };
        let Some((agent, rest)) = tail.split_once(':') else {
            return fail(format!("key `{key}` has no rest"));
        };
        Ok(Some((self.agent(agent)?, self.session_kind(rest)?)))
    }

    /// L4: a session key is `global` or an agent's session of some kind.
    pub fn session(&self, key: &str) -> Result<Session> {
        Ok(match self.split(key)? {
            None => Session::Global,
            Some((a, k)) => Session::Agent(a, k),
        })
    }

    /// The setting of `agent`'s heartbeat in the model's configuration, if it has one.
    fn setting(&self, agent: AgentId) -> Option<HeartbeatSetting> {
        let c = &self.model.config;
        c.heartbeats.enabled(agent).then_some(c.heartbeat)
    }

    /// L4 for a run's session: an isolated run's `<key>:heartbeat` is the session `<key>` it
    /// was resolved to, whose queue it peeks (H11: the model does not tell the fresh session
    /// apart from its base). The suffix is accepted only where the agent's setting is isolated.
    pub fn run_session(&self, agent: AgentId, key: &str) -> Result<Session> {
        let isolated = self.setting(agent) == Some(HeartbeatSetting::Isolated);
        match key.strip_suffix(ISOLATED_SUFFIX) {
            Some(base) if isolated => self.session(base),
            _ if isolated => fail(format!("isolated run in `{key}`, not `<key>:heartbeat`")),
            _ => self.session(key),
        }
    }

    /// L5: a queue key is the shared `global` queue or an agent's queue of some kind.
    pub fn queue(&self, key: &str) -> Result<Queue> {
        Ok(match self.split(key)? {
            None => Queue::SharedGlobal,
            Some((a, k)) => Queue::Agent(a, k),
        })
    }

    /// L6: an origin key is the origin of that kind; `global` is the main session under global
    /// scope and the bare legacy key under per-sender scope.
    pub fn origin(&self, agent: AgentId, key: &str) -> Result<OriginKind> {
        Ok(match self.split(key)? {
            None => match self.model.config.scope {
                Scope::Global => OriginKind::Main,
                Scope::PerSender => OriginKind::BareGlobal,
            },
            Some((a, _)) if a != agent => {
                return fail(format!("origin `{key}` is not a session of agent {agent}"));
            }
            Some((_, kind)) => match kind {
                SessionKind::Main => OriginKind::Main,
                SessionKind::Dm => OriginKind::Dm,
                SessionKind::Group => OriginKind::Group,
                SessionKind::CronBase => OriginKind::CronBase,
                SessionKind::CronRun => OriginKind::CronRun,
                SessionKind::CronRunChild => OriginKind::CronRunChild,
                SessionKind::Subagent => OriginKind::Subagent,
                SessionKind::LiteralMain | SessionKind::Global => {
                    return fail(format!("`{key}` is no origin of the model"));
                }
            },
        })
    }

    /// L7: a wake's target is its agent id and its session key, each abstracted.
    pub fn target(&self, wake: &WakeRequest) -> Result<WakeTarget> {
        Ok(WakeTarget {
            agent: wake
                .agent_id
                .as_deref()
                .map(|a| self.agent(a))
                .transpose()?,
            session: wake
                .session_key
                .as_deref()
                .map(|k| self.session(k))
                .transpose()?,
        })
    }

    /// L8: a wake's kind is decided by its source (its reason when it has none).
    pub fn kind(wake: &WakeRequest) -> WakeKind {
        WakeKind::from_source(&wake.source, &wake.reason)
    }

    fn pending(&self, wake: &WakeRequest, phase: WakePhase) -> Result<PendingWake> {
        Ok(PendingWake {
            target: self.target(wake)?,
            kind: Self::kind(wake),
            inspects_exec: wake.inspects_exec,
            requested_by: self.agents(&wake.requested_by)?,
            phase,
        })
    }

    /// The whole state (L9–L14).
    pub fn state(&self, g: &GatewayState) -> Result<State> {
        let model = self.model;
        // L9: events are the ledger's, in the order the sites produced them.
        let mut index: BTreeMap<u64, usize> = BTreeMap::new();
        let mut queued_in: BTreeMap<u64, &str> = BTreeMap::new();
        for (key, events) in g.queues().iter() {
            for e in events {
                queued_in.insert(e.id, key);
            }
        }
        let mut events = Vec::new();
        let mut reported = 0;
        for entry in g.ledger().entries() {
            if entry.loss_reported {
                reported |= 1 << events.len();
            }
            let agent = self.agent(&entry.provenance.agent)?;
            let site = model
                .sites
                .iter()
                .position(|s| s.name == entry.provenance.site)
                .ok_or_else(|| AbstractionError(format!("site `{}`", entry.provenance.site)))?;
            let class = if is_exec_completion_event(&entry.text) {
                EventClass::ExecCompletion
            } else {
                EventClass::Other
            };
            // L10: an event is queued exactly when a queue holds it; the ledger must agree.
            let status = match (queued_in.get(&entry.id), entry.fate) {
                (Some(key), Fate::Queued) => {
                    if self.queue(key)? != self.queue(&entry.queue_key)? {
                        return fail(format!(
                            "event {} is in `{key}`, filed under `{}`",
                            entry.id, entry.queue_key
                        ));
                    }
                    EventStatus::Queued
                }
                (Some(key), fate) => {
                    return fail(format!(
                        "event {} is still in `{key}` but {fate:?}",
                        entry.id
                    ));
                }
                (None, Fate::Queued) => {
                    return fail(format!("event {} left its queue unrecorded", entry.id));
                }
                (None, Fate::Consumed) => EventStatus::Consumed,
                (None, Fate::Undeliverable) => EventStatus::Undeliverable,
                (None, Fate::Lost(cause)) => EventStatus::Lost(match cause {
                    LossCause::Restart => Loss::Restart,
                    LossCause::Cap => Loss::Cap,
                    LossCause::Retired => Loss::Retired,
                    LossCause::Replaced => {
                        return fail(format!("event {} was replaced (not modelled)", entry.id));
                    }
                }),
            };
            index.insert(entry.id, events.len());
            events.push(Event {
                agent,
                origin: self.origin(agent, &entry.provenance.origin_session_key)?,
                site: site as u8,
                class,
                queue: self.queue(&entry.queue_key)?,
                status,
                shown_to: self.agents(&entry.surfaced_to)?,
                times_shown: entry.surfaced_to.len().min(2) as u8,
                wake_drains: entry.wake_drains,
            });
        }
        let event_set = |ids: &[u64]| -> Result<u32> {
            ids.iter().try_fold(0u32, |set, id| match index.get(id) {
                Some(i) => Ok(set | 1 << i),
                None => fail(format!("inspected event {id} is not in the ledger")),
            })
        };
        // L11: pending wakes by abstract target; their timer is their phase.
        let mut pending = Vec::new();
        for p in g.scheduler().pending() {
            let phase = match p.timer {
                WakeTimer::Coalescing => WakePhase::Ready,
                WakeTimer::Retry => WakePhase::Retrying,
                WakeTimer::Guard => WakePhase::Deferred,
            };
            pending.push(self.pending(&p.request, phase)?);
        }
        pending.sort();
        if pending.windows(2).any(|w| w[0].target == w[1].target) {
            return fail("two pending wakes have one abstract target");
        }
        // L12: runs by agent.
        let mut runs = Vec::new();
        for r in g.runner().runs() {
            let (kind, requested_by, wake) = match &r.wake {
                Some(w) => (
                    Self::kind(w),
                    self.agents(&w.requested_by)?,
                    Some(self.pending(w, WakePhase::Ready)?),
                ),
                None => (WakeKind::Interval, 0, None),
            };
            let agent = self.agent(&r.agent)?;
            runs.push(Run {
                agent,
                session: self.run_session(agent, &r.session.session_key)?,
                queue: self.queue(&r.queue_key)?,
                kind,
                inspected: event_set(&r.inspected)?,
                requested_by,
                wake,
            });
        }
        runs.sort();
        // L13: guards from the heartbeat timers; ticks left from the interval runs counted.
        let agents = usize::from(model.config.agents);
        let mut guards = Vec::with_capacity(agents);
        let mut ticks_left = Vec::with_capacity(agents);
        for (a, name) in AGENT_NAMES[..agents].iter().enumerate() {
            let enabled = model.config.heartbeats.enabled(a as AgentId);
            if g.runner().has_heartbeat(name) != enabled {
                return fail(format!("agent {name}'s heartbeat setting differs"));
            }
            let setting = self.setting(a as AgentId);
            if enabled && Some(g.runner().setting(name)) != setting {
                return fail(format!(
                    "agent {name}'s heartbeat is `{}`, the model's {setting:?}",
                    g.runner().setting(name)
                ));
            }
            guards.push(match g.runner().guard(name) {
                GuardState::NeverRan => Guard::NeverRan,
                GuardState::Recent => Guard::Recent,
                GuardState::Due => Guard::Due,
            });
            let runs = g.runner().agent(name).map_or(0, |h| h.interval_runs);
            ticks_left.push(if enabled {
                u8::try_from(
                    u32::from(model.config.bounds.interval_ticks)
                        .checked_sub(runs)
                        .ok_or_else(|| {
                            AbstractionError(format!(
                                "{name} ran more interval ticks than the bound"
                            ))
                        })?,
                )
                .unwrap_or(u8::MAX)
            } else {
                0
            });
        }
        // L14: the path's history, from the counters and the reaper's record.
        let mut reaped = 0;
        for key in g.reaped() {
            match self.split(key)? {
                Some((a, SessionKind::CronRun)) => reaped |= agent_bit(a),
                _ => return fail(format!("reaped `{key}` is not a cron run")),
            }
        }
        let c = g.counters();
        let flag = |n: u32, bit: u16| if n > 0 { bit } else { 0 };
        let interval_ran = g.runner().agents().any(|(_, h)| h.interval_runs > 0);
        let count = |n: u32| u8::try_from(n).unwrap_or(u8::MAX);
        Ok(State {
            events: events.into(),
            pending: pending.into(),
            runs: runs.into(),
            guards: guards.into(),
            ticks_left: ticks_left.into(),
            reaped,
            restarts: count(c.restarts),
            throws: count(c.handler_throws),
            failures: count(c.run_failures),
            // The model's "a wake was skipped" covers the guard and the active hours (H12).
            seen: flag(c.wakes_deferred + c.quiet_hours_skips, seen::WAKE_DEFERRED)
                | flag(c.wakes_retried, seen::WAKE_RETRIED)
                | if interval_ran { seen::INTERVAL_RAN } else { 0 }
                | flag(c.user_turn_drains, seen::USER_TURN_DRAINED)
                | flag(c.restarts_losing_events, seen::RESTART_LOST_EVENT)
                | flag(c.handler_throws, seen::HANDLER_THREW)
                | flag(c.run_failures, seen::RUN_FAILED)
                | flag(c.cap_drops, seen::CAP_DROPPED)
                | flag(c.reaps, seen::REAPED),
            reported,
        })
    }
}

/// The abstraction of a gateway's state in `model`'s vocabulary.
pub fn abstract_state(model: &RoutingModel, gateway: &GatewayState) -> Result<State> {
    Abstraction::new(model, gateway)?.state(gateway)
}
