//! The checks behind the hostile-input suite (`tests/conformance/hostile_input.rs`, proptest, stable Rust)
//! and the fuzz targets (`fuzz/fuzz_targets/*.rs`, cargo-fuzz), shared so that both assert the
//! same things. Each `check_*` function calls one surface on one input in every profile or
//! parser era and panics when an invariant fails; it never panics on a well-behaved
//! implementation, whatever the input. A panic inside the implementation is a finding too.
//!
//! Rules checked (SPEC.md): K1–K12 (keys), N1–N4 (normalisation), E6/E7 (event keys), W6/W7
//! (wake options), H1–H8 (no panic, non-empty session), Q1–Q6 (queue keys), C1–C7
//! (classification), EV1–EV5 (the eval interface), EV10/EV11 (`vectors run`: a failure per bad
//! line, naming it), and §7 (the site table and expectations loaders: errors with a place, never
//! a panic).

#![allow(dead_code)] // each includer uses a subset

use std::io::{self, Read};

use heartbeat_model::Profile;
use heartbeat_model::SiteTable;
use heartbeat_model::site::WakeSpecExt;
use heartbeat_model::verify::expectations::Expectations;
use heartbeat_routing::classify::{cron_event, exec_event, reason, silent_reply};
use heartbeat_routing::generation::{CronRunForm, ParserEra, SubagentDepthRule, generation};
use heartbeat_routing::keys::shape::KeyShape;
use heartbeat_routing::keys::{
    agent_id, cron, fold, normalize, parse, sentinel, shape, store_key, subagent,
};
use heartbeat_routing::routing::config::{GatewayConfig, HeartbeatConfig, Scope};
use heartbeat_routing::routing::delivery::Delivery;
use heartbeat_routing::routing::wake_options::WakeOptions;
use heartbeat_routing::routing::{
    event_key, exec_site, heartbeat_runs, heartbeat_session, queue_key, wake_options,
};
use heartbeat_routing::{RoutingError, js};
use heartbeat_spec::eval::{StreamEnd, eval_line, eval_request, eval_stream};
use serde_json::{Map, Value, json};

/// The largest answer allowed for an input of `len` bytes: escaping a control character costs 6
/// bytes, lowercasing at most triples a character, and messages add a little. A blow-up beyond
/// this is a finding (EV5: nothing grows without bound).
pub fn output_bound(len: usize) -> usize {
    8 * len + 4096
}

fn err_text(e: &RoutingError) -> String {
    let text = e.to_string();
    assert!(!text.trim().is_empty(), "empty error message from {e:?}");
    text
}

fn assert_normalised_agent_id(id: &str) {
    // N1: the output of normalizeAgentId is a valid id, except that a leading `_` survives.
    assert!(
        (1..=64).contains(&id.len())
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-'),
        "N1: normalizeAgentId produced {id:?}"
    );
    assert!(
        normalize::is_valid_agent_id(Some(id)) || id.starts_with('_'),
        "N1: normalizeAgentId produced an invalid id {id:?}"
    );
    let again = normalize::normalize_agent_id(Some(id));
    if id.starts_with('_') && id.ends_with('-') {
        // Upstream cuts to 64 after stripping the dashes, so a cut can end in `-`; an id that
        // starts with `_` is not valid, so a second pass strips that dash (observed in 5.7 and
        // 9.6: `hostile_input::n1_idempotence_gap_is_upstreams`). Two passes are a fixpoint.
        assert_eq!(again, id.trim_end_matches('-'), "N1: second pass on {id:?}");
        assert_eq!(
            normalize::normalize_agent_id(Some(&again)),
            again,
            "N1: no fixpoint after two passes on {id:?}"
        );
    } else {
        assert_eq!(
            again, id,
            "N1: normalizeAgentId is not idempotent on {id:?}"
        );
    }
}

