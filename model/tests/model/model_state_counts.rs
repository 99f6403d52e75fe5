//! Exact state counts of small models (as stateright's 2pc and paxos examples pin theirs), so
//! that any change of the state space — a new action, a changed guard, a different abstraction,
//! a reduction that prunes more or less — is noticed and must be acknowledged here.
//!
//! For every profile: the `exec-exit` site fired from the agent's main session, the default
//! mainKey, no faults, one agent under each scope, and two agents under `per-sender`. Each is
//! counted under plain breadth-first search (every interleaving, SPEC D1, D3) and under
//! `check`'s default search: depth-first with symmetry over interchangeable agents (D2) and
//! partial-order reduction where the agents are independent (D5, retirement included). The
//! counts rest on the model of §8–§9 and on D2/D5; a change here without a change of those
//! rules is a bug.
//!
//! The reduced search is not always smaller: on one agent of 2026.5.7 under `per-sender` it
//! counts 45 states where the plain search counts 33, because D5's ghosts (the invariants
//! remembered once broken, retirement) tell apart states the plain model merges. With two
//! agents, symmetry and the ample sets win (1903 → 998, and 2444 → 215 where agents are
//! independent).

use heartbeat_model::SiteTable;
use heartbeat_model::config::{MainKey, Scope};
use heartbeat_model::origin::OriginKind;
use heartbeat_model::verify::matrix::Matrix;
use heartbeat_model::verify::sweep::build_models;
use heartbeat_model::verify::{CheckOptions, SearchMode, check};
use heartbeat_model::{Profile, RoutingModel};

/// `check`'s default search (D2, D5).
fn reduced() -> CheckOptions {
    CheckOptions {
        mode: SearchMode::Dfs,
        symmetry: true,
        por: true,
        traces: false,
        ..CheckOptions::default()
    }
}

/// Every interleaving, no reduction.
fn plain() -> CheckOptions {
    CheckOptions {
        traces: false,
        ..CheckOptions::default()
    }
}

fn model(profile: Profile, scope: Scope, agents: u8) -> RoutingModel {
    model_of(profile, scope, agents, OriginKind::Main)
}

fn model_of(profile: Profile, scope: Scope, agents: u8, origin: OriginKind) -> RoutingModel {
    let table = SiteTable::upstream();
    let matrix = Matrix {
        profiles: vec![profile],
        scopes: vec![scope],
        main_keys: vec![MainKey::Default],
        agents: vec![agents],
        site_sets: vec![vec!["exec-exit".to_string()]],
        origin_sets: vec![vec![origin]],
        ..Matrix::recommended(&table)
    };
    let mut models = build_models(&matrix.entries(&table), &table).expect("builds");
    assert_eq!(models.len(), 1, "{profile} {scope:?} {agents}");
    models.remove(0)
}

/// (profile, scope, agents, unique states plain, unique states reduced)
type Row = (Profile, Scope, u8, u64, u64);

fn counts(p: Profile, scope: Scope, agents: u8) -> (u64, u64) {
    let m = model(p, scope, agents);
    let a = check(&m, &plain());
    let b = check(&m, &reduced());
    assert!(
        a.stats.complete && b.stats.complete,
        "{p} {scope:?} {agents}"
    );
    (a.stats.unique_states, b.stats.unique_states)
}

