//! Merging the JSON reports of a sharded check (`check --shard I/N --json`) into one.

use std::collections::BTreeSet;

use heartbeat_model::reduction::StepKind;
use heartbeat_model::verify::Verdict;
use heartbeat_model::verify::sweep::Totals;

use super::json::JsonReport;
use crate::exit;

/// Why reports cannot be merged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    #[error("no report to merge")]
    Empty,
    #[error("{file}: written by heartbeat-spec {found}, but {first} wrote the first report")]
    Version {
        file: String,
        found: String,
        first: String,
    },
    #[error("{file}: shard {shard} does not belong to a sharding into {count}")]
    ShardCount {
        file: String,
        shard: String,
        count: usize,
    },
    #[error("{file}: shard {shard} was given twice")]
    DuplicateShard { file: String, shard: String },
    #[error("{file}: the model {model} is also in another report")]
    DuplicateModel { file: String, model: String },
}

/// The merged report, and the shards that were expected but not given (reported as
/// incomplete: their models were never checked).
#[derive(Debug, Clone)]
pub struct Merged {
    pub report: JsonReport,
    pub missing_shards: Vec<usize>,
}

fn shard_of(label: &str) -> Option<(usize, usize)> {
    let (i, n) = label.split_once('/')?;
    Some((i.parse().ok()?, n.parse().ok()?))
}

/// Merges reports (with the file each came from, for messages).
pub fn merge(reports: Vec<(String, JsonReport)>) -> Result<Merged, MergeError> {
    let mut reports = reports.into_iter();
    let (first_file, first) = reports.next().ok_or(MergeError::Empty)?;
    let version = first.version.clone();
    let count = first.shard.as_deref().and_then(shard_of).map(|(_, n)| n);
    let mut seen_shards = BTreeSet::new();
    let mut seen_models = BTreeSet::new();
    let mut merged = JsonReport {
        shard: None,
        invariants: Vec::new(),
        witnesses: Vec::new(),
        models: Vec::new(),
        totals: Totals::default(),
        ..first.clone()
    };
    for (file, report) in std::iter::once((first_file, first)).chain(reports) {
        if report.version != version {
            return Err(MergeError::Version {
                file,
                found: report.version,
                first: version,
            });
        }
        if let Some(label) = &report.shard {
            match (shard_of(label), count) {
                (Some((i, n)), Some(c)) if n == c && i >= 1 && i <= n => {
                    if !seen_shards.insert(i) {
                        return Err(MergeError::DuplicateShard {
                            file,
                            shard: label.clone(),
                        });
                    }
                }
                _ => {
                    return Err(MergeError::ShardCount {
                        file,
                        shard: label.clone(),
                        count: count.unwrap_or(1),
                    });
                }
            }
        }
        for m in &report.models {
            let key = format!("{} {}", m.profile, m.config.config);
            if !seen_models.insert(key.clone()) {
                return Err(MergeError::DuplicateModel { file, model: key });
            }
        }
        add_totals(&mut merged.totals, &report.totals);
        merged.invariants.extend(report.invariants);
        merged.witnesses.extend(report.witnesses);
        merged.models.extend(report.models);
    }
    let missing_shards: Vec<usize> = match count {
        Some(n) => (1..=n).filter(|i| !seen_shards.contains(i)).collect(),
        None => Vec::new(),
    };
    merged.exit_code = exit_code(&merged, !missing_shards.is_empty());
    Ok(Merged {
        report: merged,
        missing_shards,
    })
}

/// Totals add up, except wall time (shards run side by side: the slowest one) and peak memory
/// (per machine: the largest).
fn add_totals(into: &mut Totals, t: &Totals) {
    into.models += t.models;
    into.states += t.states;
    into.unique_states += t.unique_states;
    into.max_depth = into.max_depth.max(t.max_depth);
    into.seconds = into.seconds.max(t.seconds);
    into.peak_memory_bytes = into.peak_memory_bytes.max(t.peak_memory_bytes);
    into.unexpected += t.unexpected;
    into.incomplete += t.incomplete;
    for (kind, n) in &t.coverage {
        match into.coverage.iter_mut().find(|(k, _)| k == kind) {
            Some(slot) => slot.1 += n,
            None => into.coverage.push((*kind, *n)),
        }
    }
    into.coverage
        .sort_by_key(|(k, _)| StepKind::ALL.iter().position(|a| a == k));
}

fn exit_code(r: &JsonReport, missing: bool) -> u8 {
    let differs = r
        .invariants
        .iter()
        .map(|x| (x.verdict, x.expected))
        .chain(r.witnesses.iter().map(|x| (x.verdict, x.expected)))
        .any(|(v, e)| v != Verdict::Incomplete && v != e);
    let incomplete = r
        .invariants
        .iter()
        .map(|x| x.verdict)
        .chain(r.witnesses.iter().map(|x| x.verdict))
        .any(|v| v == Verdict::Incomplete);
    if differs {
        exit::FAILED
    } else if incomplete || missing {
        exit::INCOMPLETE
    } else {
        exit::OK
    }
}
