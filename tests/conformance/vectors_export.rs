//! Exported conformance vectors (SPEC appendix A.1, rules EV6–EV11), through the library: every
//! profile's export runs clean against our own implementation, exports are deterministic, the
//! embedded vector files are the directory's, a tampered or truncated file fails where it was
//! changed, and the scenarios carry the known bugs.

use std::fs;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use heartbeat_model::{Config, MainKey, OriginKind, Profile, RoutingModel, Scope, SiteTable};
use heartbeat_spec::vectors::calls::VECTOR_FILES;
use heartbeat_spec::vectors::derive;
use heartbeat_spec::vectors::execute::{observe_all, ops_of};
use heartbeat_spec::vectors::format::{Line, Op, Scenario, parse_line};
use heartbeat_spec::vectors::{Export, ExportOptions, Only, RunError, export, run};
use serde_json::Value;

fn export_of(profile: Profile) -> Export {
    export(&ExportOptions::new(profile)).unwrap_or_else(|e| panic!("{profile}: {e}"))
}

/// Each profile's export, made once for the tests of this file that only read it (a thread per
/// profile: the other tests of this file wait for them).
fn exported(profile: Profile) -> &'static Export {
    static EXPORTS: OnceLock<Vec<Export>> = OnceLock::new();
    let all = EXPORTS.get_or_init(|| {
        std::thread::scope(|scope| {
            let exports: Vec<_> = Profile::ALL
                .iter()
                .map(|&p| scope.spawn(move || export_of(p)))
                .collect();
            exports
                .into_iter()
                .map(|e| e.join().expect("an export thread panicked"))
                .collect()
        })
    });
    let at = Profile::ALL
        .iter()
        .position(|p| *p == profile)
        .expect("a profile");
    &all[at]
}

/// EV6, EV7: the embedded vector files are exactly `tests/vectors/*.jsonl`, byte for byte, so
/// the binary exports what the vector test checks.
#[test]
fn ev7_embedded_vector_files_are_the_directory() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let mut on_disk: Vec<(String, String)> = fs::read_dir(&dir)
        .expect("the vectors directory")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            (name, fs::read_to_string(&p).expect("readable"))
        })
        .collect();
    on_disk.sort();
    let embedded: Vec<(String, String)> = VECTOR_FILES
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    assert_eq!(embedded, on_disk);
}

/// EV6, EV10, EV11: for every profile, the export runs clean against our own implementation:
/// every call and scenario passes, every step is checked, nothing is skipped or malformed.
#[test]
fn ev11_export_then_run_passes_for_every_profile() {
    for p in Profile::ALL {
        let e = exported(p);
        assert!(e.calls.len() >= 150, "{p}: {} calls", e.calls.len());
        assert!(
            e.scenarios.len() >= 300,
            "{p}: {} scenarios",
            e.scenarios.len()
        );
        let report = run(e.to_jsonl().as_bytes(), p).expect("our own format version");
        assert!(report.passed(), "{p}:\n{}", report.render_text());
        assert_eq!(report.calls_passed, e.calls.len(), "{p}");
        assert_eq!(report.scenarios_passed, e.scenarios.len(), "{p}");
        assert_eq!(report.steps_checked, e.steps(), "{p}");
        assert_eq!((report.skipped, report.malformed), (0, 0), "{p}");
        println!(
            "{p}: {} calls, {} scenarios, {} steps",
            e.calls.len(),
            e.scenarios.len(),
            e.steps()
        );
    }
}

