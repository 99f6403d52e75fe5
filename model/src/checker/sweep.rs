//! Sweeping a matrix of (profile, configuration) models, in parallel, against expectations.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::checker::expectations::Expectations;
use crate::checker::trace::Trace;
use crate::checker::{CheckOptions, Stats, Verdict, check, memory, shortest_trace};
use crate::config::Config;
use crate::origin::OriginKind;
use crate::profile::Profile;
use crate::reduction::StepKind;
use crate::site::SiteTable;
use crate::spec::properties::{PropertyKind, specs};
use crate::spec::setup::RoutingModel;

/// Which counterexamples (and examples) to compute: each is a separate shortest-path search.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Traces {
    /// Only for verdicts that differ from their expectation.
    #[default]
    Unexpected,
    /// For every violated invariant (and every unexpected verdict).
    AllViolations,
    /// Also for the named properties, whatever their verdict.
    Named(Vec<String>),
}

/// Options for [`sweep`].
#[derive(Debug, Clone)]
pub struct SweepOptions {
    /// Options for each model's check; `budget.timeout` is for the whole sweep.
    pub check: CheckOptions,
    /// Models checked at once (each with `check.threads` checker threads).
    pub workers: usize,
    pub traces: Traces,
}

/// One property of one model, as a report row.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PropertyReport {
    pub id: String,
    pub name: String,
    pub kind: PropertyKind,
    pub verdict: Verdict,
    pub expected: Verdict,
    /// Known bugs or findings that explain the expected verdict.
    pub explained_by: Vec<String>,
    pub trace: Option<Trace>,
}

impl PropertyReport {
    /// Does the verdict differ from its expectation? (Incomplete is not a difference.)
    pub fn unexpected(&self) -> bool {
        self.verdict != Verdict::Incomplete && self.verdict != self.expected
    }
}

/// One model of the sweep.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ModelReport {
    pub profile: Profile,
    pub config: Config,
    /// The origins the configuration's sites fire from.
    pub origins: Vec<OriginKind>,
    pub stats: Stats,
    pub properties: Vec<PropertyReport>,
}

/// Totals over a sweep.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Totals {
    pub models: u64,
    pub states: u64,
    pub unique_states: u64,
    pub max_depth: u64,
    /// Wall time of the whole sweep.
    pub seconds: f64,
    pub peak_memory_bytes: u64,
    pub unexpected: u64,
    pub incomplete: u64,
    /// Transitions generated per step kind, over all models.
    pub coverage: Vec<(StepKind, u64)>,
}

/// Everything a sweep found.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SweepReport {
    pub models: Vec<ModelReport>,
    pub totals: Totals,
}

/// Progress of a running sweep.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    /// Of the models checked.
    pub unique_states: u64,
    /// Found so far by the models being checked (depth-first searches only).
    pub running_states: u64,
    pub elapsed: Duration,
}

/// Builds every model first, so that a bad configuration fails before any search starts.
pub fn build_models(
    entries: &[(Profile, Config)],
    table: &SiteTable,
) -> Result<Vec<RoutingModel>, String> {
    entries
        .iter()
        .map(|(profile, config)| {
            RoutingModel::new(*profile, config.clone(), table)
                .map_err(|e| format!("{profile} {config}: {e}"))
        })
        .collect()
}

/// Checks every model, `options.workers` at a time, and compares each verdict with
/// `expectations`. `progress` is called about every 200 ms from the calling thread.
pub fn sweep(
    models: &[RoutingModel],
    expectations: &Expectations,
    options: &SweepOptions,
    progress: &dyn Fn(Progress),
) -> SweepReport {
    let started = Instant::now();
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let states = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<ModelReport>>> = Mutex::new(vec![None; models.len()]);
    let deadline = options.check.budget.timeout.map(|t| started + t);
    // One counter per worker: the unique states its current model has found so far.
    let running: Vec<Arc<AtomicU64>> = (0..options.workers.max(1))
        .map(|_| Arc::new(AtomicU64::new(0)))
        .collect();
    std::thread::scope(|scope| {
        for found in &running {
            let (next, done, states, results) = (&next, &done, &states, &results);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(model) = models.get(i) else { break };
                    // A panic in one model's check must not hang the sweep (its progress
                    // loop waits for every model) nor pass for a verdict: that model's
                    // verdicts become incomplete, with the panic as the reason.
                    let report = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        check_one(model, expectations, options, deadline, found)
                    }))
                    .unwrap_or_else(|panic| {
                        let what = panic
                            .downcast_ref::<String>()
                            .map(String::as_str)
                            .or_else(|| panic.downcast_ref::<&str>().copied())
                            .unwrap_or("a panic");
                        let outcome =
                            unchecked(model, format!("internal error: the check panicked: {what}"));
                        report_of(model, expectations, options, outcome)
                    });
                    states.fetch_add(report.stats.unique_states as usize, Ordering::Relaxed);
                    found.store(0, Ordering::Relaxed);
                    results.lock().expect("no worker panics")[i] = Some(report);
                    done.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
        let mut last_progress = Instant::now();
        while done.load(Ordering::Relaxed) < models.len() {
            std::thread::sleep(Duration::from_millis(10));
            if last_progress.elapsed() < Duration::from_millis(200) {
                continue;
            }
            last_progress = Instant::now();
            progress(Progress {
                done: done.load(Ordering::Relaxed),
                total: models.len(),
                unique_states: states.load(Ordering::Relaxed) as u64,
                running_states: running.iter().map(|f| f.load(Ordering::Relaxed)).sum(),
                elapsed: started.elapsed(),
            });
        }
    });
    let models: Vec<ModelReport> = results
        .into_inner()
        .expect("no worker panics")
        .into_iter()
        .map(|r| r.expect("every model was checked"))
        .collect();
    let totals = totals(&models, started.elapsed());
    SweepReport { models, totals }
}

