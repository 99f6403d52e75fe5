//! The gateway's state and the meaning of each operation (SPEC §8.2, R1–R11), applied one at a
//! time: [`crate::runtime::Gateway`] serialises them under its lock.

use std::collections::BTreeSet;
use std::sync::Arc;

use heartbeat_vocab::{Mutation, Profile, SiteTable};

use crate::js;
use crate::keys::normalize::normalize_agent_id;
use crate::routing::config::GatewayConfig;
use crate::runtime::error::GatewayError;
use crate::runtime::event::{EventId, Provenance};
use crate::runtime::ledger::{Fate, Ledger, LedgerEntry, LossCause};
use crate::runtime::ops::{
    EnqueueOutcome, EnqueueResult, FireWakeOutcome, IntervalTickOutcome, JournalEntry, Operation,
    Outcome, RunEnd, RunReport, UserTurnOutcome,
};
use crate::runtime::options::GatewayOptions;
use crate::runtime::queue::{EnqueueRequest, Enqueued, SystemEventQueues, queue_key_of};
use crate::runtime::rules::RuntimeRules;
use crate::runtime::runner::{
    GuardState, HeartbeatRun, RunStart, Runner, RunnerAgent, wake_inspects_exec,
};
use crate::runtime::sites::{self, SiteRoute};
use crate::runtime::wake::{WakeRequest, WakeScheduler};

/// Counters an operator would export as metrics; kept across restarts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counters {
    pub restarts: u32,
    pub handler_throws: u32,
    pub run_failures: u32,
    /// Wakes deferred by the not-due / min-spacing guard (dropped or kept).
    pub wakes_deferred: u32,
    /// Event wakes skipped `quiet-hours` and dropped (H12).
    pub quiet_hours_skips: u32,
    /// Wakes re-queued because the handler was busy or threw.
    pub wakes_retried: u32,
    /// Restarts that lost at least one queued event.
    pub restarts_losing_events: u32,
    /// Events the queue cap dropped.
    pub cap_drops: u32,
    /// Sessions the reaper deleted.
    pub reaps: u32,
    /// User turns that drained at least one event.
    pub user_turn_drains: u32,
    pub duplicates_suppressed: u32,
}

/// Everything a gateway holds. Operations take it by `&mut`, one at a time.
#[derive(Debug, Clone)]
pub struct GatewayState {
    profile: Profile,
    rules: RuntimeRules,
    cfg: GatewayConfig,
    sites: Arc<SiteTable>,
    queues: SystemEventQueues,
    scheduler: WakeScheduler,
    runner: Runner,
    ledger: Ledger,
    counters: Counters,
    /// Sessions the reaper deleted (trimmed, lowercased keys).
    reaped: BTreeSet<String>,
    journal: Option<Vec<JournalEntry>>,
    seq: u64,
    /// The decision broken on purpose, if any (SPEC CK4).
    mutation: Option<Mutation>,
}

fn run_report(run: &HeartbeatRun) -> RunReport {
    RunReport {
        agent: run.agent.clone(),
        session_key: run.session.session_key.clone(),
        queue_key: run.queue_key.clone(),
        source: run.source().to_string(),
        inspected: run.inspected.clone(),
    }
}

