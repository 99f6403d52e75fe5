//! The known bugs of PR #50818 / #80214 (SPEC §9, B1-B6) and this project's findings (F1-F4, F7-F14):
//! each is found by the checker as a violation of the right invariant in the profile that had
//! it, its shortest counterexample is kept as an insta snapshot in snapshots/, the snapshot's
//! named steps replay, and `reference` holds every invariant in the same configuration.

use heartbeat_model::config::{Config, HeartbeatSetting, Heartbeats, MainKey, Scope};
use heartbeat_model::origin::OriginKind;
use heartbeat_model::verify::search::replay;
use heartbeat_model::verify::{CheckOptions, Verdict, check};
use heartbeat_model::{Profile, RoutingModel, SiteTable};

struct Scenario {
    id: &'static str,
    name: &'static str,
    profile: Profile,
    /// The invariants it violates; each counterexample is a snapshot.
    invariants: &'static [&'static str],
    scope: Scope,
    main_key: MainKey,
    agents: u8,
    site: &'static str,
    origin: OriginKind,
    /// A later profile in which the same configuration holds the invariant (the fix).
    fixed_in: Option<Profile>,
    /// Which agents have a heartbeat, and how it is set up (SPEC H9 to H12).
    heartbeat: (Heartbeats, HeartbeatSetting),
}

/// Every agent with an interval heartbeat in its main session.
const INTERVAL: (Heartbeats, HeartbeatSetting) = (Heartbeats::All, HeartbeatSetting::Interval);

const SCENARIOS: [Scenario; 18] = [
    // 2026.5.12 routes the event right but can still drop its wake (B5): fully fixed in 2026.9.6.
    Scenario {
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
    Scenario {
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
    Scenario {
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
    Scenario {
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
    Scenario {
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
    Scenario {
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
    Scenario {
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
    Scenario {
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
    Scenario {
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
    Scenario {
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
    Scenario {
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
    Scenario {
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
    Scenario {
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
    Scenario {
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
    Scenario {
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
    Scenario {
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
    Scenario {
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
    Scenario {
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

fn model(s: &Scenario, profile: Profile) -> RoutingModel {
    let mut config = Config::new(s.scope, s.main_key, s.agents, s.site);
    // `a+b`: several sites in one model (SPEC S3).
    config.sites = s.site.split('+').map(str::to_string).collect();
    config.origins = vec![s.origin];
    (config.heartbeats, config.heartbeat) = s.heartbeat;
    RoutingModel::new(profile, config, &SiteTable::upstream()).unwrap()
}

#[test]
fn known_bugs_are_found_with_their_shortest_counterexample() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../../../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    for s in &SCENARIOS {
        let buggy = model(s, s.profile);
        let out = check(&buggy, &CheckOptions::default());
        for invariant in s.invariants {
            let p = out.get(invariant).unwrap();
            assert_eq!(
                p.verdict,
                Verdict::Violated,
                "{} {}: {invariant} must be violated",
                s.id,
                s.profile
            );
            let trace = p.trace.as_ref().expect("violations come with a trace");
            // The stored trace is named actions: replaying them reaches the same violation.
            let path =
                replay(&buggy, &trace.init_state, &trace.actions()).expect("the trace replays");
            let spec = heartbeat_model::properties::specs(&buggy)
                .into_iter()
                .find(|x| x.name == *invariant)
                .unwrap();
            assert!(
                spec.is_discovery(&buggy, path.last_state()),
                "{}: replay ends in the violation",
                s.id
            );
            let text = format!(
                "{} {invariant} in {} {}\n{}",
                s.id,
                s.profile,
                buggy.config,
                trace.render_text()
            );
            let name = format!(
                "known_bug_{}_{}_{}",
                s.id,
                s.name,
                invariant.replace('-', "_")
            );
            settings.bind(|| insta::assert_snapshot!(name, text));
        }

        let reference = check(&model(s, Profile::Reference), &CheckOptions::default());
        for p in reference
            .properties
            .iter()
            .filter(|p| p.id.starts_with('I'))
        {
            assert_eq!(
                p.verdict,
                Verdict::Holds,
                "{}: reference must hold {}",
                s.id,
                p.name
            );
        }
        if let Some(fixed) = s.fixed_in {
            let out = check(&model(s, fixed), &CheckOptions::default());
            for invariant in s.invariants {
                assert_eq!(
                    out.get(invariant).unwrap().verdict,
                    Verdict::Holds,
                    "{}: fixed in {fixed}",
                    s.id
                );
            }
        }
    }
}
