//! CK4 (SPEC §11): the conformance check has teeth. With the runtime's test-only `sabotage`
//! switch on (cargo feature `sabotage` of heartbeat-routing, enabled through this package's
//! dev-dependency; the switch itself is a gateway option, off by default), cron-run events are
//! enqueued under their raw key — PR #80214's remap forgotten — and the exhaustive replay must
//! fail, naming the step and the difference. The proptest teeth (a failing, shrunk sequence)
//! are in tests/conformance_proptest.rs.

use std::sync::Arc;

use heartbeat_model::origin::OriginKind;
use heartbeat_model::{Config, MainKey, Profile, RoutingModel, Scope, SiteTable};
use heartbeat_routing::runtime::GatewayOptions;
use heartbeat_routing::runtime::sites::Sabotage;
use heartbeat_spec::conformance::{HarnessOptions, every_path};

fn sabotaged() -> HarnessOptions {
    HarnessOptions {
        tweak: Some(Arc::new(|o: &mut GatewayOptions| {
            o.sabotage = Sabotage::RawCronRunKey;
        })),
        ..HarnessOptions::default()
    }
}

fn model(profile: Profile, scope: Scope, origin: OriginKind) -> RoutingModel {
    let mut config = Config::new(scope, MainKey::Default, 1, "exec-exit");
    config.origins = vec![origin];
    RoutingModel::new(profile, config, &SiteTable::upstream()).unwrap()
}

/// CK4: the sabotaged runtime fails the exhaustive replay in every profile that remaps cron
/// runs, at the first enqueue, with the event in the raw cron-run queue.
#[test]
fn ck4_sabotaged_runtime_fails_the_exhaustive_replay() {
    for profile in [
        Profile::Openclaw2026_5_12,
        Profile::Openclaw2026_9_6,
        Profile::Reference,
    ] {
        for scope in Scope::ALL {
            let m = model(profile, scope, OriginKind::CronRun);
            // The switch off: conforms.
            every_path(&m, 4, &HarnessOptions::default()).unwrap_or_else(|e| panic!("{e}"));
            // The switch on: fails, at the first step.
            let failure = every_path(&m, 4, &sabotaged())
                .expect_err("the conformance check must catch the sabotaged runtime");
            if profile == Profile::Openclaw2026_5_12 && scope == Scope::PerSender {
                println!("{failure}");
            }
            assert_eq!(failure.path.len(), 1, "{profile}: caught at the enqueue");
            assert!(
                failure.what.contains("abstract states differ"),
                "{}",
                failure.what
            );
            let (expected, actual) = (failure.expected.unwrap(), failure.actual.unwrap());
            assert_ne!(expected.events[0].queue, actual.events[0].queue);
            assert_eq!(
                actual.events[0].queue,
                heartbeat_model::routing::Queue::Agent(
                    0,
                    heartbeat_model::routing::SessionKind::CronRun
                ),
                "{profile}: the runtime filed it under the raw cron-run key"
            );
        }
    }
}

/// The switch breaks nothing it should not: origins other than cron runs still conform.
#[test]
fn ck4_sabotage_touches_only_cron_runs() {
    for origin in [OriginKind::Main, OriginKind::CronBase, OriginKind::Subagent] {
        let m = model(Profile::Openclaw2026_5_12, Scope::PerSender, origin);
        every_path(&m, 5, &sabotaged()).unwrap_or_else(|e| panic!("{e}"));
    }
}
