//! The one place that maps a [`Profile`] to the upstream generation it reproduces: the parser era
//! and every behavioural switch. Every function of this crate reads its variant from here, so a
//! new profile is one new arm below.

use heartbeat_vocab::Profile;

/// The four eras of `parseAgentSessionKey` (SPEC K2–K4). Only P1 and P4 back a profile; P2 and
/// P3 are kept so their differences stay tested.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParserEra {
    /// ≤ 2026.5.12: lowercase everything, drop empty segments.
    P1,
    /// 2026.5.18–6.x: as P1, but Signal group ids and Matrix room tails keep their case.
    P2,
    /// 2026.7.x: as P2, but empty segments are kept (the agent id and the first rest segment
    /// must be non-empty).
    P3,
    /// ≥ 2026.8: split the head only; the rest is kept verbatim.
    P4,
}

impl ParserEra {
    /// Every era, oldest first.
    pub const ALL: [ParserEra; 4] = [ParserEra::P1, ParserEra::P2, ParserEra::P3, ParserEra::P4];
}

/// Which rests `isCronRunSessionKey` accepts (SPEC K7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CronRunForm {
    /// 2026.4.29/2026.5.7: `cron:<job>:run:<run>` exactly.
    ExactRun,
    /// 2026.5.12+ (PR #80214): run keys and their descendants (`…:run:<run>:<anything>`).
    Descendants,
}

/// What `resolveAgentIdFromSessionKey` does with a key that names no agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgentIdResolution {
    /// ≤ 2026.5.12: fall back to agent `main`.
    FallbackMain,
    /// 2026.9.6: use the configured default, else throw.
    Throwing,
}

/// How `resolveEventSessionKey` remaps the key an event is enqueued under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKeyRule {
    /// 2026.5.7: the function does not exist; sites use the raw key.
    Absent,
    /// PR #50818 drafts: any cron key (base included) → literal `agent:<id>:main`.
    AnyCronToLiteralMain,
    /// PR #80214 (2026.5.12, 2026.9.6): cron-run keys → the agent main key, or `global` under global scope.
    CronRun,
    /// SPEC: as `CronRun`, and agent subagent keys too.
    CronRunAndSubagent,
}

/// How `scopedHeartbeatWakeOptions` targets the wake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WakeRule {
    /// 2026.5.7: two arguments; any parsable key becomes the wake's `sessionKey` verbatim.
    RawKey,
    /// PR #50818 draft of 2026-03-22: a cron key gets an untargeted wake.
    UntargetedCron,
    /// PR #50818 draft of 2026-03-25: a cron key's wake targets literal `agent:<id>:main`.
    LiteralMainCron,
    /// PR #80214 (2026.5.12, 2026.9.6): cron-run keys target the agent main key, or the agent under global.
    CronRun,
    /// SPEC: as `CronRun`, and agent subagent keys too.
    CronRunAndSubagent,
}

/// The key of the in-memory system-event queue an event lands in (SPEC Q1–Q6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueKeyRule {
    /// ≤ 7.x: the session key, trimmed only (case-sensitive; `global` is one shared queue).
    Trimmed,
    /// 2026.9.6: `resolveSystemEventQueueKey`, agent-qualified (`global` → `agent:<owner>:global`).
    AgentQualified,
    /// SPEC: as 2026.9.6, and the unscoped sentinels alias the owner's main session (Q-rules).
    AgentQualifiedSentinelsAliasMain,
}

/// `getSubagentDepth` (SPEC K9).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubagentDepthRule {
    /// ≤ 2026.5.12: count `:subagent:` in the lowercased key.
    SplitCount,
    /// 2026.6+: count `(^|:)subagent:` in the parsed rest (or the raw key).
    PrefixCount,
}

/// Which agent `resolveHeartbeatSession` runs for when it is given no agent id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeartbeatAgentDefault {
    /// 2026.5.7/2026.5.12: the default agent of `agents.list`.
    FromAgentsList,
    /// 2026.9.6: `normalizeAgentId(undefined)`, i.e. `main`.
    NormalizedOnly,
}

/// What the background-exec enqueue site adds to the wake (SPEC T1, site `exec-exit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExecSiteWake {
    /// ≤ 2026.5.12 and the drafts: always the scoped wake, nothing added.
    Scoped,
    /// 2026.9.6: no wake for subagent keys; `agentId` of the running session added for raw `global`.
    SkipSubagentAddOwnerForGlobal,
    /// SPEC: always a wake (subagent keys are remapped); for either sentinel, the owner's main
    /// session per-sender, its `agentId` under global scope (W11).
    AddOwnerForSentinels,
}

