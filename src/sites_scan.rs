//! `sites scan --against`: the scanned call sites checked against a site table (SPEC SC5–SC8),
//! and the check of a table's declared event classes against the project's own classifier
//! (SPEC SC9).

use heartbeat_model::Profile;
use heartbeat_model::site::{EventClass, KeyPolicy, Site, SiteTable, WakePolicy};
use heartbeat_routing::classify::exec_event::is_exec_completion_event;
use heartbeat_scan::{CallSite, Scan};
use serde::Serialize;

/// SC9: every event text of every site must be classified by `isExecCompletionEvent` as its
/// declared class says. A table that disagrees is refused (the checker would otherwise verify
/// properties of events the gateway does not produce).
pub fn check_event_classes(table: &SiteTable, file: &str) -> Result<(), String> {
    let mut bad = Vec::new();
    for s in &table.sites {
        for e in &s.events {
            let actual = if is_exec_completion_event(&e.text) {
                EventClass::ExecCompletion
            } else {
                EventClass::Other
            };
            if actual != e.class {
                bad.push(format!(
                    "{file}: site `{}` declares event {:?} as `{}`, but the exec-completion classifier \
                     (isExecCompletionEvent) says `{}` (SPEC SC9)",
                    s.name,
                    e.text,
                    e.class.name(),
                    actual.name()
                ));
            }
        }
    }
    if bad.is_empty() {
        Ok(())
    } else {
        Err(bad.join("\n"))
    }
}

/// How a scanned call stands against the table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Coverage {
    /// Matched by a site's `calls`.
    Modelled { site: String },
    /// Listed in `[[excluded]]`.
    Excluded { reason: String },
    /// Neither (SC6).
    Uncovered,
}

/// One call and its standing.
#[derive(Debug, Clone, Serialize)]
pub struct CheckedCall {
    #[serde(flatten)]
    pub call: CallSite,
    pub coverage: Coverage,
    /// Disagreements between the site's declared key/wake and the code (SC7).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mismatches: Vec<String>,
    /// Declarations the scan could not confirm (an `unknown` classification).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unconfirmed: Vec<String>,
}

/// A table entry whose call is gone (SC8).
#[derive(Debug, Clone, Serialize)]
pub struct StaleEntry {
    /// `site <name>` or `excluded`.
    pub entry: String,
    pub file: String,
    pub function: String,
}

/// The whole comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Against {
    pub release: Option<String>,
    pub files_parsed: usize,
    pub lower_bound: usize,
    pub calls: Vec<CheckedCall>,
    pub stale: Vec<StaleEntry>,
    pub modelled: usize,
    pub excluded: usize,
    pub uncovered: usize,
    pub mismatched: usize,
    pub unconfirmed: usize,
}

impl Against {
    /// Everything covered, agreeing, and nothing stale (exit 0).
    pub fn clean(&self) -> bool {
        self.uncovered == 0 && self.mismatched == 0 && self.stale.is_empty()
    }
}

/// Is the event route the identity in `release`? It is before 2026.5.12, which introduced
/// `resolveEventSessionKey`; a checkout (no release) is taken as current.
fn event_route_is_identity(release: Option<&str>) -> bool {
    let Some(r) = release else { return false };
    let parts: Vec<u64> = r.split('.').filter_map(|p| p.parse().ok()).collect();
    parts.len() == 3 && (parts[0], parts[1], parts[2]) < (2026, 5, 12)
}

/// SC7: does a declared key policy agree with the code's classification? `None`: cannot say.
fn key_agrees(declared: KeyPolicy, class: &str, release: Option<&str>) -> Option<bool> {
    let class = class
        .strip_prefix("queue-key(")
        .and_then(|c| c.strip_suffix(')'))
        .unwrap_or(class);
    match class {
        "unknown" => None,
        "event-route" => Some(declared == KeyPolicy::EventRoute),
        // Before the event route existed, `event-route` is the raw key.
        "raw" => Some(
            declared == KeyPolicy::Raw
                || declared == KeyPolicy::EventRoute && event_route_is_identity(release),
        ),
        _ => Some(false),
    }
}

fn wake_agrees(declared: WakePolicy, shape: &str) -> Option<bool> {
    match shape {
        "unknown" => None,
        "scoped" => Some(declared == WakePolicy::Scoped),
        "session-key" => Some(declared == WakePolicy::SessionKey),
        "none" => Some(declared == WakePolicy::None),
        _ => Some(false),
    }
}

fn policy_name(p: WakePolicy) -> &'static str {
    match p {
        WakePolicy::None => "none",
        WakePolicy::Scoped => "scoped",
        WakePolicy::SessionKey => "session-key",
        WakePolicy::AgentMain => "agent-main",
    }
}

