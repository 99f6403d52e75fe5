//! The runtime's behavioural switches per profile: how the queue suppresses duplicates, how the
//! wake scheduler keys, times and merges wakes, how many heartbeats run at once. The routing
//! functions read their switches from `generation.rs`; these are the ones only the runtime
//! needs (SPEC R2, R4, R6, R10). The match is exhaustive, so a new profile cannot
//! compile without saying what its runtime does.

use heartbeat_vocab::Profile;

/// The queue's duplicate rule (SPEC A7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DuplicateRule {
    /// ≤ 2026.5.7: suppress a text equal to the queue's `lastText` (consecutive, any context).
    LastText,
    /// 2026.5.12 – 7.x: identity = text + context key; a keyed event is suppressed if any
    /// queued event has its identity, an unkeyed one only if the last queued event does.
    Identity,
    /// 2026.8+: as `Identity`, plus `replace` (drop every event of the context key, append the
    /// new one) and `allowDuplicate`.
    IdentityWithReplace,
}

/// How pending wakes are keyed (R1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKeying {
    /// ≤ 7.x: `"<agentId>::<sessionKey>"`, both trimmed, blank as absent.
    AgentAndSession,
    /// 2026.8+: `"::<sessionKey>"` for an agent key, `"<agentId>::<sessionKey>"` otherwise,
    /// `"<agentId>::"` without a session.
    SessionFirst,
}

/// Everything the runtime does differently per profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuntimeRules {
    pub duplicates: DuplicateRule,
    pub target_keying: TargetKeying,
    /// ≤ 7.x: one coalescing timer for the whole scheduler; when it fires every pending target
    /// is handled (SPEC R6). 2026.9.6: one timer per target.
    pub single_timer: bool,
    /// R6: several heartbeats at once (one per agent) rather than one in the whole gateway.
    pub concurrent_runs: bool,
    /// R4: a wake deferred by the not-due / min-spacing guard is kept and retried when the
    /// guard clears, rather than dropped.
    pub retains_guarded_wakes: bool,
    /// R2: a merged wake inspects what any of the merged wakes would have (reference), rather
    /// than only what the winner's kind inspects.
    pub merges_inspection: bool,
    /// R10: a site refuses an event whose agent runs no heartbeat and reports it.
    pub reports_undeliverable: bool,
    /// R12: an event the queue cap drops is reported (upstream shifts it out silently).
    pub reports_cap_drops: bool,
    /// R13: a run consumes what it inspected as its reply goes out, so a failure after the
    /// reply cannot surface the events again (upstream consumes only when the run finishes).
    pub consumes_on_reply: bool,
    /// 2026.9.6: deleting a session retires its queue (what is queued is dropped).
    pub reaping_retires_queue: bool,
    /// 2026.9.6 and reference: a site wake for a sentinel key (`global`, `unknown`) carries
    /// the owner's agent id.
    pub owner_for_sentinel_wakes: bool,
    /// W11, reference: per-sender, a scoped site wake for a sentinel key targets the owner's main
    /// session (where Q5 filed the event) instead of carrying its agent id.
    pub main_session_for_sentinel_wakes: bool,
    /// E9: 2026.9.6 and reference: the cron service's main session of an agent follows the
    /// scope (`global` under scope global); up to 2026.5.12 it is `agent:<a>:<mainKey>`
    /// whatever the scope.
    pub agent_main_follows_scope: bool,
    /// E10, W10: sites are routed by the table's `reference_key` and `reference_wake` where it
    /// gives them (the reference only: every release routes a site as upstream does).
    pub reference_site_routing: bool,
    /// H9: a targeted wake of a listed agent that has no heartbeat still runs it (2026.9.6's
    /// wake stage exempts targeted unscheduled wakes from the enabled check); elsewhere it is
    /// skipped `disabled`.
    pub runs_targeted_without_heartbeat: bool,
    /// H12: an event wake arriving outside the agent's active hours is skipped `quiet-hours`
    /// and dropped (up to 2026.5.12); later releases exempt event wakes.
    pub quiet_hours_skip_event_wakes: bool,
    /// H11: a run in an isolated `<session>:heartbeat` session surfaces no event but exec
    /// completions from the queue it peeks (every release; the reference inspects as R3 says).
    pub isolated_runs_skip_generic_events: bool,
}

const RELEASE_5_7: RuntimeRules = RuntimeRules {
    duplicates: DuplicateRule::LastText,
    target_keying: TargetKeying::AgentAndSession,
    single_timer: true,
    concurrent_runs: false,
    retains_guarded_wakes: false,
    merges_inspection: false,
    reports_undeliverable: false,
    reports_cap_drops: false,
    consumes_on_reply: false,
    reaping_retires_queue: false,
    owner_for_sentinel_wakes: false,
    main_session_for_sentinel_wakes: false,
    agent_main_follows_scope: false,
    reference_site_routing: false,
    runs_targeted_without_heartbeat: false,
    quiet_hours_skip_event_wakes: true,
    isolated_runs_skip_generic_events: true,
};

const RELEASE_5_12: RuntimeRules = RuntimeRules {
    duplicates: DuplicateRule::Identity,
    ..RELEASE_5_7
};

const RELEASE_9_6: RuntimeRules = RuntimeRules {
    duplicates: DuplicateRule::IdentityWithReplace,
    target_keying: TargetKeying::SessionFirst,
    single_timer: false,
    concurrent_runs: true,
    retains_guarded_wakes: true,
    reaping_retires_queue: true,
    owner_for_sentinel_wakes: true,
    agent_main_follows_scope: true,
    runs_targeted_without_heartbeat: true,
    quiet_hours_skip_event_wakes: false,
    ..RELEASE_5_12
};

impl RuntimeRules {
    /// The rules of `profile`.
    pub const fn of(profile: Profile) -> RuntimeRules {
        match profile {
            // The drafts changed only the routing functions of 2026.5.7.
            Profile::Openclaw2026_5_7
            | Profile::Pr50818UntargetedCronWake
            | Profile::Pr50818LiteralMain => RELEASE_5_7,
            Profile::Openclaw2026_5_12 => RELEASE_5_12,
            Profile::Openclaw2026_9_6 => RELEASE_9_6,
            Profile::Reference => RuntimeRules {
                merges_inspection: true,
                reports_undeliverable: true,
                reports_cap_drops: true,
                consumes_on_reply: true,
                reaping_retires_queue: false,
                reference_site_routing: true,
                main_session_for_sentinel_wakes: true,
                // E6 stands: the reference refuses the events of an agent without heartbeat.
                runs_targeted_without_heartbeat: false,
                isolated_runs_skip_generic_events: false,
                ..RELEASE_9_6
            },
        }
    }
}