impl GatewayState {
    pub(crate) fn new(options: &GatewayOptions, now: u64) -> Result<GatewayState, GatewayError> {
        if options.agents.is_empty() {
            return Err(GatewayError::Options("at least one agent".into()));
        }
        let ids: Vec<&str> = options.agents.iter().map(|a| a.id.as_str()).collect();
        let cfg = GatewayConfig::new(options.scope, options.main_key.as_deref(), &ids);
        let normalized: Vec<String> = ids.iter().map(|i| normalize_agent_id(Some(i))).collect();
        if cfg.agent_ids().len() != normalized.len() {
            return Err(GatewayError::Options(format!(
                "agent ids must be distinct once normalised: {normalized:?}"
            )));
        }
        let agents: Vec<RunnerAgent> = options
            .agents
            .iter()
            .zip(normalized)
            .map(|(a, id)| RunnerAgent {
                id,
                heartbeat: a.heartbeat,
                setting: a.setting,
                ran_recently: a.ran_recently,
            })
            .collect();
        options.check_mutation()?;
        let mutation = options.mutation;
        let mut rules = RuntimeRules::of(options.profile);
        if mutation == Some(Mutation::DropGuardedWakes) {
            // Broken on purpose: a guard-deferred wake is dropped in every profile.
            rules.retains_guarded_wakes = false;
        }
        let mut queues = SystemEventQueues::new(options.profile, options.queue_cap);
        if mutation == Some(Mutation::SharedGlobalQueue) {
            queues = queues.with_shared_global();
        }
        Ok(GatewayState {
            profile: options.profile,
            rules,
            runner: Runner::new(
                options.profile,
                cfg.clone(),
                &agents,
                options.interval_ms,
                now,
                mutation,
            ),
            cfg,
            sites: Arc::new(options.sites.clone()),
            queues,
            scheduler: WakeScheduler::new(rules),
            ledger: Ledger::default(),
            counters: Counters::default(),
            reaped: BTreeSet::new(),
            journal: options.journal.then(Vec::new),
            seq: 0,
            mutation,
        })
    }

    // ---- read access ----

    pub fn profile(&self) -> Profile {
        self.profile
    }

    pub fn config(&self) -> &GatewayConfig {
        &self.cfg
    }

    pub fn queues(&self) -> &SystemEventQueues {
        &self.queues
    }

    pub fn scheduler(&self) -> &WakeScheduler {
        &self.scheduler
    }

    pub fn runner(&self) -> &Runner {
        &self.runner
    }

    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    pub fn counters(&self) -> Counters {
        self.counters
    }

    /// Sessions deleted by the reaper.
    pub fn reaped(&self) -> &BTreeSet<String> {
        &self.reaped
    }

    /// The journal, if journaling is on.
    pub fn journal(&self) -> &[JournalEntry] {
        self.journal.as_deref().unwrap_or(&[])
    }

    // ---- the operations ----

    /// Applies one operation at time `now` and journals it.
    pub(crate) fn apply(&mut self, op: Operation, now: u64) -> Result<Outcome, GatewayError> {
        let outcome = match &op {
            Operation::Enqueue {
                site,
                agent,
                origin_session_key,
                text,
            } => self
                .enqueue_at_site(site, agent, origin_session_key, text, now)
                .map(Outcome::Enqueue),
            Operation::FireWake { target } => self.fire_wake(target, now).map(Outcome::FireWake),
            Operation::HandlerThrows { target } => {
                Ok(Outcome::Throw(self.handler_throws(target, now)))
            }
            Operation::FinishRun { agent } => self.end_run(agent, None, now).map(Outcome::Run),
            Operation::FailRun { agent, replied } => {
                self.end_run(agent, Some(*replied), now).map(Outcome::Run)
            }
            Operation::TimePasses { agent } => {
                self.time_passes(agent, now).map(Outcome::TimePasses)
            }
            Operation::IntervalTick { agent } => {
                self.interval_tick(agent, now).map(Outcome::IntervalTick)
            }
            Operation::UserTurn { agent, session_key } => {
                self.user_turn(agent, session_key).map(Outcome::UserTurn)
            }
            Operation::Reap { session_key } => Ok(Outcome::Reap(self.reap(session_key))),
            Operation::Restart => Ok(Outcome::Restart(self.restart(now))),
        };
        self.seq += 1;
        if let Some(journal) = &mut self.journal {
            journal.push(JournalEntry {
                seq: self.seq,
                op,
                outcome: outcome.clone(),
            });
        }
        outcome
    }

    fn agent_id(&self, agent: &str) -> Result<String, GatewayError> {
        let id = normalize_agent_id(Some(agent));
        if self.cfg.agent_ids().contains(&id) {
            Ok(id)
        } else {
            Err(GatewayError::UnknownAgent(agent.to_string()))
        }
    }