/// N1–N4 on one value used as an agent id and as a main key.
pub fn check_normalisation(value: &str) {
    let id = normalize::normalize_agent_id(Some(value));
    assert_normalised_agent_id(&id);
    // N2: a valid id normalises to itself, lowercased.
    if normalize::is_valid_agent_id(Some(value)) {
        assert_eq!(id, js::lower(js::trim(value)), "N2: valid {value:?}");
    }
    // N3: trimmed, lowercased, never blank, idempotent.
    let mk = normalize::normalize_main_key(Some(value));
    assert!(!mk.is_empty(), "N3: blank main key from {value:?}");
    assert_eq!(js::trim(&mk), mk, "N3: main key {mk:?} is not trimmed");
    assert_eq!(
        normalize::normalize_main_key(Some(&mk)),
        mk,
        "N3: normalizeMainKey is not idempotent on {value:?}"
    );
    // N4: the main session key is `agent:<N1>:<N3>` and, for a colon-free main key, parses back
    // to exactly those parts in every era (the premise of E7).
    let main = normalize::build_agent_main_session_key(Some(value), Some(value));
    assert_eq!(main, format!("agent:{id}:{mk}"), "N4 on {value:?}");
    if !mk.contains(':') {
        for era in ParserEra::ALL {
            let parsed = parse::parse_agent_session_key(era, &main);
            assert_eq!(
                parsed
                    .as_ref()
                    .map(|p| (p.agent_id.as_str(), p.rest.as_str())),
                Some((id.as_str(), mk.as_str())),
                "N4/E7: {main:?} does not parse back in {era:?}"
            );
        }
    }
}

/// K1–K12 on one key in every parser era, with `other` as an agent id / default and `main_key`
/// as the configured main key.
pub fn check_key_grammar(key: &str, other: &str, main_key: &str) {
    let trimmed_blank = js::trim(key).is_empty();
    for era in ParserEra::ALL {
        let parsed = parse::parse_agent_session_key(era, key);
        if let Some(p) = &parsed {
            // K1–K4: a parsed key has a non-empty, trimmed, colon-free agent id and a rest.
            assert!(
                !p.agent_id.is_empty() && !p.rest.is_empty(),
                "K1: {era:?} parsed {key:?} to {p:?}"
            );
            assert!(
                !p.agent_id.contains(':') && js::trim(&p.agent_id) == p.agent_id,
                "K1: {era:?} agent id {:?} of {key:?}",
                p.agent_id
            );
            match era {
                ParserEra::P1 | ParserEra::P2 => assert!(
                    p.rest.split(':').all(|s| !s.is_empty()),
                    "K2: {era:?} kept an empty segment in {:?}",
                    p.rest
                ),
                ParserEra::P3 => assert!(
                    !p.rest.starts_with(':'),
                    "K3: P3 rest {:?} starts with `:`",
                    p.rest
                ),
                ParserEra::P4 => assert!(
                    !p.rest.starts_with(':'),
                    "K4: P4 rest {:?} starts with `:`",
                    p.rest
                ),
            }
        }
        // K5: the shape follows the era's parser.
        let shape = shape::classify_session_key_shape(era, key);
        assert_eq!(
            shape == KeyShape::Missing,
            trimmed_blank,
            "K5: {era:?} {key:?} is {shape:?}"
        );
        assert_eq!(
            shape == KeyShape::Agent,
            parsed.is_some(),
            "K5: {era:?} {key:?} is {shape:?}"
        );
        // K6/K7: a cron-run key (either form) is a cron key; an exact run is a run descendant.
        let is_cron = cron::is_cron_session_key(era, key);
        let exact = cron::is_cron_run_session_key(era, CronRunForm::ExactRun, key);
        let desc = cron::is_cron_run_session_key(era, CronRunForm::Descendants, key);
        assert!(!is_cron || parsed.is_some(), "K6: {era:?} {key:?}");
        assert!(!exact || desc, "K7: {era:?} exact run {key:?} is no run");
        assert!(!desc || is_cron, "K7: {era:?} run {key:?} is no cron key");
        // K8/K9: predicates answer without panicking; depth is bounded by the key's length.
        let sub = subagent::is_subagent_session_key(era, key);
        assert!(
            !subagent::is_agent_subagent_key(era, key) || sub,
            "K8: {era:?} {key:?}"
        );
        for rule in [
            SubagentDepthRule::SplitCount,
            SubagentDepthRule::PrefixCount,
        ] {
            let depth = subagent::get_subagent_depth(era, rule, key);
            assert!(depth <= key.len() / 9 + 1, "K9: depth {depth} of {key:?}");
        }
        // K10: a sentinel names no agent.
        if sentinel::is_unscoped_session_key_sentinel(key) {
            assert!(parsed.is_none(), "K10: sentinel {key:?} parses in {era:?}");
        }
        // K11: a store key is agent-scoped text, and bounded.
        for (agent, mk) in [
            (Some(other), Some(main_key)),
            (None, None),
            (Some(other), None),
        ] {
            let store = store_key::to_agent_store_session_key(era, agent, Some(key), mk);
            assert!(
                store.starts_with("agent:"),
                "K11: {era:?} store key {store:?} of {key:?}"
            );
            assert!(
                store.len() <= output_bound(key.len() + other.len() + main_key.len()),
                "K11: store key blew up"
            );
        }
        // K12: an owner is a normalised id, or one of the two upstream throws.
        for rule in [
            heartbeat_routing::generation::AgentIdResolution::FallbackMain,
            heartbeat_routing::generation::AgentIdResolution::Throwing,
        ] {
            for default in [None, Some(other)] {
                match agent_id::resolve_agent_id_from_session_key(era, rule, key, default) {
                    Ok(owner) => assert_normalised_agent_id(&owner),
                    Err(e) => {
                        err_text(&e);
                        assert!(
                            matches!(e, RoutingError::Thrown(_)),
                            "K12: {era:?} {key:?}: {e:?}"
                        );
                    }
                }
            }
        }
        // Folding keeps the text's size within bounds.
        let folded = fold::fold_preserving_opaque_peer_ids(key);
        assert!(
            folded.len() <= output_bound(key.len()),
            "fold blew up on {key:?}"
        );
    }
}

