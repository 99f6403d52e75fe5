//! The heartbeat runner (SPEC R3–R6, R8): per-agent heartbeat state, the
//! session a run resolves (H rules), the queue it peeks (Q rules), what it inspects by the kind
//! of its wake (R3), and its start (peek) and finish (consume exactly what it inspected).
//!
//! Each agent's heartbeat setting (H9 to H12) is read here: `heartbeat.session` goes to the
//! session resolver (H10), an isolated run gets its own `<session>:heartbeat` key and hides the
//! peeked queue's generic events (H11), and the runner says which event wakes fall outside the
//! active hours (H12) and which agents without a heartbeat a targeted wake still runs (H9).

use std::collections::{BTreeMap, BTreeSet};

use heartbeat_vocab::{HeartbeatSetting, Mutation, Profile};
use serde::Serialize;

use crate::classify::reason::infer_heartbeat_wake_source_from_reason;
use crate::error::RoutingResult;
use crate::generation::generation;
use crate::js;
use crate::keys::agent_id::resolve_agent_id_from_session_key;
use crate::keys::normalize::normalize_agent_id;
use crate::routing::config::{GatewayConfig, HeartbeatConfig};
use crate::routing::heartbeat_session::{HeartbeatSession, resolve_heartbeat_session};
use crate::runtime::event::{EventId, SystemEvent};
use crate::runtime::options::OTHER_SESSION;
use crate::runtime::queue::{SystemEventQueues, queue_key_of};
use crate::runtime::rules::RuntimeRules;
use crate::runtime::wake::WakeRequest;

/// Upstream's min-spacing between an agent's heartbeats (event wakes inside it are deferred).
pub const MIN_SPACING_MS: u64 = 30_000;
/// A default heartbeat interval (upstream's default is 30 minutes).
pub const DEFAULT_INTERVAL_MS: u64 = 30 * 60 * 1000;

/// Does a heartbeat started by a wake with this source and reason inspect exec completions
/// (R3)? Upstream's runner flags: exec-event wakes, cron wakes and wake payloads (source `hook`
/// or `acp-spawn`, or reason `wake`) do; the source is inferred from the reason when blank.
pub fn wake_inspects_exec(profile: Profile, source: &str, reason: &str) -> bool {
    let source = match js::trim(source) {
        "" => infer_heartbeat_wake_source_from_reason(profile, Some(reason)).unwrap_or(""),
        s => s,
    };
    matches!(source, "exec-event" | "cron" | "hook" | "acp-spawn") || js::trim(reason) == "wake"
}

/// An agent's heartbeat guard, as the runner sees it (the model's A4 in concrete time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum GuardState {
    /// Never ran: event wakes run at once; the first interval is not due yet.
    NeverRan,
    /// Ran, and its interval timer has not expired: event wakes are deferred (`not-due`, or
    /// `min-spacing` within 30 s of the run).
    Recent,
    /// Its interval timer expired: event wakes run, and so does the interval heartbeat.
    Due,
}

/// One agent's heartbeat schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgentHeartbeat {
    pub enabled: bool,
    /// Its setting (H10 to H12); `interval` for an agent without a heartbeat.
    #[serde(serialize_with = "setting_name")]
    pub setting: HeartbeatSetting,
    pub last_run_ms: Option<u64>,
    /// When the interval timer expires.
    pub next_due_ms: u64,
    /// Has the interval timer expired since the last run (or since start)?
    pub interval_expired: bool,
    /// Interval heartbeats run so far (kept across restarts: it is a counter an observer reads).
    pub interval_runs: u32,
}

fn setting_name<S: serde::Serializer>(s: &HeartbeatSetting, out: S) -> Result<S::Ok, S::Error> {
    out.serialize_str(s.name())
}

/// The suffix of an isolated heartbeat session (H11): a run resolved to `S` runs in
/// `S:heartbeat`, and still peeks `S`'s queue.
pub const ISOLATED_SUFFIX: &str = ":heartbeat";

/// The key an isolated run of the resolved session `resolved` uses; a key already isolated is
/// not isolated twice.
pub fn isolated_session_key(resolved: &str) -> String {
    if resolved.ends_with(ISOLATED_SUFFIX) {
        resolved.to_string()
    } else {
        format!("{resolved}{ISOLATED_SUFFIX}")
    }
}

