//! Abstract routing: where each profile enqueues an event, which wake it requests, and which
//! queue the heartbeat peeks for that wake.
//!
//! This is the model's own statement of upstream's routing functions (SPEC.md §3 to §5), over
//! abstract sessions instead of key strings. It is written independently of the concrete
//! implementation on purpose: the conformance tests check that the two agree.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::config::{AgentId, Config, HeartbeatSetting, Heartbeats, MainKey, Scope};
use crate::mutation::Mutation;
use crate::origin::OriginKind;
use crate::profile::Profile;

/// A session an agent owns, by kind. Keys are shown as [`Session::key`] gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SessionKind {
    /// `agent:<a>:<mainKey>`.
    Main,
    /// `agent:<a>:main` while the configured mainKey is something else: a different session.
    LiteralMain,
    Dm,
    Group,
    CronBase,
    CronRun,
    CronRunChild,
    Subagent,
    /// `agent:<a>:global`: what a bare `global` becomes once qualified by its owner.
    Global,
}

impl SessionKind {
    /// The session kind of an origin other than the main session and the bare `global` key.
    const fn of_origin(origin: OriginKind) -> SessionKind {
        match origin {
            OriginKind::Main | OriginKind::BareGlobal => SessionKind::Main,
            OriginKind::Dm => SessionKind::Dm,
            OriginKind::Group => SessionKind::Group,
            OriginKind::CronBase => SessionKind::CronBase,
            OriginKind::CronRun => SessionKind::CronRun,
            OriginKind::CronRunChild => SessionKind::CronRunChild,
            OriginKind::Subagent => SessionKind::Subagent,
        }
    }

    /// A cron-run session or a descendant of one: no heartbeat may run here (SPEC I3).
    pub const fn is_cron_run(self) -> bool {
        matches!(self, SessionKind::CronRun | SessionKind::CronRunChild)
    }

    /// The key's rest after `agent:<a>:`, as a reader would see it.
    fn rest(self, main_key: MainKey) -> &'static str {
        match self {
            SessionKind::Main => main_key.key(),
            SessionKind::LiteralMain => "main",
            SessionKind::Dm => "telegram:direct:42",
            SessionKind::Group => "discord:group:g1",
            SessionKind::CronBase => "cron:nightly",
            SessionKind::CronRun => "cron:nightly:run:r1",
            SessionKind::CronRunChild => "cron:nightly:run:r1:subagent:w1",
            SessionKind::Subagent => "subagent:w1",
            SessionKind::Global => "global",
        }
    }
}

/// A session key, abstractly: an agent's session, or the bare unqualified `global`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Session {
    Agent(AgentId, SessionKind),
    /// The literal key `global`: the shared session under `scope: global`, a legacy alias else.
    Global,
}

impl Session {
    /// The concrete key this abstract session stands for.
    pub fn key(self, main_key: MainKey) -> String {
        match self {
            Session::Agent(a, kind) => {
                format!("agent:{}:{}", Config::agent_name(a), kind.rest(main_key))
            }
            Session::Global => "global".to_string(),
        }
    }

    /// Does the key parse as an agent session key? (`global` does not.)
    const fn parses(self) -> bool {
        matches!(self, Session::Agent(..))
    }
}

/// A system-event queue. Queues are keyed by session key, so this mirrors [`Session`]; the
/// literal `global` queue is shared by every agent in the releases that have it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Queue {
    Agent(AgentId, SessionKind),
    SharedGlobal,
}

impl Queue {
    pub fn key(self, main_key: MainKey) -> String {
        match self {
            Queue::Agent(a, kind) => Session::Agent(a, kind).key(main_key),
            Queue::SharedGlobal => "global".to_string(),
        }
    }

    /// The agent that owns the queue, if one does.
    pub const fn owner(self) -> Option<AgentId> {
        match self {
            Queue::Agent(a, _) => Some(a),
            Queue::SharedGlobal => None,
        }
    }
}

/// What a wake asks for: an agent, a session, both, or neither (untargeted: every agent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct WakeTarget {
    pub agent: Option<AgentId>,
    pub session: Option<Session>,
}

