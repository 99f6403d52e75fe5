//! Concrete states and runtime traces for people: real keys, real texts, real timers.

use std::fmt::Write;

use heartbeat_routing::runtime::GatewayState;
use heartbeat_routing::runtime::ledger::Fate;
use heartbeat_routing::runtime::ops::{
    EnqueueResult, FireWakeOutcome, IntervalTickOutcome, JournalEntry, Operation, Outcome, RunEnd,
    UserTurnOutcome,
};
use heartbeat_routing::runtime::wake::WakeTimer;

/// The queues, pending wakes, runs and heartbeats of a gateway, several lines.
pub fn gateway_state(g: &GatewayState) -> String {
    let mut out = String::new();
    let queues: Vec<String> = g
        .queues()
        .iter()
        .map(|(key, events)| {
            let items: Vec<String> = events.iter().map(|e| format!("#{}", e.id)).collect();
            format!("{key}: [{}]", items.join(" "))
        })
        .collect();
    let _ = writeln!(
        out,
        "queues: {}",
        if queues.is_empty() {
            "all empty".into()
        } else {
            queues.join("; ")
        }
    );
    for e in g.ledger().entries() {
        let fate = match e.fate {
            Fate::Queued => "queued".to_string(),
            Fate::Consumed => "consumed".to_string(),
            Fate::Lost(c) => format!("lost ({c:?})"),
            Fate::Undeliverable => "reported undeliverable".to_string(),
        };
        let shown = if e.surfaced_to.is_empty() {
            String::new()
        } else {
            format!(", surfaced to {}", e.surfaced_to.join(","))
        };
        let _ = writeln!(
            out,
            "  #{} {:?} from {} ({}) via {} -> {}: {fate}{shown}",
            e.id,
            e.text,
            e.provenance.origin_session_key,
            e.provenance.agent,
            e.provenance.site,
            e.queue_key
        );
    }
    for p in g.scheduler().pending() {
        let timer = match p.timer {
            WakeTimer::Coalescing => "coalescing",
            WakeTimer::Retry => "retry timer",
            WakeTimer::Guard => "deferred by guard, kept",
        };
        let due = p
            .due_at
            .map_or("when the guard clears".to_string(), |d| format!("due {d}"));
        let _ = writeln!(
            out,
            "pending wake `{}` ({}, {timer}, {due})",
            p.target, p.request.source
        );
    }
    for r in g.runner().runs() {
        let ids: Vec<String> = r.inspected.iter().map(|i| format!("#{i}")).collect();
        let _ = writeln!(
            out,
            "running: {} in {} ({}), peeked {} inspecting [{}]",
            r.agent,
            r.session.session_key,
            r.source(),
            r.queue_key,
            ids.join(" ")
        );
    }
    let hbs: Vec<String> = g
        .runner()
        .agents()
        .filter(|(_, h)| h.enabled)
        .map(|(a, h)| format!("{a} {:?}", h.guard()))
        .collect();
    let _ = write!(out, "heartbeats: {}", hbs.join("; "));
    out
}

/// One operation in words.
pub fn operation(op: &Operation) -> String {
    match op {
        Operation::Enqueue {
            site,
            agent,
            origin_session_key,
            text,
        } => format!("{site}: {agent} enqueues {text:?} from `{origin_session_key}`"),
        Operation::FireWake { target } => format!("fire wake `{target}`"),
        Operation::HandlerThrows { target } => format!("wake handler throws for `{target}`"),
        Operation::FinishRun { agent } => format!("heartbeat of {agent} finishes"),
        Operation::FailRun { agent, replied } => {
            format!("heartbeat of {agent} fails (replied: {replied})")
        }
        Operation::TimePasses { agent } => format!("interval timer of {agent} expires"),
        Operation::IntervalTick { agent } => format!("interval heartbeat of {agent}"),
        Operation::UserTurn { agent, session_key } => {
            format!("user turn of {agent} in `{session_key}`")
        }
        Operation::Reap { session_key } => format!("reaper deletes `{session_key}`"),
        Operation::Restart => "gateway restarts".into(),
    }
}

