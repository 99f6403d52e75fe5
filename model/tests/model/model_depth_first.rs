//! SPEC D8: the checker's own depth-first search (`model/src/checker/depth_first.rs`) visits
//! what stateright's single-threaded depth-first search visits. On a sample of the matrix of
//! `check` (single sites, pairs and heartbeat settings; plain, symmetric and reduced models),
//! both searches run on the same model and must give the same states generated, unique states,
//! depth and properties decided, and so the same verdicts.

use std::collections::HashSet;

use heartbeat_model::SiteTable;
use heartbeat_model::properties::specs;
use heartbeat_model::reduction::ReducedModel;
use heartbeat_model::symmetry::{
    Symmetric, representative_all_agents, representative_fixing_default,
};
use heartbeat_model::verify::checked::{Checked, Describe, Inspect};
use heartbeat_model::verify::matrix::Matrix;
use heartbeat_model::verify::sweep::build_models;
use heartbeat_model::verify::{CheckOptions, SearchMode, Stats, Verdict, check_reduced};
use stateright::{Checker, Model};

/// What stateright's depth-first search (one thread) finds: the properties it decided, the
/// states generated, the unique states and the depth.
fn stateright_dfs<M>(model: &M, symmetry: bool, fix_default: bool) -> (HashSet<String>, Stats)
where
    M: Inspect + Describe + Clone + Send + Sync + 'static,
    M::State: Symmetric + std::fmt::Debug + std::hash::Hash + Send + Sync + 'static,
    M::Action: std::fmt::Debug + Clone + PartialEq + Send + Sync + 'static,
{
    let builder = Checked::new(model.clone()).checker().threads(1);
    let checker = if symmetry {
        let representative: fn(&M::State) -> M::State = if fix_default {
            representative_fixing_default::<M::State>
        } else {
            representative_all_agents::<M::State>
        };
        builder.symmetry_fn(representative).spawn_dfs().join()
    } else {
        builder.spawn_dfs().join()
    };
    let decided = checker
        .discoveries()
        .into_keys()
        .map(str::to_string)
        .collect();
    let stats = Stats {
        states: checker.state_count() as u64,
        unique_states: checker.unique_state_count() as u64,
        max_depth: checker.max_depth() as u64,
        complete: true,
        ..Stats::default()
    };
    (decided, stats)
}

/// D8 on every 96th model of `check`'s matrix, with its default search (symmetry and D5), and
/// on every 384th without any reduction; tier 2 on every 32nd and 128th.
#[test]
fn d8_own_depth_first_search_equals_stateright_s() {
    equals_stateright_s(96, 384);
}

#[test]
#[ignore = "tier 2: three times the models of the tier-1 test"]
fn d8_own_depth_first_search_equals_stateright_s_on_more_models() {
    equals_stateright_s(32, 128);
}

/// D8 on every `reduced`th model of the matrix with the default search and every `plain`th
/// without reduction: the same states generated, unique states, depth and decided properties
/// as stateright's single-threaded depth-first search, on plain, symmetric and reduced models.
fn equals_stateright_s(reduced_stride: usize, plain_stride: usize) {
    let table = SiteTable::upstream();
    let entries = Matrix::check(&table).entries(&table);
    let models = build_models(&entries, &table).expect("the matrix builds");
    let mut compared = [0; 4];
    for (i, plain) in models.iter().enumerate() {
        let profile = plain.profile;
        let fix_default = plain.default_agent_is_special();
        let interchangeable = plain.config.agents - u8::from(fix_default);
        for (reduce, stride) in [(true, reduced_stride), (false, plain_stride)] {
            if i % stride != 0 {
                continue;
            }
            let options = CheckOptions {
                mode: SearchMode::Dfs,
                symmetry: reduce,
                por: reduce,
                traces: false,
                threads: 1,
                ..CheckOptions::default()
            };
            let reduced = ReducedModel::new(plain.clone(), reduce);
            let ours = check_reduced(&reduced, &options);
            let symmetry = reduce && interchangeable >= 2;
            let (decided, theirs) = if reduced.reduces() {
                stateright_dfs(&reduced, symmetry, fix_default)
            } else {
                stateright_dfs(plain, symmetry, fix_default)
            };
            let what = format!("{profile} {} (reduced: {reduce})", plain.config);
            assert!(ours.stats.complete, "{what}");
            assert_eq!(ours.stats.states, theirs.states, "generated, {what}");
            assert_eq!(
                ours.stats.unique_states, theirs.unique_states,
                "unique, {what}"
            );
            assert_eq!(ours.stats.max_depth, theirs.max_depth, "depth, {what}");
            // Decided by stateright <=> violated or witnessed by ours, property by property.
            for (spec, outcome) in specs(plain).iter().zip(&ours.properties) {
                let ours_decided =
                    matches!(outcome.verdict, Verdict::Violated | Verdict::Witnessed);
                assert_eq!(
                    ours_decided,
                    decided.contains(spec.name),
                    "{} in {what}",
                    spec.name
                );
            }
            compared[usize::from(reduced.reduces()) * 2 + usize::from(symmetry)] += 1;
        }
    }
    // [plain, symmetric, reduced, reduced and symmetric]: each kind of search is compared.
    assert!(
        compared.iter().all(|&n| n > 0),
        "models compared: {compared:?}"
    );
}

