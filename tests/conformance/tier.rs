//! The sizes of the conformance tests, by tier. Tier 1 (`cargo test`, the README's command) runs
//! each test at a size that still reaches every rule it names; tier 2 (`CONFORMANCE_TIER=2`,
//! which `.ci/run` also runs) at full size. A knob of its own overrides either: `CONFORMANCE_CASES`
//! (CK1 sequences), `CONFORMANCE_DEPTH` (CK2 depth), `CONFORMANCE_SAMPLE` (CK2: every Nth
//! configuration of a matrix), `CONFORMANCE_TEXT_KIB` (EV5 text size), `CONFORMANCE_SCHEDULES`
//! (CK5 schedules per profile), `CONFORMANCE_TEETH_DEPTH` (CK4's agreement replays of two-agent
//! configurations).

/// Is this tier 2 (`CONFORMANCE_TIER=2`)? Any other value than `1` or `2` stops the test: a
/// misspelt tier must not quietly run tier 1.
pub fn tier_two() -> bool {
    match std::env::var("CONFORMANCE_TIER").as_deref() {
        Err(_) | Ok("") | Ok("1") => false,
        Ok("2") => true,
        Ok(other) => panic!("CONFORMANCE_TIER={other:?}: the tiers are 1 and 2"),
    }
}

/// The size `knob` asks for, or else the tier's: `in_tier_one` or `in_tier_two`. A value that is
/// not a positive number stops the test and names the knob.
pub fn size(knob: &str, in_tier_one: usize, in_tier_two: usize) -> usize {
    match std::env::var(knob) {
        Err(_) if tier_two() => in_tier_two,
        Err(_) => in_tier_one,
        Ok(v) => v
            .parse()
            .ok()
            .filter(|&n: &usize| n > 0)
            .unwrap_or_else(|| panic!("{knob}={v:?}: a positive number is expected")),
    }
}
