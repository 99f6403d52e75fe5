//! The checker's own depth-first search, for verdicts (SPEC D8).
//!
//! It visits the states of stateright's single-threaded depth-first search in the same order
//! (a stack; successors pushed in `actions()` order; one visit per fingerprint of the state,
//! or of its representative under symmetry), so it finds the same states and gives the same
//! counts, and it asks the model the same questions. What it leaves out is what the verdicts
//! do not need: a path of action indices cloned into every queued state (traces are searched
//! again, shortest first, in `search.rs`), a property looked up by name in a hash map for every
//! state, and a property evaluated again after it was decided.
//! `model/tests/model/model_depth_first.rs` compares its counts and verdicts with stateright's.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hash};
use std::sync::atomic::Ordering;
use std::time::Instant;

use nohash_hasher::NoHashHasher;
use stateright::{Expectation, Model, Property};

use crate::checker::checked::Inspect;
use crate::checker::{CheckOptions, Stats, memory};
use crate::reduction::StepKind;

/// The hash of a state that stands for it in the visited set: 64 bits of aHash with fixed seeds
/// (stateright's own fingerprint), so a run is the same on every machine.
fn fingerprint<T: Hash>(value: &T) -> u64 {
    ahash::RandomState::with_seeds(123_456_789_987_654_321, 98_765_432_123_456_789, 0, 0)
        .hash_one(value)
}

/// A state's representative under symmetry (SPEC D2).
pub type Representative<M> = fn(&<M as Model>::State) -> <M as Model>::State;

/// States between two looks at the budget (the clock, the interrupt flag, the memory).
const BUDGET_EVERY: u64 = 4096;

