//! The unit tests of `heartbeat_spec::vectors::format` (`src/vectors/format.rs`), kept out of the
//! library so that `cargo test` compiles it once.

use heartbeat_model::Profile;
use heartbeat_spec::vectors::format::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// Reads `T` from a JSON value, as the module's private `read` does but for its errors' text
/// (the tests of error messages read through `parse_line`: `step`).
fn read<T: DeserializeOwned>(v: &Value) -> Result<T, String> {
    serde_json::from_value(v.clone()).map_err(|e| e.to_string())
}

/// The module's private `to_value`: the JSON of a value of the module.
fn to_value<T: Serialize>(t: &T) -> Value {
    serde_json::to_value(t).expect("the vector types serialise to JSON")
}

/// EV9: a target is the pending-map key split at its first `::`, and back.
#[test]
fn targets_split_pending_keys() {
    let t = Target::from_key("ops::agent:ops:main");
    assert_eq!(t.agent_id.as_deref(), Some("ops"));
    assert_eq!(t.session_key.as_deref(), Some("agent:ops:main"));
    assert_eq!(
        Target::from_key("::global").to_json(),
        json!({"sessionKey": "global"})
    );
    assert_eq!(
        Target::from_key("main::").to_json(),
        json!({"agentId": "main"})
    );
    assert_eq!(Target::from_key("::").to_json(), json!({}));
}

/// EV10: `err` expectations match by prefix at any depth; everything else by equality.
#[test]
fn expectations_match_errors_by_prefix() {
    assert!(matches(
        &json!({"err": "unknown"}),
        &json!({"err": "unknown agent `x`"})
    ));
    assert!(!matches(&json!({"err": "unknown"}), &json!({"ok": 1})));
    assert!(matches(
        &json!([{"outcome": {"err": "a"}}]),
        &json!([{"outcome": {"err": "ab"}}])
    ));
    assert!(!matches(&json!({"a": 1}), &json!({"a": 1, "b": 2})));
    assert!(!matches(&json!(["x"]), &json!(["x", "y"])));
}

fn step_json(step: Value) -> Value {
    let mut step = step;
    step["at"] = json!(1);
    step["expect"] = json!({"outcome": {"ok": null}, "queues": {}, "surfaced": [], "pending": []});
    step
}

/// Reads one step as a scenario's only step, through `parse_line`; an error is the step's
/// own, without the place (`step 1 (OP): `) `parse_line` puts before it.
fn step(v: Value) -> Result<Step, String> {
    let line = json!({
        "kind": "scenario", "id": "x", "profile": "reference",
        "config": {"scope": "global", "mainKey": "main", "agents": [{"id": "main", "heartbeat": true, "ranRecently": false}],
                   "intervalMs": 60000, "queueCap": 20, "startMs": 0},
        "steps": [step_json(v)],
    });
    match parse_line(&line) {
        Ok(Line::Scenario(s)) => Ok(s.steps[0].clone()),
        Ok(other) => panic!("not a scenario: {other:?}"),
        Err(e) => {
            let place = e.strip_prefix("step 1").expect("an error of the step");
            let own = match place.strip_prefix(" (") {
                Some(op) => &op[op.find("): ").expect("the op's name") + 3..],
                None => place.strip_prefix(": ").expect("the step's place"),
            };
            Err(own.to_string())
        }
    }
}

