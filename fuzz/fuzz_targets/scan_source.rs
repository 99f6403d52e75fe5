//! Arbitrary text through the site scanner (SPEC SC6): as a bundle chunk (`//#region` markers)
//! and as TypeScript. Calls found, or an error naming the file with a line:column inside the
//! text; never a panic, a hang or unbounded memory (nesting is capped before parsing).
#![no_main]

use heartbeat_scan::{ScanError, scan_source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The scanner reads files lossily as UTF-8 (`String::from_utf8_lossy`), as here.
    let src = String::from_utf8_lossy(data);
    for (name, bundle) in [("dist/chunk-Ab12Cd34.js", true), ("src/a.ts", false)] {
        match scan_source(name, &src, bundle) {
            Ok(calls) => {
                for c in calls {
                    assert!(c.line >= 1 && c.col >= 1);
                    assert!(!c.function.is_empty() && !c.fingerprint.is_empty());
                }
            }
            Err(ScanError::Parse { file, line, col, message }) => {
                assert_eq!(file, name);
                assert!(line >= 1 && col >= 1 && !message.is_empty());
                assert!(line as usize <= src.lines().count().max(1) + 1);
            }
            Err(ScanError::TooLarge { .. }) => {}
            Err(e) => panic!("unexpected error kind: {e}"),
        }
    }
});
