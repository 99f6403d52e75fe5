//! The scanner over small fixtures written for these tests (SPEC §7.1,
//! SC1–SC6). Nothing here is upstream code.

use std::path::{Path, PathBuf};

use heartbeat_scan::{CallSite, InputKind, ScanError, scan_path, scan_source, with_big_stack};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn find<'a>(calls: &'a [CallSite], function: &str) -> Vec<&'a CallSite> {
    calls.iter().filter(|c| c.function == function).collect()
}

/// SC1, SC2: a checkout's TypeScript is scanned (tests and node_modules are not), every
/// enqueue call is found, and the plain-text lower bound is reached.
#[test]
fn sc1_sc2_checkout_finds_every_call() {
    let scan = scan_path(&fixture("checkout")).unwrap();
    assert_eq!(scan.kind, InputKind::Checkout);
    assert_eq!(scan.release, None);
    assert!(
        scan.calls.len() >= scan.lower_bound,
        "{} < {}",
        scan.calls.len(),
        scan.lower_bound
    );
    assert_eq!(scan.calls.len(), 13);
    assert!(
        scan.calls
            .iter()
            .all(|c| !c.file.contains(".test.") && !c.file.contains("node_modules"))
    );
}

/// SC3, SC4: one call per key policy and wake shape.
#[test]
fn sc3_sc4_key_and_wake_classes() {
    let scan = scan_path(&fixture("checkout")).unwrap();
    let c = &scan.calls;
    let route = find(c, "notifyExit")[0];
    assert_eq!(route.key.class, "event-route");
    assert_eq!(route.wake.shape, "scoped");
    assert_eq!(route.wake.source.as_deref(), Some("exec-event"));
    assert_eq!(route.fingerprint, "route#notifyExit#event-route#scoped");

    let queue = find(c, "relayProgress")[0];
    assert_eq!(queue.key.class, "queue-key(event-route)");
    assert_eq!(queue.owner.as_deref(), Some("params.agentId"));
    assert_eq!(queue.wake.shape, "scoped");
    assert_eq!(queue.wake.reason.as_deref(), Some("acp:spawn:stream"));

    let raw = find(c, "handleFixtureEvent[a.started|a.finished]")[0];
    assert_eq!(raw.key.class, "raw");
    assert_eq!(raw.wake.shape, "session-key");
    assert_eq!(
        find(c, "handleFixtureEvent[b.changed]")[0].key.class,
        "literal"
    );

    let lit = find(c, "wakeMain")[0];
    assert_eq!(lit.key.class, "literal");
    assert_eq!(lit.wake.shape, "untargeted");
    assert_eq!(lit.wake.reason.as_deref(), Some("wake"));

    let unknown = find(c, "mystery")[0];
    assert_eq!(unknown.key.class, "unknown");
    assert_eq!(unknown.key.expr, "pickKey(cfg)");
    assert_eq!(unknown.wake.shape, "none");
}

/// SC2: renamed imports, injected deps, params, bound aliases, the runtime object, class
/// methods, object keys and wrappers are all calls.
#[test]
fn sc2_every_way_of_reaching_the_queue() {
    let scan = scan_path(&fixture("checkout")).unwrap();
    let c = &scan.calls;
    assert_eq!(find(c, "renamed")[0].callee, "enqueueImpl");
    assert_eq!(find(c, "renamed")[0].key.class, "raw");
    let injected: Vec<&str> = find(c, "injected")
        .iter()
        .map(|c| c.callee.as_str())
        .collect();
    assert_eq!(
        injected,
        [
            "deps.enqueueSystemEvent",
            "params.enqueueSystemEvent",
            "enqueue"
        ]
    );
    assert_eq!(
        find(c, "Channel.onReaction")[0].callee,
        "this.runtime.system.enqueueSystemEvent"
    );
    assert_eq!(find(c, "handlers.system-event").len(), 1);
    assert_eq!(find(c, "enqueueChannelSystemEvent").len(), 1);
}

/// SC1, SC4, SC5: a bundle maps calls to their `//#region` source path (the chunk stem
/// without its hash otherwise); a closure's call takes the enclosing function's wake.
#[test]
fn sc1_sc5_bundle_regions_and_closures() {
    let scan = scan_path(&fixture("package")).unwrap();
    assert_eq!(scan.kind, InputKind::Package);
    assert_eq!(scan.release.as_deref(), Some("2026.5.12"));
    assert_eq!(scan.calls.len(), 3);
    assert_eq!(scan.lower_bound, 3, "the definition is not a call");
    let emit = find(&scan.calls, "emit")[0];
    assert_eq!(emit.file, "src/agents/relay.ts");
    assert_eq!(emit.artifact, "dist/relay-Ab3dE9fG.js");
    assert_eq!((emit.line, emit.col), (14, 3));
    assert_eq!(emit.wake.shape, "scoped");
    assert_eq!(emit.wake.via.as_deref(), Some("wake"));
    assert_eq!(emit.fingerprint, "relay#emit#event-route#scoped");
    assert_eq!(find(&scan.calls, "queueNotice")[0].key.class, "raw");
    let plain = find(&scan.calls, "noRegion")[0];
    assert_eq!(plain.file, "plain");
    assert_eq!(plain.fingerprint, "plain#noRegion#raw#none");
}

/// SC5: the JSON of a scan, reviewed (insta snapshot).
#[test]
fn sc5_json_snapshot() {
    let mut checkout = scan_path(&fixture("checkout")).unwrap();
    let package = scan_path(&fixture("package")).unwrap();
    checkout.calls.extend(package.calls);
    insta::assert_json_snapshot!("scan_fixtures", checkout.calls);
}

/// SC6: bad input is an error naming what and where.
#[test]
fn sc6_bad_input() {
    let e = scan_path(&fixture("missing")).unwrap_err();
    assert!(matches!(e, ScanError::Io { .. }), "{e}");
    let e = scan_path(&fixture("neither")).unwrap_err();
    assert!(
        e.to_string()
            .contains("neither an OpenClaw source checkout"),
        "{e}"
    );
    let e = scan_path(&fixture("broken")).unwrap_err();
    let ScanError::Parse { file, line, .. } = &e else {
        panic!("{e}")
    };
    assert_eq!((file.as_str(), *line), ("src/bad.ts", 4), "{e}");
}

/// SC6: 50,000 nested parentheses or arrays are refused, not a crash.
#[test]
fn sc6_deep_nesting_is_refused() {
    for (open, close) in [("(", ")"), ("[", "]")] {
        let src = format!(
            "enqueueSystemEvent({}1{});",
            open.repeat(50_000),
            close.repeat(50_000)
        );
        let r = with_big_stack(move || scan_source("deep.js", &src, true)).unwrap();
        assert!(matches!(r, Err(ScanError::TooLarge { .. })), "{r:?}");
    }
    // Just under the cap still parses, on the big stack.
    let src = format!(
        "enqueueSystemEvent({}1{});",
        "(".repeat(999),
        ")".repeat(999)
    );
    let r = with_big_stack(move || scan_source("deep.js", &src, true)).unwrap();
    assert_eq!(r.unwrap().len(), 1);
}
