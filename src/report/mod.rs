//! Reports of a `check` sweep: the text verdict table, JSON (which `merge` reads back), JUnit;
//! and the SARIF log of `sites scan`.

pub mod json;
pub mod junit;
pub mod merge;
pub mod sarif;
pub mod verdicts;
