//! The heartbeat wake scheduler (SPEC R1, R2, R4, R7): at most one pending wake per
//! target, merged by priority, each waiting on a timer — a coalescing timer after a request, a
//! retry timer after a busy handler or a throw, or (2026.8 on) the agent's guard after a
//! not-due / min-spacing deferral.
//!
//! The scheduler only keeps wakes and timers. What firing one does (fan out, drop, defer,
//! start a heartbeat) is the gateway's, which hands targets back here one at a time: the model
//! fires targets one at a time too, and the production timer path (`Gateway::fire_due`) calls
//! the same per-target dispatch for each target of a due batch.

use std::collections::{BTreeMap, BTreeSet};

use crate::generation::ParserEra;
use crate::js;
use crate::keys::parse::parse_agent_session_key;
use crate::runtime::rules::{RuntimeRules, TargetKeying};

/// Upstream's default coalescing delay.
pub const DEFAULT_COALESCE_MS: u64 = 250;
/// Upstream's retry delay after a busy handler or a throw.
pub const RETRY_MS: u64 = 1000;

/// A request for a heartbeat (upstream's `requestHeartbeat` options).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WakeRequest {
    pub source: String,
    pub intent: String,
    pub reason: String,
    pub agent_id: Option<String>,
    pub session_key: Option<String>,
    /// `None`: the default 250 ms.
    pub coalesce_ms: Option<u64>,
    /// Does a run started by this wake inspect exec completions (R3)? Decided by the runner's
    /// classification of the source and reason.
    pub inspects_exec: bool,
    /// Provenance: the agents whose events asked for this wake (empty for none).
    pub requested_by: BTreeSet<String>,
}

impl WakeRequest {
    /// Upstream's priority: manual/immediate 3, retry 0, scheduled/interval 1, else 2.
    pub fn priority(&self) -> u8 {
        if matches!(self.intent.as_str(), "manual" | "immediate") {
            3
        } else if self.source == "retry" || self.reason == "retry" {
            0
        } else if self.intent == "scheduled"
            || self.source == "interval"
            || self.reason == "interval"
        {
            1
        } else {
            2
        }
    }
}

/// What a pending wake is waiting for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WakeTimer {
    /// Requested; fires when its coalescing timer does.
    Coalescing,
    /// The handler was busy or threw: a retry timer is armed that later requests cannot
    /// pre-empt.
    Retry,
    /// Deferred by the not-due / min-spacing guard and kept (2026.8 on); fires when its agent's
    /// guard clears.
    Guard,
}

/// One entry of the pending map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingWake {
    /// The pending map's key (R1).
    pub target: String,
    /// The winner of every merge so far.
    pub request: WakeRequest,
    /// When the winner was requested.
    pub requested_at: u64,
    pub timer: WakeTimer,
    /// When it fires; `None` for a guard-deferred wake whose guard has not cleared.
    pub due_at: Option<u64>,
}

/// The pending-map key of a wake (SPEC R1).
pub fn target_key(
    keying: TargetKeying,
    agent_id: Option<&str>,
    session_key: Option<&str>,
) -> String {
    let part = |v: Option<&str>| v.map(js::trim).unwrap_or("").to_string();
    let (agent, session) = (part(agent_id), part(session_key));
    match keying {
        TargetKeying::AgentAndSession => format!("{agent}::{session}"),
        TargetKeying::SessionFirst => {
            if !session.is_empty() && parse_agent_session_key(ParserEra::P4, &session).is_some() {
                format!("::{session}")
            } else {
                format!("{agent}::{session}")
            }
        }
    }
}

/// The scheduler.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WakeScheduler {
    rules: RuntimeRules,
    pending: BTreeMap<String, PendingWake>,
    /// ≤ 2026.7: the one scheduler timer `(due, is_retry)`.
    batch_timer: Option<(u64, bool)>,
}

impl WakeScheduler {
    pub fn new(rules: RuntimeRules) -> WakeScheduler {
        WakeScheduler {
            rules,
            pending: BTreeMap::new(),
            batch_timer: None,
        }
    }

    /// The pending-map key this scheduler gives a wake.
    pub fn key_of(&self, req: &WakeRequest) -> String {
        target_key(
            self.rules.target_keying,
            req.agent_id.as_deref(),
            req.session_key.as_deref(),
        )
    }

    /// Adds a wake, merging it with the one pending for its target (R2): the newer wins at
    /// equal or higher priority; the requesters are united; the reference unites inspection.
    /// A pending wake keeps its timer: a later request never delays it, and a retry or guard
    /// timer is not pre-empted. Returns the target key.
    pub fn request(&mut self, req: WakeRequest, now: u64) -> String {
        self.request_with_timer(req, now, WakeTimer::Coalescing)
    }

