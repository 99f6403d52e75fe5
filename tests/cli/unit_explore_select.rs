//! The unit tests of `heartbeat_spec::explore::select` (`src/explore/select.rs`), kept out of the
//! library so that `cargo test` compiles it once.

use heartbeat_model::Profile;
use heartbeat_model::config::{Faults, Heartbeats, MainKey, Scope};
use heartbeat_model::mutation::Mutation;
use heartbeat_model::origin::OriginKind;
use heartbeat_model::site::SiteTable;
use heartbeat_spec::explore::select::*;

fn one() -> Selection {
    Selection {
        profiles: vec![Profile::Openclaw2026_5_12],
        scopes: vec![Scope::Global],
        main_keys: vec![MainKey::Default],
        agents: vec![2],
        sites: vec!["exec-exit".into()],
        origins: vec![OriginKind::CronRun],
        ..Selection::default()
    }
}

#[test]
fn full_flags_select_one_model_and_round_trip() {
    let table = SiteTable::upstream();
    let model = one().model(&table).expect("one model");
    assert_eq!(model.profile, Profile::Openclaw2026_5_12);
    assert_eq!(model.config.agents, 2);
    let again = Selection::of(&model, None);
    let same = again.model(&table).expect("one model");
    assert_eq!(same.config, model.config);
    assert_eq!(
        again.command_line(&[]),
        "heartbeat-spec explore --profile openclaw-2026.5.12 --scope global --main-key default \
             --agents 2 --site exec-exit --origin cron-run"
    );
}

#[test]
fn a_missing_dimension_selects_several_and_lists_them() {
    let table = SiteTable::upstream();
    let mut s = one();
    s.main_keys.clear();
    let err = s.model(&table).expect_err("two mainKey choices");
    let SelectError::Several { count, candidates } = &err else {
        panic!("{err}")
    };
    assert_eq!(*count, 2);
    assert!(
        candidates[1].contains("--main-key custom"),
        "{candidates:?}"
    );
    assert!(err.to_string().contains("select 2 models"), "{err}");
    let none = Selection::default().model(&table).expect_err("many");
    assert!(matches!(none, SelectError::Several { count, .. } if count > 100));
}

#[test]
fn origins_that_cannot_fire_select_nothing_and_bad_sites_are_named() {
    let table = SiteTable::upstream();
    let mut s = one();
    s.scopes = vec![Scope::Global];
    s.origins = vec![OriginKind::Dm];
    let err = s.model(&table).expect_err("no dm under scope global");
    assert!(err.to_string().contains("select no model"), "{err}");
    let mut s = one();
    s.sites = vec!["nope".into()];
    let err = s.model(&table).expect_err("unknown site");
    assert!(err.to_string().contains("unknown site `nope`"), "{err}");
}

#[test]
fn faults_bounds_and_mutations_are_flags_too() {
    let table = SiteTable::upstream();
    let mut s = one();
    s.faults = Faults {
        restarts: 1,
        handler_throws: 2,
        run_failures: 1,
        reaper: true,
        queue_cap: 1,
    };
    s.bounds.interval_ticks = 2;
    s.bounds.user_turns = false;
    s.heartbeats = vec![Heartbeats::DefaultOnly];
    s.mutation = Some(Mutation::SharedGlobalQueue);
    let model = s.model(&table).expect("one model");
    assert_eq!(model.config.faults, s.faults);
    let again = Selection::of(&model, None);
    assert_eq!(again, s);
    let line = again.command_line(&[]);
    assert!(
        line.ends_with(
            " --heartbeats default-only --site exec-exit --origin cron-run --ticks 2 \
                 --restarts 1 --handler-throws 2 --run-failures 1 --queue-cap 1 \
                 --mutate shared-global-queue --no-user-turns --reaper"
        ),
        "{line}"
    );
}

#[test]
fn words_are_quoted_for_the_shell() {
    assert_eq!(shell_quote("exec-exit"), "exec-exit");
    assert_eq!(shell_quote("my sites.toml"), "'my sites.toml'");
    assert_eq!(shell_quote("it's"), "'it'\\''s'");
    assert_eq!(shell_quote(""), "''");
}
