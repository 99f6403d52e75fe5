//! The unit tests of `heartbeat_routing::runtime::options` (`impl/src/runtime/options.rs`), kept
//! out of the library so that `cargo test` compiles it once.

use std::sync::Arc;

use heartbeat_routing::routing::config::Scope;
use heartbeat_routing::runtime::options::*;
use heartbeat_routing::runtime::{Gateway, ManualClock};
use heartbeat_vocab::{Mutation, Profile};

#[test]
fn the_rule_mutations_are_refused_by_name() {
    let options = GatewayOptions {
        mutation: Some(Mutation::SilentCapDrop),
        ..GatewayOptions::new(Profile::Reference, Scope::PerSender, None, &["main"])
    };
    // `GatewayOptions::check_mutation` is private to the crate; `Gateway::new` runs it.
    let refused: Result<Gateway, _> = Gateway::new(&options, Arc::new(ManualClock::new(0)));
    let err = refused.unwrap_err().to_string();
    assert!(err.contains("silent-cap-drop"), "{err}");
}