/// Searches every state of `model` reachable from its initial states, depth first, deciding
/// each property as soon as a state decides it; with `symmetry`, one state per representative.
/// Stops early when every property is decided or the budget of `options` runs out (then
/// `complete` is false and the reason is in `stopped_by`). With `options.threads` above one,
/// that many threads share the search (the states are the same, the order and so the counts
/// under symmetry may differ from run to run, as in stateright's; the verdicts do not).
pub fn depth_first<M>(
    model: &M,
    symmetry: Option<Representative<M>>,
    options: &CheckOptions,
) -> (HashSet<&'static str>, Stats)
where
    M: Inspect + Sync,
    M::State: Hash + Send,
{
    if options.threads > 1 {
        parallel::depth_first(model, symmetry, options)
    } else {
        sequential(model, symmetry, options)
    }
}

/// The properties not decided yet, one bit each.
fn all_open(count: usize) -> u64 {
    assert!(count <= 64, "at most 64 properties");
    if count == 64 {
        u64::MAX
    } else {
        (1 << count) - 1
    }
}

/// Does `state` decide property `p` (violate an invariant, witness a witness)?
fn decides<M: Model>(p: &Property<M>, model: &M, state: &M::State) -> bool {
    let holds = (p.condition)(model, state);
    match p.expectation {
        Expectation::Always => !holds,
        Expectation::Sometimes => holds,
        Expectation::Eventually => unreachable!("the model has no eventually property"),
    }
}

/// One thread, in stateright's order.
fn sequential<M>(
    model: &M,
    symmetry: Option<Representative<M>>,
    options: &CheckOptions,
) -> (HashSet<&'static str>, Stats)
where
    M: Inspect,
    M::State: Hash,
{
    let started = Instant::now();
    let properties = model.properties();
    let fingerprint_of = |s: &M::State| match symmetry {
        Some(representative) => fingerprint(&representative(s)),
        None => fingerprint(s),
    };

    let mut open = all_open(properties.len());
    let mut discovered = HashSet::new();
    let mut coverage = [0u64; StepKind::ALL.len()];
    let mut visited: HashSet<u64, BuildHasherDefault<NoHashHasher<u64>>> = HashSet::default();
    let mut stack: Vec<(M::State, u32)> = Vec::new();
    let mut generated: u64 = 0;
    for s in model.init_states() {
        if model.within_boundary(&s) {
            generated += 1;
            visited.insert(fingerprint_of(&s));
            stack.push((s, 1));
        }
    }
    let mut max_depth = 0;
    let mut stopped_by = None;
    let mut popped: u64 = 0;
    let mut actions = Vec::new();
    while let Some((state, depth)) = stack.pop() {
        popped += 1;
        if let Some(m) = options.budget.max_states.filter(|m| visited.len() >= *m) {
            stopped_by = Some(format!("max states {m}"));
            break;
        }
        if popped % BUDGET_EVERY == 0 {
            stopped_by = over_budget(options, started);
            if stopped_by.is_some() {
                break;
            }
        }
        max_depth = max_depth.max(depth);
        let mut undecided = open;
        while undecided != 0 {
            let i = undecided.trailing_zeros() as usize;
            undecided &= undecided - 1;
            if decides(&properties[i], model, &state) {
                open &= !(1 << i);
                discovered.insert(properties[i].name);
            }
        }
        if open == 0 {
            break;
        }
        model.actions(&state, &mut actions);
        for action in actions.drain(..) {
            coverage[M::kind(&action).index()] += 1;
            let Some(next) = model.next_state(&state, action) else {
                continue;
            };
            if !model.within_boundary(&next) {
                continue;
            }
            generated += 1;
            if visited.insert(fingerprint_of(&next)) {
                stack.push((next, depth + 1));
            }
        }
    }
    let stats = Stats {
        states: generated,
        unique_states: visited.len() as u64,
        max_depth: u64::from(max_depth),
        seconds: started.elapsed().as_secs_f64(),
        complete: stopped_by.is_none(),
        stopped_by,
        coverage: coverage_of(&coverage),
        peak_memory_bytes: memory::peak_rss_bytes(),
    };
    (discovered, stats)
}

/// Why the search must stop now, if it must, apart from its state budget (SPEC D1).
fn over_budget(options: &CheckOptions, started: Instant) -> Option<String> {
    let budget = &options.budget;
    if options
        .interrupt
        .as_ref()
        .is_some_and(|i| i.load(Ordering::Relaxed))
    {
        return Some("interrupted".to_string());
    }
    if let Some(t) = budget.timeout.filter(|t| started.elapsed() >= *t) {
        return Some(format!("timeout of {t:?}"));
    }
    let limit = budget.memory_bytes?;
    let rss = memory::current_rss_bytes();
    (rss > limit).then(|| format!("memory ceiling of {} MiB", limit >> 20))
}

fn coverage_of(counts: &[u64; StepKind::ALL.len()]) -> Vec<(StepKind, u64)> {
    StepKind::ALL
        .iter()
        .map(|k| (*k, counts[k.index()]))
        .collect()
}

/// Several threads on one model: one visited set, a stack per thread, and a pool where a
/// thread with work to spare leaves the bottom half of its stack for a thread that has none.
mod parallel {
    use std::collections::HashSet;
    use std::hash::{BuildHasherDefault, Hash};
    use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
    use std::sync::{Condvar, Mutex};
    use std::time::Instant;

    use dashmap::DashSet;
    use nohash_hasher::NoHashHasher;

    use super::{
        BUDGET_EVERY, Representative, all_open, coverage_of, decides, fingerprint, over_budget,
    };
    use crate::checker::checked::Inspect;
    use crate::checker::{CheckOptions, Stats, memory};
    use crate::reduction::StepKind;

    /// A thread gives work away only when its stack holds at least this many states.
    const SHARE_ABOVE: usize = 64;

    struct Pool<S> {
        batches: Vec<Vec<(S, u32)>>,
        /// Threads waiting for work.
        idle: usize,
        /// No thread will get more work: the search is over.
        done: bool,
    }

    /// What the threads share.
    struct Shared<S> {
        pool: Mutex<Pool<S>>,
        wake: Condvar,
        /// `pool.idle`, readable without the lock.
        idle: AtomicUsize,
        stop: AtomicBool,
        stopped_by: Mutex<Option<String>>,
        visited: DashSet<u64, BuildHasherDefault<NoHashHasher<u64>>>,
        unique: AtomicU64,
        open: AtomicU64,
        discovered: Mutex<HashSet<&'static str>>,
        workers: usize,
    }

    impl<S> Shared<S> {
        /// Ends the search for every thread.
        fn finish(&self, reason: Option<String>) {
            if let Some(r) = reason {
                self.stopped_by.lock().unwrap().get_or_insert(r);
            }
            self.stop.store(true, Ordering::Relaxed);
            self.pool.lock().unwrap().done = true;
            self.wake.notify_all();
        }

        /// Work for a thread whose stack is empty, or `None` when the search is over (every
        /// thread idle with nothing left, or stopped).
        fn take(&self) -> Option<Vec<(S, u32)>> {
            let mut pool = self.pool.lock().unwrap();
            loop {
                if pool.done {
                    return None;
                }
                if let Some(batch) = pool.batches.pop() {
                    return Some(batch);
                }
                pool.idle += 1;
                self.idle.store(pool.idle, Ordering::Relaxed);
                if pool.idle == self.workers {
                    pool.done = true;
                    self.wake.notify_all();
                    return None;
                }
                pool = self.wake.wait(pool).unwrap();
                pool.idle -= 1;
                self.idle.store(pool.idle, Ordering::Relaxed);
            }
        }

        fn give(&self, batch: Vec<(S, u32)>) {
            self.pool.lock().unwrap().batches.push(batch);
            self.wake.notify_one();
        }
    }

    /// What one thread counted.
    #[derive(Default)]
    struct Counts {
        generated: u64,
        max_depth: u32,
        coverage: [u64; StepKind::ALL.len()],
    }

    pub(super) fn depth_first<M>(
        model: &M,
        symmetry: Option<Representative<M>>,
        options: &CheckOptions,
    ) -> (HashSet<&'static str>, Stats)
    where
        M: Inspect + Sync,
        M::State: Hash + Send,
    {
        let started = Instant::now();
        let properties = model.properties();
        let fingerprint_of = |s: &M::State| match symmetry {
            Some(representative) => fingerprint(&representative(s)),
            None => fingerprint(s),
        };
        let shared = Shared {
            pool: Mutex::new(Pool {
                batches: Vec::new(),
                idle: 0,
                done: false,
            }),
            wake: Condvar::new(),
            idle: AtomicUsize::new(0),
            stop: AtomicBool::new(false),
            stopped_by: Mutex::new(None),
            visited: DashSet::default(),
            unique: AtomicU64::new(0),
            open: AtomicU64::new(all_open(properties.len())),
            discovered: Mutex::new(HashSet::new()),
            workers: options.threads,
        };
        let mut init = Vec::new();
        for s in model.init_states() {
            if model.within_boundary(&s) {
                init.push(s);
            }
        }
        let first = Counts {
            generated: init.len() as u64,
            ..Counts::default()
        };
        let mut batch = Vec::new();
        for s in init {
            if shared.visited.insert(fingerprint_of(&s)) {
                shared.unique.fetch_add(1, Ordering::Relaxed);
                batch.push((s, 1));
            }
        }
        shared.give(batch);

        let worker = |counts: &mut Counts| {
            let mut stack: Vec<(M::State, u32)> = Vec::new();
            let mut actions = Vec::new();
            let mut popped: u64 = 0;
            loop {
                let Some((state, depth)) = stack.pop() else {
                    match shared.take() {
                        Some(batch) => {
                            stack = batch;
                            continue;
                        }
                        None => return,
                    }
                };
                if shared.stop.load(Ordering::Relaxed) {
                    return;
                }
                popped += 1;
                let unique = shared.unique.load(Ordering::Relaxed);
                if let Some(m) = options.budget.max_states.filter(|m| unique >= *m as u64) {
                    shared.finish(Some(format!("max states {m}")));
                    return;
                }
                if popped % BUDGET_EVERY == 0 {
                    if let Some(reason) = over_budget(options, started) {
                        shared.finish(Some(reason));
                        return;
                    }
                }
                counts.max_depth = counts.max_depth.max(depth);
                let mut undecided = shared.open.load(Ordering::Relaxed);
                while undecided != 0 {
                    let i = undecided.trailing_zeros() as usize;
                    undecided &= undecided - 1;
                    if decides(&properties[i], model, &state) {
                        shared.discovered.lock().unwrap().insert(properties[i].name);
                        let bit = 1u64 << i;
                        if shared.open.fetch_and(!bit, Ordering::Relaxed) == bit {
                            shared.finish(None);
                            return;
                        }
                    }
                }
                model.actions(&state, &mut actions);
                for action in actions.drain(..) {
                    counts.coverage[M::kind(&action).index()] += 1;
                    let Some(next) = model.next_state(&state, action) else {
                        continue;
                    };
                    if !model.within_boundary(&next) {
                        continue;
                    }
                    counts.generated += 1;
                    if shared.visited.insert(fingerprint_of(&next)) {
                        shared.unique.fetch_add(1, Ordering::Relaxed);
                        stack.push((next, depth + 1));
                    }
                }
                if stack.len() >= SHARE_ABOVE && shared.idle.load(Ordering::Relaxed) > 0 {
                    let bottom: Vec<_> = stack.drain(..stack.len() / 2).collect();
                    shared.give(bottom);
                }
            }
        };
        let mut all = vec![first];
        std::thread::scope(|scope| {
            let handles: Vec<_> = (1..options.threads)
                .map(|_| {
                    scope.spawn(|| {
                        let mut counts = Counts::default();
                        worker(&mut counts);
                        counts
                    })
                })
                .collect();
            worker(&mut all[0]);
            for h in handles {
                all.push(h.join().expect("a checker thread panicked"));
            }
        });
        let mut coverage = [0u64; StepKind::ALL.len()];
        for c in &all {
            for (sum, n) in coverage.iter_mut().zip(c.coverage) {
                *sum += n;
            }
        }
        let stopped_by = shared.stopped_by.into_inner().unwrap();
        let stats = Stats {
            states: all.iter().map(|c| c.generated).sum(),
            unique_states: shared.unique.load(Ordering::Relaxed),
            max_depth: u64::from(all.iter().map(|c| c.max_depth).max().unwrap_or(0)),
            seconds: started.elapsed().as_secs_f64(),
            complete: stopped_by.is_none(),
            stopped_by,
            coverage: coverage_of(&coverage),
            peak_memory_bytes: memory::peak_rss_bytes(),
        };
        (shared.discovered.into_inner().unwrap(), stats)
    }
}
