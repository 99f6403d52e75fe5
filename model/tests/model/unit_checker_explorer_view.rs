//! The unit tests of `heartbeat_model::checker::explorer_view`
//! (`model/src/checker/explorer_view.rs`), kept out of the library so that `cargo test` compiles it
//! once.

use heartbeat_model::checker::checked::Checked;
use heartbeat_model::checker::explorer_view::*;
use heartbeat_model::checker::search::shortest_path;
use heartbeat_model::config::{MainKey, Scope};
use heartbeat_model::origin::OriginKind;
use heartbeat_model::profile::Profile;
use heartbeat_model::properties::specs;
use heartbeat_model::site::SiteTable;
use heartbeat_model::{Action, Config, RoutingModel};
use stateright::{Model, Path};

fn shared_global() -> RoutingModel {
    let mut config = Config::new(Scope::Global, MainKey::Default, 2, "exec-exit");
    config.origins = vec![OriginKind::CronRun];
    RoutingModel::new(Profile::Openclaw2026_5_12, config, &SiteTable::upstream())
        .expect("a valid model")
}

#[test]
fn initial_state_shows_guards_and_no_queues() {
    let model = shared_global();
    let init = model.init_states().remove(0);
    let path = Path::from_actions(&model, init, []).expect("an initial state");
    let svg = Checked::new(model.clone())
        .as_svg(path)
        .expect("the model draws states");
    assert!(svg.starts_with("<svg "), "{svg}");
    assert!(svg.contains(">initial state<"), "{svg}");
    assert!(
        svg.contains(">every invariant holds in this state<"),
        "{svg}"
    );
    assert!(svg.contains(">Heartbeat guards<"), "{svg}");
    assert!(svg.contains(">never ran<"), "{svg}");
}

#[test]
fn cross_agent_counterexample_shows_the_shared_queue_and_the_wrong_agent() {
    let model = shared_global();
    let spec = specs(&model)
        .into_iter()
        .find(|p| p.name == "no-cross-agent-surfacing")
        .expect("the invariant exists");
    let found = shortest_path(&model, |m, s| spec.is_discovery(m, s), 100_000)
        .expect("2026.5.12 surfaces another agent's event under scope global");
    let actions: Vec<Action> = found.steps.iter().map(|(a, _)| *a).collect();
    // The state where `global` holds both agents' events.
    let both = Path::from_actions(&model, found.init.clone(), &actions[..2]).expect("a path");
    let svg = Checked::new(model.clone()).as_svg(both).expect("svg");
    assert!(
        svg.contains(">global<")
            && svg.contains(
                ">e1 (main cron-run, exec-completion), e2 (ops cron-run, exec-completion)<"
            )
            && svg.contains("fill='#ff8a80' font-weight='bold'>e1 (main cron-run"),
        "{svg}"
    );
    let last = Path::from_actions(&model, found.init.clone(), &actions).expect("a path");
    let svg = Checked::new(model.clone()).as_svg(last).expect("svg");
    assert!(
        svg.contains("VIOLATED here: no-cross-agent-surfacing (I4)"),
        "{svg}"
    );
    assert!(svg.contains(">main (not ops!)<"), "{svg}");
}

#[test]
fn encode_path_names_action_indices_and_rejects_foreign_steps() {
    let model = shared_global();
    let spec = specs(&model)
        .into_iter()
        .find(|p| p.name == "no-cross-agent-surfacing")
        .expect("the invariant exists");
    let found = shortest_path(&model, |m, s| spec.is_discovery(m, s), 100_000).expect("found");
    let actions: Vec<Action> = found.steps.iter().map(|(a, _)| *a).collect();
    let encoded = encode_path(&model, &found.init, &actions).expect("encodes");
    // Decode by hand: the init index, then each action's index among the enabled ones.
    let mut parts = encoded
        .split('/')
        .map(|p| p.parse::<usize>().expect("an index"));
    let mut state = model.init_states()[parts.next().expect("init")].clone();
    assert_eq!(state, found.init);
    for (step, index) in parts.enumerate() {
        let mut enabled = Vec::new();
        model.actions(&state, &mut enabled);
        assert_eq!(enabled[index], actions[step], "step {}", step + 1);
        state = model.next_state(&state, enabled[index]).expect("a step");
    }
    assert_eq!(&state, found.last_state());
    assert_eq!(encoded.split('/').count(), actions.len() + 1);

    let mut wrong = actions.clone();
    wrong.insert(0, Action::FinishRun { agent: 1 });
    let err = encode_path(&model, &found.init, &wrong).expect_err("not enabled");
    assert!(err.contains("step 1"), "{err}");
    let mut alien = found.init.clone();
    alien.restarts = 3;
    assert!(encode_path(&model, &alien, &actions).is_err());
}

#[test]
fn long_lines_wrap_at_spaces() {
    assert_eq!(wrap("a bb ccc", 4), vec!["a bb", "  ccc"]);
    assert_eq!(wrap("short", 100), vec!["short"]);
    assert_eq!(wrap("averylongword x y", 5), vec!["averylongword", "  x y"]);
}

#[test]
fn a_queue_with_many_events_takes_several_lines() {
    let mut config = Config::new(Scope::Global, MainKey::Default, 4, "exec-exit");
    config.origins = vec![OriginKind::CronRun];
    config.bounds.events_per_origin = 2;
    let model = RoutingModel::new(Profile::Openclaw2026_5_12, config, &SiteTable::upstream())
        .expect("a valid model");
    let mut state = model.init_states().remove(0);
    let mut actions = Vec::new();
    for _ in 0..8 {
        actions.clear();
        model.actions(&state, &mut actions);
        let enqueue = actions
            .iter()
            .find(|a| matches!(a, Action::Enqueue { .. }))
            .copied()
            .expect("an enqueue");
        state = model.next_state(&state, enqueue).expect("a step");
    }
    assert_eq!(
        state
            .queued_in(heartbeat_model::routing::Queue::SharedGlobal)
            .count(),
        8
    );
    let svg = render(&model, "eight events", &state);
    // Three events a line in the queue's cell, each event once more in the events table.
    assert!(
        svg.contains(", e3 (ops cron-run, exec-completion),<"),
        "{svg}"
    );
    assert!(
        svg.contains(">e7 (qa cron-run, exec-completion), e8 (qa cron-run, exec-completion)<"),
        "{svg}"
    );
    assert_eq!(svg.matches(">e8<").count(), 1, "{svg}");
}

#[test]
fn text_is_escaped() {
    // Every text of the picture is escaped by the one function (private): a heading shows it.
    let model = shared_global();
    let init = model.init_states().remove(0);
    let svg = render(&model, "a<b>&'\"", &init);
    assert!(svg.contains(">a&lt;b&gt;&amp;&#39;&quot;</text>"), "{svg}");
}
