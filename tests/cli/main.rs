//! End to end: the `heartbeat-spec` binary run as a user runs it (check, vectors, eval, sites scan,
//! explore, the upstream driver). One test binary, so a cold `cargo test` links it once.

mod cli;
mod cli_check;
mod cli_shard_merge;
mod cli_sites_scan;
mod cli_vectors;
mod eval_generate;
mod explore_server;
mod upstream_driver;