impl WakeTarget {
    pub const UNTARGETED: WakeTarget = WakeTarget {
        agent: None,
        session: None,
    };

    pub const fn is_untargeted(self) -> bool {
        self.agent.is_none() && self.session.is_none()
    }

    /// A short label such as `agent=ops session=agent:ops:main` or `untargeted`.
    pub fn label(self, main_key: MainKey) -> String {
        match (self.agent, self.session) {
            (None, None) => "untargeted".into(),
            (Some(a), None) => format!("agent={}", Config::agent_name(a)),
            (None, Some(s)) => format!("session={}", s.key(main_key)),
            (Some(a), Some(s)) => {
                format!(
                    "agent={} session={}",
                    Config::agent_name(a),
                    s.key(main_key)
                )
            }
        }
    }
}

/// The model's own set of routing rules a profile follows: which rules decide a question. A
/// private name for this module's matches, not the implementation's `Generation` (whose switches
/// the model must not share, SPEC CK6); profiles would share a set where their routing is the
/// same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RoutingRules {
    /// 2026.5.7: raw keys everywhere.
    PreFix,
    /// PR #50818 draft: any cron key to the literal main key, cron wakes untargeted.
    DraftUntargeted,
    /// PR #50818 draft: any cron key, and its wake, to the literal main key.
    DraftLiteralMain,
    /// 2026.5.12 (PR #80214).
    Fix80214,
    /// 2026.9.6: agent-qualified queues, sentinel keys get the owner's agent id.
    Qualified,
    /// SPEC.md's recommendation.
    Reference,
}

const fn routing_rules(profile: Profile) -> RoutingRules {
    match profile {
        Profile::Openclaw2026_5_7 => RoutingRules::PreFix,
        Profile::Pr50818UntargetedCronWake => RoutingRules::DraftUntargeted,
        Profile::Pr50818LiteralMain => RoutingRules::DraftLiteralMain,
        Profile::Openclaw2026_5_12 => RoutingRules::Fix80214,
        Profile::Openclaw2026_9_6 => RoutingRules::Qualified,
        Profile::Reference => RoutingRules::Reference,
    }
}

/// The routing of one profile in one configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Router {
    profile: Profile,
    scope: Scope,
    main_key: MainKey,
    heartbeats: Heartbeats,
    setting: HeartbeatSetting,
    mutation: Option<Mutation>,
}

impl Router {
    pub fn new(profile: Profile, config: &Config) -> Router {
        Router {
            profile,
            scope: config.scope,
            main_key: config.main_key,
            heartbeats: config.heartbeats,
            setting: config.heartbeat,
            mutation: config.mutation,
        }
    }

    /// The setting of `agent`'s heartbeat, if it has one (SPEC H9 to H12).
    pub fn setting(self, agent: AgentId) -> Option<HeartbeatSetting> {
        self.heartbeats.enabled(agent).then_some(self.setting)
    }

    /// Does a targeted wake run an agent that has no heartbeat (SPEC H9)? 2026.9.6 exempts
    /// targeted unscheduled wakes of listed agents; every other release skips them `disabled`.
    pub fn runs_targeted_without_heartbeat(self) -> bool {
        self.rules() == RoutingRules::Qualified
    }

    /// Is an event wake for `agent` dropped because it arrives outside the active hours (SPEC
    /// H12)? Up to 2026.5.12 it is skipped `quiet-hours`; 2026.9.6 and the reference exempt it.
    pub fn quiet_hours_drop(self, agent: AgentId) -> bool {
        self.setting(agent) == Some(HeartbeatSetting::OutsideActiveHours)
            && !matches!(
                self.rules(),
                RoutingRules::Qualified | RoutingRules::Reference
            )
    }

    /// Does a run of `agent` inspect only exec completions, never other events, because it
    /// runs in an isolated session (SPEC H11)? Every release; the reference inspects as R3 says.
    pub fn isolated_run_skips_generic_events(self, agent: AgentId) -> bool {
        self.setting(agent) == Some(HeartbeatSetting::Isolated)
            && self.rules() != RoutingRules::Reference
    }