/// EV9: a step's fields are checked by op; unknown ops and fields are named.
#[test]
fn steps_are_read_strictly() {
    assert!(step(json!({"op": "finish-run", "agentId": "main"})).is_ok());
    assert_eq!(step(json!({"op": "tick"})).map(|s| s.op), Ok(Op::Tick));
    // Version 1's names are not aliases (SPEC EV6).
    let e = step(json!({"op": "dispatch-wake", "target": {}})).unwrap_err();
    assert!(e.starts_with("unknown op `dispatch-wake`"), "{e}");
    let e = step(json!({"op": "finish", "agentId": "main"})).unwrap_err();
    assert!(
        e.starts_with("unknown op `finish`, expected one of `enqueue`"),
        "{e}"
    );
    let e = step(json!({"op": "finish-run", "agent": "main"})).unwrap_err();
    assert!(e.contains("unknown field `agent`"), "{e}");
    let e = step(json!({"op": "fail-run", "agentId": "main"})).unwrap_err();
    assert!(e.contains("`replied`"), "{e}");
    let e = step(json!({"op": "fail-run", "agentId": "main", "replied": "yes"})).unwrap_err();
    assert!(e.starts_with("`replied`: invalid type"), "{e}");
    let e = step(json!({"op": "fire-wake", "target": {"agentId": 1}})).unwrap_err();
    assert!(e.starts_with("`target.agentId`: invalid type"), "{e}");
    let e = step(json!({"op": "restart", "agentId": "main"})).unwrap_err();
    assert!(e.contains("unknown field `agentId`"), "{e}");
    let e = step(json!({"agentId": "main"})).unwrap_err();
    assert!(e.contains("missing field `op`"), "{e}");
}

/// EV9: every operation is written as `op` plus its arguments and reads back as itself; the
/// wire name [`Op::name`] gives is the serde tag.
#[test]
fn every_op_round_trips_under_its_name() {
    let target = Target::from_key("ops::agent:ops:main");
    let agent = || "ops".to_string();
    let ops = [
        Op::Enqueue {
            site: "exec-exit".into(),
            agent: agent(),
            session_key: "agent:ops:main".into(),
            text: "Exec finished".into(),
        },
        Op::FireWake {
            target: target.clone(),
        },
        Op::HandlerThrows { target },
        Op::FinishRun { agent: agent() },
        Op::FailRun {
            agent: agent(),
            replied: true,
        },
        Op::TimePasses { agent: agent() },
        Op::IntervalTick { agent: agent() },
        Op::UserTurn {
            agent: agent(),
            session_key: "agent:ops:main".into(),
        },
        Op::Reap {
            session_key: "agent:ops:cron:j".into(),
        },
        Op::Restart,
        Op::Tick,
    ];
    for op in ops {
        let s = Step {
            at: 5,
            op: op.clone(),
            expect: read(&step_json(json!({}))["expect"]).unwrap(),
        };
        let v = to_value(&s);
        assert_eq!(v["op"], op.name(), "{v}");
        assert_eq!(read::<Step>(&v), Ok(s), "{v}");
        let tagged = to_value(&op);
        let tag = tagged
            .as_object()
            .and_then(|m| m.keys().next().cloned())
            .or_else(|| tagged.as_str().map(str::to_string));
        assert_eq!(tag.as_deref(), Some(op.name()));
    }
}

/// EV6/EV9: an unknown field anywhere in a line is refused, and the message names it and
/// where it is.
#[test]
fn unknown_fields_are_named_with_their_place() {
    let mut s = json!({
        "kind": "scenario", "id": "x", "profile": "reference",
        "config": {"scope": "global", "mainKey": "main", "agents": [{"id": "main", "heartbeat": true, "ranRecently": false}],
                   "intervalMs": 60000, "queueCap": 20, "startMs": 0},
        "steps": [step_json(json!({"op": "tick"})), step_json(json!({"op": "finish-run", "agentId": "main"}))],
    });
    assert!(parse_line(&s).is_ok());
    let refused = |path: &str, v: &Value| {
        let e = parse_line(v).unwrap_err();
        assert!(e.contains("unknown field `colour`"), "{e}");
        assert!(e.starts_with(path), "{e}");
    };
    let mut top = s.clone();
    top["colour"] = json!(1);
    refused("unknown field", &top);
    let mut agent = s.clone();
    agent["config"]["agents"][0]["colour"] = json!(1);
    refused("`config.agents[0]`: ", &agent);
    s["steps"][1]["colour"] = json!(1);
    refused("step 2 (finish-run): ", &s);
    s["steps"][1].as_object_mut().unwrap().remove("colour");
    s["steps"][1]["expect"]["colour"] = json!(1);
    refused("step 2 (finish-run): `expect`: ", &s);
    s["steps"][1]["expect"]
        .as_object_mut()
        .unwrap()
        .remove("colour");
    s["steps"][1]["expect"]["outcome"]["colour"] = json!(null);
    refused("step 2 (finish-run): `expect.outcome`: ", &s);
}

