//! Readable names for actions, events, queues and states, with real key strings, for traces,
//! the Explorer and error messages.

use std::fmt::Write;

use crate::config::{AgentId, Config, HeartbeatSetting};
use crate::routing::Queue;
use crate::site::WakeSpecExt;
use crate::spec::action::Action;
use crate::spec::setup::RoutingModel;
use crate::spec::state::{Event, EventStatus, Guard, Loss, Run, State, WakePhase};

fn agent(a: AgentId) -> &'static str {
    Config::agent_name(a)
}

/// `e2` and what it is: `e2 exec-completion from ops/cron-run via exec-exit`.
pub fn event(model: &RoutingModel, index: usize, e: &Event) -> String {
    format!(
        "e{} {} from {}/{} via {}",
        index + 1,
        e.class.name(),
        agent(e.agent),
        e.origin.name(),
        model.sites[usize::from(e.site)].name
    )
}

pub fn queue(model: &RoutingModel, q: Queue) -> String {
    q.key(model.config.main_key)
}

/// One line per action, in the words of the gateway.
pub fn action(model: &RoutingModel, a: &Action) -> String {
    let mk = model.config.main_key;
    let router = model.router();
    match *a {
        Action::Enqueue {
            site,
            agent: who,
            origin,
            class,
        } => {
            let s = &model.sites[usize::from(site)];
            let from = router.origin_session(who, origin).key(mk);
            let q = model.site_queue(s, who, origin);
            let wake = match model.site_wake(s, who, origin) {
                Some(t) if t.is_untargeted() => {
                    format!(
                        "wake untargeted ({}): every agent's heartbeat peeks its own default queue",
                        s.wake.kind().name()
                    )
                }
                Some(t) => {
                    let peeks = match router.wake_agent(t) {
                        Some(b) if !model.can_run(b) => format!("{} runs no heartbeat", agent(b)),
                        Some(b) => {
                            let session = router.heartbeat_session(b, t.session);
                            format!(
                                "{}'s heartbeat peeks {}",
                                agent(b),
                                queue(model, router.heartbeat_queue(b, session))
                            )
                        }
                        None => "no heartbeat".into(),
                    };
                    format!("wake {} ({}): {peeks}", t.label(mk), s.wake.kind().name())
                }
                None => "no wake".into(),
            };
            format!(
                "{} enqueues {} from {from} into {}; {wake}",
                s.name,
                class.name(),
                queue(model, q)
            )
        }
        Action::FireWake(t) => format!("wake fires: {}", t.label(mk)),
        Action::HandlerThrows(t) => format!("wake handler throws for {}", t.label(mk)),
        Action::FinishRun { agent: who } => format!(
            "heartbeat of {} finishes and consumes what it inspected",
            agent(who)
        ),
        Action::FailRun {
            agent: who,
            replied,
        } => format!(
            "heartbeat of {} fails before consuming ({})",
            agent(who),
            if replied {
                "after its reply went out"
            } else {
                "before replying"
            }
        ),
        Action::TimePasses { agent: who } => format!(
            "time passes for {}: min-spacing over, interval due",
            agent(who)
        ),
        Action::IntervalTick { agent: who } => {
            format!("interval heartbeat of {} starts", agent(who))
        }
        Action::UserTurn {
            agent: who,
            session,
        } => {
            format!("user turn for {} in {}", agent(who), session.key(mk))
        }
        Action::Reap { agent: who } => {
            format!("reaper deletes the cron-run session of {}", agent(who))
        }
        Action::Restart => "gateway restarts".into(),
    }
}

fn status(e: &Event) -> &'static str {
    match e.status {
        EventStatus::Queued => "queued",
        EventStatus::Consumed => "consumed",
        EventStatus::Lost(Loss::Restart) => "lost (restart)",
        EventStatus::Lost(Loss::Cap) => "lost (cap)",
        EventStatus::Lost(Loss::Retired) => "lost (queue retired)",
        EventStatus::Undeliverable => "reported undeliverable",
    }
}

fn run(model: &RoutingModel, r: &Run) -> String {
    let inspected: Vec<String> = (0..32)
        .filter(|i| r.inspected & (1 << i) != 0)
        .map(|i| format!("e{}", i + 1))
        .collect();
    // H11: an isolated run replies in a fresh `<session>:heartbeat` session.
    let isolated = model.router().setting(r.agent) == Some(HeartbeatSetting::Isolated);
    format!(
        "{} in {}{} ({}), peeked {} inspecting [{}]",
        agent(r.agent),
        r.session.key(model.config.main_key),
        if isolated { ":heartbeat" } else { "" },
        r.kind.name(),
        queue(model, r.queue),
        inspected.join(" ")
    )
}

