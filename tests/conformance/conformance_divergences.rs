//! The known divergences between the model and the runtime (SPEC §11, DV1–DV2). Each is left out
//! of the conformance sweeps; these tests pin down that it is real and exactly what it is, so
//! that it is resolved on purpose (then the test fails and the entry goes) rather than hidden.

use std::sync::Arc;

use heartbeat_model::origin::OriginKind;
use heartbeat_model::verify::matrix::Matrix;
use heartbeat_model::{Action, Profile, RoutingModel, Scope, SiteTable};
use heartbeat_routing::routing::config::Scope as GatewayScope;
use heartbeat_routing::runtime::ops::{EnqueueResult, FireWakeOutcome, RunEnd};
use heartbeat_routing::runtime::{Gateway, GatewayOptions, ManualClock};
use heartbeat_spec::conformance::{
    HarnessOptions, KNOWN_DIVERGENCES, every_path, known_divergence, replay,
};
use stateright::Model;

/// DV1 (resolved): in the reference, per-sender, the scoped wake for the bare `global` key is
/// the same in the model as in the runtime (since W11 `{sessionKey: agent:<owner>:<mainKey>}`
/// in both), and every path of the configurations the sweeps used to leave out now replays with
/// equal abstract states.
#[test]
fn dv1_reference_bare_global_wake_targets_the_owner() {
    let table = SiteTable::upstream();
    let mut seen = 0;
    for (p, c) in Matrix::recommended(&table).entries(&table) {
        let Ok(model) = RoutingModel::new(p, c, &table) else {
            continue;
        };
        let formerly_left_out = model.profile == Profile::Reference
            && model.config.scope == Scope::PerSender
            && model.config.origins == [OriginKind::BareGlobal];
        if !formerly_left_out {
            continue;
        }
        seen += 1;
        assert!(known_divergence(&model).is_none());
        let enqueue = Action::Enqueue {
            site: 0,
            agent: 0,
            origin: OriginKind::BareGlobal,
            class: model.sites[0].events[0].class,
        };
        let init = &model.init_states()[0];
        replay(&model, init, &[enqueue], &HarnessOptions::default())
            .expect("model and runtime agree on the wake");
        every_path(&model, 2, &HarnessOptions::default()).expect("every path conforms");
    }
    assert_eq!(
        seen, 8,
        "ref x per-sender x 2 mainKeys x 2 agent counts x 2 sites"
    );
    assert!(KNOWN_DIVERGENCES.is_empty());
}

/// DV2: mixed-case origin keys are not modelled (the model has one example key per kind, A2).
/// Up to 2026.7 the queue key is the session key trimmed only (Q1, case-sensitive) while the
/// runner folds the forced session key (K11), so an event from `agent:ops:Telegram:Direct:42`
/// lands in a queue no heartbeat peeks — stranded. From 2026.8 queue keys are folded (Q4) and
/// it is surfaced. The conformance driver uses canonical lowercase keys.
#[test]
fn dv2_mixed_case_origin_keys_strand_up_to_2026_7() {
    let key = "agent:ops:Telegram:Direct:42";
    let text = "Exec failed (a1b2c3d4, code 1) :: boom";
    for (profile, surfaced) in [
        (Profile::Openclaw2026_5_7, false),
        (Profile::Openclaw2026_5_12, false),
        (Profile::Openclaw2026_9_6, true),
        (Profile::Reference, true),
    ] {
        let options = GatewayOptions::new(profile, GatewayScope::PerSender, None, &["main", "ops"]);
        let g: Gateway = Gateway::new(&options, Arc::new(ManualClock::new(0))).unwrap();
        let out = g.enqueue_at_site("exec-exit", "ops", key, text).unwrap();
        assert!(matches!(out.result, EnqueueResult::Queued { .. }));
        let queue = out.route.queue_key.clone();
        let FireWakeOutcome::Started(run) = g.fire_wake(&out.wake_target.unwrap()).unwrap() else {
            panic!("{profile}: the heartbeat starts");
        };
        assert_eq!(run.queue_key, "agent:ops:telegram:direct:42", "{profile}");
        let RunEnd::Ended {
            surfaced: shown, ..
        } = g.finish_run("ops").unwrap()
        else {
            panic!("a run")
        };
        assert_eq!(
            !shown.is_empty(),
            surfaced,
            "{profile}: queued under `{queue}`"
        );
        let drains = g.inspect(|s| s.ledger().entries()[0].wake_drains);
        assert_eq!(
            drains, surfaced,
            "{profile}: the runtime's own I7 check says so"
        );
        if !surfaced {
            assert_eq!(queue, key, "{profile}: the raw mixed-case key is the queue");
        }
    }
}
