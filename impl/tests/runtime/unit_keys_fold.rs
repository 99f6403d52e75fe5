//! The unit tests of `heartbeat_routing::keys::fold` (`impl/src/keys/fold.rs`), kept out of the
//! library so that `cargo test` compiles it once.

use heartbeat_routing::keys::fold::*;

#[test]
fn signal_group_ids_and_matrix_tails_keep_their_case() {
    assert_eq!(
        fold_preserving_opaque_peer_ids("Agent:Ops:Signal:Group:AbC:Thread:XyZ"),
        "agent:ops:signal:group:AbC:thread:xyz"
    );
    assert_eq!(
        fold_preserving_opaque_peer_ids("AGENT:Ops:Matrix:Channel:!RoomA:Srv:Thread:T1"),
        "agent:ops:matrix:channel:!RoomA:Srv:thread:T1"
    );
    assert_eq!(
        fold_preserving_opaque_peer_ids("  Agent:Ops:Main  "),
        "agent:ops:main"
    );
    assert_eq!(fold_preserving_opaque_peer_ids(" \t "), "");
}

#[test]
fn signal_group_ids_are_trimmed() {
    assert_eq!(
        fold_preserving_opaque_peer_ids("agent:x:signal:group: AbC :thread:Q"),
        "agent:x:signal:group:AbC:thread:q"
    );
}