/// EV6: two exports of the same profile are the same bytes; every line reads back as what was
/// written (so the format loses nothing).
#[test]
fn ev6_exports_are_deterministic_and_read_back() {
    for p in [Profile::Openclaw2026_5_12, Profile::Reference] {
        let (a, b) = (export_of(p).to_jsonl(), exported(p).to_jsonl());
        assert!(a == b, "{p}: two exports differ");
        let e = exported(p);
        let lines: Vec<Line> = a
            .lines()
            .map(|l| parse_line(&serde_json::from_str(l).expect("JSON")).expect("readable"))
            .collect();
        assert_eq!(lines.len(), 1 + e.calls.len() + e.scenarios.len());
        assert_eq!(lines[0], Line::Meta(e.meta.clone()));
        for (line, call) in lines[1..].iter().zip(&e.calls) {
            assert_eq!(line, &Line::Call(call.clone()));
        }
        for (line, s) in lines[1 + e.calls.len()..].iter().zip(&e.scenarios) {
            assert_eq!(line, &Line::Scenario(Box::new(s.clone())));
        }
    }
}

/// EV8: scenario ids are unique within an export, and every scenario ends with the coda.
#[test]
fn ev8_scenarios_are_named_once_and_end_with_the_coda() {
    let e = export(&ExportOptions {
        only: Some(Only::Scenarios),
        ..ExportOptions::new(Profile::Openclaw2026_9_6)
    })
    .expect("exports");
    assert!(e.calls.is_empty());
    assert_eq!(e.scenarios, exported(Profile::Openclaw2026_9_6).scenarios);
    let mut ids: Vec<&str> = e.scenarios.iter().map(|s| s.id.as_str()).collect();
    ids.sort_unstable();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate scenario ids");
    for s in &e.scenarios {
        let d = &s.derivation;
        assert_eq!(
            s.steps.len(),
            d.discovery_steps + d.drive_steps + d.coda_steps,
            "{}",
            s.id
        );
        assert!(
            !d.violates.is_empty() || !d.witnesses.is_empty(),
            "{}",
            s.id
        );
        assert!(
            matches!(s.steps.last().map(|x| x.op.name()), Some("finish-run")),
            "{}",
            s.id
        );
    }
}

fn final_queues(s: &Scenario) -> &Value {
    &s.steps.last().expect("steps").expect.queues
}

fn is_empty_object(v: &Value) -> bool {
    v.as_object().is_some_and(|m| m.is_empty())
}

/// EV8 (and I1, B1): the vectors carry the bug. 2026.5.7's scenarios include strandings — an
/// event still queued after the model path and the timer coda — and the same operations run on
/// a `reference` gateway leave every queue empty. The reference's own scenarios strand nothing.
#[test]
fn ev8_scenarios_of_2026_5_7_strand_where_the_reference_does_not() {
    let old = exported(Profile::Openclaw2026_5_7);
    let stranded: Vec<&Scenario> = old
        .scenarios
        .iter()
        .filter(|s| !is_empty_object(final_queues(s)))
        .collect();
    assert!(!stranded.is_empty(), "2026.5.7 strands nothing?");
    // B1 by name: an exec completion of a cron run under global scope.
    let b1 = stranded
        .iter()
        .find(|s| s.id == "exec-exit/cron-run/global/default/1-agent/no-stranded-event")
        .expect("the B1 scenario strands");
    assert!(
        b1.derivation
            .violates
            .iter()
            .any(|v| v == "I1 no-stranded-event")
    );
    let mut rescued = 0;
    for s in &stranded {
        let under_reference =
            observe_all(Profile::Reference, &s.config, &ops_of(&s.steps)).expect("runs");
        let last = &under_reference.last().expect("steps").queues;
        if is_empty_object(last) {
            rescued += 1;
        }
        if s.id == b1.id {
            assert!(is_empty_object(last), "B1 under reference: {last}");
        }
    }
    assert!(rescued > 0);
    println!(
        "2026.5.7: {} of {} scenarios strand; under reference the same operations strand in {}",
        stranded.len(),
        old.scenarios.len(),
        stranded.len() - rescued
    );

    for s in &exported(Profile::Reference).scenarios {
        assert!(is_empty_object(final_queues(s)), "{} strands", s.id);
    }
}