    /// The session `agent`'s heartbeat runs in when no forced key decides: its
    /// `heartbeat.session` (H10, a DM session of the agent in the model) or its main session.
    fn configured_session(self, agent: AgentId) -> Session {
        if self.setting(agent) == Some(HeartbeatSetting::OtherSession) {
            Session::Agent(agent, SessionKind::Dm)
        } else {
            Session::Agent(agent, SessionKind::Main)
        }
    }

    /// Is `m` the mutation applied (tests and `check --mutate` only)?
    pub fn mutated(self, m: Mutation) -> bool {
        self.mutation == Some(m)
    }

    fn rules(self) -> RoutingRules {
        routing_rules(self.profile)
    }

    /// The literal `agent:<a>:main`, which is the main session unless mainKey is custom.
    fn literal_main(self, agent: AgentId) -> Session {
        match self.main_key {
            MainKey::Default => Session::Agent(agent, SessionKind::Main),
            MainKey::Custom => Session::Agent(agent, SessionKind::LiteralMain),
        }
    }

    /// The session key an origin has (SPEC A1, A2).
    pub fn origin_session(self, agent: AgentId, origin: OriginKind) -> Session {
        match (origin, self.scope) {
            (OriginKind::BareGlobal, _) | (OriginKind::Main, Scope::Global) => Session::Global,
            _ => Session::Agent(agent, SessionKind::of_origin(origin)),
        }
    }

    /// The key a site with the `event-route` key policy enqueues under: the profile's
    /// `resolveEventSessionKey` applied to the origin's key (SPEC E1 to E5).
    pub fn event_session(self, agent: AgentId, origin: OriginKind) -> Session {
        let raw = self.origin_session(agent, origin);
        if self.mutated(Mutation::DropCronRunRemap) && origin.is_cron_run() {
            return raw;
        }
        match self.rules() {
            RoutingRules::PreFix => raw,
            RoutingRules::DraftUntargeted | RoutingRules::DraftLiteralMain if origin.is_cron() => {
                self.literal_main(agent)
            }
            RoutingRules::DraftUntargeted | RoutingRules::DraftLiteralMain => raw,
            RoutingRules::Fix80214 | RoutingRules::Qualified if origin.is_cron_run() => {
                self.main_target(agent)
            }
            RoutingRules::Fix80214 | RoutingRules::Qualified => raw,
            RoutingRules::Reference => {
                if self.reference_remaps(origin) {
                    self.main_target(agent)
                } else {
                    raw
                }
            }
        }
    }

    /// The main session an event is remapped to: `global` under global scope, else the agent
    /// main key with the configured mainKey.
    fn main_target(self, agent: AgentId) -> Session {
        match self.scope {
            Scope::Global => Session::Global,
            Scope::PerSender => Session::Agent(agent, SessionKind::Main),
        }
    }

    /// Reference: which origins are remapped to the agent's main target (SPEC E5).
    fn reference_remaps(self, origin: OriginKind) -> bool {
        if self.mutated(Mutation::UpstreamRemapOnly) {
            // R11 removed: only what 2026.9.6 remaps (E2, E3).
            return origin.is_cron_run();
        }
        match self.scope {
            // The heartbeat peeks nothing but the agent's global queue under global scope.
            Scope::Global => true,
            Scope::PerSender => matches!(
                origin,
                OriginKind::CronRun
                    | OriginKind::CronRunChild
                    | OriginKind::Subagent
                    | OriginKind::BareGlobal
            ),
        }
    }

    /// The queue that holds events enqueued under `session` by (or for) `owner` (SPEC Q1 to Q3).
    pub fn queue_of(self, session: Session, owner: AgentId) -> Queue {
        match (session, self.rules()) {
            (Session::Agent(a, kind), _) => Queue::Agent(a, kind),
            (Session::Global, _) if self.mutated(Mutation::SharedGlobalQueue) => {
                Queue::SharedGlobal
            }
            (Session::Global, RoutingRules::Qualified) => Queue::Agent(owner, SessionKind::Global),
            (Session::Global, RoutingRules::Reference) => match self.scope {
                Scope::Global => Queue::Agent(owner, SessionKind::Global),
                Scope::PerSender => Queue::Agent(owner, SessionKind::Main),
            },
            (Session::Global, _) => Queue::SharedGlobal,
        }
    }

