//! Hostile input through the scanner (SPEC SC6): random bytes and random token soup built
//! from the constructs the walk handles. Never a panic; errors name the file and a position
//! inside the text. (The long run is the `scan_source` fuzz target.)

use heartbeat_scan::{ScanError, scan_source, with_big_stack};
use proptest::prelude::*;

fn check(src: &str) {
    for (name, bundle) in [("dist/c-Ab12Cd34.js", true), ("src/a.ts", false)] {
        match scan_source(name, src, bundle) {
            Ok(calls) => {
                for c in calls {
                    assert!(c.line >= 1 && c.col >= 1 && !c.fingerprint.is_empty());
                }
            }
            Err(ScanError::Parse {
                file,
                line,
                col,
                message,
            }) => {
                assert_eq!(file, name);
                assert!(line >= 1 && col >= 1 && !message.is_empty());
                assert!(line as usize <= src.lines().count() + 1);
            }
            Err(ScanError::TooLarge { .. }) => {}
            Err(e) => panic!("unexpected error kind: {e}"),
        }
    }
}

const TOKENS: &[&str] = &[
    "enqueueSystemEvent",
    "requestHeartbeat",
    "scopedHeartbeatWakeOptions(",
    "resolveEventSessionKey(",
    "withSystemEventOwner(",
    "resolveSystemEventQueueKey(",
    "sessionKey",
    "params.",
    "deps.",
    "...",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ",",
    ";",
    ":",
    "=",
    "=>",
    "?",
    "??",
    "const ",
    "let ",
    "function ",
    "class ",
    "switch (x) {",
    "case \"a\":",
    "default:",
    "return ",
    "async ",
    "import { a as enqueueSystemEvent } from \"x\";",
    "\"s\"",
    "`t`",
    "`${",
    "//#region src/a.ts\n",
    "//#endregion\n",
    "\n",
    " ",
    "/*",
    "*/",
    "//",
    "x",
    "get ",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// SC6: arbitrary bytes (read lossily, as the scanner reads files).
    #[test]
    fn sc6_random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let src = String::from_utf8_lossy(&bytes).into_owned();
        with_big_stack(move || check(&src)).unwrap();
    }

    /// SC6: token soup that reaches the walk's cases.
    #[test]
    fn sc6_token_soup(picks in proptest::collection::vec(0..TOKENS.len(), 0..200)) {
        let src: String = picks.iter().map(|i| TOKENS[*i]).collect();
        with_big_stack(move || check(&src)).unwrap();
    }
}
