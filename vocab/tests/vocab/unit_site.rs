//! The unit tests of `heartbeat_vocab::site` (`vocab/src/site.rs`), kept out of the library so that
//! `cargo test` compiles it once.

use heartbeat_vocab::site::*;

#[test]
fn builtin_table_parses() {
    let t = SiteTable::upstream();
    assert!(t.sites.len() >= 5, "{:?}", t.names());
}

#[test]
fn syntax_error_has_line_and_column() {
    let src = "[[site]]\nname = \"x\"\norigins = [\"main\"\n";
    let e = SiteTable::parse(src, "t.toml").unwrap_err();
    assert_eq!(e.file, "t.toml");
    assert!(e.line_col.is_some(), "{e}");
    assert!(e.to_string().starts_with("t.toml:"), "{e}");
}

#[test]
fn unknown_origin_is_named_with_its_place() {
    let src = UPSTREAM_SITES_TOML.replacen("\"cron-run\"", "\"cron-rnu\"", 1);
    let e = SiteTable::parse(&src, "t.toml").unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("cron-rnu"), "{msg}");
    let (line, _) = e.line_col.expect("a place");
    assert!(
        src.lines().nth(line - 1).unwrap().contains("cron-rnu"),
        "{msg}"
    );
}

#[test]
fn unknown_field_is_rejected() {
    let src = UPSTREAM_SITES_TOML.replacen("summary =", "sumary =", 1);
    let e = SiteTable::parse(&src, "t.toml").unwrap_err();
    assert!(e.to_string().contains("sumary"), "{e}");
}

#[test]
fn semantic_errors_name_the_site() {
    let src = "[[site]]\nname = \"empty\"\nupstream = \"u\"\nsummary = \"s\"\norigins = []\nkey = \"raw\"\n\
                   events = [{ class = \"other\", text = \"t\" }]\nwake = { policy = \"none\" }\n";
    let e = SiteTable::parse(src, "t.toml").unwrap_err();
    assert!(
        e.to_string().contains("site `empty`: `origins` is empty"),
        "{e}"
    );
    assert_eq!(e.line_col.map(|p| p.0), Some(1));
}

/// SPEC §7 `name`: no spaces or commas (a comma separates names on the command line).
#[test]
fn site_names_have_no_spaces_or_commas() {
    for bad in ["tool progress", "tool,progress", " "] {
        let src = format!(
            "[[site]]\nname = \"{bad}\"\nupstream = \"u\"\nsummary = \"s\"\norigins = [\"main\"]\n\
                 key = \"raw\"\nevents = [{{ class = \"other\", text = \"t\" }}]\nwake = {{ policy = \"none\" }}\n"
        );
        let e = SiteTable::parse(&src, "t.toml").unwrap_err();
        assert!(
            e.to_string()
                .contains("must be non-empty with no spaces or commas"),
            "{bad:?}: {e}"
        );
        assert_eq!(e.line_col.map(|p| p.0), Some(1), "{bad:?}");
    }
}

const MINI: &str = "[[site]]\nname = \"a\"\nupstream = \"u\"\nsummary = \"s\"\norigins = [\"main\"]\n\
                        key = \"raw\"\nevents = [{ class = \"other\", text = \"t\" }]\nwake = { policy = \"none\" }\n";

/// SPEC SC: the built-in table names the call sites of its five original sites.
#[test]
fn builtin_sites_name_their_calls() {
    let t = SiteTable::upstream();
    let exec = t.get("exec-exit").expect("exec-exit");
    assert_eq!(
        exec.calls,
        vec![CallRef {
            file: "src/agents/bash-tools.exec-runtime.ts".into(),
            function: "maybeNotifyOnExit".into(),
            releases: None,
            via: None,
        }]
    );
    assert!(t.sites.iter().all(|s| !s.calls.is_empty()));
}

