//! The unit tests of `heartbeat_model::checker::expectations`
//! (`model/src/checker/expectations.rs`), kept out of the library so that `cargo test` compiles it
//! once.

use heartbeat_model::checker::expectations::*;
use heartbeat_model::config::{Config, MainKey, Scope};
use heartbeat_model::profile::Profile;
use heartbeat_model::properties::PropertyKind;

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

// The module's `sites_match` and `property_sites` are private: these tests ask them through
// `Expectation::matches`, with an entry whose every other filter is left out.

/// Does an entry naming only `property` (of `kind`) and the `sites` filter `listed` match a
/// configuration of the sites `actual`? The answer is the `sites` filter's on the sites the
/// property speaks of.
fn entry_matches(
    listed: Option<&Vec<String>>,
    actual: &[String],
    property: &str,
    kind: PropertyKind,
) -> bool {
    let (violates, misses) = match kind {
        PropertyKind::Invariant => (names(&[property]), Vec::new()),
        PropertyKind::Witness => (Vec::new(), names(&[property])),
    };
    let entry = Expectation {
        id: "T1".into(),
        title: "t".into(),
        why: "w".into(),
        profiles: vec![Profile::Reference],
        scope: None,
        main_key: None,
        min_agents: None,
        sites: listed.cloned(),
        except_sites: None,
        heartbeats: None,
        heartbeat: None,
        except_heartbeat: None,
        origins: None,
        faults: None,
        violates,
        misses,
    };
    let mut config = Config::new(Scope::PerSender, MainKey::Default, 2, "a");
    config.sites = actual.to_vec();
    entry.matches(Profile::Reference, &config, &[], property, kind)
}

/// The `sites` filter alone: for a property that is no site's own witness, which speaks of every
/// site of the configuration.
fn sites_match(listed: Option<&Vec<String>>, actual: &[String], kind: PropertyKind) -> bool {
    entry_matches(listed, actual, "no-stranded-event", kind)
}

/// SPEC S3: a configuration of several sites inherits the expected violations of each
/// (any listed site), a `+` entry matches only configurations with all of its sites, and a
/// witness needs every site of the configuration covered.
#[test]
fn s3_site_sets_match_as_documented() {
    let inv = PropertyKind::Invariant;
    let wit = PropertyKind::Witness;
    let single = Some(names(&["a"]));
    let pair = Some(names(&["a+b"]));
    assert!(sites_match(single.as_ref(), &names(&["a"]), inv));
    assert!(sites_match(single.as_ref(), &names(&["a", "b"]), inv));
    assert!(!sites_match(single.as_ref(), &names(&["a", "b"]), wit));
    assert!(!sites_match(pair.as_ref(), &names(&["a"]), inv));
    assert!(sites_match(pair.as_ref(), &names(&["b", "a"]), inv));
    assert!(sites_match(pair.as_ref(), &names(&["a", "b", "c"]), inv));
    assert!(sites_match(pair.as_ref(), &names(&["a", "b"]), wit));
    assert!(!sites_match(pair.as_ref(), &names(&["a", "b", "c"]), wit));
    assert!(!sites_match(pair.as_ref(), &names(&["a", "c"]), inv));
}

/// SPEC S3: a site's own witness speaks of that site alone.
#[test]
fn s3_a_site_witness_speaks_of_its_site() {
    let both = names(&["a", "b"]);
    let wit = PropertyKind::Witness;
    // A witness entry matches when every site the property speaks of is listed: listing
    // exactly one site, or both, tells which sites those are.
    let speaks_of = |property: &str| -> Vec<String> {
        let only = |s: &str| entry_matches(Some(&names(&[s])), &both, property, wit);
        match (only("a"), only("b")) {
            (true, false) => names(&["a"]),
            (false, true) => names(&["b"]),
            (false, false) if entry_matches(Some(&both), &both, property, wit) => both.clone(),
            other => panic!("{property}: {other:?}"),
        }
    };
    assert_eq!(speaks_of("surfaced:b"), &names(&["b"])[..]);
    assert_eq!(speaks_of("enqueued:a"), &names(&["a"])[..]);
    assert_eq!(speaks_of("surfaced:c"), &both[..]);
    assert_eq!(speaks_of("no-stranded-event"), &both[..]);
}