    fn is_reaped(&self, key: &str) -> bool {
        let key = js::trim_lower(key);
        self.reaped
            .iter()
            .any(|r| key == *r || key.starts_with(&format!("{r}:")))
    }

    /// The wake a site route asks for, as a request.
    fn wake_request(&self, route: &SiteRoute, agent: &str) -> Option<WakeRequest> {
        let opts = route.wake.as_ref()?;
        let field = |name: &str| {
            opts.get(name)
                .and_then(serde_json::Value::as_str)
                .map(str::to_string)
        };
        let source = field("source").unwrap_or_default();
        let reason = field("reason").unwrap_or_default();
        Some(WakeRequest {
            inspects_exec: wake_inspects_exec(self.profile, &source, &reason),
            source,
            intent: field("intent").unwrap_or_default(),
            reason,
            agent_id: field("agentId"),
            session_key: field("sessionKey"),
            coalesce_ms: opts.get("coalesceMs").and_then(serde_json::Value::as_u64),
            requested_by: [agent.to_string()].into(),
        })
    }

    /// SPEC I7, concretely: does the heartbeat `wake` starts peek `queue_key` and inspect an
    /// event of this text's class? Resolved with the runner's own functions: the agents the
    /// wake can run (H9), not skipped outside their active hours (H12), each inspecting by its
    /// wake's kind and its setting (R3, H11).
    fn wake_drains(&self, wake: Option<&WakeRequest>, queue_key: &str, text: &str) -> bool {
        let Some(wake) = wake else { return false };
        let exec = crate::classify::exec_event::is_exec_completion_event(text);
        let agents = match self
            .runner
            .target_agent(wake.agent_id.as_deref(), wake.session_key.as_deref())
        {
            Ok(Some(a)) if self.runner.runs_targeted(&a) => vec![a],
            Ok(Some(_)) => Vec::new(),
            Ok(None) => self.runner.heartbeat_agents(),
            Err(_) => return false,
        };
        agents
            .iter()
            .filter(|a| !self.runner.quiet_hours(a))
            .filter(|a| self.runner.inspects(a, wake.inspects_exec, exec))
            .any(|a| {
                self.runner
                    .session_and_queue(a, wake.session_key.as_deref())
                    .is_ok_and(|(_, q)| q == queue_key)
            })
    }

    fn enqueue_at_site(
        &mut self,
        site: &str,
        agent: &str,
        origin_session_key: &str,
        text: &str,
        now: u64,
    ) -> Result<EnqueueOutcome, GatewayError> {
        let sites = Arc::clone(&self.sites);
        let site_def = sites
            .get(site)
            .ok_or_else(|| GatewayError::UnknownSite(site.to_string()))?;
        let agent = self.agent_id(agent)?;
        if self.is_reaped(origin_session_key) {
            return Err(GatewayError::SessionReaped(
                js::trim(origin_session_key).to_string(),
            ));
        }
        let route = sites::route_mutated(
            self.profile,
            &self.cfg,
            site_def,
            &agent,
            origin_session_key,
            self.mutation,
        )?;
        let wake = self.wake_request(&route, &agent);
        let wake_target = wake.as_ref().map(|w| self.scheduler.key_of(w));
        let wake_drains = self.wake_drains(wake.as_ref(), &route.queue_key, text);
        let provenance = Provenance {
            site: site.to_string(),
            agent: agent.clone(),
            origin_session_key: route.origin_key.clone(),
        };
        let entry = |id, fate| LedgerEntry {
            id,
            text: js::trim(text).to_string(),
            provenance: provenance.clone(),
            event_key: route.event_key.clone(),
            queue_key: route.queue_key.clone(),
            wake_target: wake_target.clone(),
            wake_drains,
            fate,
            loss_reported: false,
            surfaced_to: Vec::new(),
        };
        if self.rules.reports_undeliverable && !self.runner.has_heartbeat(&agent) {
            // R10: nothing would ever surface it; say so instead of stranding it.
            let id = self.queues.allocate_id();
            self.ledger.push(entry(id, Fate::Undeliverable));
            return Ok(EnqueueOutcome {
                route,
                result: EnqueueResult::Undeliverable { id },
                wake_target: None,
                dropped: Vec::new(),
            });
        }
        let request = EnqueueRequest::new(text, provenance.clone(), now);
        let mut dropped_ids = Vec::new();
        let result = match self.queues.enqueue(&route.queue_key, request)? {
            Enqueued::Accepted {
                id,
                dropped,
                replaced,
                ..
            } => {
                self.ledger.push(entry(id, Fate::Queued));
                for e in &dropped {
                    self.ledger.set_fate(e.id, Fate::Lost(LossCause::Cap));
                    self.counters.cap_drops += 1;
                    if self.rules.reports_cap_drops {
                        // R12: the drop is returned to the site, which logs it.
                        self.ledger.report_loss(e.id);
                    }
                }
                dropped_ids = dropped.iter().map(|e| e.id).collect();
                for e in replaced {
                    self.ledger.set_fate(e.id, Fate::Lost(LossCause::Replaced));
                }
                EnqueueResult::Queued { id }
            }
            Enqueued::Duplicate => {
                self.counters.duplicates_suppressed += 1;
                EnqueueResult::Duplicate
            }
            Enqueued::Blank => EnqueueResult::Blank,
        };
        let accepted = matches!(result, EnqueueResult::Queued { .. });
        let wake_target = match wake {
            Some(w) if accepted => Some(self.scheduler.request(w, now)),
            _ => None,
        };
        Ok(EnqueueOutcome {
            route,
            result,
            wake_target,
            dropped: dropped_ids,
        })
    }

