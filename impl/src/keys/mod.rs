//! Session keys: grammar, folding, normalisation and predicates (SPEC.md §1 and §2).

pub mod agent_id;
pub mod cron;
pub mod fold;
pub mod normalize;
pub mod parse;
pub mod sentinel;
pub mod shape;
pub mod store_key;
pub mod subagent;
