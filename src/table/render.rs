//! Text and JSON renderings of the routing table.

use std::fmt::Write as _;

use heartbeat_routing::routing::heartbeat_runs::HeartbeatRun;
use serde_json::{Value, json};

use super::{TableRow, WakeOutcome};

fn wake_cell(row: &TableRow) -> String {
    match &row.wake {
        Err(e) => format!("throws: {e}"),
        Ok(WakeOutcome::None) => "(no wake)".to_string(),
        Ok(WakeOutcome::Runs { wake, .. }) if wake.is_empty() => "(untargeted)".to_string(),
        Ok(WakeOutcome::Runs { wake, .. }) => wake
            .iter()
            .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("?")))
            .collect::<Vec<_>>()
            .join(" "),
    }
}

fn run_cells(row: &TableRow) -> (String, String) {
    let Ok(WakeOutcome::Runs { wake, runs }) = &row.wake else {
        return ("-".into(), "-".into());
    };
    let fan_out = wake.is_empty();
    let label = |r: &HeartbeatRun, text: &str| {
        if fan_out {
            format!("{}:{text}", r.agent_id)
        } else {
            text.to_string()
        }
    };
    let sessions = runs
        .iter()
        .map(|r| {
            let suppress = if r.session.suppress_originating_context {
                " (suppress)"
            } else {
                ""
            };
            label(r, &format!("{}{suppress}", r.session.session_key))
        })
        .collect::<Vec<_>>()
        .join(", ");
    let queues = runs
        .iter()
        .map(|r| label(r, &r.queue_key))
        .collect::<Vec<_>>()
        .join(", ");
    (sessions, queues)
}

/// `=` when `value` repeats `previous` (keeps the table narrow and the changes visible).
fn same_or(previous: &str, value: &str) -> String {
    if previous == value {
        "=".to_string()
    } else {
        value.to_string()
    }
}

fn cells(row: &TableRow) -> [String; 10] {
    let (event_key, queue) = match &row.enqueue {
        Ok((k, q)) => (same_or(&row.origin_key, k), same_or(k, q)),
        Err(e) => (format!("throws: {e}"), "-".into()),
    };
    let (sessions, queues) = run_cells(row);
    [
        row.scope.as_str().to_string(),
        row.main_key.to_string(),
        row.origin.name().to_string(),
        row.origin_key.clone(),
        event_key,
        queue,
        wake_cell(row),
        sessions.clone(),
        same_or(&sessions, &queues),
        row.verdict.map_or("ERROR".to_string(), |v| v.to_string()),
    ]
}

const HEADERS: [&str; 10] = [
    "scope",
    "mainKey",
    "origin",
    "origin session",
    "enqueue key",
    "enqueue queue",
    "wake",
    "heartbeat session",
    "peeked queue",
    "verdict",
];

/// The table as aligned text, one block per profile.
pub fn render_text(rows: &[TableRow]) -> String {
    let mut out = String::new();
    let mut start = 0;
    while start < rows.len() {
        let profile = rows[start].profile;
        let end = rows[start..]
            .iter()
            .position(|r| r.profile != profile)
            .map_or(rows.len(), |n| start + n);
        let block: Vec<[String; 10]> = rows[start..end].iter().map(cells).collect();
        let mut widths = HEADERS.map(|h| h.chars().count());
        for line in &block {
            for (w, cell) in widths.iter_mut().zip(line) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let _ = writeln!(out, "## {profile}: {}", profile.summary());
        let _ = writeln!(
            out,
            "(`=`: same as the cell to its left; agents main (default) and ops; origin agent ops; exec site)"
        );
        let mut write_line = |cells: &[String]| {
            let line: Vec<String> = cells
                .iter()
                .zip(widths)
                .map(|(c, w)| format!("{c:<w$}"))
                .collect();
            let _ = writeln!(out, "{}", line.join(" | ").trim_end());
        };
        write_line(&HEADERS.map(str::to_string));
        write_line(&widths.map(|w| "-".repeat(w)));
        for line in &block {
            write_line(line);
        }
        out.push('\n');
        start = end;
    }
    out
}

/// The table as JSON: one object per row.
pub fn render_json(rows: &[TableRow]) -> Value {
    Value::Array(
        rows.iter()
            .map(|row| {
                let runs = match &row.wake {
                    Ok(WakeOutcome::Runs { runs, .. }) => runs
                        .iter()
                        .map(|r| {
                            json!({
                                "agentId": r.agent_id,
                                "sessionKey": r.session.session_key,
                                "suppressOriginatingContext": r.session.suppress_originating_context,
                                "queueKey": r.queue_key,
                            })
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                let wake = match &row.wake {
                    Ok(WakeOutcome::Runs { wake, .. }) => Value::Object(wake.clone()),
                    Ok(WakeOutcome::None) => Value::Null,
                    Err(e) => json!({ "error": e }),
                };
                json!({
                    "profile": row.profile.name(),
                    "scope": row.scope.as_str(),
                    "mainKey": row.main_key,
                    "origin": row.origin.name(),
                    "originSessionKey": row.origin_key,
                    "enqueueKey": row.enqueue.as_ref().ok().map(|e| &e.0),
                    "enqueueQueue": row.enqueue.as_ref().ok().map(|e| &e.1),
                    "enqueueError": row.enqueue.as_ref().err(),
                    "wake": wake,
                    "runs": runs,
                    "verdict": row.verdict.map(|v| v.to_string()),
                })
            })
            .collect(),
    )
}