/// One agent as the runner is given it: its normalised id, whether it has a heartbeat, its
/// setting, and whether its heartbeat ran just before the start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunnerAgent {
    pub id: String,
    pub heartbeat: bool,
    pub setting: HeartbeatSetting,
    pub ran_recently: bool,
}

impl AgentHeartbeat {
    /// Has it a timer that can expire: an interval, or the spacing after a run it made
    /// without a heartbeat (H9)?
    fn times_out(&self) -> bool {
        self.enabled || self.last_run_ms.is_some()
    }

    pub fn guard(&self) -> GuardState {
        if self.interval_expired {
            GuardState::Due
        } else if self.last_run_ms.is_none() {
            GuardState::NeverRan
        } else {
            GuardState::Recent
        }
    }
}

/// A heartbeat run in flight: it has peeked, and will consume what it inspected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeartbeatRun {
    pub agent: String,
    pub session: HeartbeatSession,
    /// The queue it peeked.
    pub queue_key: String,
    /// The wake that started it (`None` for an interval tick); re-queued if the run fails.
    pub wake: Option<WakeRequest>,
    pub inspects_exec: bool,
    /// The events it peeked and inspected, by id, oldest first; it consumes exactly these.
    pub inspected: Vec<EventId>,
    pub started_at: u64,
}

impl HeartbeatRun {
    /// The wake's source, or `interval`.
    pub fn source(&self) -> &str {
        self.wake.as_ref().map_or("interval", |w| w.source.as_str())
    }
}

/// How the runner will start: a wake's target (its agent and forced session), or an interval.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunStart {
    pub agent: String,
    pub forced_session: Option<String>,
    pub wake: Option<WakeRequest>,
}

/// The runner of one gateway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Runner {
    profile: Profile,
    rules: RuntimeRules,
    cfg: GatewayConfig,
    agents: BTreeMap<String, AgentHeartbeat>,
    runs: BTreeMap<String, HeartbeatRun>,
    interval_ms: u64,
    /// The decision broken on purpose, if any (SPEC CK4).
    mutation: Option<Mutation>,
}

impl Runner {
    /// `agents`: each agent, in `agents.list` order; `mutation`: the decision broken on
    /// purpose, if any (the runner applies `inspect-newest-only` and `shared-global-queue`).
    pub fn new(
        profile: Profile,
        cfg: GatewayConfig,
        agents: &[RunnerAgent],
        interval_ms: u64,
        now: u64,
        mutation: Option<Mutation>,
    ) -> Runner {
        let agents = agents
            .iter()
            .map(|a| {
                let last_run_ms = a.ran_recently.then(|| now.saturating_sub(1));
                let hb = AgentHeartbeat {
                    enabled: a.heartbeat,
                    // A setting belongs to a heartbeat; without one, runs use main (H9).
                    setting: if a.heartbeat {
                        a.setting
                    } else {
                        HeartbeatSetting::Interval
                    },
                    last_run_ms,
                    next_due_ms: last_run_ms.unwrap_or(now).saturating_add(interval_ms),
                    interval_expired: false,
                    interval_runs: 0,
                };
                (a.id.clone(), hb)
            })
            .collect();
        Runner {
            profile,
            rules: RuntimeRules::of(profile),
            cfg,
            agents,
            runs: BTreeMap::new(),
            interval_ms,
            mutation,
        }
    }

    pub fn config(&self) -> &GatewayConfig {
        &self.cfg
    }

    pub fn agent(&self, id: &str) -> Option<&AgentHeartbeat> {
        self.agents.get(id)
    }