/// Everything that differs between profiles, in one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Generation {
    /// Upstream's label for the generation (V1, V2, V4, or the draft / SPEC name).
    pub label: &'static str,
    /// The parser era.
    pub parser: ParserEra,
    /// The `isCronRunSessionKey` form.
    pub cron_run: CronRunForm,
    /// The `resolveAgentIdFromSessionKey` behaviour.
    pub agent_id: AgentIdResolution,
    /// The `resolveEventSessionKey` rule.
    pub event_key: EventKeyRule,
    /// The `scopedHeartbeatWakeOptions` rule.
    pub wake: WakeRule,
    /// The queue key rule.
    pub queue_key: QueueKeyRule,
    /// The `getSubagentDepth` rule.
    pub subagent_depth: SubagentDepthRule,
    /// The `resolveHeartbeatSession` agent default.
    pub heartbeat_agent_default: HeartbeatAgentDefault,
    /// What the exec site adds to the wake.
    pub exec_site_wake: ExecSiteWake,
    /// `resolveHeartbeatReasonKind` exists (2026.4.29 only, and SPEC).
    pub has_reason_kind: bool,
    /// `isUnscopedSessionKeySentinel` exists (2026.6+).
    pub has_unscoped_sentinel: bool,
    /// `NO_REPLY` (and other silent replies) count as heartbeat noise (2026.8+).
    pub silent_reply_is_noise: bool,
    /// The runner passes an accepted forced key through the 2026.9.6 DM pin (§2.3).
    pub has_dm_pin: bool,
    /// `inferHeartbeatWakeSourceFromReason` maps `session-state:*` to `session-state` (observed
    /// in the 2026.9.6 build; not in 2026.5.x).
    pub infers_session_state_source: bool,
    /// `normalizeHeartbeatWakeReason` calls `reason?.trim()` (2026.9.6), so a non-string throws; ≤ 2026.5.12
    /// reads it through a `typeof` check (a non-string is `requested`). Observed.
    pub wake_reason_must_be_string: bool,
}

const V1: Generation = Generation {
    label: "V1",
    parser: ParserEra::P1,
    cron_run: CronRunForm::ExactRun,
    agent_id: AgentIdResolution::FallbackMain,
    event_key: EventKeyRule::Absent,
    wake: WakeRule::RawKey,
    queue_key: QueueKeyRule::Trimmed,
    subagent_depth: SubagentDepthRule::SplitCount,
    heartbeat_agent_default: HeartbeatAgentDefault::FromAgentsList,
    exec_site_wake: ExecSiteWake::Scoped,
    has_reason_kind: false,
    has_unscoped_sentinel: false,
    silent_reply_is_noise: false,
    has_dm_pin: false,
    infers_session_state_source: false,
    wake_reason_must_be_string: false,
};

const V2: Generation = Generation {
    label: "V2",
    cron_run: CronRunForm::Descendants,
    event_key: EventKeyRule::CronRun,
    wake: WakeRule::CronRun,
    ..V1
};

const V4: Generation = Generation {
    label: "V4",
    parser: ParserEra::P4,
    agent_id: AgentIdResolution::Throwing,
    queue_key: QueueKeyRule::AgentQualified,
    subagent_depth: SubagentDepthRule::PrefixCount,
    heartbeat_agent_default: HeartbeatAgentDefault::NormalizedOnly,
    exec_site_wake: ExecSiteWake::SkipSubagentAddOwnerForGlobal,
    has_unscoped_sentinel: true,
    silent_reply_is_noise: true,
    has_dm_pin: true,
    infers_session_state_source: true,
    wake_reason_must_be_string: true,
    ..V2
};

/// The generation a profile reproduces.
pub const fn generation(profile: Profile) -> Generation {
    match profile {
        Profile::Openclaw2026_5_7 => V1,
        Profile::Pr50818UntargetedCronWake => Generation {
            label: "PR #50818 draft (untargeted cron wake)",
            event_key: EventKeyRule::AnyCronToLiteralMain,
            wake: WakeRule::UntargetedCron,
            ..V1
        },
        Profile::Pr50818LiteralMain => Generation {
            label: "PR #50818 draft (literal main)",
            event_key: EventKeyRule::AnyCronToLiteralMain,
            wake: WakeRule::LiteralMainCron,
            ..V1
        },
        Profile::Openclaw2026_5_12 => V2,
        Profile::Openclaw2026_9_6 => V4,
        Profile::Reference => Generation {
            label: "SPEC reference",
            event_key: EventKeyRule::CronRunAndSubagent,
            wake: WakeRule::CronRunAndSubagent,
            queue_key: QueueKeyRule::AgentQualifiedSentinelsAliasMain,
            exec_site_wake: ExecSiteWake::AddOwnerForSentinels,
            has_reason_kind: true,
            ..V4
        },
    }
}
