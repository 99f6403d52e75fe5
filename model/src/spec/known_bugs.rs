//! The known bugs of PR #50818 / #80214 and this project's findings (SPEC §9, B1-B6, F1-F4,
//! F7-F14), each as the one configuration in which the checker shows it. One table for every
//! test that replays them: the model's shortest counterexamples (model/tests/model/known_bugs.rs)
//! and the runtime's (CK3, tests/conformance/conformance_known_bugs.rs).

use crate::config::{Config, HeartbeatSetting, Heartbeats, MainKey, Scope};
use crate::origin::OriginKind;
use crate::profile::Profile;
use crate::site::SiteTable;
use crate::spec::setup::RoutingModel;

/// A known bug: where it shows, what it violates, and which profile fixes it.
#[derive(Debug, Clone, Copy)]
pub struct KnownBug {
    pub id: &'static str,
    /// The name its snapshots carry.
    pub name: &'static str,
    /// The profile that has it.
    pub profile: Profile,
    /// The invariants it violates; each counterexample is a snapshot.
    pub invariants: &'static [&'static str],
    pub scope: Scope,
    pub main_key: MainKey,
    pub agents: u8,
    /// The site, or `a+b` for several sites in one model (SPEC S3).
    pub site: &'static str,
    pub origin: OriginKind,
    /// A later profile in which the same configuration holds the invariants (the fix).
    pub fixed_in: Option<Profile>,
    /// Which agents have a heartbeat, and how it is set up (SPEC H9 to H12).
    pub heartbeat: (Heartbeats, HeartbeatSetting),
}

impl KnownBug {
    /// Its configuration: one origin, the upstream site table's sites.
    pub fn config(&self) -> Config {
        let mut config = Config::new(self.scope, self.main_key, self.agents, self.site);
        config.sites = self.site.split('+').map(str::to_string).collect();
        config.origins = vec![self.origin];
        (config.heartbeats, config.heartbeat) = self.heartbeat;
        config
    }

    /// Its configuration under `profile` (its own, its fix, or the reference).
    pub fn model(&self, profile: Profile) -> RoutingModel {
        RoutingModel::new(profile, self.config(), &SiteTable::upstream())
            .unwrap_or_else(|e| panic!("known bug {} under {profile}: {e}", self.id))
    }
}

/// Every agent with an interval heartbeat in its main session.
pub const INTERVAL: (Heartbeats, HeartbeatSetting) = (Heartbeats::All, HeartbeatSetting::Interval);

