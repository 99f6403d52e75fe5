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
use std::time::Instant;

use nohash_hasher::NoHashHasher;
use stateright::{Expectation, Model, Property};

use crate::checker::checked::Inspect;
use crate::checker::{CheckOptions, Stats, memory, stop_reason};
use crate::reduction::StepKind;

/// aHash with fixed seeds (stateright's own fingerprint), so a run is the same on every machine.
static FINGERPRINT_HASH: ahash::RandomState =
    ahash::RandomState::with_seeds(123_456_789_987_654_321, 98_765_432_123_456_789, 0, 0);

/// The hash of a state that stands for it in the visited set: 64 bits of [`FINGERPRINT_HASH`].
fn fingerprint<T: Hash>(value: &T) -> u64 {
    FINGERPRINT_HASH.hash_one(value)
}

/// A state's representative under symmetry (SPEC D2).
pub type Representative<M> = fn(&<M as Model>::State) -> <M as Model>::State;

/// States between two looks at the clock, the interrupt flag and the memory (the state budget
/// is looked at in every state).
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
    let search = Search {
        model,
        properties: model.properties(),
        symmetry,
        options,
        started: Instant::now(),
    };
    if options.threads > 1 {
        parallel::depth_first(&search)
    } else {
        sequential(&search)
    }
}

/// What one thread counted.
#[derive(Default)]
struct Counts {
    generated: u64,
    max_depth: u32,
    coverage: [u64; StepKind::ALL.len()],
}

impl Counts {
    fn add(&mut self, other: &Counts) {
        self.generated += other.generated;
        self.max_depth = self.max_depth.max(other.max_depth);
        for (sum, n) in self.coverage.iter_mut().zip(other.coverage) {
            *sum += n;
        }
    }
}

/// What both searches ask of the model, and how they end.
struct Search<'a, M: Model> {
    model: &'a M,
    properties: Vec<Property<M>>,
    symmetry: Option<Representative<M>>,
    options: &'a CheckOptions,
    started: Instant,
}

impl<M: Inspect> Search<'_, M>
where
    M::State: Hash,
{
    /// The properties not decided yet, one bit each.
    fn all_open(&self) -> u64 {
        let count = self.properties.len();
        assert!(count <= 64, "at most 64 properties");
        if count == 64 {
            u64::MAX
        } else {
            (1 << count) - 1
        }
    }

    /// The fingerprint `state` is visited under: its representative's under symmetry.
    fn fingerprint(&self, state: &M::State) -> u64 {
        match self.symmetry {
            Some(representative) => fingerprint(&representative(state)),
            None => fingerprint(state),
        }
    }

    /// The initial states within the boundary, counted as generated.
    fn init(&self, counts: &mut Counts) -> Vec<M::State> {
        let init: Vec<_> = self
            .model
            .init_states()
            .into_iter()
            .filter(|s| self.model.within_boundary(s))
            .collect();
        counts.generated += init.len() as u64;
        init
    }

    /// Of the properties in `open`, the ones `state` decides (violates an invariant, witnesses
    /// a witness), one bit each.
    fn decided(&self, open: u64, state: &M::State) -> u64 {
        let mut undecided = open;
        let mut decided = 0;
        while undecided != 0 {
            let i = undecided.trailing_zeros() as usize;
            undecided &= undecided - 1;
            let p = &self.properties[i];
            let holds = (p.condition)(self.model, state);
            let decides = match p.expectation {
                Expectation::Always => !holds,
                Expectation::Sometimes => holds,
                Expectation::Eventually => unreachable!("the model has no eventually property"),
            };
            if decides {
                decided |= 1 << i;
            }
        }
        decided
    }

    /// The names of the properties in `bits`.
    fn names(&self, mut bits: u64) -> impl Iterator<Item = &'static str> + '_ {
        std::iter::from_fn(move || {
            let i = bits.trailing_zeros() as usize;
            (bits != 0).then(|| {
                bits &= bits - 1;
                self.properties[i].name
            })
        })
    }

    /// Why the search must stop before the `popped`-th state, if it must (SPEC D1).
    fn stop(&self, popped: u64, unique: usize) -> Option<String> {
        let over_states = self.options.budget.max_states.is_some_and(|m| unique >= m);
        if over_states || popped % BUDGET_EVERY == 0 {
            if let Some(found) = &self.options.found {
                found.store(unique as u64, std::sync::atomic::Ordering::Relaxed);
            }
            stop_reason(self.options, self.started, unique)
        } else {
            None
        }
    }

    /// Hands each successor of `state` within the boundary to `visit`, in `actions()` order,
    /// and counts every transition by kind.
    fn successors(
        &self,
        state: &M::State,
        actions: &mut Vec<M::Action>,
        counts: &mut Counts,
        mut visit: impl FnMut(M::State),
    ) {
        self.model.actions(state, actions);
        for action in actions.drain(..) {
            counts.coverage[M::kind(&action).index()] += 1;
            let Some(next) = self.model.next_state(state, action) else {
                continue;
            };
            if self.model.within_boundary(&next) {
                counts.generated += 1;
                visit(next);
            }
        }
    }

    fn stats(&self, counts: &Counts, unique: u64, stopped_by: Option<String>) -> Stats {
        Stats {
            states: counts.generated,
            unique_states: unique,
            max_depth: u64::from(counts.max_depth),
            seconds: self.started.elapsed().as_secs_f64(),
            complete: stopped_by.is_none(),
            stopped_by,
            coverage: StepKind::ALL
                .iter()
                .map(|k| (*k, counts.coverage[k.index()]))
                .collect(),
            peak_memory_bytes: memory::peak_rss_bytes(),
        }
    }
}