    /// Handles the wake pending for `target` (R4, R7).
    fn fire_wake(&mut self, target: &str, now: u64) -> Result<FireWakeOutcome, GatewayError> {
        let Some(wake) = self.scheduler.take(target) else {
            return Ok(FireWakeOutcome::NotPending);
        };
        let req = &wake.request;
        let agent = match self
            .runner
            .target_agent(req.agent_id.as_deref(), req.session_key.as_deref())
        {
            Ok(a) => a,
            Err(e) => {
                self.scheduler.restore(wake);
                return Err(e.into());
            }
        };
        if self.runner.busy(agent.as_deref()) {
            // requests-in-flight: re-queued behind a retry timer.
            self.scheduler.requeue_retry(wake.request, now);
            self.counters.wakes_retried += 1;
            return Ok(FireWakeOutcome::Retrying);
        }
        let Some(agent) = agent else {
            // Untargeted: one wake per heartbeat agent, each keeping the requesters (R7).
            let targets = self
                .runner
                .heartbeat_agents()
                .into_iter()
                .map(|b| {
                    let fanned = WakeRequest {
                        agent_id: Some(b),
                        session_key: None,
                        ..wake.request.clone()
                    };
                    self.scheduler.request(fanned, now)
                })
                .collect();
            return Ok(FireWakeOutcome::FannedOut(targets));
        };
        if !self.runner.runs_targeted(&agent) {
            // No heartbeat: `disabled`, dropped (2026.9.6 runs a targeted wake anyway, H9).
            return Ok(FireWakeOutcome::Disabled);
        }
        if let Some(reason) = self.runner.deferral(&agent, now) {
            self.counters.wakes_deferred += 1;
            let kept = self.rules.retains_guarded_wakes;
            if kept {
                self.scheduler.defer(wake);
            }
            return Ok(FireWakeOutcome::Deferred {
                reason: reason.to_string(),
                kept,
            });
        }
        if self.runner.quiet_hours(&agent) {
            // H12: outside the active hours, `quiet-hours`; the wake is settled, not retried.
            self.counters.quiet_hours_skips += 1;
            return Ok(FireWakeOutcome::Deferred {
                reason: "quiet-hours".into(),
                kept: false,
            });
        }
        let start = RunStart {
            agent,
            forced_session: wake.request.session_key.clone(),
            wake: Some(wake.request),
        };
        let run = self.runner.start(&self.queues, start, now)?;
        Ok(FireWakeOutcome::Started(run_report(run)))
    }