fn assert_counts(rows: &[Row]) {
    let mut wrong = Vec::new();
    for &(p, scope, agents, want_plain, want_reduced) in rows {
        let got = counts(p, scope, agents);
        if got != (want_plain, want_reduced) {
            wrong.push(format!(
                "(Profile::{p:?}, Scope::{scope:?}, {agents}, {}, {}), // was {want_plain}, {want_reduced}",
                got.0, got.1
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "state counts changed:\n{}",
        wrong.join("\n")
    );
}

/// D1, D2, D5: exact state counts of `Openclaw2026_5_7`'s small models.
#[test]
fn d1_d2_d5_state_counts_openclaw_2026_5_7() {
    assert_counts(&[
        (Profile::Openclaw2026_5_7, Scope::PerSender, 1, 33, 45),
        (Profile::Openclaw2026_5_7, Scope::Global, 1, 44, 44),
        (Profile::Openclaw2026_5_7, Scope::PerSender, 2, 1903, 998),
    ]);
}

/// D1, D2, D5: exact state counts of `Pr50818UntargetedCronWake`'s small models.
#[test]
fn d1_d2_d5_state_counts_draft_50818_2026_03_22() {
    assert_counts(&[
        (
            Profile::Pr50818UntargetedCronWake,
            Scope::PerSender,
            1,
            33,
            45,
        ),
        (Profile::Pr50818UntargetedCronWake, Scope::Global, 1, 44, 44),
        (
            Profile::Pr50818UntargetedCronWake,
            Scope::PerSender,
            2,
            1903,
            998,
        ),
    ]);
}

/// D1, D2, D5: exact state counts of `Pr50818LiteralMain`'s small models.
#[test]
fn d1_d2_d5_state_counts_draft_50818_2026_03_25() {
    assert_counts(&[
        (Profile::Pr50818LiteralMain, Scope::PerSender, 1, 33, 45),
        (Profile::Pr50818LiteralMain, Scope::Global, 1, 44, 44),
        (Profile::Pr50818LiteralMain, Scope::PerSender, 2, 1903, 998),
    ]);
}

/// D1, D2, D5: exact state counts of `Openclaw2026_5_12`'s small models.
#[test]
fn d1_d2_d5_state_counts_openclaw_2026_5_12() {
    assert_counts(&[
        (Profile::Openclaw2026_5_12, Scope::PerSender, 1, 33, 45),
        (Profile::Openclaw2026_5_12, Scope::Global, 1, 44, 44),
        (Profile::Openclaw2026_5_12, Scope::PerSender, 2, 1903, 998),
    ]);
}

/// D1, D2, D5: exact state counts of `Openclaw2026_9_6`'s small models.
#[test]
fn d1_d2_d5_state_counts_openclaw_2026_9_6() {
    assert_counts(&[
        (Profile::Openclaw2026_9_6, Scope::PerSender, 1, 46, 46),
        (Profile::Openclaw2026_9_6, Scope::Global, 1, 46, 46),
        (Profile::Openclaw2026_9_6, Scope::PerSender, 2, 2444, 215),
    ]);
}

/// D1, D2, D5: exact state counts of `Reference`'s small models.
#[test]
fn d1_d2_d5_state_counts_reference() {
    assert_counts(&[
        (Profile::Reference, Scope::PerSender, 1, 46, 46),
        (Profile::Reference, Scope::Global, 1, 46, 46),
        (Profile::Reference, Scope::PerSender, 2, 2444, 215),
    ]);
}

/// D2: symmetry keeps, of each state, the least image among the renamings that order the
/// agents by their signatures. Where the default agent is special and a wake is pending for
/// several agents, that is not always the least image of the whole orbit, so which image is
/// kept, and how many states are counted, depends on the signature and on the order of
/// states: these counts pin both (the searches here are plain, with symmetry; the agents
/// share a queue or a wake, so no partial-order reduction applies).
#[test]
fn d2_symmetry_counts_where_agents_share_a_queue_or_a_wake() {
    let rows = [
        (
            Profile::Openclaw2026_5_7,
            Scope::PerSender,
            OriginKind::BareGlobal,
            (8249, 4237),
        ),
        (
            Profile::Openclaw2026_5_7,
            Scope::Global,
            OriginKind::Main,
            (18873, 9629),
        ),
        (
            Profile::Pr50818UntargetedCronWake,
            Scope::PerSender,
            OriginKind::CronRun,
            (12393, 6382),
        ),
    ];
    let mut wrong = Vec::new();
    for (p, scope, origin, want) in rows {
        let m = model_of(p, scope, 2, origin);
        let a = check(&m, &plain());
        let b = check(&m, &reduced());
        assert!(
            a.stats.complete && b.stats.complete,
            "{p} {scope:?} {origin:?}"
        );
        let got = (a.stats.unique_states, b.stats.unique_states);
        if got != want {
            wrong.push(format!("{p} {scope:?} {origin:?}: {got:?}, was {want:?}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "state counts changed:\n{}",
        wrong.join("\n")
    );
}
