//! The unit tests of `heartbeat_routing::classify::cron_event` (`impl/src/classify/cron_event.rs`),
//! kept out of the library so that `cargo test` compiles it once.

use heartbeat_routing::classify::cron_event::*;
use heartbeat_vocab::Profile;

/// C4: NO_REPLY is a cron event in 2026.5.7/2026.5.12, noise in 2026.9.6.
#[test]
fn c4_no_reply_noise_from_2026_8() {
    assert_eq!(
        is_cron_system_event(Profile::Openclaw2026_5_12, "NO_REPLY"),
        Ok(true)
    );
    assert_eq!(
        is_cron_system_event(Profile::Openclaw2026_5_7, "NO_REPLY"),
        Ok(true)
    );
    assert_eq!(
        is_cron_system_event(Profile::Openclaw2026_9_6, "NO_REPLY"),
        Ok(false)
    );
    assert_eq!(
        is_cron_system_event(Profile::Reference, "NO_REPLY"),
        Ok(false)
    );
}

/// C3: the ≤ 7.x noise rules.
#[test]
fn c3_noise_rules() {
    let p = Profile::Openclaw2026_5_12;
    assert_eq!(is_cron_system_event(p, "HEARTBEAT_OK"), Ok(false));
    assert_eq!(is_cron_system_event(p, "heartbeat_ok!"), Ok(false));
    assert_eq!(is_cron_system_event(p, "HEARTBEAT_OKAY"), Ok(true));
    assert_eq!(is_cron_system_event(p, "a Heartbeat Poll"), Ok(false));
    assert_eq!(is_cron_system_event(p, "  "), Ok(false));
    assert_eq!(
        is_cron_system_event(p, "Exec completed (a, code 0)"),
        Ok(false)
    );
    assert_eq!(is_cron_system_event(p, "Backup done"), Ok(true));
}
