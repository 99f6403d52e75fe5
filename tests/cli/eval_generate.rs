//! `heartbeat-spec eval --generate N --seed S` (SPEC EV3): the generated differential inputs are
//! a pure function of `(N, seed)`, call every function `eval` lists, and put every nullish and
//! blank form into an argument position of every function.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use heartbeat_model::Profile;
use heartbeat_spec::eval::generate::{NULLISH_FORMS, generate_calls};
use heartbeat_spec::eval::{FUNCTION_NAMES, eval_request, wire};
use serde_json::Value;

/// The nullish and blank forms found anywhere in `v` (an argument, or inside an option object).
fn forms_in(v: &Value, out: &mut BTreeSet<&'static str>) {
    match v {
        Value::Null => {
            out.insert("null");
        }
        v if wire::is_undefined(v) => {
            out.insert("undefined");
        }
        Value::String(s) if s.is_empty() => {
            out.insert("empty");
        }
        Value::String(s) if s.trim_matches([' ', '\t', '\n']).is_empty() => {
            out.insert("whitespace");
        }
        Value::String(s) if s.chars().all(heartbeat_routing::js::is_js_whitespace) => {
            out.insert("unicode-whitespace");
        }
        Value::Array(items) => items.iter().for_each(|x| forms_in(x, out)),
        Value::Object(m) => m.values().for_each(|x| forms_in(x, out)),
        _ => {}
    }
}

/// EV3: the same `(N, seed)` gives the same calls; another seed gives others.
#[test]
fn ev3_generated_calls_are_deterministic() {
    assert_eq!(generate_calls(3000, 7), generate_calls(3000, 7));
    assert_ne!(generate_calls(3000, 7), generate_calls(3000, 8));
    // A prefix of a longer run is the shorter run: N only says where to stop.
    assert_eq!(generate_calls(500, 7)[..], generate_calls(3000, 7)[..500]);
}

/// EV3: every function is called, and each gets `undefined`, `null`, a missing argument, the
/// empty string, ASCII whitespace and Unicode-only whitespace in some argument position.
#[test]
fn ev3_generated_calls_cover_every_function_and_every_nullish_form() {
    let calls = generate_calls(2000, 1);
    let mut forms: BTreeMap<&str, BTreeSet<&'static str>> = BTreeMap::new();
    let mut arity: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for call in &calls {
        let name = call["fn"].as_str().expect("fn");
        let args = call["args"].as_array().expect("args");
        let entry = forms.entry(name).or_default();
        args.iter().for_each(|a| forms_in(a, entry));
        let (lo, hi) = arity.entry(name).or_insert((usize::MAX, 0));
        *lo = (*lo).min(args.len());
        *hi = (*hi).max(args.len());
    }
    for name in FUNCTION_NAMES {
        let (lo, hi) = arity
            .get(name)
            .copied()
            .unwrap_or_else(|| panic!("{name} never called"));
        let found = forms.entry(name).or_default();
        if lo < hi {
            found.insert("missing");
        }
        for form in NULLISH_FORMS {
            assert!(
                found.contains(form),
                "{name}: no generated call with {form}: {found:?}"
            );
        }
    }
}

/// EV3: the CLI writes the generator's calls, one JSON object a line, and every line is a
/// request `eval` answers (never a bad-line error) in every profile.
#[test]
fn ev3_cli_generate_writes_the_generated_calls() {
    let out = Command::new(env!("CARGO_BIN_EXE_heartbeat-spec"))
        .args(["eval", "--generate", "300", "--seed", "5"])
        .output()
        .expect("run heartbeat-spec");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines, generate_calls(300, 5));
    for profile in Profile::ALL {
        for call in &lines {
            if let Err(e) = eval_request(profile, call) {
                assert!(
                    !e.starts_with("request") && !e.starts_with("unknown function"),
                    "{profile}: {call} answered a bad-request error: {e}"
                );
            }
        }
    }
}

/// EV3: `--generate` takes a number; `--seed` without `--generate` is refused (exit 2).
#[test]
fn ev3_cli_generate_refuses_bad_usage() {
    for args in [
        &["eval", "--generate", "many"][..],
        &["eval", "--seed", "3", "--profile", "reference"][..],
        &["eval", "--generate", "3", "--profile", "reference"][..],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_heartbeat-spec"))
            .args(args)
            .output()
            .expect("run heartbeat-spec");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}: no message");
    }
}