/// One outcome in words.
pub fn outcome(outcome: &Outcome) -> String {
    let ids = |v: &[(u64, String)]| {
        v.iter()
            .map(|(id, _)| format!("#{id}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    match outcome {
        Outcome::Enqueue(e) => {
            let what = match &e.result {
                EnqueueResult::Queued { id } => format!("#{id} queued in `{}`", e.route.queue_key),
                EnqueueResult::Duplicate => "suppressed as a duplicate".into(),
                EnqueueResult::Blank => "blank, not queued".into(),
                EnqueueResult::Undeliverable { id } => {
                    format!("#{id} reported undeliverable (no heartbeat)")
                }
            };
            let wake = e
                .wake_target
                .as_ref()
                .map_or("no wake".to_string(), |t| format!("wake `{t}`"));
            format!("event key `{}`; {what}; {wake}", e.route.event_key)
        }
        Outcome::FireWake(d) => match d {
            FireWakeOutcome::NotPending => "nothing pending".into(),
            FireWakeOutcome::Retrying => "handler busy: retry timer armed".into(),
            FireWakeOutcome::FannedOut(t) => format!("untargeted: fanned out to {}", t.join(", ")),
            FireWakeOutcome::Disabled => "agent has no heartbeat: dropped".into(),
            FireWakeOutcome::Deferred { reason, kept } => format!(
                "deferred ({reason}), {}",
                if *kept { "kept" } else { "DROPPED" }
            ),
            FireWakeOutcome::Started(r) => format!(
                "{} runs in `{}`, peeks `{}`, inspects [{}]",
                r.agent,
                r.session_key,
                r.queue_key,
                r.inspected
                    .iter()
                    .map(|i| format!("#{i}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
        },
        Outcome::Throw(t) => if *t {
            "re-queued behind a retry timer"
        } else {
            "nothing pending"
        }
        .into(),
        Outcome::Run(RunEnd::NoRun) => "no run".into(),
        Outcome::Run(RunEnd::Ended { surfaced, .. }) => {
            if surfaced.is_empty() {
                "surfaces nothing".into()
            } else {
                format!("surfaces {}", ids(surfaced))
            }
        }
        Outcome::TimePasses(changed) => if *changed { "due" } else { "already due" }.into(),
        Outcome::IntervalTick(i) => match i {
            IntervalTickOutcome::Disabled => "no heartbeat".into(),
            IntervalTickOutcome::NotDue => "not due".into(),
            IntervalTickOutcome::Busy => "busy".into(),
            IntervalTickOutcome::Started(r) => format!(
                "{} runs in `{}`, peeks `{}`, inspects [{}]",
                r.agent,
                r.session_key,
                r.queue_key,
                r.inspected
                    .iter()
                    .map(|i| format!("#{i}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
        },
        Outcome::UserTurn(UserTurnOutcome::LaneBusy) => "lane busy: nothing drained".into(),
        Outcome::UserTurn(UserTurnOutcome::Drained(v)) => {
            format!("drains and surfaces [{}]", ids(v))
        }
        Outcome::Reap(v) => format!("retired {v:?}"),
        Outcome::Restart(v) => format!("lost {v:?}"),
    }
}

/// A journal as a numbered trace: each operation, its outcome, the queues after it.
pub fn trace(initial: &GatewayState, steps: &[(JournalEntry, GatewayState)]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "initial:");
    for line in gateway_state(initial).lines() {
        let _ = writeln!(out, "    {line}");
    }
    for (entry, after) in steps {
        let _ = writeln!(out, "{:>2}. {}", entry.seq, operation(&entry.op));
        let result = match &entry.outcome {
            Ok(o) => outcome(o),
            Err(e) => format!("error: {e}"),
        };
        let _ = writeln!(out, "    -> {result}");
        for line in gateway_state(after).lines() {
            let _ = writeln!(out, "    {line}");
        }
    }
    out
}