    /// Every agent, by id.
    pub fn agents(&self) -> impl Iterator<Item = (&str, &AgentHeartbeat)> {
        self.agents.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Every run in flight, by agent.
    pub fn runs(&self) -> impl Iterator<Item = &HeartbeatRun> {
        self.runs.values()
    }

    pub fn run_of(&self, agent: &str) -> Option<&HeartbeatRun> {
        self.runs.get(agent)
    }

    pub fn has_heartbeat(&self, agent: &str) -> bool {
        self.agents.get(agent).is_some_and(|a| a.enabled)
    }

    /// Can a wake targeted at `agent` run it (H9)? An agent with a heartbeat, or, where the
    /// release exempts targeted wakes from the enabled check, any listed agent.
    pub fn runs_targeted(&self, agent: &str) -> bool {
        self.agents
            .get(agent)
            .is_some_and(|a| a.enabled || self.rules.runs_targeted_without_heartbeat)
    }

    /// The setting of `agent`'s heartbeat (`interval` for an agent without one).
    pub fn setting(&self, agent: &str) -> HeartbeatSetting {
        self.agents
            .get(agent)
            .map_or(HeartbeatSetting::Interval, |a| a.setting)
    }

    /// H12: is an event wake of `agent` skipped `quiet-hours` (and dropped)? Its heartbeat is
    /// set up with active hours the wake falls outside, and the release checks them for event
    /// wakes.
    pub fn quiet_hours(&self, agent: &str) -> bool {
        self.rules.quiet_hours_skip_event_wakes
            && self.setting(agent) == HeartbeatSetting::OutsideActiveHours
    }

    /// H11: does a run of `agent` leave the generic events of the queue it peeks alone?
    fn hides_generic_events(&self, agent: &str) -> bool {
        self.rules.isolated_runs_skip_generic_events
            && self.setting(agent) == HeartbeatSetting::Isolated
    }

    /// The agents that run a heartbeat, in the order `agents.list` gives them.
    pub fn heartbeat_agents(&self) -> Vec<String> {
        self.cfg
            .agent_ids()
            .into_iter()
            .filter(|a| self.has_heartbeat(a))
            .collect()
    }

    /// The agent a wake runs (SPEC R4): its agent id, else the agent of its session key
    /// (≤ 2026.5.12: `main` for a key naming none); `None` for an untargeted wake.
    pub fn target_agent(
        &self,
        agent_id: Option<&str>,
        session_key: Option<&str>,
    ) -> RoutingResult<Option<String>> {
        let g = generation(self.profile);
        fn present(v: Option<&str>) -> Option<&str> {
            v.map(js::trim).filter(|s| !s.is_empty())
        }
        Ok(match (present(agent_id), present(session_key)) {
            (Some(a), _) => Some(normalize_agent_id(Some(a))),
            (None, Some(k)) => Some(resolve_agent_id_from_session_key(
                g.parser, g.agent_id, k, None,
            )?),
            (None, None) => None,
        })
    }

    /// The session a heartbeat of `agent` runs in for a forced key, and the queue it peeks
    /// (H rules, then Q rules). The resolver is given the agent's `heartbeat.session` (H10);
    /// an isolated heartbeat runs in `<resolved>:heartbeat` and peeks the resolved session's
    /// queue (H11).
    pub fn session_and_queue(
        &self,
        agent: &str,
        forced: Option<&str>,
    ) -> RoutingResult<(HeartbeatSession, String)> {
        let setting = self.setting(agent);
        let heartbeat = HeartbeatConfig {
            session: (setting == HeartbeatSetting::OtherSession).then(|| OTHER_SESSION.into()),
        };
        let mut session = resolve_heartbeat_session(
            self.profile,
            &self.cfg,
            Some(agent),
            Some(&heartbeat),
            forced,
        )?;
        let queue = queue_key_of(
            self.profile,
            &session.session_key,
            agent,
            self.cfg.main_key(),
            self.cfg.scope,
            self.mutation == Some(Mutation::SharedGlobalQueue),
        )?;
        if setting == HeartbeatSetting::Isolated {
            session.session_key = isolated_session_key(&session.session_key);
        }
        Ok((session, queue))
    }

    /// Does a run of `agent` whose wake inspects exec completions or not (`inspects_exec`)
    /// inspect `event` (R3, H11)?
    pub fn inspects(&self, agent: &str, inspects_exec: bool, exec_completion: bool) -> bool {
        if exec_completion {
            inspects_exec
        } else {
            !self.hides_generic_events(agent)
        }
    }

    /// R6: is the handler busy for a wake of `agent` (or an untargeted wake)? Up to 2026.5.12
    /// one heartbeat runs in the whole gateway; from 2026.8 one per agent.
    pub fn busy(&self, agent: Option<&str>) -> bool {
        match agent {
            Some(a) if self.rules.concurrent_runs => self.runs.contains_key(a),
            _ => !self.runs.is_empty(),
        }
    }

    pub fn guard(&self, agent: &str) -> GuardState {
        self.agents
            .get(agent)
            .map_or(GuardState::NeverRan, AgentHeartbeat::guard)
    }

    /// Why an event wake for `agent` is deferred, if it is (R4): `not-due` while its interval
    /// timer has not expired. The real runner asks "is the interval due?" before it looks at the
    /// 30 s spacing (observed on 2026.5.7 and 2026.5.12, SPEC DV3). Its `min-spacing` deferral
    /// of a due interval within 30 s of a run is not modelled (SPEC §10).
    pub fn deferral(&self, agent: &str, _now: u64) -> Option<&'static str> {
        match self.agents.get(agent)?.guard() {
            GuardState::NeverRan | GuardState::Due => None,
            GuardState::Recent => Some("not-due"),
        }
    }