fn scope_of(i: usize) -> (Option<&'static str>, Scope) {
    match i % 3 {
        0 => (None, Scope::PerSender),
        1 => (Some("global"), Scope::Global),
        _ => (Some("Global"), Scope::PerSender),
    }
}

/// E, W, H, Q and the exec site on one key in every profile.
pub fn check_routing(key: &str, other: &str, main_key: &str) {
    let colon_free = !normalize::normalize_main_key(Some(main_key)).contains(':');
    for profile in Profile::ALL {
        let g = generation(profile);
        for sc_i in 0..3 {
            let (scope_value, scope) = scope_of(sc_i);
            assert_eq!(Scope::from_value(scope_value), scope);
            for mk in [None, Some(main_key)] {
                let mk_colon_free = mk.is_none() || colon_free;
                // E6: idempotent; E7: a remapped key other than `global` keeps the agent.
                match event_key::resolve_event_session_key(profile, key, mk, scope) {
                    Ok(once) => {
                        let twice = event_key::resolve_event_session_key(profile, &once, mk, scope);
                        assert_eq!(
                            twice.as_ref(),
                            Ok(&once),
                            "E6: {profile} {key:?} mk {mk:?} {scope:?}"
                        );
                        if once != key && once != "global" && mk_colon_free {
                            let original = parse::parse_agent_session_key(g.parser, key)
                                .expect("E7: only parsed keys are remapped");
                            let remapped = parse::parse_agent_session_key(g.parser, &once);
                            assert_eq!(
                                remapped.map(|p| p.agent_id),
                                Some(normalize::normalize_agent_id(Some(&original.agent_id))),
                                "E7: {profile} {key:?} → {once:?}"
                            );
                        }
                    }
                    Err(e) => {
                        err_text(&e);
                        assert!(
                            matches!(e, RoutingError::Unavailable { .. }),
                            "E1: {profile}: {e:?}"
                        );
                    }
                }
                // W6: every option but sessionKey/agentId passes through; W7: no cron-run wake.
                let mut opts = WakeOptions::new();
                opts.insert("reason".into(), json!(other));
                opts.insert("coalesceMs".into(), json!(0));
                opts.insert("nested".into(), json!({"k": [key]}));
                let out = wake_options::scoped_heartbeat_wake_options(
                    profile,
                    key,
                    opts.clone(),
                    mk,
                    scope,
                );
                for (k, v) in &opts {
                    assert_eq!(out.get(k), Some(v), "W6: {profile} dropped {k}");
                }
                for k in out.keys() {
                    assert!(
                        opts.contains_key(k) || k == "sessionKey" || k == "agentId",
                        "W6: {profile} added {k}"
                    );
                }
                if profile != Profile::Openclaw2026_5_7
                    && mk_colon_free
                    && cron::is_cron_run_session_key(g.parser, g.cron_run, key)
                    && let Some(Value::String(target)) = out.get("sessionKey")
                {
                    assert!(
                        !cron::is_cron_run_session_key(g.parser, g.cron_run, target),
                        "W7: {profile} wake for {key:?} targets cron run {target:?}"
                    );
                }
                // Q1–Q6: a queue key, or one of upstream's throws / unavailable.
                for agent in [None, Some(other), Some("ops")] {
                    match queue_key::resolve_system_event_queue_key(profile, key, agent, mk, scope)
                    {
                        Ok(q) => assert!(q.starts_with("agent:"), "Q3: {profile} queue {q:?}"),
                        Err(e) => {
                            err_text(&e);
                        }
                    }
                }
                match queue_key::queue_key_for_profile(profile, key, other, mk, scope) {
                    Ok(q) => {
                        assert!(!q.is_empty() && js::trim(&q) == q, "Q1/Q4: {q:?}");
                        if g.parser == ParserEra::P4 {
                            assert!(
                                parse::parse_agent_session_key(ParserEra::P4, &q).is_some(),
                                "Q4: {profile} queue {q:?} is not agent-qualified"
                            );
                        }
                    }
                    Err(e) => {
                        err_text(&e);
                    }
                }
                // H1–H8: a non-empty session, or an upstream throw / not-modelled answer.
                let mut cfg = GatewayConfig::new(scope, mk, &[other, "ops", "main"]);
                let heartbeat = HeartbeatConfig {
                    session: Some(key.to_string()),
                };
                for (agent, hb, forced, channels) in [
                    (Some(other), None, Some(key), false),
                    (None, Some(&heartbeat), Some(key), true),
                    (Some(key), Some(&heartbeat), None, false),
                    (Some("ops"), None, Some(other), true),
                ] {
                    cfg.has_channels = channels;
                    match heartbeat_session::resolve_heartbeat_session(
                        profile, &cfg, agent, hb, forced,
                    ) {
                        Ok(s) => assert!(!s.session_key.is_empty(), "H1: {profile} empty session"),
                        Err(e) => {
                            err_text(&e);
                        }
                    }
                }
                // T1/T2: the exec site, the runs its wake causes and the verdict.
                cfg.has_channels = false;
                for session_agent in [other, "ops"] {
                    match exec_site::background_exec_exit(profile, &cfg, session_agent, key) {
                        Ok(site) => {
                            let runs = site
                                .wake
                                .as_ref()
                                .map(|w| heartbeat_runs::heartbeat_runs_for_wake(profile, &cfg, w));
                            match runs {
                                Some(Ok(runs)) => {
                                    let untargeted = site.wake.as_ref().is_some_and(|w| {
                                        !w.contains_key("sessionKey") && !w.contains_key("agentId")
                                    });
                                    let _ =
                                        Delivery::judge(&site.queue_key, Some(&runs), untargeted);
                                }
                                Some(Err(e)) => {
                                    err_text(&e);
                                }
                                None => {
                                    let _ = Delivery::judge(&site.queue_key, None, false);
                                }
                            }
                        }
                        Err(e) => {
                            err_text(&e);
                        }
                    }
                }
            }
        }
    }
}

