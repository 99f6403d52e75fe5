//! Reports of a `check` sweep: the text verdict table, JSON (which `merge` reads back), JUnit.

pub mod json;
pub mod junit;
pub mod merge;
pub mod verdicts;
