//! The implementation's own tests (heartbeat-routing only): properties of the routing functions
//! and laws of the runtime, and the runtime under each heartbeat setting (H9 to H12). One test binary, so a cold `cargo test` links it once.
//! The `unit_*` modules are the unit tests of the module they name (`unit_keys_parse`:
//! `src/keys/parse.rs`), here because the library has none (`test = false`: built once).

mod heartbeat_settings;
mod routing_properties;
mod runtime_laws;
mod unit_classify_cron_event;
mod unit_classify_exec_event;
mod unit_classify_js_regex;
mod unit_classify_silent_reply;
mod unit_generation;
mod unit_js;
mod unit_keys_agent_id;
mod unit_keys_cron;
mod unit_keys_fold;
mod unit_keys_normalize;
mod unit_keys_parse;
mod unit_keys_store_key;
mod unit_keys_subagent;
mod unit_routing_event_key;
mod unit_routing_heartbeat_session;
mod unit_routing_queue_key;
mod unit_runtime_clock;
mod unit_runtime_gateway;
mod unit_runtime_options;
mod unit_runtime_queue;
mod unit_runtime_runner;
mod unit_runtime_sites;
mod unit_runtime_wake;