/// C1–C7 on one event text / wake reason in every profile.
pub fn check_classification(text: &str) {
    let exec = exec_event::is_exec_completion_event(text);
    let _ = silent_reply::is_heartbeat_acknowledgement(text).map_err(|e| err_text(&e));
    for profile in Profile::ALL {
        match cron_event::is_cron_system_event(profile, text) {
            // C3: a cron event is never an exec completion, nor blank.
            Ok(true) => assert!(
                !exec && !js::trim(text).is_empty(),
                "C3: {profile} {text:?} is both a cron event and an exec completion"
            ),
            Ok(false) => {}
            Err(e) => {
                err_text(&e);
                assert!(
                    matches!(e, RoutingError::NotModelled(_)),
                    "C4: {profile} {text:?}: {e:?}"
                );
            }
        }
        let _ = cron_event::is_heartbeat_noise_event(profile, text).map_err(|e| err_text(&e));
        // C5: trimmed, never blank, idempotent.
        let r = reason::normalize_heartbeat_wake_reason(Some(text));
        assert!(!r.is_empty() && js::trim(&r) == r, "C5: {r:?}");
        assert_eq!(reason::normalize_heartbeat_wake_reason(Some(&r)), r, "C5");
        // C6/C7: classifications are among the listed names.
        if let Some(source) = reason::infer_heartbeat_wake_source_from_reason(profile, Some(text)) {
            assert!(
                ["exec-event", "cron", "hook", "acp-spawn", "session-state"].contains(&source),
                "C6: {source}"
            );
        }
        match reason::resolve_heartbeat_reason_kind(profile, Some(text)) {
            Ok(kind) => assert!(
                [
                    "retry",
                    "interval",
                    "manual",
                    "exec-event",
                    "wake",
                    "cron",
                    "hook",
                    "other"
                ]
                .contains(&kind),
                "C7: {kind}"
            ),
            Err(e) => {
                err_text(&e);
            }
        }
    }
}

