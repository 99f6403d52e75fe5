//! `vectors run`: checks our own implementation against a vectors file (SPEC EV10, EV11). Every
//! call goes through `eval`; every scenario runs on a fresh gateway of its configuration, and
//! after each step the outcome, queues, surfaced events and pending wakes must match. A bad line
//! is a failure that names its line and what is wrong, and the run goes on.

use heartbeat_model::Profile;
use serde::Serialize;
use serde_json::Value;

use crate::eval::eval_request;
use crate::vectors::execute::Execution;
use crate::vectors::format::{
    Call, Expected, Kind, Line, Scenario, VERSION, matches, parse_header, parse_line,
};

/// One thing that did not pass.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Failure {
    /// 1-based line number in the file.
    pub line: usize,
    /// `call`, `scenario`, `meta` or `malformed`.
    pub kind: &'static str,
    /// The scenario's id or the call's function.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The 1-based step of a scenario, and its op.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub op: Option<&'static str>,
    /// What differs: `outcome`, `queues`, `surfaced` or `pending` (scenarios), `answer` (calls).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<Value>,
    pub message: String,
}

impl Failure {
    fn line(line: usize, kind: &'static str, name: Option<String>, message: String) -> Failure {
        Failure {
            line,
            kind,
            name,
            step: None,
            op: None,
            field: None,
            expected: None,
            actual: None,
            message,
        }
    }
}

/// A file that cannot be read as vectors at all (as opposed to bad lines).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RunError {
    #[error(
        "line {line}: vectors format version {version} is not supported (this tool reads version {VERSION})"
    )]
    Version { line: usize, version: u64 },
}

/// The counts and failures of one run.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct RunReport {
    pub profile: String,
    pub calls_passed: usize,
    pub calls_failed: usize,
    pub scenarios_passed: usize,
    pub scenarios_failed: usize,
    /// Scenario steps compared (a scenario stops at its first differing step).
    pub steps_checked: usize,
    /// Lines of other profiles.
    pub skipped: usize,
    /// Lines that could not be read (each also a failure).
    pub malformed: usize,
    pub failures: Vec<Failure>,
}

impl RunReport {
    /// Lines of this profile that were checked.
    pub fn checked(&self) -> usize {
        self.calls_passed + self.calls_failed + self.scenarios_passed + self.scenarios_failed
    }

    /// Everything passed, and something was checked: a file with nothing for the profile
    /// proves nothing, so it does not pass.
    pub fn passed(&self) -> bool {
        self.failures.is_empty() && self.checked() > 0
    }

    /// The summary and every failure, for people.
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        for f in &self.failures {
            out.push_str(&format!("FAIL line {}: {}", f.line, f.kind));
            if let Some(n) = &f.name {
                out.push_str(&format!(" {n}"));
            }
            if let (Some(step), Some(op)) = (f.step, f.op) {
                out.push_str(&format!(" step {step} ({op})"));
            }
            out.push_str(&format!(": {}\n", f.message));
            if let (Some(e), Some(a)) = (&f.expected, &f.actual) {
                out.push_str(&format!("    expected {e}\n    actual   {a}\n"));
            }
        }
        out.push_str(&format!(
            "profile {}\ncalls:     {} passed, {} failed\nscenarios: {} passed, {} failed ({} steps checked)\nskipped:   {} line(s) of other profiles\nmalformed: {} line(s) (counted as failures)\n",
            self.profile,
            self.calls_passed,
            self.calls_failed,
            self.scenarios_passed,
            self.scenarios_failed,
            self.steps_checked,
            self.skipped,
            self.malformed,
        ));
        if self.checked() == 0 {
            out.push_str(&format!(
                "FAIL: nothing was checked: the file has no call or scenario of {}\n",
                self.profile
            ));
        } else if self.passed() {
            out.push_str("PASS\n");
        } else {
            out.push_str(&format!("FAIL: {} failure(s)\n", self.failures.len()));
        }
        out
    }

    pub fn to_json(&self) -> Value {
        let mut v = serde_json::to_value(self).unwrap_or(Value::Null);
        v["passed"] = Value::Bool(self.passed());
        v
    }
}

/// Checks one call against our eval.
fn check_call(call: &Call, line: usize) -> Option<Failure> {
    let actual = eval_request(call.profile, &call.request());
    if call.expected.matches(&actual) {
        return None;
    }
    let actual = match actual {
        Ok(v) => serde_json::json!({ "ok": v }),
        Err(e) => serde_json::json!({ "err": e }),
    };
    let how = match &call.expected {
        Expected::Ok(_) => "the answer differs",
        Expected::ErrPrefix(_) => "the answer is not an error starting with the expected text",
    };
    Some(Failure {
        field: Some("answer"),
        expected: Some(call.expected.to_json()),
        actual: Some(actual),
        message: format!("{how} (rule {})", call.rule),
        ..Failure::line(line, "call", Some(call.function.clone()), String::new())
    })
}

