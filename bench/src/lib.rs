//! Nothing but benchmarks: see `benches/` and `Cargo.toml`.