/// D8 with two threads on one model: the same verdicts as one thread, and without symmetry
/// (where the order of the search cannot change what counts as one state) the same unique
/// states, on every 192nd model of the matrix; tier 2 on every 64th.
#[test]
fn d8_two_threads_decide_what_one_thread_decides() {
    two_threads_decide_what_one_thread_decides(192);
}

#[test]
#[ignore = "tier 2: three times the models of the tier-1 test"]
fn d8_two_threads_decide_what_one_thread_decides_on_more_models() {
    two_threads_decide_what_one_thread_decides(64);
}

fn two_threads_decide_what_one_thread_decides(stride: usize) {
    let table = SiteTable::upstream();
    let entries = Matrix::check(&table).entries(&table);
    let models = build_models(&entries, &table).expect("the matrix builds");
    let mut compared = 0;
    for plain in models.iter().step_by(stride) {
        for (symmetry, por) in [(true, true), (false, false)] {
            let run = |threads| {
                let options = CheckOptions {
                    mode: SearchMode::Dfs,
                    symmetry,
                    por,
                    traces: false,
                    threads,
                    ..CheckOptions::default()
                };
                check_reduced(&ReducedModel::new(plain.clone(), por), &options)
            };
            let (one, two) = (run(1), run(2));
            let what = format!("{} {} (symmetry: {symmetry})", plain.profile, plain.config);
            assert!(one.stats.complete && two.stats.complete, "{what}");
            let verdicts = |o: &heartbeat_model::verify::CheckOutcome| {
                o.properties.iter().map(|p| p.verdict).collect::<Vec<_>>()
            };
            assert_eq!(verdicts(&one), verdicts(&two), "{what}");
            if !symmetry {
                assert_eq!(one.stats.unique_states, two.stats.unique_states, "{what}");
                assert_eq!(one.stats.states, two.stats.states, "{what}");
            }
            compared += 1;
        }
    }
    assert!(compared >= 20, "only {compared} runs compared");
}

/// D8: while it runs, the search keeps the unique states it has found in `found` (the progress
/// line of one large model); at its end the count is at most the unique states, and not zero
/// once the search has gone past the first few thousand states. One and two threads.
#[test]
fn d8_the_search_reports_the_states_found_so_far() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};
    // 2026.5.7 under `scope: global`, two agents, the exec site from the main session: 18,873
    // states without reduction (model_state_counts.rs), past the first report (every 4096).
    let table = SiteTable::upstream();
    let matrix = Matrix {
        profiles: vec![heartbeat_model::Profile::Openclaw2026_5_7],
        scopes: vec![heartbeat_model::config::Scope::Global],
        main_keys: vec![heartbeat_model::config::MainKey::Default],
        agents: vec![2],
        site_sets: vec![vec!["exec-exit".to_string()]],
        origin_sets: vec![vec![heartbeat_model::origin::OriginKind::Main]],
        ..Matrix::recommended(&table)
    };
    let models = build_models(&matrix.entries(&table), &table).expect("builds");
    let [plain] = models.as_slice() else {
        panic!("one model, not {}", models.len())
    };
    for threads in [1, 2] {
        let found = Arc::new(AtomicU64::new(0));
        let options = CheckOptions {
            mode: SearchMode::Dfs,
            traces: false,
            threads,
            found: Some(Arc::clone(&found)),
            ..CheckOptions::default()
        };
        let outcome = check_reduced(&ReducedModel::new(plain.clone(), false), &options);
        let what = format!("{} {} on {threads} threads", plain.profile, plain.config);
        assert!(
            outcome.stats.unique_states > 10_000,
            "{what}: too small a model"
        );
        let so_far = found.load(Ordering::Relaxed);
        assert!(so_far > 0, "{what}: nothing reported");
        assert!(
            so_far <= outcome.stats.unique_states,
            "{what}: {so_far} reported"
        );
    }
}
