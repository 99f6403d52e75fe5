//! SPEC.md and the tests name each other: every rule id (`**K1**`, …, `**I1**`, `**B1**`) is
//! named by a vector's `rule` field or by a test (a test function or comment in `tests/`, or in
//! a `#[cfg(test)]` module of `impl/src`, `model/src` or `src`), and every vector names a rule
//! that exists.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The rule ids SPEC.md defines: list items and table rows that start with a bold id
/// (`- **K1** …`, `| **B1** | …`).
fn spec_rule_ids() -> BTreeSet<String> {
    let spec = fs::read_to_string(root().join("SPEC.md")).expect("SPEC.md exists");
    spec.lines()
        .filter_map(|l| l.strip_prefix("- **").or_else(|| l.strip_prefix("| **")))
        .filter_map(|l| l.split_once("**").map(|(id, _)| id))
        .filter(|id| {
            let letters = id.trim_end_matches(|c: char| c.is_ascii_digit());
            !letters.is_empty()
                && letters.len() < id.len()
                && letters.chars().all(|c| c.is_ascii_uppercase())
        })
        .map(str::to_string)
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The text of every test: files in `tests/`, and the `#[cfg(test)]` tail of source files.
fn test_texts() -> Vec<String> {
    let mut texts = Vec::new();
    let mut files = Vec::new();
    rust_files(&root().join("tests"), &mut files);
    for f in &files {
        if f.file_name().is_some_and(|n| n != "spec_rules.rs") {
            texts.push(fs::read_to_string(f).expect("readable"));
        }
    }
    let mut sources = Vec::new();
    rust_files(&root().join("impl/src"), &mut sources);
    rust_files(&root().join("model/src"), &mut sources);
    rust_files(&root().join("src"), &mut sources);
    for f in &sources {
        let text = fs::read_to_string(f).expect("readable");
        if let Some(at) = text.find("#[cfg(test)]") {
            texts.push(text[at..].to_string());
        }
    }
    texts
}

/// The `rule` field of every vector.
fn vector_rules() -> BTreeSet<String> {
    let mut rules = BTreeSet::new();
    for e in fs::read_dir(root().join("tests/vectors"))
        .expect("vectors dir")
        .flatten()
    {
        let text = fs::read_to_string(e.path()).expect("readable");
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).expect("valid vector JSON");
            rules.insert(v["rule"].as_str().expect("a rule").to_string());
        }
    }
    rules
}

/// True when `text` names `id` as a word (`K1`, `k1_…`, `K1:`) but not as part of `K12`.
fn names(text: &str, id: &str) -> bool {
    let (hay, needle) = (text.to_ascii_lowercase(), id.to_ascii_lowercase());
    hay.match_indices(&needle).any(|(at, _)| {
        let before = hay[..at].chars().next_back();
        let after = hay[at + needle.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphanumeric())
            && !after.is_some_and(|c| c.is_ascii_digit())
    })
}

/// Every rule of SPEC.md is checked by at least one vector or test.
#[test]
fn every_spec_rule_has_a_test_or_vector() {
    let ids = spec_rule_ids();
    assert!(
        ids.len() >= 40,
        "only {} rules parsed from SPEC.md",
        ids.len()
    );
    let texts = test_texts();
    let vectors = vector_rules();
    let missing: Vec<&String> = ids
        .iter()
        .filter(|id| !vectors.contains(*id) && !texts.iter().any(|t| names(t, id)))
        .collect();
    assert!(
        missing.is_empty(),
        "SPEC.md rules without a test or vector: {missing:?}"
    );
}

/// Every vector names a rule that SPEC.md defines.
#[test]
fn every_vector_rule_is_defined_in_spec() {
    let ids = spec_rule_ids();
    let unknown: Vec<String> = vector_rules()
        .into_iter()
        .filter(|r| !ids.contains(r))
        .collect();
    assert!(
        unknown.is_empty(),
        "vectors name rules SPEC.md does not define: {unknown:?}"
    );
}

/// The word matcher distinguishes K1 from K12.
#[test]
fn rule_names_match_as_words() {
    assert!(names("fn k1_parse()", "K1"));
    assert!(names("/// K1: x", "K1"));
    assert!(!names("/// K12: x", "K1"));
    assert!(!names("BK1", "K1"));
}

/// Every file under `dir` that git would track: the walk skips build output, dependencies,
/// the installed builds and hidden directories.
fn repository_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name == "target" || name == "node_modules" || name == "corpus" {
            continue;
        }
        if p.is_dir() {
            repository_files(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// Citations of documents a reader of the repository does not have: the project's private notes
/// on upstream and its checker notes. Built from pieces so that this file does not match itself.
fn foreign_citations(text: &str) -> Vec<&'static str> {
    const PATTERNS: [&str; 4] = [
        concat!("notes ", "§"),
        concat!("checker", "-notes"),
        concat!("upstream", "-semantics"),
        concat!("../", "shared"),
    ];
    PATTERNS.into_iter().filter(|p| text.contains(p)).collect()
}

/// SPEC.md and every committed file cite SPEC rules, vectors or observations of a release, never
/// documents the repository does not hold (issue 14): no section of the private notes, no checker notes, no shared
/// reference, and no vector note that cites the notes by section number ("notes 1.3").
#[test]
fn no_citation_of_documents_outside_the_repository() {
    let mut files = Vec::new();
    repository_files(root(), &mut files);
    assert!(
        files.iter().any(|f| f.ends_with("SPEC.md")),
        "the walk found no SPEC.md"
    );
    let mut found = Vec::new();
    for f in &files {
        let Ok(text) = fs::read_to_string(f) else {
            continue; // binary files cite nothing
        };
        for (n, line) in text.lines().enumerate() {
            let mut hits = foreign_citations(line);
            let cites_by_number = line
                .match_indices("notes ")
                .any(|(at, m)| line[at + m.len()..].starts_with(|c: char| c.is_ascii_digit()));
            if cites_by_number && f.extension().is_some_and(|x| x == "jsonl") {
                hits.push("notes N.N");
            }
            for h in hits {
                found.push(format!(
                    "{}:{}: {h}",
                    f.strip_prefix(root()).unwrap_or(f).display(),
                    n + 1
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "citations of documents that are not in the repository (cite a SPEC rule, a vector or an \
         observation of a release instead):\n{}",
        found.join("\n")
    );
}

/// The citation matcher sees each form, and only those.
#[test]
fn foreign_citations_are_recognised() {
    let section = concat!("see notes ", "§4");
    assert_eq!(foreign_citations(section), vec![concat!("notes ", "§")]);
    assert_eq!(
        foreign_citations(concat!("(checker", "-notes.md)")).len(),
        1
    );
    assert!(foreign_citations("SPEC R4; observed on 2026.5.12").is_empty());
}