/// EV9: shapes are checked inside `config` and `expect`, with the field's path.
#[test]
fn config_and_expectations_are_checked_where_they_are() {
    let base = json!({
        "kind": "scenario", "id": "x", "profile": "reference",
        "config": {"scope": "global", "mainKey": "main", "agents": [{"id": "main", "heartbeat": true, "ranRecently": false}],
                   "intervalMs": 60000, "queueCap": 20, "startMs": 10},
        "steps": [step_json(json!({"op": "tick"}))],
    });
    let refused = |edit: &dyn Fn(&mut Value), want: &str| {
        let mut v = base.clone();
        edit(&mut v);
        let e = parse_line(&v).unwrap_err();
        assert!(e.starts_with(want), "{e}");
    };
    refused(
        &|v| v["config"]["queueCap"] = json!(0),
        "`config.queueCap`: must be at least 1",
    );
    refused(
        &|v| v["config"]["scope"] = json!("Global"),
        "`config.scope`: unknown variant `Global`",
    );
    refused(
        &|v| v["config"]["agents"] = json!([]),
        "`config.agents`: must be a non-empty array",
    );
    refused(
        &|v| v["steps"][0]["expect"]["queues"] = json!({"q": []}),
        "step 1 (tick): `expect.queues`: queue `q` is empty",
    );
    refused(
        &|v| v["steps"][0]["expect"]["outcome"] = json!({"ok": 1, "err": "x"}),
        "step 1 (tick): `expect.outcome`: must be {\"ok\": VALUE} or {\"err\": TEXT}",
    );
    refused(
        &|v| v["steps"][0]["expect"]["pending"] = json!([{"agentId": null}]),
        "step 1 (tick): `expect.pending[0].agentId`: invalid type: null",
    );
    refused(
        &|v| v["steps"][0]["at"] = json!(5),
        "step 1 (tick): `at` 5 is before the previous time 10",
    );
    refused(&|v| v["id"] = json!(" "), "`id`: must not be blank");
}

/// EV6/EV10: a line's kind and profile are read first, each error naming the field.
#[test]
fn headers_name_what_is_wrong() {
    let e = |v: Value| parse_header(&v).unwrap_err();
    assert_eq!(e(json!("x")), "a line must be a JSON object, got string");
    assert_eq!(
        e(json!({"kind": "bogus"})),
        "`kind`: unknown kind `bogus`, expected one of `meta`, `call`, `scenario`"
    );
    assert_eq!(
        e(json!({"kind": 1})),
        "`kind`: invalid type: integer `1`, expected a string"
    );
    assert_eq!(e(json!({"profile": "reference"})), "missing field `kind`");
    assert_eq!(e(json!({"kind": "call"})), "missing field `profile`");
    assert!(
        e(json!({"kind": "call", "profile": "x"})).starts_with("`profile`: unknown profile `x`")
    );
    let h = parse_header(&json!({"kind": "meta", "version": 2, "colour": 1})).unwrap();
    assert_eq!((h.kind, h.version, h.profile), (Kind::Meta, Some(2), None));
}

/// Appendix A: the hand-written vector format, strictly.
#[test]
fn hand_written_vectors_are_read_strictly() {
    let good = r#"{"rule":"K1","fn":"parseAgentSessionKey","args":["main"],"expected":{"ok":null},"profile":["reference"],"note":"x"}"#;
    let v = Vector::parse(good).unwrap();
    assert_eq!(v.profile, Profiles::Only(vec![Profile::Reference]));
    let e = Vector::parse(&good.replace(r#""note":"x""#, r#""note":"x","extra":1"#)).unwrap_err();
    assert!(e.contains("unknown field `extra`"), "{e}");
    let e = Vector::parse(&good.replace("parseAgentSessionKey", "nope")).unwrap_err();
    assert!(e.starts_with("`fn`: unknown function `nope`"), "{e}");
    let e = Vector::parse(&good.replace(r#"["reference"]"#, r#""openclaw-2026.5.8""#)).unwrap_err();
    assert!(
        e.starts_with("`profile`: unknown profile `openclaw-2026.5.8`"),
        "{e}"
    );
}
