//! End to end: the `heartbeat-spec` binary run as a user runs it (check, vectors, eval, sites scan,
//! explore, the upstream driver). One test binary, so a cold `cargo test` links it once.
//! The `unit_*` modules are the unit tests of the explore modules they name
//! (`unit_explore_link`: `src/explore/link.rs`), here because the library has none.

mod cli;
mod cli_check;
mod cli_shard_merge;
mod cli_sites_scan;
mod cli_vectors;
mod eval_generate;
mod explore_server;
mod unit_explore_link;
mod unit_explore_select;
mod unit_explore_server;
mod upstream_driver;