/// Every known bug and finding that the checker finds in a configuration of its own (SPEC §9),
/// in SPEC order.
pub const KNOWN_BUGS: [KnownBug; 18] = [
    // 2026.5.12 routes the event right but can still drop its wake (B5): fully fixed in 2026.9.6.
    KnownBug {
        id: "B1",
        name: "stranded_under_scope_global",
        profile: Profile::Openclaw2026_5_7,
        invariants: &["wake-drains-enqueue-key", "no-stranded-event"],
        scope: Scope::Global,
        main_key: MainKey::Default,
        agents: 1,
        site: "exec-exit",
        origin: OriginKind::CronRun,
        fixed_in: Some(Profile::Openclaw2026_9_6),
        heartbeat: INTERVAL,
    },
    KnownBug {
        id: "B2",
        name: "stranded_under_custom_main_key",
        profile: Profile::Pr50818LiteralMain,
        invariants: &["wake-drains-enqueue-key", "no-stranded-event"],
        scope: Scope::PerSender,
        main_key: MainKey::Custom,
        agents: 1,
        site: "exec-exit",
        origin: OriginKind::CronRun,
        fixed_in: Some(Profile::Openclaw2026_9_6),
        heartbeat: INTERVAL,
    },
    KnownBug {
        id: "B3",
        name: "heartbeat_in_cron_run",
        profile: Profile::Openclaw2026_5_7,
        invariants: &["no-heartbeat-in-cron-run"],
        scope: Scope::PerSender,
        main_key: MainKey::Default,
        agents: 1,
        site: "exec-exit",
        origin: OriginKind::CronRun,
        fixed_in: Some(Profile::Openclaw2026_5_12),
        heartbeat: INTERVAL,
    },
    KnownBug {
        id: "B4",
        name: "untargeted_cron_wake_fans_out",
        profile: Profile::Pr50818UntargetedCronWake,
        invariants: &["no-cross-agent-wake"],
        scope: Scope::PerSender,
        main_key: MainKey::Default,
        agents: 2,
        site: "exec-exit",
        origin: OriginKind::CronRun,
        fixed_in: Some(Profile::Pr50818LiteralMain),
        heartbeat: INTERVAL,
    },
    KnownBug {
        id: "B5",
        name: "guard_deferred_wake_dropped",
        profile: Profile::Openclaw2026_5_12,
        invariants: &["no-stranded-event"],
        scope: Scope::PerSender,
        main_key: MainKey::Default,
        agents: 1,
        site: "exec-exit",
        origin: OriginKind::Main,
        fixed_in: Some(Profile::Openclaw2026_9_6),
        heartbeat: INTERVAL,
    },
    KnownBug {
        id: "B6",
        name: "shared_global_queue_wrong_agent",
        profile: Profile::Openclaw2026_5_12,
        invariants: &["no-cross-agent-surfacing"],
        scope: Scope::Global,
        main_key: MainKey::Default,
        agents: 2,
        site: "exec-exit",
        origin: OriginKind::CronRun,
        fixed_in: Some(Profile::Openclaw2026_9_6),
        heartbeat: INTERVAL,
    },
    KnownBug {
        id: "F1",
        name: "cron_base_stranded_under_global",
        profile: Profile::Openclaw2026_9_6,
        invariants: &["wake-drains-enqueue-key", "no-stranded-event"],
        scope: Scope::Global,
        main_key: MainKey::Default,
        agents: 1,
        site: "exec-exit",
        origin: OriginKind::CronBase,
        fixed_in: None,
        heartbeat: INTERVAL,
    },
    KnownBug {
        id: "F2",
        name: "subagent_events_never_surfaced",
        profile: Profile::Openclaw2026_9_6,
        invariants: &["wake-drains-enqueue-key"],
        scope: Scope::PerSender,
        main_key: MainKey::Default,
        agents: 1,
        site: "acp-parent-stream",
        origin: OriginKind::Subagent,
        fixed_in: None,
        heartbeat: INTERVAL,
    },
    KnownBug {
        id: "F3",
        name: "bare_global_stranded_per_sender",
        profile: Profile::Openclaw2026_9_6,
        invariants: &["wake-drains-enqueue-key", "no-stranded-event"],
        scope: Scope::PerSender,
        main_key: MainKey::Default,
        agents: 1,
        site: "exec-exit",
        origin: OriginKind::BareGlobal,
        fixed_in: None,
        heartbeat: INTERVAL,
    },
    KnownBug {
        id: "F4",
        name: "global_session_wake_fans_out",
        profile: Profile::Openclaw2026_5_12,
        invariants: &["no-cross-agent-wake"],
        scope: Scope::Global,
        main_key: MainKey::Default,
        agents: 2,
        site: "exec-exit",
        origin: OriginKind::Main,
        fixed_in: Some(Profile::Openclaw2026_9_6),
        heartbeat: INTERVAL,
    },
    // F7: the cron service files a main-session job under the
    // literal agent main key whatever the scope; 2026.9.6 canonicalises it to `global` first.
    KnownBug {
        id: "F7",
        name: "cron_main_job_stranded_under_global",
        profile: Profile::Openclaw2026_5_12,
        invariants: &["wake-drains-enqueue-key", "no-stranded-event"],
        scope: Scope::Global,
        main_key: MainKey::Default,
        agents: 1,
        site: "cron-main-job",
        origin: OriginKind::Main,
        fixed_in: Some(Profile::Openclaw2026_9_6),
        heartbeat: INTERVAL,
    }, // F8: the task registry files a cron run's task notice under the raw cron-run key and wakes
    // it with that key; not fixed in 2026.9.6.
    KnownBug {
        id: "F8",
        name: "task_notice_heartbeat_in_cron_run",
        profile: Profile::Openclaw2026_5_12,
        invariants: &["no-heartbeat-in-cron-run"],
        scope: Scope::PerSender,
        main_key: MainKey::Default,
        agents: 1,
        site: "task-notice",
        origin: OriginKind::CronRun,
        fixed_in: None,
        heartbeat: INTERVAL,
    },
    // F9: 2026.5.7 files a Slack block action under the conversation's key and requests no
    // wake (found by `sites scan`'s wake comparison); 2026.5.12 adds a hook wake.
    KnownBug {
        id: "F9",
        name: "slack_block_action_no_wake",
        profile: Profile::Openclaw2026_5_7,
        invariants: &["wake-drains-enqueue-key"],
        scope: Scope::PerSender,
        main_key: MainKey::Default,
        agents: 1,
        site: "slack-block-action",
        origin: OriginKind::Dm,
        fixed_in: Some(Profile::Openclaw2026_5_12),
        heartbeat: INTERVAL,
    },
    // F10 (SPEC S3, R2): two sites in one model; the watchdog's wake replaces the exec-event
    // wake for the same target and the exec completion is stranded. No release fixes it.
    KnownBug {
        id: "F10",
        name: "exec_wake_replaced_by_watchdog",
        profile: Profile::Openclaw2026_9_6,
        invariants: &["no-stranded-event"],
        scope: Scope::PerSender,
        main_key: MainKey::Default,
        agents: 1,
        site: "exec-exit+cli-watchdog",
        origin: OriginKind::CronRun,
        fixed_in: None,
        heartbeat: INTERVAL,
    },
    // F11 (SPEC H11): an isolated heartbeat surfaces no generic event; every release.
    KnownBug {
        id: "F11",
        name: "isolated_heartbeat_skips_generic_events",
        profile: Profile::Openclaw2026_9_6,
        invariants: &["wake-drains-enqueue-key", "no-stranded-event"],
        scope: Scope::PerSender,
        main_key: MainKey::Default,
        agents: 1,
        site: "acp-parent-stream",
        origin: OriginKind::Main,
        fixed_in: None,
        heartbeat: (Heartbeats::All, HeartbeatSetting::Isolated),
    },
    // F12 (SPEC H12): outside the active hours 2026.5.12 drops the exec-event wake; 2026.9.6
    // exempts it.
    KnownBug {
        id: "F12",
        name: "quiet_hours_drop_the_exec_wake",
        profile: Profile::Openclaw2026_5_12,
        invariants: &["wake-drains-enqueue-key", "no-stranded-event"],
        scope: Scope::PerSender,
        main_key: MainKey::Default,
        agents: 1,
        site: "exec-exit",
        origin: OriginKind::Main,
        fixed_in: Some(Profile::Openclaw2026_9_6),
        heartbeat: (Heartbeats::All, HeartbeatSetting::OutsideActiveHours),
    },
    // F13 (SPEC H10): with `heartbeat.session` set the interval run peeks that session, so the
    // generic event of a dropped wake stays in main; 2026.9.6 keeps the wake.
    KnownBug {
        id: "F13",
        name: "other_heartbeat_session_misses_main",
        profile: Profile::Openclaw2026_5_12,
        invariants: &["no-stranded-event"],
        scope: Scope::PerSender,
        main_key: MainKey::Default,
        agents: 1,
        site: "acp-parent-stream",
        origin: OriginKind::Main,
        fixed_in: Some(Profile::Openclaw2026_9_6),
        heartbeat: (Heartbeats::All, HeartbeatSetting::OtherSession),
    },
    // F14 (SPEC H9): the wake of an agent without a heartbeat is dropped up to 2026.5.12;
    // 2026.9.6 runs it.
    KnownBug {
        id: "F14",
        name: "agent_without_heartbeat_loses_its_wake",
        profile: Profile::Openclaw2026_5_12,
        invariants: &["wake-drains-enqueue-key", "no-stranded-event"],
        scope: Scope::PerSender,
        main_key: MainKey::Default,
        agents: 2,
        site: "acp-parent-stream",
        origin: OriginKind::Main,
        fixed_in: Some(Profile::Openclaw2026_9_6),
        heartbeat: (Heartbeats::DefaultOnly, HeartbeatSetting::Interval),
    },
];