/// One thread, in stateright's order: every initial state is pushed (stateright does not skip
/// repeated ones), then the last pushed state is expanded first.
fn sequential<M>(search: &Search<'_, M>) -> (HashSet<&'static str>, Stats)
where
    M: Inspect,
    M::State: Hash,
{
    let mut counts = Counts::default();
    let mut open = search.all_open();
    let mut discovered = HashSet::new();
    let mut visited: HashSet<u64, BuildHasherDefault<NoHashHasher<u64>>> = HashSet::default();
    let mut stack: Vec<(M::State, u32)> = Vec::new();
    for s in search.init(&mut counts) {
        visited.insert(search.fingerprint(&s));
        stack.push((s, 1));
    }
    let mut stopped_by = None;
    let mut popped: u64 = 0;
    let mut actions = Vec::new();
    while let Some((state, depth)) = stack.pop() {
        popped += 1;
        stopped_by = search.stop(popped, visited.len());
        if stopped_by.is_some() {
            break;
        }
        counts.max_depth = counts.max_depth.max(depth);
        let decided = search.decided(open, &state);
        open &= !decided;
        discovered.extend(search.names(decided));
        if open == 0 {
            break;
        }
        search.successors(&state, &mut actions, &mut counts, |next| {
            if visited.insert(search.fingerprint(&next)) {
                stack.push((next, depth + 1));
            }
        });
    }
    let stats = search.stats(&counts, visited.len() as u64, stopped_by);
    (discovered, stats)
}

/// Several threads on one model: one visited set, a stack per thread, and a pool where a
/// thread with work to spare leaves the bottom half of its stack for a thread that has none.
mod parallel {
    use std::collections::HashSet;
    use std::hash::{BuildHasherDefault, Hash};
    use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
    use std::sync::{Condvar, Mutex};

    use dashmap::DashSet;
    use nohash_hasher::NoHashHasher;

    use super::{Counts, Search};
    use crate::checker::Stats;
    use crate::checker::checked::Inspect;

    /// A thread gives work away only when its stack holds at least this many states.
    const SHARE_ABOVE: usize = 64;

    type Batch<S> = Vec<(S, u32)>;

    struct Pool<S> {
        batches: Vec<Batch<S>>,
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
        fn take(&self) -> Option<Batch<S>> {
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

        fn give(&self, batch: Batch<S>) {
            self.pool.lock().unwrap().batches.push(batch);
            self.wake.notify_one();
        }

        /// Marks `state`'s fingerprint visited; is it new?
        fn first_visit(&self, fingerprint: u64) -> bool {
            let new = self.visited.insert(fingerprint);
            if new {
                self.unique.fetch_add(1, Ordering::Relaxed);
            }
            new
        }
    }

    /// One thread's part: take work, search it depth first, give half away when a thread idles.
    fn work<M>(search: &Search<'_, M>, shared: &Shared<M::State>, counts: &mut Counts)
    where
        M: Inspect,
        M::State: Hash,
    {
        let mut stack: Batch<M::State> = Vec::new();
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
            let unique = shared.unique.load(Ordering::Relaxed) as usize;
            if let Some(reason) = search.stop(popped, unique) {
                shared.finish(Some(reason));
                return;
            }
            counts.max_depth = counts.max_depth.max(depth);
            let decided = search.decided(shared.open.load(Ordering::Relaxed), &state);
            if decided != 0 {
                shared
                    .discovered
                    .lock()
                    .unwrap()
                    .extend(search.names(decided));
                if shared.open.fetch_and(!decided, Ordering::Relaxed) & !decided == 0 {
                    shared.finish(None);
                    return;
                }
            }
            search.successors(&state, &mut actions, counts, |next| {
                if shared.first_visit(search.fingerprint(&next)) {
                    stack.push((next, depth + 1));
                }
            });
            if stack.len() >= SHARE_ABOVE && shared.idle.load(Ordering::Relaxed) > 0 {
                let bottom: Batch<M::State> = stack.drain(..stack.len() / 2).collect();
                shared.give(bottom);
            }
        }
    }

    pub(super) fn depth_first<M>(search: &Search<'_, M>) -> (HashSet<&'static str>, Stats)
    where
        M: Inspect + Sync,
        M::State: Hash + Send,
    {
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
            open: AtomicU64::new(search.all_open()),
            discovered: Mutex::new(HashSet::new()),
            workers: search.options.threads,
        };
        let mut total = Counts::default();
        let batch: Batch<M::State> = search
            .init(&mut total)
            .into_iter()
            .filter(|s| shared.first_visit(search.fingerprint(s)))
            .map(|s| (s, 1))
            .collect();
        shared.give(batch);
        std::thread::scope(|scope| {
            let helpers: Vec<_> = (1..search.options.threads)
                .map(|_| {
                    scope.spawn(|| {
                        let mut counts = Counts::default();
                        work(search, &shared, &mut counts);
                        counts
                    })
                })
                .collect();
            let mut own = Counts::default();
            work(search, &shared, &mut own);
            total.add(&own);
            for h in helpers {
                total.add(&h.join().expect("a checker thread panicked"));
            }
        });
        let unique = shared.unique.load(Ordering::Relaxed);
        let stats = search.stats(&total, unique, shared.stopped_by.into_inner().unwrap());
        (shared.discovered.into_inner().unwrap(), stats)
    }
}
