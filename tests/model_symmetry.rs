//! Symmetry reduction is sound (SPEC §10 D2): over the recommended matrix, depth-first search
//! with symmetry over interchangeable agents gives exactly the verdicts of breadth-first search
//! without it, while exploring fewer states.

use heartbeat_model::SiteTable;
use heartbeat_model::verify::expectations::Expectations;
use heartbeat_model::verify::matrix::Matrix;
use heartbeat_model::verify::sweep::{SweepOptions, SweepReport, Traces, build_models, sweep};
use heartbeat_model::verify::{CheckOptions, SearchMode};

fn run(symmetry: bool, agents: Vec<u8>) -> SweepReport {
    let table = SiteTable::upstream();
    let mut matrix = Matrix::recommended(&table);
    matrix.agents = agents;
    let models = build_models(&matrix.entries(&table), &table).unwrap();
    let options = SweepOptions {
        check: CheckOptions {
            symmetry,
            mode: if symmetry {
                SearchMode::Dfs
            } else {
                SearchMode::Bfs
            },
            ..CheckOptions::default()
        },
        workers: std::thread::available_parallelism().map_or(1, |n| n.get()),
        traces: Traces::Unexpected,
    };
    sweep(&models, &Expectations::builtin(), &options, &|_| {})
}

#[test]
fn verdicts_with_and_without_symmetry_are_identical() {
    let plain = run(false, vec![2]);
    let reduced = run(true, vec![2]);
    assert_eq!(plain.models.len(), reduced.models.len());
    for (a, b) in plain.models.iter().zip(&reduced.models) {
        assert_eq!(a.config, b.config);
        for (pa, pb) in a.properties.iter().zip(&b.properties) {
            assert_eq!(
                (pa.name.as_str(), pa.verdict),
                (pb.name.as_str(), pb.verdict),
                "{} {}",
                a.profile,
                a.config
            );
        }
    }
    let (full, less) = (plain.totals.unique_states, reduced.totals.unique_states);
    eprintln!("2 agents: {full} unique states without symmetry, {less} with");
    assert!(
        less * 3 < full * 2,
        "symmetry must save states: {less} vs {full}"
    );
}