fn key_name(k: KeyPolicy) -> &'static str {
    match k {
        KeyPolicy::EventRoute => "event-route",
        KeyPolicy::Raw => "raw",
        KeyPolicy::AgentMain => "agent-main",
    }
}

/// Does the site's `skip` list take the wake away from every origin in `release` (SC7)? Then
/// the code must request none. A checkout (no release) keeps the declared wake.
fn skipped_everywhere(site: &Site, release: Option<&str>) -> bool {
    let Some(profile) = release.and_then(|r| format!("openclaw-{r}").parse::<Profile>().ok())
    else {
        return false;
    };
    site.origins.iter().all(|o| {
        site.wake
            .skip
            .iter()
            .any(|k| k.origin == *o && k.profiles.contains(&profile))
    })
}

/// Check a scan against a table (SC5–SC8). The release is the package's version; a checkout
/// (no release) is checked against every entry.
pub fn against(scan: &Scan, table: &SiteTable) -> Against {
    let release = scan.release.as_deref();
    let mut out = Against {
        release: scan.release.clone(),
        files_parsed: scan.files_parsed,
        lower_bound: scan.lower_bound,
        calls: Vec::new(),
        stale: Vec::new(),
        modelled: 0,
        excluded: 0,
        uncovered: 0,
        mismatched: 0,
        unconfirmed: 0,
    };
    for c in &scan.calls {
        let entry = table.sites.iter().find_map(|s| {
            s.calls
                .iter()
                .find(|r| r.file == c.file && r.function == c.function && r.applies_to(release))
                .map(|r| (s, r))
        });
        let mut mismatches = Vec::new();
        let mut unconfirmed = Vec::new();
        let coverage = if let Some((s, r)) = entry {
            out.modelled += 1;
            if let Some(via) = &r.via {
                // The call passes its request to a dependency that chooses key and wake.
                unconfirmed.push(format!(
                    "cannot confirm key `{}` and wake `{}` of site `{}`: they are chosen in {via}, which the scan does not follow",
                    key_name(s.key),
                    policy_name(s.wake.policy),
                    s.name
                ));
                out.unconfirmed += 1;
                out.calls.push(CheckedCall {
                    call: c.clone(),
                    coverage: Coverage::Modelled {
                        site: s.name.clone(),
                    },
                    mismatches,
                    unconfirmed,
                });
                continue;
            }
            match key_agrees(s.key, &c.key.class, release) {
                Some(true) => {}
                Some(false) => mismatches.push(format!(
                    "site `{}` declares key `{}`, the code's key is {} ({})",
                    s.name,
                    key_name(s.key),
                    c.key.class,
                    c.key.expr
                )),
                None => unconfirmed.push(format!(
                    "cannot confirm key `{}` of site `{}`: the key is {}",
                    key_name(s.key),
                    s.name,
                    c.key.expr
                )),
            }
            let declared = if skipped_everywhere(s, release) {
                WakePolicy::None
            } else {
                s.wake.policy
            };
            match wake_agrees(declared, &c.wake.shape) {
                Some(true) => {}
                Some(false) => mismatches.push(format!(
                    "site `{}` declares wake `{}`, the code's wake is {}",
                    s.name,
                    policy_name(declared),
                    c.wake.shape
                )),
                None => unconfirmed.push(format!(
                    "cannot confirm wake `{}` of site `{}`",
                    policy_name(s.wake.policy),
                    s.name
                )),
            }
            Coverage::Modelled {
                site: s.name.clone(),
            }
        } else if let Some(e) = table
            .excluded
            .iter()
            .find(|e| e.file == c.file && e.function == c.function && e.applies_to(release))
        {
            out.excluded += 1;
            Coverage::Excluded {
                reason: e.reason.clone(),
            }
        } else {
            out.uncovered += 1;
            Coverage::Uncovered
        };
        if !mismatches.is_empty() {
            out.mismatched += 1;
        }
        if !unconfirmed.is_empty() {
            out.unconfirmed += 1;
        }
        out.calls.push(CheckedCall {
            call: c.clone(),
            coverage,
            mismatches,
            unconfirmed,
        });
    }
    let present = |file: &str, function: &str| {
        scan.calls
            .iter()
            .any(|c| c.file == file && c.function == function)
    };
    for s in &table.sites {
        for r in s.calls.iter().filter(|r| r.applies_to(release)) {
            if !present(&r.file, &r.function) {
                out.stale.push(StaleEntry {
                    entry: format!("site {}", s.name),
                    file: r.file.clone(),
                    function: r.function.clone(),
                });
            }
        }
    }
    for e in table.excluded.iter().filter(|e| e.applies_to(release)) {
        if !present(&e.file, &e.function) {
            out.stale.push(StaleEntry {
                entry: "excluded".into(),
                file: e.file.clone(),
                function: e.function.clone(),
            });
        }
    }
    out
}
