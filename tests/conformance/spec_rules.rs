//! SPEC.md and the tests name each other, over every section and appendix: every rule id
//! SPEC.md mentions is defined exactly once (a bold `**K1**`, `| **B1** |`), in order within its
//! prefix; every defined id is named by a vector's `rule` field or by a test (a test function or
//! comment in `tests/`, `model/tests`, `impl/tests`, `vocab/tests` or `scan/tests`: the libraries
//! hold no unit tests); and every vector names a rule that exists. No file cites documents
//! outside the repository.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn spec_text() -> String {
    fs::read_to_string(root().join("SPEC.md")).expect("SPEC.md exists")
}

/// Is `c` a character of a word, as a regex's `\w` is?
fn word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Every rule id `text` mentions: 1–3 capitals and 1–2 digits, not inside a longer word, a
/// version number or a hyphenated name (the id pattern `(?<![\w.-])[A-Z]{1,3}\d{1,2}(?![\w-])`).
fn mentioned_ids(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut ids = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let before = i.checked_sub(1).map(|j| chars[j]);
        let starts = chars[i].is_ascii_uppercase()
            && !before.is_some_and(|c| word(c) || c == '.' || c == '-');
        if !starts {
            i += 1;
            continue;
        }
        let letters = chars[i..]
            .iter()
            .take_while(|c| c.is_ascii_uppercase())
            .count();
        let digits = chars[i + letters..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        let end = i + letters + digits;
        let after = chars.get(end).copied();
        if (1..=3).contains(&letters)
            && (1..=2).contains(&digits)
            && !after.is_some_and(|c| word(c) || c == '-')
        {
            ids.push(chars[i..end].iter().collect());
        }
        i += letters.max(1);
    }
    ids
}

/// Every definition of a rule id in SPEC.md: a bold `**ID**` (list items, table rows such as
/// `| **B1** |`, and ids defined inline such as `**X8**`), in order, repeats kept.
fn spec_definitions(spec: &str) -> Vec<String> {
    spec.split("**")
        .skip(1)
        .step_by(2)
        .filter(|bold| mentioned_ids(bold).first().is_some_and(|id| id == bold))
        .map(str::to_string)
        .collect()
}

/// The rule ids SPEC.md defines.
fn spec_rule_ids() -> BTreeSet<String> {
    spec_definitions(&spec_text()).into_iter().collect()
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

/// The text of every test: the files of each crate's `tests/` (the libraries hold no unit
/// tests: `library_sources_hold_no_unit_tests`).
fn test_texts() -> Vec<String> {
    let mut texts = Vec::new();
    let mut files = Vec::new();
    for dir in [
        "tests",
        "model/tests",
        "impl/tests",
        "vocab/tests",
        "scan/tests",
    ] {
        rust_files(&root().join(dir), &mut files);
    }
    for f in &files {
        if f.file_name().is_some_and(|n| n != "spec_rules.rs") {
            texts.push(fs::read_to_string(f).expect("readable"));
        }
    }
    // The conformance runner's own tests (shell scripts run by `.ci/run`).
    if let Ok(entries) = fs::read_dir(root().join("conformance/openclaw/tests")) {
        for e in entries.flatten() {
            texts.push(fs::read_to_string(e.path()).expect("readable"));
        }
    }
    texts
}

/// The libraries are built without a unit-test harness (`test = false` in each `[lib]`, so that
/// `cargo test` compiles each library once): a test in their sources would never run. Every test
/// lives in its crate's `tests/`, where `test_texts` reads it.
#[test]
fn library_sources_hold_no_unit_tests() {
    let mut sources = Vec::new();
    for dir in ["impl/src", "model/src", "vocab/src", "src", "scan/src"] {
        rust_files(&root().join(dir), &mut sources);
    }
    let found: Vec<String> = sources
        .iter()
        .filter(|f| {
            let text = fs::read_to_string(f).expect("readable");
            text.contains("#[cfg(test)]") || text.contains("#[test]")
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        found.is_empty(),
        "tests in library sources never run (`test = false`); move them to the crate's tests/: {found:?}"
    );
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
        ids.len() >= 150,
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

/// (a) Every rule id SPEC.md mentions, anywhere (front page, rules, appendices, comments), is
/// defined in it.
#[test]
fn every_mentioned_id_is_defined() {
    let spec = spec_text();
    let defined = spec_rule_ids();
    let undefined: BTreeSet<String> = mentioned_ids(&spec)
        .into_iter()
        .filter(|id| !defined.contains(id))
        .collect();
    assert!(
        undefined.is_empty(),
        "SPEC.md refers to ids it never defines (define each as a bold `**ID**`): {undefined:?}"
    );
}

/// (b) No rule id is defined twice.
#[test]
fn no_id_is_defined_twice() {
    let mut seen = BTreeSet::new();
    let twice: BTreeSet<String> = spec_definitions(&spec_text())
        .into_iter()
        .filter(|id| !seen.insert(id.clone()))
        .collect();
    assert!(
        twice.is_empty(),
        "SPEC.md defines these ids more than once: {twice:?}"
    );
}

/// Within each prefix, ids are defined in increasing order (E8 after E7, W8 after W7), except
/// where a rule family is split across sections on purpose (none today).
#[test]
fn ids_are_defined_in_order_within_each_prefix() {
    let mut last: std::collections::BTreeMap<String, u32> = Default::default();
    let mut out_of_order = Vec::new();
    for id in spec_definitions(&spec_text()) {
        let prefix: String = id.chars().take_while(char::is_ascii_uppercase).collect();
        let n: u32 = id[prefix.len()..].parse().expect("digits");
        if let Some(&prev) = last.get(&prefix)
            && n < prev
        {
            out_of_order.push(format!("{id} after {prefix}{prev}"));
        }
        last.insert(prefix, n);
    }
    assert!(
        out_of_order.is_empty(),
        "SPEC.md defines ids out of order: {out_of_order:?}"
    );
}

/// The id matcher follows the pattern: ids alone, not parts of longer words, versions or
/// hyphenated names; definitions are bold ids only.
#[test]
fn ids_are_recognised_as_the_pattern_says() {
    assert_eq!(
        mentioned_ids("K1, K12 and EV3–EV11."),
        ["K1", "K12", "EV3", "EV11"]
    );
    assert!(mentioned_ids("ABCD1 K123 x.K1 K1-a aK1 K1x U+FEFF").is_empty());
    assert_eq!(
        spec_definitions("- **K1** x **bold** | **B1** | **X7** `a`, **X8**"),
        ["K1", "B1", "X7", "X8"]
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