    /// Re-queues a wake behind a retry timer (R4: busy handler, a throw, a failed run). If a
    /// wake is pending for the target meanwhile, the re-queued one merges into it as the newer
    /// request and the pending timer stays.
    pub fn requeue_retry(&mut self, req: WakeRequest, now: u64) -> String {
        self.request_with_timer(req, now, WakeTimer::Retry)
    }

    fn request_with_timer(&mut self, req: WakeRequest, now: u64, timer: WakeTimer) -> String {
        let key = self.key_of(&req);
        let delay = match timer {
            WakeTimer::Retry => RETRY_MS,
            _ => req.coalesce_ms.unwrap_or(DEFAULT_COALESCE_MS),
        };
        let due = now.saturating_add(delay);
        match self.pending.get_mut(&key) {
            Some(p) => {
                let mut requesters = std::mem::take(&mut p.request.requested_by);
                requesters.extend(req.requested_by.iter().cloned());
                let old_inspects = p.request.inspects_exec;
                let newer_wins = req.priority() >= p.request.priority();
                if newer_wins {
                    p.request = req;
                    p.requested_at = now;
                }
                p.request.requested_by = requesters;
                if self.rules.merges_inspection {
                    p.request.inspects_exec |= old_inspects;
                }
                if p.timer == WakeTimer::Coalescing {
                    p.due_at = p.due_at.map(|d| d.min(due));
                }
            }
            None => {
                self.pending.insert(
                    key.clone(),
                    PendingWake {
                        target: key.clone(),
                        request: req,
                        requested_at: now,
                        timer,
                        due_at: Some(due),
                    },
                );
            }
        }
        self.arm_batch_timer(due, timer == WakeTimer::Retry);
        key
    }

    /// ≤ 2026.7's single timer: a sooner request pre-empts it unless it is a retry timer; a
    /// retry always re-arms it.
    fn arm_batch_timer(&mut self, due: u64, retry: bool) {
        if !self.rules.single_timer {
            return;
        }
        self.batch_timer = match self.batch_timer {
            _ if retry => Some((due, true)),
            None => Some((due, false)),
            Some((old, true)) => Some((old, true)),
            Some((old, false)) => Some((old.min(due), false)),
        };
    }

    /// Keeps a wake deferred by the guard (2026.8 on): it waits for its agent's guard.
    pub fn defer(&mut self, wake: PendingWake) {
        self.pending.insert(
            wake.target.clone(),
            PendingWake {
                timer: WakeTimer::Guard,
                due_at: None,
                ..wake
            },
        );
    }

    /// The guard of the agent that `is_for` selects has cleared: its deferred wakes are due now.
    pub fn release_guarded(&mut self, now: u64, is_for: impl Fn(&PendingWake) -> bool) {
        for p in self.pending.values_mut() {
            if p.timer == WakeTimer::Guard && p.due_at.is_none() && is_for(p) {
                p.due_at = Some(now);
            }
        }
    }

    /// Takes the wake pending for `target` out of the map, to handle it.
    pub fn take(&mut self, target: &str) -> Option<PendingWake> {
        self.pending.remove(target)
    }

    /// Puts a taken wake back unchanged (its handling changed nothing).
    pub fn restore(&mut self, wake: PendingWake) {
        self.pending.insert(wake.target.clone(), wake);
    }

    pub fn get(&self, target: &str) -> Option<&PendingWake> {
        self.pending.get(target)
    }

    /// Every pending wake, by target key.
    pub fn pending(&self) -> impl Iterator<Item = &PendingWake> {
        self.pending.values()
    }

    /// The targets to handle at `now`: with one scheduler timer (≤ 2026.7), every pending
    /// target once that timer is due (and the timer is consumed); otherwise each target whose
    /// own timer is due.
    pub fn due_targets(&mut self, now: u64) -> Vec<String> {
        if self.rules.single_timer {
            match self.batch_timer {
                Some((due, _)) if due <= now => {
                    self.batch_timer = None;
                    self.pending.keys().cloned().collect()
                }
                _ => Vec::new(),
            }
        } else {
            self.pending
                .values()
                .filter(|p| p.due_at.is_some_and(|d| d <= now))
                .map(|p| p.target.clone())
                .collect()
        }
    }

    /// When the next timer fires, if one is armed.
    pub fn next_due(&self) -> Option<u64> {
        if self.rules.single_timer {
            self.batch_timer.map(|(d, _)| d)
        } else {
            self.pending.values().filter_map(|p| p.due_at).min()
        }
    }

    /// Forgets everything (a restart).
    pub fn clear(&mut self) {
        self.pending.clear();
        self.batch_timer = None;
    }
}
