//! The model crate's layers depend one way (lib.rs, README "Layout"): the specification
//! (`src/spec/`) uses neither the reduction nor the checker, and the reduction
//! (`src/reduction/`) does not use the checker. Paths through the crate root's re-exports
//! (`crate::state`, `crate::verify`, ...) would hide a module's real dependencies, so inside
//! the crate each layer is named by its own path.

use std::path::Path;

fn sources(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("a source directory") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            out.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("a source file");
            out.push((path.display().to_string(), text));
        }
    }
    out
}

/// The code of a file without its comments and its unit tests.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn uses(layer: &str, forbidden: &[&str]) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join(layer);
    let mut found = Vec::new();
    for (path, text) in sources(&dir) {
        for name in forbidden {
            if code(&text).contains(&format!("crate::{name}")) {
                found.push(format!("{path} uses crate::{name}"));
            }
        }
    }
    found
}

const REEXPORTS: [&str; 10] = [
    "action::",
    "state::",
    "model::",
    "properties::",
    "setup::",
    "symmetry::",
    "verify::",
    "display::",
    "explorer_view::",
    "RoutingModel",
];

#[test]
fn the_spec_uses_neither_reduction_nor_checker() {
    let mut forbidden = vec!["reduction", "checker", "lift"];
    forbidden.extend(REEXPORTS);
    assert_eq!(uses("spec", &forbidden), Vec::<String>::new());
}

#[test]
fn the_reduction_does_not_use_the_checker() {
    let mut forbidden = vec!["checker"];
    forbidden.extend(REEXPORTS);
    assert_eq!(uses("reduction", &forbidden), Vec::<String>::new());
}

#[test]
fn the_checker_names_layers_by_their_own_paths() {
    assert_eq!(uses("checker", &REEXPORTS), Vec::<String>::new());
}