/// The key grammar and normalisation surfaces on one key (K, N).
pub fn check_session_key(key: &str, other: &str, main_key: &str) {
    check_normalisation(key);
    check_normalisation(other);
    check_key_grammar(key, other, main_key);
}

/// EV1/EV4/EV5: `answer` is one `{"ok": …}` or `{"err": NON-EMPTY}` line of bounded size. Returns
/// the parsed answer.
pub fn check_answer(answer: &str, input_len: usize) -> Value {
    assert!(
        !answer.contains('\n') && !answer.contains('\r'),
        "EV1: answer spans lines: {answer:?}"
    );
    assert!(
        answer.len() <= output_bound(input_len),
        "EV5: answer of {} bytes for {input_len} input bytes",
        answer.len()
    );
    let value: Value = serde_json::from_str(answer).expect("EV1: an answer is JSON");
    let Value::Object(obj) = &value else {
        panic!("EV1: answer is not an object: {answer}");
    };
    assert_eq!(
        obj.len(),
        1,
        "EV1: answer {answer} has not exactly one field"
    );
    match (obj.get("ok"), obj.get("err")) {
        (Some(_), None) => {}
        (None, Some(Value::String(e))) => {
            assert!(!e.trim().is_empty(), "EV4/EV5: empty error message")
        }
        _ => panic!("EV1: answer {answer} is neither ok nor err"),
    }
    value
}

/// EV1–EV5 on one raw input line (no newline), in every profile.
pub fn check_eval_line(line: &[u8]) {
    let content = line.strip_suffix(b"\r").unwrap_or(line);
    let parsed: Option<Value> = std::str::from_utf8(content)
        .ok()
        .and_then(|t| serde_json::from_str(t).ok());
    for profile in Profile::ALL {
        let answer = eval_line(profile, line);
        let value = check_answer(&answer, line.len());
        match &parsed {
            // EV5: a line that is not JSON (or empty, blank, not UTF-8) is an error.
            None => assert!(
                value.get("err").is_some(),
                "EV5: {line:?} answered {answer}"
            ),
            // The line and the request paths agree.
            Some(request) => {
                let direct = match eval_request(profile, request) {
                    Ok(v) => json!({ "ok": v }),
                    Err(e) => json!({ "err": e }),
                };
                assert_eq!(value, direct, "EV1: eval_line and eval_request disagree");
            }
        }
    }
}

