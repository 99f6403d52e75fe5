//! The unit tests of `heartbeat_routing::runtime::clock` (`impl/src/runtime/clock.rs`), kept out of
//! the library so that `cargo test` compiles it once.

use heartbeat_routing::runtime::clock::*;

#[test]
fn manual_clock_moves_only_when_told() {
    let c = ManualClock::new(5);
    assert_eq!(c.now_ms(), 5);
    assert_eq!(c.advance(10), 15);
    assert_eq!(c.now_ms(), 15);
    c.set(3);
    assert_eq!(c.now_ms(), 3);
}

#[test]
fn system_clock_is_after_2020() {
    assert!(SystemClock.now_ms() > 1_577_836_800_000);
}