/// Runs one scenario; `Ok(steps)` when every step matched, else the first difference.
fn check_scenario(s: &Scenario, line: usize, steps_checked: &mut usize) -> Option<Failure> {
    let mut ex = match Execution::new(s.profile, &s.config) {
        Ok(ex) => ex,
        Err(e) => return Some(Failure::line(line, "scenario", Some(s.id.clone()), e)),
    };
    for (i, step) in s.steps.iter().enumerate() {
        let (_, actual) = ex.step(step.at, &step.op);
        *steps_checked += 1;
        for ((field, want), (_, got)) in step.expect.parts().into_iter().zip(actual.parts()) {
            if !matches(want, got) {
                return Some(Failure {
                    step: Some(i + 1),
                    op: Some(step.op.name()),
                    field: Some(field),
                    expected: Some(want.clone()),
                    actual: Some(got.clone()),
                    message: format!("`{field}` does not match"),
                    ..Failure::line(line, "scenario", Some(s.id.clone()), String::new())
                });
            }
        }
    }
    None
}

/// Checks every line of `input` for `profile`. Blank lines are ignored; a line of another
/// profile is skipped and counted. `Err` only for a file of another format version.
pub fn run(input: &[u8], profile: Profile) -> Result<RunReport, RunError> {
    let mut report = RunReport {
        profile: profile.name().to_string(),
        ..RunReport::default()
    };
    let mut meta: Option<(usize, usize, usize)> = None;
    let (mut call_lines, mut scenario_lines) = (0usize, 0usize);
    let mut seen_content = false;
    for (i, raw) in input.split(|b| *b == b'\n').enumerate() {
        let n = i + 1;
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        let bad = |report: &mut RunReport, name: Option<String>, what: String| {
            report.malformed += 1;
            report
                .failures
                .push(Failure::line(n, "malformed", name, what));
        };
        let text = match std::str::from_utf8(raw) {
            Ok(t) => t,
            Err(e) => {
                bad(
                    &mut report,
                    None,
                    format!(
                        "not valid UTF-8 (invalid byte at offset {})",
                        e.valid_up_to()
                    ),
                );
                continue;
            }
        };
        if text.trim().is_empty() {
            continue;
        }
        let first = !seen_content;
        seen_content = true;
        let value: Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                bad(&mut report, None, format!("invalid JSON: {e}"));
                continue;
            }
        };
        let header = match parse_header(&value) {
            Ok(h) => h,
            Err(e) => {
                bad(&mut report, None, e);
                continue;
            }
        };
        match header.kind {
            Kind::Call => call_lines += 1,
            Kind::Scenario => scenario_lines += 1,
            Kind::Meta => {}
        }
        // Another version's fields are not judged by this version's rules.
        if let Some(version) = header.version
            && version != VERSION
        {
            return Err(RunError::Version { line: n, version });
        }
        if header.kind != Kind::Meta && header.profile != Some(profile) {
            report.skipped += 1;
            continue;
        }
        let line = match parse_line(&value) {
            Ok(l) => l,
            Err(e) => {
                bad(&mut report, header.name, e);
                continue;
            }
        };
        match line {
            Line::Meta(m) => {
                if !first || meta.is_some() {
                    bad(
                        &mut report,
                        None,
                        "a meta line may only be the first line".into(),
                    );
                    continue;
                }
                meta = Some((n, m.calls, m.scenarios));
            }
            Line::Call(c) => match check_call(&c, n) {
                None => report.calls_passed += 1,
                Some(f) => {
                    report.calls_failed += 1;
                    report.failures.push(f);
                }
            },
            Line::Scenario(s) => match check_scenario(&s, n, &mut report.steps_checked) {
                None => report.scenarios_passed += 1,
                Some(f) => {
                    report.scenarios_failed += 1;
                    report.failures.push(f);
                }
            },
        }
    }
    // The meta line's counts catch a truncated or spliced file.
    if let Some((n, calls, scenarios)) = meta
        && (calls, scenarios) != (call_lines, scenario_lines)
    {
        report.failures.push(Failure::line(
            n,
            "meta",
            None,
            format!(
                "the meta line declares {calls} call and {scenarios} scenario line(s); the file has {call_lines} and {scenario_lines}"
            ),
        ));
    }
    Ok(report)
}