/// The queues that hold something, one line each: `agent:ops:main: [e1 e2]`.
pub fn queues(model: &RoutingModel, s: &State) -> Vec<String> {
    s.nonempty_queues()
        .into_iter()
        .map(|q| {
            let items: Vec<String> = s.queued_in(q).map(|(i, _)| format!("e{}", i + 1)).collect();
            format!("{}: [{}]", queue(model, q), items.join(" "))
        })
        .collect()
}

/// A whole state, several lines, for the Explorer and `--trace`.
pub fn state(model: &RoutingModel, s: &State) -> String {
    let mk = model.config.main_key;
    let mut out = String::new();
    let qs = queues(model, s);
    let _ = writeln!(
        out,
        "queues: {}",
        if qs.is_empty() {
            "all empty".into()
        } else {
            qs.join("; ")
        }
    );
    for (i, e) in s.events.iter().enumerate() {
        let shown: Vec<&str> = (0..model.config.agents)
            .filter(|a| e.shown_to & (1 << a) != 0)
            .map(agent)
            .collect();
        let _ = writeln!(
            out,
            "  {}: {}{}",
            event(model, i, e),
            status(e),
            if shown.is_empty() {
                String::new()
            } else {
                format!(
                    ", surfaced to {}{}",
                    shown.join(","),
                    if e.times_shown > 1 { " twice" } else { "" }
                )
            }
        );
    }
    for p in &s.pending {
        let phase = match p.phase {
            WakePhase::Ready => "ready",
            WakePhase::Retrying => "retry timer armed",
            WakePhase::Deferred => "deferred by guard, kept",
        };
        let _ = writeln!(
            out,
            "pending wake: {} ({}, {phase})",
            p.target.label(mk),
            p.kind.name()
        );
    }
    for r in &s.runs {
        let _ = writeln!(out, "running: {}", run(model, r));
    }
    let guards: Vec<String> = s
        .guards
        .iter()
        .enumerate()
        .filter(|(a, _)| model.config.heartbeats.enabled(*a as AgentId))
        .map(|(a, g)| {
            let g = match g {
                Guard::NeverRan => "never ran",
                Guard::Recent => "ran recently",
                Guard::Due => "due",
            };
            format!(
                "{} {g}, {} tick(s) left",
                agent(a as AgentId),
                s.ticks_left[a]
            )
        })
        .collect();
    let _ = write!(out, "heartbeats: {}", guards.join("; "));
    out
}

/// What a step did that its action's name does not say: where a wake went, which events a
/// heartbeat inspected or surfaced.
pub fn outcome(
    model: &RoutingModel,
    before: &State,
    action: &Action,
    after: &State,
) -> Option<String> {
    match *action {
        Action::FireWake(target) => {
            let started: Vec<&Run> = after
                .runs
                .iter()
                .filter(|r| !before.runs.iter().any(|b| b.agent == r.agent))
                .collect();
            if let Some(r) = started.first() {
                return Some(format!("heartbeat starts: {}", run(model, r)));
            }
            match (before.pending_for(target), after.pending_for(target)) {
                (Some(_), Some(p)) => Some(match p.phase {
                    WakePhase::Retrying => {
                        "the handler is busy: re-queued behind a retry timer".into()
                    }
                    WakePhase::Deferred => {
                        "deferred by the not-due / min-spacing guard, kept for later".into()
                    }
                    WakePhase::Ready => "still pending".into(),
                }),
                (Some(_), None) if target.is_untargeted() => {
                    Some("untargeted: every heartbeat agent is woken".into())
                }
                (Some(_), None) => {
                    let agent = model.router().wake_agent(target);
                    match agent {
                        Some(a) if !model.can_run(a) => Some(format!(
                            "skipped: {} runs no heartbeat; the wake is dropped",
                            Config::agent_name(a)
                        )),
                        Some(a) if model.router().quiet_hours_drop(a) => Some(format!(
                            "skipped: outside {}'s active hours (quiet-hours); the wake is dropped",
                            Config::agent_name(a)
                        )),
                        _ => Some("deferred by the not-due / min-spacing guard and dropped".into()),
                    }
                }
                _ => None,
            }
        }
        Action::IntervalTick { agent: who } => after
            .run_of(who)
            .map(|r| format!("heartbeat starts: {}", run(model, r))),
        Action::FinishRun { .. } | Action::UserTurn { .. } | Action::FailRun { .. } => {
            let shown: Vec<String> = after
                .events
                .iter()
                .zip(&before.events)
                .enumerate()
                .filter(|(_, (a, b))| a.times_shown > b.times_shown)
                .map(|(i, (a, _))| {
                    let to: Vec<&str> = (0..model.config.agents)
                        .filter(|x| a.shown_to & (1 << x) != 0)
                        .map(agent)
                        .collect();
                    format!("e{} to {}", i + 1, to.join(","))
                })
                .collect();
            Some(if shown.is_empty() {
                "surfaces nothing".into()
            } else {
                format!("surfaces {}", shown.join(", "))
            })
        }
        _ => None,
    }
}
