//! The library half of the `heartbeat-spec` package: the pieces the CLI and the cross-crate
//! tests share (the `eval` dispatcher, the routing table, reports). The CLI itself is in
//! `src/cli/` and only parses arguments and prints.

/// Exit codes shared by every subcommand (documented in README.md).
pub mod exit {
    /// Every verdict equals its expectation / the command succeeded.
    pub const OK: u8 = 0;
    /// A verdict differs from its expectation, or a check failed.
    pub const FAILED: u8 = 1;
    /// Bad usage or bad input.
    pub const USAGE: u8 = 2;
    /// A budget ran out: the result is incomplete.
    pub const INCOMPLETE: u8 = 3;
}

pub mod bench;
pub mod conformance;
pub mod eval;
pub mod explore;
pub mod report;
pub mod sites_scan;
pub mod table;
pub mod vectors;
