//! The known bugs of PR #50818 / #80214 (SPEC §9, B1-B6) and this project's findings (F1-F4, F7-F14):
//! each is found by the checker as a violation of the right invariant in the profile that had
//! it, its shortest counterexample is kept as an insta snapshot in snapshots/, the snapshot's
//! named steps replay, and `reference` holds every invariant in the same configuration. The
//! configurations are `heartbeat_model::spec::known_bugs::KNOWN_BUGS`.

use heartbeat_model::Profile;
use heartbeat_model::spec::known_bugs::KNOWN_BUGS;
use heartbeat_model::verify::search::replay;
use heartbeat_model::verify::{CheckOptions, Verdict, check};

#[test]
fn known_bugs_are_found_with_their_shortest_counterexample() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../../../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    for s in &KNOWN_BUGS {
        let buggy = s.model(s.profile);
        let out = check(&buggy, &CheckOptions::default());
        for invariant in s.invariants {
            let p = out.get(invariant).unwrap();
            assert_eq!(
                p.verdict,
                Verdict::Violated,
                "{} {}: {invariant} must be violated",
                s.id,
                s.profile
            );
            let trace = p.trace.as_ref().expect("violations come with a trace");
            // The stored trace is named actions: replaying them reaches the same violation.
            let path =
                replay(&buggy, &trace.init_state, &trace.actions()).expect("the trace replays");
            let spec = heartbeat_model::properties::specs(&buggy)
                .into_iter()
                .find(|x| x.name == *invariant)
                .unwrap();
            assert!(
                spec.is_discovery(&buggy, path.last_state()),
                "{}: replay ends in the violation",
                s.id
            );
            let text = format!(
                "{} {invariant} in {} {}\n{}",
                s.id,
                s.profile,
                buggy.config,
                trace.render_text()
            );
            let name = format!(
                "known_bug_{}_{}_{}",
                s.id,
                s.name,
                invariant.replace('-', "_")
            );
            settings.bind(|| insta::assert_snapshot!(name, text));
        }

        let reference = check(&s.model(Profile::Reference), &CheckOptions::default());
        for p in reference
            .properties
            .iter()
            .filter(|p| p.id.starts_with('I'))
        {
            assert_eq!(
                p.verdict,
                Verdict::Holds,
                "{}: reference must hold {}",
                s.id,
                p.name
            );
        }
        if let Some(fixed) = s.fixed_in {
            let out = check(&s.model(fixed), &CheckOptions::default());
            for invariant in s.invariants {
                assert_eq!(
                    out.get(invariant).unwrap().verdict,
                    Verdict::Holds,
                    "{}: fixed in {fixed}",
                    s.id
                );
            }
        }
    }
}

/// The table holds SPEC §9's known bugs and findings that have a configuration of their own, in
/// SPEC order, each once (F5 and F6 need injected faults, run failures and a queue cap: the
/// fault sweep shows them, `model_faults.rs`).
#[test]
fn the_table_names_every_known_bug_in_spec_order() {
    assert_eq!(
        KNOWN_BUGS.map(|b| b.id),
        [
            "B1", "B2", "B3", "B4", "B5", "B6", "F1", "F2", "F3", "F4", "F7", "F8", "F9", "F10",
            "F11", "F12", "F13", "F14",
        ]
    );
}
