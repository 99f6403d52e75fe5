//! The unit tests of `heartbeat_model::reduction::retirement`
//! (`model/src/reduction/retirement.rs`), kept out of the library so that `cargo test` compiles it
//! once.

use heartbeat_model::reduction::close_gaps;

#[test]
fn closing_gaps_moves_the_higher_bits_down() {
    assert_eq!(close_gaps(0b1011, 0b0010), 0b101);
    assert_eq!(close_gaps(0b1111, 0b0101), 0b11);
    assert_eq!(close_gaps(0b1000, 0b0111), 0b1);
    assert_eq!(close_gaps(0, 0b1), 0);
}