/// EV1–EV4 on one call: `name(args…)` in every profile, through the request path and the line
/// path.
pub fn check_eval_call(name: &str, args: &[Value]) {
    let request = json!({ "fn": name, "args": args });
    let line = request.to_string();
    for profile in Profile::ALL {
        let direct = eval_request(profile, &request);
        match &direct {
            Ok(v) => assert!(
                v.to_string().len() <= output_bound(line.len()),
                "EV5: {name} result blew up"
            ),
            Err(e) => {
                assert!(!e.trim().is_empty(), "EV4: {name}: empty error");
                if !heartbeat_spec::eval::FUNCTION_NAMES.contains(&name) {
                    assert_eq!(e, &format!("unknown function: {name}"), "EV4");
                }
            }
        }
        let answer = eval_line(profile, line.as_bytes());
        let value = check_answer(&answer, line.len());
        let expected = match direct {
            Ok(v) => json!({ "ok": v }),
            Err(e) => json!({ "err": e }),
        };
        assert_eq!(value, expected, "EV1: {name} line and request disagree");
    }
}

/// A reader that hands out at most `chunk` bytes per read, so that lines straddle buffer
/// boundaries.
struct Chunked<'a> {
    data: &'a [u8],
    chunk: usize,
}

impl Read for Chunked<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.chunk.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

/// EV1/EV5 on one byte stream: exactly one answer per input line, each the answer `eval_line`
/// gives that line, whatever the bytes and however the reads are cut.
pub fn check_eval_stream(data: &[u8], chunk: usize) {
    let lines: Vec<&[u8]> = if data.is_empty() {
        Vec::new()
    } else {
        let body = data.strip_suffix(b"\n").unwrap_or(data);
        body.split(|&b| b == b'\n').collect()
    };
    for profile in [Profile::Openclaw2026_5_7, Profile::Reference] {
        let reader = io::BufReader::with_capacity(
            chunk.max(1),
            Chunked {
                data,
                chunk: chunk.max(1),
            },
        );
        let mut out = Vec::new();
        let end = eval_stream(profile, reader, &mut out);
        assert!(
            matches!(end, StreamEnd::Eof),
            "EV1: stream ended with {end:?}"
        );
        assert!(
            out.len() <= output_bound(data.len()) + 4096 * lines.len(),
            "EV5: {} answer bytes for {} input bytes",
            out.len(),
            data.len()
        );
        let text = String::from_utf8(out).expect("EV1: answers are UTF-8");
        assert!(
            text.is_empty() || text.ends_with('\n'),
            "EV1: unterminated answer"
        );
        let answers: Vec<&str> = text.lines().collect();
        assert_eq!(
            answers.len(),
            lines.len(),
            "EV1: {} answers for {} lines",
            answers.len(),
            lines.len()
        );
        for (answer, line) in answers.iter().zip(&lines) {
            check_answer(answer, line.len());
            assert_eq!(
                *answer,
                eval_line(profile, line),
                "EV1: stream answer differs"
            );
        }
    }
    // BufRead over a plain slice too (one big buffer).
    let mut out = Vec::new();
    let end = eval_stream(Profile::Openclaw2026_9_6, data, &mut out);
    assert!(matches!(end, StreamEnd::Eof));
    assert_eq!(
        out.iter().filter(|&&b| b == b'\n').count(),
        lines.len(),
        "EV1"
    );
}

fn assert_place(src: &str, line_col: Option<(usize, usize)>, what: &str) {
    if let Some((line, col)) = line_col {
        let lines = src.split('\n').count();
        assert!(
            line >= 1 && line <= lines,
            "§7: {what} error at line {line} of {lines}"
        );
        let text = src.split('\n').nth(line - 1).unwrap_or("");
        assert!(
            col >= 1 && col <= text.chars().count() + 1,
            "§7: {what} error at column {col} of a {}-character line",
            text.chars().count()
        );
    }
}