    /// Starts a run (R5): resolve the session, peek its queue, inspect by wake kind (R3).
    pub fn start(
        &mut self,
        queues: &SystemEventQueues,
        start: RunStart,
        now: u64,
    ) -> RoutingResult<&HeartbeatRun> {
        let (session, queue_key) =
            self.session_and_queue(&start.agent, start.forced_session.as_deref())?;
        let inspects_exec = start.wake.as_ref().is_some_and(|w| w.inspects_exec);
        let mut inspected: Vec<EventId> = queues
            .peek(&queue_key)
            .into_iter()
            .filter(|e: &SystemEvent| {
                self.inspects(&start.agent, inspects_exec, e.is_exec_completion())
            })
            .map(|e| e.id)
            .collect();
        if self.mutation == Some(Mutation::InspectNewestOnly) {
            // Broken on purpose (SPEC CK4): the newest event only.
            inspected.drain(..inspected.len().saturating_sub(1));
        }
        let run = HeartbeatRun {
            agent: start.agent.clone(),
            session,
            queue_key,
            wake: start.wake,
            inspects_exec,
            inspected,
            started_at: now,
        };
        self.runs.insert(start.agent.clone(), run);
        Ok(&self.runs[&start.agent])
    }

    /// Ends `agent`'s run and returns it. `completed`: it finished (not failed), so the agent
    /// ran: its interval restarts and event wakes are deferred for a while.
    pub fn end(&mut self, agent: &str, completed: bool, now: u64) -> Option<HeartbeatRun> {
        let run = self.runs.remove(agent)?;
        if completed && let Some(hb) = self.agents.get_mut(agent) {
            hb.last_run_ms = Some(now);
            hb.next_due_ms = now.saturating_add(self.interval_ms);
            hb.interval_expired = false;
        }
        Some(run)
    }

    /// The agent's interval timer expired (the model's time passing for it). Returns whether
    /// that changed anything. An agent without a heartbeat that a targeted wake ran (H9) has
    /// its spacing timer pass the same way.
    pub fn interval_due(&mut self, agent: &str) -> bool {
        match self.agents.get_mut(agent) {
            Some(hb) if hb.times_out() && !hb.interval_expired => {
                hb.interval_expired = true;
                true
            }
            _ => false,
        }
    }

    /// Agents whose interval timer has passed at `now` but not yet been marked expired.
    pub fn expiring(&self, now: u64) -> Vec<String> {
        self.agents
            .iter()
            .filter(|(_, hb)| hb.times_out() && !hb.interval_expired && hb.next_due_ms <= now)
            .map(|(a, _)| a.clone())
            .collect()
    }

    /// Counts an interval run.
    pub fn count_interval(&mut self, agent: &str) {
        if let Some(hb) = self.agents.get_mut(agent) {
            hb.interval_runs += 1;
        }
    }

    /// A restart: no runs, and every heartbeat starts over (never ran, interval not due).
    pub fn restart(&mut self, now: u64) {
        self.runs.clear();
        for hb in self.agents.values_mut() {
            hb.last_run_ms = None;
            hb.next_due_ms = now.saturating_add(self.interval_ms);
            hb.interval_expired = false;
        }
    }

    /// The agents with a run in flight.
    pub fn running(&self) -> BTreeSet<String> {
        self.runs.keys().cloned().collect()
    }
}