/// EV10: a changed expected queue text and a changed call result are failures that name their
/// line (and the scenario's step and field); the other lines still pass.
#[test]
fn ev10_tampered_lines_fail_where_they_were_changed() {
    let p = Profile::Openclaw2026_5_12;
    let e = exported(p);
    let mut lines: Vec<Value> = e
        .to_jsonl()
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    // The first call answering `true`, and the first scenario with a queued text at step 3.
    let call_at = lines
        .iter()
        .position(|v| v["kind"] == "call" && v["expected"] == serde_json::json!({"ok": true}))
        .expect("a call answering true");
    lines[call_at]["expected"] = serde_json::json!({"ok": false});
    let scenario_at = lines
        .iter()
        .position(|v| {
            v["steps"][2]["expect"]["queues"]
                .as_object()
                .is_some_and(|q| !q.is_empty())
        })
        .expect("a scenario with a queued event at step 3");
    let queues = lines[scenario_at]["steps"][2]["expect"]["queues"]
        .as_object_mut()
        .expect("queues");
    let texts = queues.values_mut().next().expect("a queue");
    texts[0] = Value::String(format!("{} (changed)", texts[0].as_str().expect("a text")));
    let tampered: Vec<String> = lines.iter().map(Value::to_string).collect();

    let report = run(tampered.join("\n").as_bytes(), p).expect("runs");
    assert!(!report.passed());
    assert_eq!(report.calls_failed, 1, "{}", report.render_text());
    assert_eq!(report.scenarios_failed, 1, "{}", report.render_text());
    assert_eq!(report.calls_passed, e.calls.len() - 1);
    assert_eq!(report.scenarios_passed, e.scenarios.len() - 1);
    let call = report
        .failures
        .iter()
        .find(|f| f.kind == "call")
        .expect("call failure");
    assert_eq!(call.line, call_at + 1);
    assert_eq!(call.actual, Some(serde_json::json!({"ok": true})));
    let scenario = report
        .failures
        .iter()
        .find(|f| f.kind == "scenario")
        .expect("scenario failure");
    assert_eq!(
        (scenario.line, scenario.step, scenario.field),
        (scenario_at + 1, Some(3), Some("queues"))
    );
    let shown = report.render_text();
    assert!(
        shown.contains(&format!("FAIL line {}: call", call_at + 1)),
        "{shown}"
    );
    assert!(
        shown.contains(&format!("FAIL line {}: scenario", scenario_at + 1))
            && shown.contains("step 3"),
        "{shown}"
    );
    assert!(shown.contains("(changed)"), "{shown}");
}