    fn handler_throws(&mut self, target: &str, now: u64) -> bool {
        let Some(wake) = self.scheduler.take(target) else {
            return false;
        };
        self.scheduler.requeue_retry(wake.request, now);
        self.counters.handler_throws += 1;
        self.counters.wakes_retried += 1;
        true
    }

    /// Finishes (`failed: None`) or fails (`Some(replied)`) `agent`'s run (R5).
    fn end_run(
        &mut self,
        agent: &str,
        failed: Option<bool>,
        now: u64,
    ) -> Result<RunEnd, GatewayError> {
        let agent = self.agent_id(agent)?;
        let Some(run) = self.runner.end(&agent, failed.is_none(), now) else {
            return Ok(RunEnd::NoRun);
        };
        let queued: BTreeSet<EventId> = self
            .queues
            .peek(&run.queue_key)
            .iter()
            .map(|e| e.id)
            .collect();
        let text_of =
            |ledger: &Ledger, id| ledger.get(id).map(|e| e.text.clone()).unwrap_or_default();
        match failed {
            None => {
                let consumed: Vec<EventId> =
                    if self.mutation == Some(Mutation::DrainAllOnConsume) {
                        // Broken on purpose: the whole queue goes, inspected or not.
                        self.queues.remove_where(&run.queue_key, |_| true)
                    } else {
                        self.queues.consume_selected(&run.queue_key, &run.inspected)
                    }
                    .into_iter()
                    .map(|e| e.id)
                    .collect();
                let mut surfaced = Vec::new();
                for &id in &run.inspected {
                    // The reply included it, whoever consumed it meanwhile.
                    self.ledger.surface(id, &agent);
                    surfaced.push((id, text_of(&self.ledger, id)));
                }
                for &id in &consumed {
                    self.ledger.set_fate(id, Fate::Consumed);
                }
                Ok(RunEnd::Ended { surfaced, consumed })
            }
            Some(replied) => {
                let mut surfaced = Vec::new();
                let mut consumed = Vec::new();
                if replied {
                    let shown: Vec<EventId> = run
                        .inspected
                        .iter()
                        .copied()
                        .filter(|id| queued.contains(id))
                        .collect();
                    for &id in &shown {
                        self.ledger.surface(id, &agent);
                        surfaced.push((id, text_of(&self.ledger, id)));
                    }
                    if self.rules.consumes_on_reply {
                        // R13: consumed with the reply, so the retry cannot show them again.
                        for e in self.queues.consume_selected(&run.queue_key, &shown) {
                            self.ledger.set_fate(e.id, Fate::Consumed);
                            consumed.push(e.id);
                        }
                    }
                }
                if let Some(wake) = run.wake {
                    self.scheduler.requeue_retry(wake, now);
                }
                self.counters.run_failures += 1;
                Ok(RunEnd::Ended { surfaced, consumed })
            }
        }
    }

    fn time_passes(&mut self, agent: &str, now: u64) -> Result<bool, GatewayError> {
        let agent = self.agent_id(agent)?;
        let changed = self.runner.interval_due(&agent);
        if changed {
            let runner = &self.runner;
            self.scheduler.release_guarded(now, |p| {
                runner
                    .target_agent(
                        p.request.agent_id.as_deref(),
                        p.request.session_key.as_deref(),
                    )
                    .ok()
                    .flatten()
                    .is_some_and(|a| a == agent)
            });
        }
        Ok(changed)
    }

    fn interval_tick(
        &mut self,
        agent: &str,
        now: u64,
    ) -> Result<IntervalTickOutcome, GatewayError> {
        let agent = self.agent_id(agent)?;
        if !self.runner.has_heartbeat(&agent) {
            return Ok(IntervalTickOutcome::Disabled);
        }
        if self.runner.guard(&agent) != GuardState::Due {
            return Ok(IntervalTickOutcome::NotDue);
        }
        if self.runner.busy(Some(&agent)) {
            return Ok(IntervalTickOutcome::Busy);
        }
        self.runner.count_interval(&agent);
        let start = RunStart {
            agent,
            forced_session: None,
            wake: None,
        };
        let run = self.runner.start(&self.queues, start, now)?;
        Ok(IntervalTickOutcome::Started(run_report(run)))
    }