#[test]
fn calls_and_excluded_parse() {
    let src = format!(
        "{MINI}calls = [{{ file = \"src/a.ts\", function = \"f\", releases = [\"2026.5.7\"] }}]\n\
             [[excluded]]\nfile = \"src/a.ts\"\nfunction = \"f\"\nreason = \"drained by the next turn\"\n\
             releases = [\"2026.5.12\", \"2026.9.6\"]\n"
    );
    let t = SiteTable::parse(&src, "t.toml").unwrap();
    assert_eq!(
        t.sites[0].calls[0].releases.as_deref(),
        Some(&["2026.5.7".to_string()][..])
    );
    assert!(t.sites[0].calls[0].applies_to(Some("2026.5.7")));
    assert!(!t.sites[0].calls[0].applies_to(Some("2026.5.12")));
    assert!(t.sites[0].calls[0].applies_to(None));
    assert_eq!(t.excluded.len(), 1);
    assert!(t.excluded[0].applies_to(Some("2026.9.6")));
}

/// A (file, function) named twice for overlapping releases is refused, naming both places.
#[test]
fn duplicate_call_site_names_both_places() {
    let src = format!(
        "{MINI}calls = [{{ file = \"src/a.ts\", function = \"f\" }}]\n\
             [[excluded]]\nfile = \"src/a.ts\"\nfunction = \"f\"\nreason = \"r\"\nreleases = [\"2026.9.6\"]\n"
    );
    let e = SiteTable::parse(&src, "t.toml").unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.starts_with("t.toml:10:1: duplicate call site src/a.ts f"),
        "{msg}"
    );
    assert!(
        msg.contains("an `[[excluded]]` entry here and by site `a` at t.toml:1:1"),
        "{msg}"
    );
    // Two sites naming the same call.
    let two = format!(
        "{MINI}calls = [{{ file = \"src/a.ts\", function = \"f\" }}]\n{}calls = [{{ file = \"src/a.ts\", function = \"f\" }}]\n",
        MINI.replace("\"a\"", "\"b\"")
    );
    let e = SiteTable::parse(&two, "t.toml").unwrap_err();
    assert!(
        e.to_string().contains("site `b` here and by site `a`"),
        "{e}"
    );
}

/// Disjoint releases may name the same (file, function): one release models it, another
/// excludes it.
#[test]
fn disjoint_releases_may_share_a_call() {
    let src = format!(
        "{MINI}calls = [{{ file = \"src/a.ts\", function = \"f\", releases = [\"2026.5.7\"] }}]\n\
             [[excluded]]\nfile = \"src/a.ts\"\nfunction = \"f\"\nreason = \"r\"\nreleases = [\"2026.9.6\"]\n"
    );
    assert!(SiteTable::parse(&src, "t.toml").is_ok());
}

#[test]
fn bad_call_references_are_refused() {
    for (extra, want) in [
        (
            "calls = [{ file = \"src/a.ts\", function = \"f\", line = 3 }]\n",
            "unknown field `line`",
        ),
        (
            "calls = [{ file = \"src/a.ts\", function = \"\" }]\n",
            "non-empty `file` and `function`",
        ),
        (
            "calls = [{ file = \"src/a.ts\", function = \"f\", releases = [] }]\n",
            "`releases` for src/a.ts f is empty",
        ),
        (
            "calls = [{ file = \"src/a.ts\", function = \"f\", releases = [\"5.12\"] }]\n",
            "release `5.12`",
        ),
        (
            "[[excluded]]\nfile = \"src/a.ts\"\nfunction = \"f\"\nreason = \" \"\n",
            "`reason` is blank",
        ),
        (
            "[[excluded]]\nfile = \"src/a.ts\"\nfunction = \"f\"\n",
            "missing field `reason`",
        ),
        (
            "[[excluded]]\nfile = \"src/a.ts\"\nfunction = \"f\"\nreason = \"r\"\nwhy = 1\n",
            "unknown field `why`",
        ),
    ] {
        let e = SiteTable::parse(&format!("{MINI}{extra}"), "t.toml").unwrap_err();
        assert!(e.to_string().contains(want), "{extra}: {e}");
        assert!(e.line_col.is_some(), "{extra}: {e}");
    }
}