    /// The wake a site with the `scoped` wake policy requests: the profile's
    /// `scopedHeartbeatWakeOptions` on the origin's raw key, plus the owner's agent id for the
    /// unscoped sentinel keys from 2026.9.6 on (SPEC W1 to W6).
    pub fn scoped_wake(self, agent: AgentId, origin: OriginKind) -> WakeTarget {
        let raw = self.origin_session(agent, origin);
        let session = |s| WakeTarget {
            agent: None,
            session: Some(s),
        };
        let agent_only = WakeTarget {
            agent: Some(agent),
            session: None,
        };
        let passthrough = if raw.parses() {
            session(raw)
        } else {
            WakeTarget::UNTARGETED
        };
        if self.mutated(Mutation::RawWakeSession) {
            return session(raw);
        }
        match self.rules() {
            RoutingRules::PreFix => passthrough,
            RoutingRules::DraftUntargeted if origin.is_cron() => WakeTarget::UNTARGETED,
            RoutingRules::DraftLiteralMain if origin.is_cron() => session(self.literal_main(agent)),
            RoutingRules::DraftUntargeted | RoutingRules::DraftLiteralMain => passthrough,
            RoutingRules::Fix80214 | RoutingRules::Qualified if origin.is_cron_run() => {
                match self.scope {
                    Scope::Global => agent_only,
                    Scope::PerSender => session(Session::Agent(agent, SessionKind::Main)),
                }
            }
            RoutingRules::Fix80214 => passthrough,
            RoutingRules::Qualified if !raw.parses() => agent_only,
            RoutingRules::Qualified => passthrough,
            // A key that does not parse gets no session (W rules); the site then targets the
            // sentinel's owner (W11): its main session per-sender, where Q5 filed the event,
            // and its agent id under global scope, as 2026.9.6 does.
            RoutingRules::Reference if !raw.parses() => match self.scope {
                Scope::Global => agent_only,
                Scope::PerSender => session(Session::Agent(agent, SessionKind::Main)),
            },
            RoutingRules::Reference if self.reference_remaps(origin) => match self.scope {
                Scope::Global => agent_only,
                Scope::PerSender => session(Session::Agent(agent, SessionKind::Main)),
            },
            RoutingRules::Reference => passthrough,
        }
    }

    /// The wake a site with the `session-key` wake policy requests: the raw key as sessionKey,
    /// plus the owner's agent id for sentinel keys from 2026.9.6 on (SPEC W7).
    pub fn session_key_wake(self, agent: AgentId, origin: OriginKind) -> WakeTarget {
        let raw = self.origin_session(agent, origin);
        let with_owner = matches!(
            self.rules(),
            RoutingRules::Qualified | RoutingRules::Reference
        ) && !raw.parses();
        WakeTarget {
            agent: with_owner.then_some(agent),
            session: Some(raw),
        }
    }

    /// The key a site with the `agent-main` key policy enqueues under: the cron service's main
    /// session of `agent` for a main-session job (SPEC E9). Up to 2026.5.12 it is
    /// `resolveAgentMainSessionKey`, the literal `agent:<a>:<mainKey>` whatever the scope; from
    /// 2026.9.6 (and in the reference) the main alias is canonicalised first, so under scope
    /// global it is `global`, which the owner qualifies.
    pub fn agent_main_session(self, agent: AgentId) -> Session {
        match self.rules() {
            RoutingRules::PreFix
            | RoutingRules::DraftUntargeted
            | RoutingRules::DraftLiteralMain
            | RoutingRules::Fix80214 => Session::Agent(agent, SessionKind::Main),
            RoutingRules::Qualified | RoutingRules::Reference => self.main_target(agent),
        }
    }

    /// The wake a site with the `agent-main` wake policy requests: the agent's id and the
    /// same session it enqueued under (SPEC W9).
    pub fn agent_main_wake(self, agent: AgentId) -> WakeTarget {
        WakeTarget {
            agent: Some(agent),
            session: Some(self.agent_main_session(agent)),
        }
    }

