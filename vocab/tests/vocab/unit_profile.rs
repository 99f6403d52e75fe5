//! The unit tests of `heartbeat_vocab::profile` (`vocab/src/profile.rs`), kept out of the library
//! so that `cargo test` compiles it once.

use heartbeat_vocab::profile::*;

#[test]
fn names_round_trip_through_from_str_and_serde() {
    for p in Profile::ALL {
        assert_eq!(p.name().parse::<Profile>(), Ok(p));
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(json, format!("\"{}\"", p.name()));
        assert_eq!(serde_json::from_str::<Profile>(&json).unwrap(), p);
    }
}

#[test]
fn unknown_name_lists_every_valid_profile() {
    let err = "openclaw-2026.5.8".parse::<Profile>().unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("`openclaw-2026.5.8`"), "{msg}");
    for p in Profile::ALL {
        assert!(msg.contains(p.name()), "{msg} lacks {p}");
    }
}
