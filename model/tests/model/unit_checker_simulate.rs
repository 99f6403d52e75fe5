//! The unit tests of `heartbeat_model::checker::simulate` (`model/src/checker/simulate.rs`), kept
//! out of the library so that `cargo test` compiles it once.

use heartbeat_model::checker::simulate::*;

#[test]
fn splitmix_is_deterministic_and_spread() {
    let mut a = SplitMix64::new(42);
    let mut b = SplitMix64::new(42);
    let xs: Vec<u64> = (0..4).map(|_| a.next_u64()).collect();
    let ys: Vec<u64> = (0..4).map(|_| b.next_u64()).collect();
    assert_eq!(xs, ys);
    assert_eq!(
        xs.len(),
        xs.iter().collect::<std::collections::BTreeSet<_>>().len()
    );
    let mut c = SplitMix64::new(7);
    let mut counts = [0usize; 4];
    for _ in 0..4000 {
        counts[c.below(4)] += 1;
    }
    assert!(counts.iter().all(|&n| n > 800), "{counts:?}");
}
