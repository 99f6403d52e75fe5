//! The checker against its expectations: the recommended matrix of `heartbeat-spec check`
//! must give exactly the verdicts of model/expected.toml (SPEC §8 I1-I8, M1; §9 B1-B6, F1-F4)
//! and every witness (X1-X6) must be found wherever it is expected.

use heartbeat_model::SiteTable;
use heartbeat_model::config::HeartbeatSetting;
use heartbeat_model::properties::PropertyKind;
use heartbeat_model::verify::expectations::Expectations;
use heartbeat_model::verify::matrix::{Matrix, SettingsSweep};
use heartbeat_model::verify::sweep::{SweepOptions, Traces, build_models, sweep};
use heartbeat_model::verify::{CheckOptions, Verdict};

fn options() -> SweepOptions {
    SweepOptions {
        check: CheckOptions {
            symmetry: true,
            mode: heartbeat_model::verify::SearchMode::Dfs,
            ..CheckOptions::default()
        },
        workers: std::thread::available_parallelism().map_or(1, |n| n.get()),
        traces: Traces::Unexpected,
    }
}

/// I1-I8, M1, X1-X6 over the matrix of `check` (single sites and the sampled pairs, SPEC S3): every verdict equals its expectation, no
/// verdict is incomplete, and both kinds of property are exercised.
///
/// Tier 1 checks every one-agent model and every eighth of the rest; tier 2 (and `.ci/run`'s
/// `heartbeat-spec check`) the whole matrix.
#[test]
fn recommended_matrix_gives_the_expected_verdicts() {
    recommended_matrix(8);
}

#[test]
#[ignore = "tier 2: the whole matrix of check in a test build (about half a minute); tier 1 checks a sample, .ci/run also runs `heartbeat-spec check`"]
fn recommended_matrix_gives_the_expected_verdicts_everywhere() {
    recommended_matrix(1);
}

fn recommended_matrix(stride: usize) {
    let table = SiteTable::upstream();
    let expectations = Expectations::builtin();
    let entries: Vec<_> = Matrix::check(&table)
        .entries(&table)
        .into_iter()
        .enumerate()
        .filter(|(i, (_, c))| c.agents == 1 || i % stride == 0)
        .map(|(_, e)| e)
        .collect();
    let models = build_models(&entries, &table).unwrap();
    let report = sweep(&models, &expectations, &options(), &|_| {});
    let t = &report.totals;
    eprintln!(
        "checked {} models, {} unique states, {:.1}s",
        t.models, t.unique_states, t.seconds
    );
    let unexpected: Vec<String> = report
        .models
        .iter()
        .flat_map(|m| {
            m.properties
                .iter()
                .filter(|p| p.unexpected())
                .map(move |p| {
                    format!(
                        "{} {}: {} is {}, expected {}",
                        m.profile,
                        m.config,
                        p.name,
                        p.verdict.name(),
                        p.expected.name()
                    )
                })
        })
        .collect();
    assert!(
        unexpected.is_empty(),
        "unexpected verdicts:\n{}",
        unexpected.join("\n")
    );
    assert_eq!(
        t.incomplete, 0,
        "no budget was set, so nothing may be incomplete"
    );
    assert!(
        t.models > 1000 / stride as u64,
        "the recommended matrix has every origin: {}",
        t.models
    );
    let count = |kind, verdict| {
        report
            .models
            .iter()
            .flat_map(|m| &m.properties)
            .filter(|p| p.kind == kind && p.verdict == verdict)
            .count()
    };
    assert!(count(PropertyKind::Invariant, Verdict::Holds) > 0);
    assert!(count(PropertyKind::Invariant, Verdict::Violated) > 0);
    assert!(count(PropertyKind::Witness, Verdict::Witnessed) > 0);
    // X2 wake-deferred, X3 wake-retried, X4 interval-tick-ran, X5 user-turn-drained: each
    // happens somewhere in the matrix, for every profile.
    for witness in [
        "wake-deferred",
        "wake-retried",
        "interval-tick-ran",
        "user-turn-drained",
    ] {
        for profile in heartbeat_model::Profile::ALL {
            let seen = report
                .models
                .iter()
                .filter(|m| m.profile == profile)
                .any(|m| {
                    m.properties
                        .iter()
                        .any(|p| p.name == witness && p.verdict == Verdict::Witnessed)
                });
            assert!(seen, "{witness} never happens in {profile}");
        }
    }
}

/// Every entry of model/expected.toml matches some model of check's matrix (or the fault sweep,
/// or the wide sweep of heartbeat settings) in each
/// profile it lists: an entry that matches nothing (a misspelt origin, say) would silently
/// expect nothing.
#[test]
fn every_expectation_entry_applies_somewhere() {
    let table = SiteTable::upstream();
    let expectations = Expectations::builtin();
    let mut entries = Matrix::check(&table).entries(&table);
    for m in Matrix::faults(&table) {
        entries.extend(m.entries(&table));
    }
    // The entries of the heartbeat settings (H9 to H12) that only `--heartbeat-settings all`
    // reaches: every setting in every single-site configuration.
    let wide = Matrix {
        settings: SettingsSweep::All,
        ..Matrix::recommended(&table)
    };
    entries.extend(
        wide.entries(&table)
            .into_iter()
            .filter(|(_, c)| c.heartbeat != HeartbeatSetting::Interval),
    );
    let models = build_models(&entries, &table).unwrap();
    for e in &expectations.entries {
        for profile in &e.profiles {
            let properties = e.violates.iter().map(|p| (p, PropertyKind::Invariant));
            let properties = properties.chain(e.misses.iter().map(|p| (p, PropertyKind::Witness)));
            for (property, kind) in properties {
                let applies = models.iter().filter(|m| m.profile == *profile).any(|m| {
                    heartbeat_model::properties::specs(m).iter().any(|s| {
                        s.kind == kind
                            && e.matches(
                                *profile,
                                &m.config,
                                &m.effective_origins(),
                                &s.label,
                                kind,
                            )
                    })
                });
                assert!(
                    applies,
                    "{} ({}) matches no model for {profile} / {property}",
                    e.id, e.title
                );
            }
        }
    }
}

/// The built-in site table and expectations parse, and each expectation names real properties.
#[test]
fn builtin_data_is_valid() {
    let table = SiteTable::upstream();
    assert_eq!(table.names().len(), 10);
    let names: Vec<&str> = heartbeat_model::properties::INVARIANTS
        .iter()
        .map(|i| i.name)
        .chain(
            heartbeat_model::properties::WITNESSES
                .iter()
                .map(|w| w.name),
        )
        .collect();
    for e in Expectations::builtin().entries {
        for p in e.violates.iter().chain(&e.misses) {
            assert!(
                names.contains(&p.as_str()) || p == "surfaced:*",
                "{}: unknown property {p}",
                e.id
            );
        }
    }
}