/// EV10, EV11: a malformed line is a failure naming its line, and the run goes on; lines of
/// other profiles are skipped and counted; a truncated file contradicts its meta line; a file of
/// another format version is refused; a file with nothing for the profile does not pass.
#[test]
fn ev10_bad_lines_truncation_and_versions() {
    let p = Profile::Reference;
    let e = export(&ExportOptions {
        only: Some(Only::Calls),
        ..ExportOptions::new(p)
    })
    .expect("exports");
    let text = e.to_jsonl();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines.insert(2, "{not json".into());
    lines.insert(3, String::new()); // blank lines are ignored
    lines.insert(4, r#"{"kind":"call","fn":"normalizeAgentId","args":[],"expected":{"ok":"main"},"profile":"openclaw-2026.5.8","rule":"N1"}"#.into());
    lines.insert(
        5,
        r#"{"kind":"scenario","id":"x","profile":"reference","config":{},"steps":[]}"#.into(),
    );
    lines.insert(6, r#"{"kind":"call","rule":"N1","fn":"normalizeAgentId","args":["X"],"expected":{"ok":"x"},"profile":"openclaw-2026.5.7","note":"other profile"}"#.into());
    let report = run(lines.join("\n").as_bytes(), p).expect("runs");
    assert_eq!(report.malformed, 3, "{}", report.render_text());
    assert_eq!(report.skipped, 1);
    assert_eq!(report.calls_passed, e.calls.len());
    let at = |n: usize| {
        report
            .failures
            .iter()
            .find(|f| f.line == n)
            .map(|f| f.message.clone())
            .unwrap_or_default()
    };
    assert!(at(3).starts_with("invalid JSON"), "{}", at(3));
    assert!(
        at(5).contains("unknown profile `openclaw-2026.5.8`"),
        "{}",
        at(5)
    );
    assert!(at(6).contains("config"), "{}", at(6));
    // Lines 6 and 7 are a scenario and a call the meta line did not declare.
    assert!(at(1).contains("declares"), "{}", at(1));
    assert!(!report.passed());

    // Truncated: the meta line says how many lines follow.
    let short: Vec<&str> = text.lines().take(10).collect();
    let report = run(short.join("\n").as_bytes(), p).expect("runs");
    assert!(!report.passed());
    assert_eq!(report.calls_passed, 9);
    assert!(report.failures[0].message.contains("declares"));

    for version in [1, 3] {
        let other = text.replacen(r#""version":2"#, &format!(r#""version":{version}"#), 1);
        assert_eq!(
            run(other.as_bytes(), p),
            Err(RunError::Version { line: 1, version })
        );
    }

    let nothing = run(text.as_bytes(), Profile::Openclaw2026_5_7).expect("runs");
    assert!(!nothing.passed());
    assert_eq!(nothing.skipped, e.calls.len());
    assert!(nothing.render_text().contains("nothing was checked"));
}

/// Which agent enqueued each text of a scenario.
fn enqueuers(s: &Scenario) -> Vec<(String, String)> {
    s.steps
        .iter()
        .filter_map(|step| match &step.op {
            Op::Enqueue { agent, text, .. } => Some((text.clone(), agent.clone())),
            _ => None,
        })
        .collect()
}

/// Surfacings to an agent other than the one whose session produced the event (SPEC I4).
fn cross_agent(s: &Scenario, observed: &[Value]) -> usize {
    let by = enqueuers(s);
    observed
        .iter()
        .flat_map(|o| o.as_array().cloned().unwrap_or_default())
        .filter(|x| {
            by.iter()
                .any(|(text, agent)| x["text"] == text.as_str() && x["agent"] != agent.as_str())
        })
        .count()
}

/// EV8 (and I4, B6): with two agents under global scope, a 2026.5.12 scenario surfaces ops's
/// exec completion to main; the same operations under `reference` surface each event to its own
/// agent. The scenario runs clean as a line of its own.
#[test]
fn ev8_two_agent_scenarios_carry_the_cross_agent_bug() {
    let table = SiteTable::upstream();
    let mut config = Config::new(Scope::Global, MainKey::Default, 2, "exec-exit");
    config.origins = vec![OriginKind::CronRun];
    let model = Arc::new(RoutingModel::new(Profile::Openclaw2026_5_12, config, &table).unwrap());
    let path = derive::model_paths(&model)
        .into_iter()
        .find(|p| {
            p.derivation
                .violates
                .iter()
                .any(|v| v == "I4 no-cross-agent-surfacing")
        })
        .expect("B6 has a counterexample");
    let s = derive::scenario(&derive::start(&model, &path.init).unwrap(), &path).unwrap();
    assert_eq!(
        s.id,
        "exec-exit/cron-run/global/default/2-agent/no-cross-agent-surfacing"
    );
    let surfaced: Vec<Value> = s.steps.iter().map(|x| x.expect.surfaced.clone()).collect();
    assert!(cross_agent(&s, &surfaced) > 0, "{surfaced:?}");

    let report = run(format!("{}\n", s.to_json()).as_bytes(), s.profile).unwrap();
    assert!(report.passed(), "{}", report.render_text());

    let under_reference = observe_all(Profile::Reference, &s.config, &ops_of(&s.steps)).unwrap();
    let surfaced: Vec<Value> = under_reference.iter().map(|o| o.surfaced.clone()).collect();
    assert_eq!(cross_agent(&s, &surfaced), 0, "{surfaced:?}");
    let shown = surfaced
        .iter()
        .map(|v| v.as_array().map_or(0, Vec::len))
        .sum::<usize>();
    assert_eq!(shown, enqueuers(&s).len(), "every event surfaced once");
}

/// The setting of a scenario's first agent (`interval` when the file says none).
fn setting_of(s: &Scenario) -> &'static str {
    s.config.agents[0].setting.name()
}

/// The runs a scenario's steps expect, as `(sessionKey, queueKey)`.
fn expected_runs(s: &Scenario) -> Vec<(String, String)> {
    s.steps
        .iter()
        .filter_map(|st| st.expect.outcome.pointer("/ok/run"))
        .map(|r| {
            let key = |f: &str| r[f].as_str().unwrap_or_default().to_string();
            (key("sessionKey"), key("queueKey"))
        })
        .collect()
}

/// EV8, EV9 with the heartbeat settings: the export derives scenarios of H10 (other-session:
/// runs in `agent:main:telegram:direct:42`), H11 (isolated: runs in `<session>:heartbeat`,
/// peeking `<session>`) and H12 (outside-active-hours: 2026.5.12 drops event wakes
/// `quiet-hours`, the reference runs them), each written with its agent's `setting` (and an
/// interval agent without one, so files written before settings read as before). H9's
/// configurations (heartbeats on the default agent only, two agents) are exported with
/// `--agents 2`; their shortest paths only use the default agent, so they show H9 only through
/// the lockstep harness that certifies them (CK1, CK2 check H9 directly).
#[test]
fn ev9_h9_h12_scenarios_carry_their_heartbeat_setting() {
    let e = exported(Profile::Openclaw2026_5_12);
    let of = |setting: &str| -> Vec<&Scenario> {
        e.scenarios
            .iter()
            .filter(|s| setting_of(s) == setting)
            .collect()
    };
    for setting in ["other-session", "isolated", "outside-active-hours"] {
        let found = of(setting);
        assert!(!found.is_empty(), "no {setting} scenario");
        for s in &found {
            assert!(s.id.contains(&format!("1-agent-{setting}/")), "{}", s.id);
            let line = serde_json::to_string(s).unwrap();
            assert!(
                line.contains(&format!("\"setting\":\"{setting}\"")),
                "{line}"
            );
        }
    }
    let interval = of("interval");
    assert!(
        !serde_json::to_string(interval[0])
            .unwrap()
            .contains("\"setting\"")
    );
    // H10: some run is in the DM session `heartbeat.session` names, peeking its queue.
    let dm = "agent:main:telegram:direct:42".to_string();
    assert!(
        of("other-session")
            .iter()
            .any(|s| expected_runs(s).contains(&(dm.clone(), dm.clone())))
    );
    // H11: every isolated run is in `<queue>:heartbeat`.
    let isolated: Vec<_> = of("isolated")
        .iter()
        .flat_map(|s| expected_runs(s))
        .collect();
    assert!(!isolated.is_empty());
    for (session, queue) in &isolated {
        assert_eq!(session, &format!("{queue}:heartbeat"));
    }
    // H12: 2026.5.12 drops an event wake `quiet-hours`; the reference never does.
    let quiet = |s: &Scenario| {
        s.steps
            .iter()
            .any(|st| st.expect.outcome.pointer("/ok/reason") == Some(&Value::from("quiet-hours")))
    };
    assert!(of("outside-active-hours").into_iter().any(quiet));
    assert!(!exported(Profile::Reference).scenarios.iter().any(quiet));
    // An agent without `setting` reads as `interval` (old files), a bad name is refused.
    let agent = |extra: &str| {
        serde_json::from_str::<heartbeat_spec::vectors::format::AgentConfig>(&format!(
            r#"{{"id": "main", "heartbeat": true, "ranRecently": false{extra}}}"#
        ))
    };
    assert_eq!(
        agent("").unwrap().setting,
        heartbeat_model::config::HeartbeatSetting::Interval
    );
    assert!(agent(r#", "setting": "isolated""#).is_ok());
    assert!(agent(r#", "setting": "sometimes""#).is_err());
}