/// §7: the site-table loader accepts a valid table or refuses with a non-empty message and a
/// place inside the text, never a panic.
pub fn check_site_table(src: &str) {
    match SiteTable::parse(src, "fuzz.toml") {
        Ok(table) => {
            assert!(!table.sites.is_empty(), "§7: an empty table was accepted");
            let mut names = Vec::new();
            for site in &table.sites {
                assert!(
                    !site.name.trim().is_empty() && !site.name.contains(char::is_whitespace),
                    "§7: site name {:?} accepted",
                    site.name
                );
                assert!(!names.contains(&&site.name), "§7: duplicate {}", site.name);
                names.push(&site.name);
                assert!(!site.origins.is_empty() && !site.events.is_empty());
                let _ = site.wake.kind();
                for profile in Profile::ALL {
                    for &origin in &site.origins {
                        let _ = site.wake.skipped(profile, origin);
                    }
                }
            }
            let listed = table.names();
            assert_eq!(table.select(&listed).map(|s| s.len()), Ok(listed.len()));
        }
        Err(e) => {
            assert!(!e.message.trim().is_empty(), "§7: empty error message");
            assert!(e.to_string().starts_with("fuzz.toml"), "§7: {e}");
            assert_place(src, e.line_col, "site table");
        }
    }
}

/// §9's expectations loader: as [`check_site_table`].
pub fn check_expectations(src: &str) {
    match Expectations::parse(src, "fuzz.toml") {
        Ok(parsed) => {
            for e in &parsed.entries {
                assert!(
                    !e.violates.is_empty() || !e.misses.is_empty(),
                    "an expectation naming no property was accepted"
                );
            }
            let ids = parsed.ids();
            for (i, (id, _)) in ids.iter().enumerate() {
                assert!(!ids[..i].iter().any(|(j, _)| j == id), "ids() repeats {id}");
            }
        }
        Err(e) => {
            assert!(!e.message.trim().is_empty(), "empty error message");
            assert!(e.to_string().starts_with("fuzz.toml"), "{e}");
            assert_place(src, e.line_col, "expectations");
        }
    }
}

/// EV10/EV11 on one vectors file: `vectors run` reads any bytes without panicking; every
/// failure names a line of the file and says what is wrong; only another format version stops
/// the run. Returns the report of the reference profile, if any.
pub fn check_vectors_run(data: &[u8]) -> Option<heartbeat_spec::vectors::RunReport> {
    let lines = data.split(|&b| b == b'\n').count();
    let mut last = None;
    for profile in [Profile::Openclaw2026_5_7, Profile::Reference] {
        match heartbeat_spec::vectors::run(data, profile) {
            Ok(report) => {
                let malformed = report
                    .failures
                    .iter()
                    .filter(|f| f.kind == "malformed")
                    .count();
                assert_eq!(report.malformed, malformed, "EV10: malformed count");
                for f in &report.failures {
                    assert!(
                        (1..=lines).contains(&f.line),
                        "EV10: a failure at line {} of {lines}",
                        f.line
                    );
                    assert!(
                        !f.message.trim().is_empty(),
                        "EV10: empty message at line {}",
                        f.line
                    );
                }
                assert!(!report.passed() || report.checked() > 0, "EV11");
                last = Some(report);
            }
            Err(e) => assert!(
                e.to_string().contains("is not supported"),
                "EV11: the run stopped for {e}"
            ),
        }
    }
    last
}

/// Split fuzz bytes into up to three strings (key, other, main key) at `\u{1}`.
pub fn split3(text: &str) -> (&str, &str, &str) {
    let mut parts = text.splitn(3, '\u{1}');
    let key = parts.next().unwrap_or("");
    let other = parts.next().unwrap_or("ops");
    let main_key = parts.next().unwrap_or("work");
    (key, other, main_key)
}

/// The objects `eval` reads options from, for structured inputs.
pub fn options_object(entries: &[(&str, Value)]) -> Value {
    Value::Object(
        entries
            .iter()
            .map(|(k, v)| ((*k).to_string(), v.clone()))
            .collect::<Map<String, Value>>(),
    )
}