    /// R9: a user turn drains and surfaces the non-exec events of its session's queue, unless
    /// a heartbeat has that queue peeked (the lane waits).
    fn user_turn(
        &mut self,
        agent: &str,
        session_key: &str,
    ) -> Result<UserTurnOutcome, GatewayError> {
        let agent = self.agent_id(agent)?;
        let queue = queue_key_of(
            self.profile,
            session_key,
            &agent,
            self.cfg.main_key(),
            self.cfg.scope,
            self.mutation == Some(Mutation::SharedGlobalQueue),
        )?;
        let queue = self.queues.normalize_key(&queue)?;
        let peeked = self.runner.runs().any(|r| {
            self.queues
                .normalize_key(&r.queue_key)
                .is_ok_and(|k| k == queue)
        });
        // Broken on purpose (no-lane-serialisation): the turn does not wait for the heartbeat.
        if peeked && self.mutation != Some(Mutation::NoLaneSerialisation) {
            return Ok(UserTurnOutcome::LaneBusy);
        }
        let drained = self
            .queues
            .remove_where(&queue, |e| !e.is_exec_completion());
        if !drained.is_empty() {
            self.counters.user_turn_drains += 1;
        }
        let mut out = Vec::new();
        for e in drained {
            self.ledger.set_fate(e.id, Fate::Consumed);
            self.ledger.surface(e.id, &agent);
            out.push((e.id, e.text));
        }
        Ok(UserTurnOutcome::Drained(out))
    }

    /// The reaper deletes a session and its descendants; 2026.9.6 retires their queues.
    fn reap(&mut self, session_key: &str) -> Vec<EventId> {
        let key = js::trim_lower(session_key);
        self.reaped.insert(key.clone());
        self.counters.reaps += 1;
        if !self.rules.reaping_retires_queue {
            return Vec::new();
        }
        let Ok(queue) = self.queues.normalize_key(&key) else {
            return Vec::new();
        };
        let retired: Vec<EventId> = self
            .queues
            .retire(|k| k == queue || k.starts_with(&format!("{queue}:")))
            .into_iter()
            .map(|e| e.id)
            .collect();
        for &id in &retired {
            self.ledger.set_fate(id, Fate::Lost(LossCause::Retired));
        }
        retired
    }

    /// A restart: queues, pending wakes and runs are in memory and gone; every heartbeat
    /// starts over.
    fn restart(&mut self, now: u64) -> Vec<EventId> {
        let lost: Vec<EventId> = self.queues.clear().into_iter().map(|e| e.id).collect();
        for &id in &lost {
            self.ledger.set_fate(id, Fate::Lost(LossCause::Restart));
        }
        self.scheduler.clear();
        self.runner.restart(now);
        self.counters.restarts += 1;
        if !lost.is_empty() {
            self.counters.restarts_losing_events += 1;
        }
        lost
    }

    // ---- the production timer paths ----

    /// Agents whose interval timer passed by `now`.
    pub(crate) fn expiring(&self, now: u64) -> Vec<String> {
        self.runner.expiring(now)
    }

    /// Targets whose timers are due at `now` (consumes ≤ 2026.7's single timer).
    pub(crate) fn due_targets(&mut self, now: u64) -> Vec<String> {
        self.scheduler.due_targets(now)
    }

    /// Heartbeat agents whose interval is due and whose handler is free.
    pub(crate) fn interval_ready(&self) -> Vec<String> {
        self.runner
            .heartbeat_agents()
            .into_iter()
            .filter(|a| self.runner.guard(a) == GuardState::Due && !self.runner.busy(Some(a)))
            .collect()
    }
}
