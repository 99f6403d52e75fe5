//! The text verdict table of `check`: rows are profile and configuration, columns invariants,
//! cells `holds`, `VIOLATED` or `incomplete`. A row aggregates the models that differ only in
//! their origin; a cell ends in `!` when some model's verdict differs from its expectation.

use std::collections::BTreeSet;
use std::fmt::Write;

use heartbeat_model::properties::{INVARIANTS, PropertyKind};
use heartbeat_model::verify::Verdict;
use heartbeat_model::verify::sweep::{ModelReport, PropertyReport, SweepReport};

/// The row a model belongs to: everything but its origins.
fn row_key(m: &ModelReport) -> String {
    let mut c = m.config.clone();
    c.origins.clear();
    format!("{} {c}", m.profile)
}

/// One cell: the worst verdict over the row's models, `!` if any model is unexpected.
fn cell(props: &[&PropertyReport]) -> String {
    let verdict = if props.iter().any(|p| p.verdict == Verdict::Violated) {
        "VIOLATED"
    } else if props.iter().any(|p| p.verdict == Verdict::Incomplete) {
        "incomplete"
    } else {
        "holds"
    };
    let mark = if props.iter().any(|p| p.unexpected()) {
        "!"
    } else {
        ""
    };
    format!("{verdict}{mark}")
}

/// Short column headers: the SPEC id and name of each invariant.
pub fn legend() -> String {
    let mut out = String::from("columns:");
    for i in INVARIANTS {
        let _ = write!(out, " {}={}", i.id, i.name);
    }
    out.push_str("\ncells: holds | VIOLATED | incomplete; a trailing ! marks a verdict that differs from its expectation");
    out
}

/// The table, one line per row, with the states, depth and time the row's models took.
pub fn table(report: &SweepReport) -> String {
    let mut rows: Vec<(String, Vec<&ModelReport>)> = Vec::new();
    for m in &report.models {
        let key = row_key(m);
        match rows.iter_mut().find(|(k, _)| *k == key) {
            Some((_, ms)) => ms.push(m),
            None => rows.push((key, vec![m])),
        }
    }
    let width = rows
        .iter()
        .map(|(k, _)| k.len())
        .max()
        .unwrap_or(10)
        .max(10);
    let mut out = String::new();
    let _ = write!(out, "{:<width$}", "profile and configuration");
    for i in INVARIANTS {
        let _ = write!(out, " {:<11}", i.id);
    }
    let _ = writeln!(
        out,
        " {:>9} {:>5} {:>7}  explained by",
        "states", "depth", "seconds"
    );
    for (key, models) in &rows {
        let _ = write!(out, "{key:<width$}");
        for inv in INVARIANTS {
            let props: Vec<&PropertyReport> = models
                .iter()
                .flat_map(|m| m.properties.iter())
                .filter(|p| p.kind == PropertyKind::Invariant && p.name == inv.name)
                .collect();
            let _ = write!(out, " {:<11}", cell(&props));
        }
        let states: u64 = models.iter().map(|m| m.stats.unique_states).sum();
        let depth = models.iter().map(|m| m.stats.max_depth).max().unwrap_or(0);
        let seconds: f64 = models.iter().map(|m| m.stats.seconds).sum();
        let ids: BTreeSet<&str> = models
            .iter()
            .flat_map(|m| m.properties.iter())
            .filter(|p| p.kind == PropertyKind::Invariant && p.verdict == Verdict::Violated)
            .flat_map(|p| p.explained_by.iter().map(String::as_str))
            .collect();
        let _ = writeln!(
            out,
            " {states:>9} {depth:>5} {seconds:>7.2}  {}",
            ids.into_iter().collect::<Vec<_>>().join(",")
        );
    }
    out
}

/// How many unexpected verdicts are printed with their full trace; the rest get one line.
pub const MAX_FULL_TRACES: usize = 12;

/// Every verdict that differs from its expectation, the first [`MAX_FULL_TRACES`] with their
/// trace, each trace followed by what `link` says about it (an Explorer link, say).
pub fn unexpected(
    report: &SweepReport,
    link: &dyn Fn(&ModelReport, &heartbeat_model::verify::trace::Trace) -> Option<String>,
) -> String {
    let mut out = String::new();
    let mut shown = 0;
    for m in &report.models {
        for p in m.properties.iter().filter(|p| p.unexpected()) {
            shown += 1;
            if shown > MAX_FULL_TRACES {
                let _ = writeln!(
                    out,
                    "UNEXPECTED {} {} {}: {} is {}, expected {}",
                    p.id,
                    m.profile,
                    m.config,
                    p.name,
                    p.verdict.name(),
                    p.expected.name()
                );
                continue;
            }
            let _ = writeln!(
                out,
                "UNEXPECTED {} {} {}: {} is {}, expected {}{}",
                p.id,
                m.profile,
                m.config,
                p.name,
                p.verdict.name(),
                p.expected.name(),
                if p.explained_by.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", p.explained_by.join(", "))
                }
            );
            match (&p.trace, p.verdict) {
                (Some(t), _) => {
                    out.push_str(&t.render_text());
                    if let Some(line) = link(m, t) {
                        let _ = writeln!(out, "  {line}");
                    }
                }
                (None, Verdict::Holds) => {
                    let _ = writeln!(
                        out,
                        "  the whole reachable state space was explored and no state violates it: \
                         the known bug is no longer found (update model/expected.toml if it was fixed)"
                    );
                }
                (None, Verdict::Missing) => {
                    let _ = writeln!(
                        out,
                        "  the whole reachable state space was explored and no state witnesses it: \
                         the invariants about it may hold vacuously"
                    );
                }
                (None, Verdict::Witnessed) => {
                    let _ = writeln!(
                        out,
                        "  a state witnesses it although it was expected to be missing"
                    );
                }
                _ => {}
            }
        }
    }
    if shown > MAX_FULL_TRACES {
        let _ = writeln!(
            out,
            "({} more unexpected verdicts listed without their trace; narrow the matrix with \
             --profile/--scope/--site/--origin and use --trace PROPERTY to see them)",
            shown - MAX_FULL_TRACES
        );
    }
    out
}

/// The per-known-bug summary: how many models show each expected id, and whether every
/// expectation was met.
pub fn findings(report: &SweepReport, ids: &[(String, String)]) -> String {
    let mut out = String::new();
    for (id, title) in ids {
        let models = report
            .models
            .iter()
            .filter(|m| {
                m.properties.iter().any(|p| {
                    p.explained_by.contains(id)
                        && matches!(p.verdict, Verdict::Violated | Verdict::Missing)
                })
            })
            .count();
        if models > 0 {
            let _ = writeln!(out, "  {id:<3} found in {models:>4} models: {title}");
        }
    }
    out
}