fn check_one(
    model: &RoutingModel,
    expectations: &Expectations,
    options: &SweepOptions,
    deadline: Option<Instant>,
    found: &Arc<AtomicU64>,
) -> ModelReport {
    let mut check_options = options.check.clone();
    check_options.found = Some(Arc::clone(found));
    check_options.traces = false;
    check_options.witness_traces = false;
    let interrupted = check_options
        .interrupt
        .as_ref()
        .is_some_and(|i| i.load(Ordering::Relaxed));
    let remaining = deadline.map(|d| d.saturating_duration_since(Instant::now()));
    let outcome = if interrupted || remaining.is_some_and(|r| r.is_zero()) {
        let reason = if interrupted {
            "interrupted"
        } else {
            "timeout"
        };
        unchecked(model, format!("{reason} before this model started"))
    } else {
        check_options.budget.timeout = remaining;
        check(model, &check_options)
    };
    report_of(model, expectations, options, outcome)
}

/// The outcome of a model that was not (fully) checked: every verdict incomplete.
fn unchecked(model: &RoutingModel, reason: String) -> crate::checker::CheckOutcome {
    crate::checker::CheckOutcome {
        properties: specs(model)
            .iter()
            .map(|s| crate::checker::PropertyOutcome {
                id: s.id.to_string(),
                name: s.label.clone(),
                kind: s.kind,
                verdict: Verdict::Incomplete,
                trace: None,
            })
            .collect(),
        stats: Stats {
            stopped_by: Some(reason),
            ..Stats::default()
        },
    }
}

/// A model's report row: each verdict beside its expectation, with the traces asked for.
fn report_of(
    model: &RoutingModel,
    expectations: &Expectations,
    options: &SweepOptions,
    outcome: crate::checker::CheckOutcome,
) -> ModelReport {
    let origins = model.effective_origins();
    let specs = specs(model);
    let properties = outcome
        .properties
        .into_iter()
        .zip(&specs)
        .map(|(p, spec)| {
            let (expected, explained_by) =
                expectations.expected(model.profile, &model.config, &origins, &p.name, p.kind);
            let mut report = PropertyReport {
                id: p.id,
                name: p.name,
                kind: p.kind,
                verdict: p.verdict,
                expected,
                explained_by,
                trace: None,
            };
            let discovered = matches!(report.verdict, Verdict::Violated | Verdict::Witnessed);
            let wanted = discovered
                && (report.unexpected()
                    || match &options.traces {
                        Traces::Unexpected => false,
                        Traces::AllViolations => report.verdict == Verdict::Violated,
                        Traces::Named(names) => names.contains(&report.name),
                    });
            if wanted {
                report.trace = shortest_trace(model, spec, &options.check);
            }
            report
        })
        .collect();
    ModelReport {
        profile: model.profile,
        config: model.config.clone(),
        origins,
        stats: outcome.stats,
        properties,
    }
}

fn totals(models: &[ModelReport], elapsed: Duration) -> Totals {
    let mut coverage: Vec<(StepKind, u64)> = StepKind::ALL.iter().map(|k| (*k, 0)).collect();
    let mut t = Totals {
        models: models.len() as u64,
        seconds: elapsed.as_secs_f64(),
        peak_memory_bytes: memory::peak_rss_bytes(),
        ..Totals::default()
    };
    for m in models {
        t.states += m.stats.states;
        t.unique_states += m.stats.unique_states;
        t.max_depth = t.max_depth.max(m.stats.max_depth);
        for p in &m.properties {
            t.unexpected += u64::from(p.unexpected());
            t.incomplete += u64::from(p.verdict == Verdict::Incomplete);
        }
        for (kind, n) in &m.stats.coverage {
            if let Some(slot) = coverage.iter_mut().find(|(k, _)| k == kind) {
                slot.1 += n;
            }
        }
    }
    t.coverage = coverage;
    t
}
