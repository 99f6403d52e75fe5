//! Faults (SPEC §12: G1 restart, G2 throwing handler, G3 failing run, G4 reaper, G5 cap): the fault sweep with one agent gives exactly the expected
//! verdicts (F5 and F6 in the releases, every invariant in `reference`), and every fault
//! actually happens somewhere (witnesses X7 restart-lost-event, X8 handler-threw, X9 run-failed,
//! X10 cap-dropped, X11 cron-run-reaped), so no verdict holds because a fault was
//! never injected. The full sweep (`check --faults`, 1 and 2 agents) is a separate command.

use heartbeat_model::Profile;
use heartbeat_model::SiteTable;
use heartbeat_model::verify::expectations::Expectations;
use heartbeat_model::verify::matrix::Matrix;
use heartbeat_model::verify::sweep::{SweepOptions, Traces, build_models, sweep};
use heartbeat_model::verify::{CheckOptions, SearchMode, Verdict};

#[test]
fn fault_sweep_gives_the_expected_verdicts_and_every_fault_happens() {
    let table = SiteTable::upstream();
    let mut entries = Vec::new();
    for m in Matrix::faults(&table) {
        entries.extend(
            Matrix {
                agents: vec![1],
                ..m
            }
            .entries(&table),
        );
    }
    let models = build_models(&entries, &table).unwrap();
    let options = SweepOptions {
        check: CheckOptions {
            symmetry: true,
            mode: SearchMode::Dfs,
            ..CheckOptions::default()
        },
        workers: std::thread::available_parallelism().map_or(1, |n| n.get()),
        traces: Traces::Unexpected,
    };
    let report = sweep(&models, &Expectations::builtin(), &options, &|_| {});
    let unexpected: Vec<String> = report
        .models
        .iter()
        .flat_map(|m| {
            m.properties
                .iter()
                .filter(|p| p.unexpected())
                .map(move |p| {
                    format!(
                        "{} {}: {} is {}",
                        m.profile,
                        m.config,
                        p.name,
                        p.verdict.name()
                    )
                })
        })
        .collect();
    assert!(
        unexpected.is_empty(),
        "unexpected verdicts:\n{}",
        unexpected.join("\n")
    );
    assert_eq!(report.totals.incomplete, 0);
    for witness in [
        "restart-lost-event",
        "handler-threw",
        "run-failed",
        "cap-dropped",
        "cron-run-reaped",
    ] {
        let seen = report
            .models
            .iter()
            .flat_map(|m| &m.properties)
            .any(|p| p.name == witness && p.verdict == Verdict::Witnessed);
        assert!(seen, "the fault behind {witness} never happened");
    }
    // G3, G5: the reference holds every invariant under every fault.
    for m in report
        .models
        .iter()
        .filter(|m| m.profile == Profile::Reference)
    {
        for p in m.properties.iter().filter(|p| p.id.starts_with('I')) {
            assert_eq!(
                p.verdict,
                Verdict::Holds,
                "reference {}: {}",
                m.config,
                p.name
            );
        }
    }
}
