//! The unit tests of `heartbeat_model::reduction::symmetry` (`model/src/reduction/symmetry.rs`),
//! kept out of the library so that `cargo test` compiles it once.

use heartbeat_model::reduction::symmetry::*;

#[test]
fn permutations_fix_the_default_agent() {
    assert_eq!(permutations(1, true), vec![vec![0]]);
    assert_eq!(permutations(3, true).len(), 2);
    assert_eq!(permutations(4, true).len(), 6);
    assert!(permutations(4, true).iter().all(|p| p[0] == 0));
    assert_eq!(permutations(2, false).len(), 2);
    assert_eq!(permutations(4, false).len(), 24);
}

#[test]
fn agent_sets_are_renamed_bit_by_bit() {
    assert_eq!(permute_set(&[0, 2, 1], 0b011), 0b101);
    assert_eq!(permute_set(&[0, 2, 1], 0b110), 0b110);
}