    /// Which agent's heartbeat a targeted wake runs (SPEC H1): its agent id, else the agent of
    /// its session key; an unparsable key falls back to the default agent `main` up to
    /// 2026.5.12.
    pub fn wake_agent(self, target: WakeTarget) -> Option<AgentId> {
        match (target.agent, target.session) {
            (Some(a), _) => Some(a),
            (None, Some(Session::Agent(a, _))) => Some(a),
            (None, Some(Session::Global)) => Some(0),
            // R7 removed: an untargeted wake runs the default agent only.
            (None, None) if self.mutated(Mutation::NoUntargetedFanOut) => Some(0),
            (None, None) => None,
        }
    }

    /// The session agent `agent`'s heartbeat runs in for a wake forcing `forced`
    /// (upstream's `resolveHeartbeatSession`, SPEC H2 to H6).
    pub fn heartbeat_session(self, agent: AgentId, forced: Option<Session>) -> Session {
        let main = Session::Agent(agent, SessionKind::Main);
        if self.scope == Scope::Global {
            return Session::Global;
        }
        match forced {
            None => self.configured_session(agent),
            Some(Session::Global) => match self.rules() {
                RoutingRules::Reference => main,
                _ => Session::Agent(agent, SessionKind::Global),
            },
            Some(Session::Agent(owner, kind)) => {
                // H4: `agent:<a>:<mk>`, `agent:<a>:main` and the default agent's `agent:main:…`
                // forms are all aliases of this agent's main session.
                let is_main_alias = matches!(kind, SessionKind::Main | SessionKind::LiteralMain)
                    && (owner == agent || owner == 0);
                if kind == SessionKind::Subagent || is_main_alias {
                    main
                } else if owner != agent {
                    // H5: another agent's key falls through to `heartbeat.session` (H6, H10).
                    self.configured_session(agent)
                } else {
                    Session::Agent(agent, kind)
                }
            }
        }
    }

    /// The queue a heartbeat of `agent` running in `session` peeks.
    pub fn heartbeat_queue(self, agent: AgentId, session: Session) -> Queue {
        self.queue_of(session, agent)
    }

    /// May several heartbeat runs be in flight at once? Up to 2026.5.12 the wake handler runs
    /// targets one after another; from 2026.8 several targets run at once (SPEC S6).
    pub fn concurrent_runs(self) -> bool {
        matches!(
            self.rules(),
            RoutingRules::Qualified | RoutingRules::Reference
        )
    }

    /// Is a wake deferred by the not-due / min-spacing guard kept and retried (2026.8 on) rather
    /// than dropped (SPEC S4)?
    pub fn retains_guarded_wakes(self) -> bool {
        matches!(
            self.rules(),
            RoutingRules::Qualified | RoutingRules::Reference
        ) && !self.mutated(Mutation::DropGuardedWakes)
    }

    /// When two wakes for one target merge, does the merged wake inspect what both inspected
    /// (reference), or only what the winner does (upstream, SPEC S3)?
    pub fn merges_inspection(self) -> bool {
        self.rules() == RoutingRules::Reference
            && !self.mutated(Mutation::MergeKeepsWinnerInspection)
    }

    /// Does a site refuse (and report) an event whose agent runs no heartbeat (SPEC E6)?
    pub fn reports_undeliverable(self) -> bool {
        self.rules() == RoutingRules::Reference && !self.mutated(Mutation::EnqueueUndeliverable)
    }

    /// Does the gateway report an event the queue cap drops (reference, SPEC R12)?
    pub fn reports_cap_drops(self) -> bool {
        self.rules() == RoutingRules::Reference && !self.mutated(Mutation::SilentCapDrop)
    }

    /// Does a run consume what it inspected as its reply goes out, so that a failure after the
    /// reply cannot surface the events again (reference, SPEC R13)?
    pub fn consumes_on_reply(self) -> bool {
        self.rules() == RoutingRules::Reference && !self.mutated(Mutation::ConsumeOnFinishOnly)
    }

    /// Does deleting a session retire its queue, dropping what is in it (2026.9.6, SPEC Q4)?
    pub fn reaping_retires_queue(self) -> bool {
        self.rules() == RoutingRules::Qualified
    }
}

impl fmt::Display for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.key(MainKey::Default))
    }
}
