//! The unit tests of `heartbeat_model::checker::matrix` (`model/src/checker/matrix.rs`), kept out
//! of the library so that `cargo test` compiles it once.

use heartbeat_model::checker::matrix::*;
use heartbeat_model::{Profile, SiteTable};

/// SPEC S3: the exec and watchdog sites meet (both route a cron run's events to the agent
/// main queue and wake it), and the predicate is symmetric.
#[test]
fn s3_sites_can_meet_from_the_table() {
    let table = SiteTable::upstream();
    for p in Profile::ALL {
        assert!(
            sites_can_meet(p, &table, "exec-exit", "cli-watchdog"),
            "{p}"
        );
        let mut meet = Vec::new();
        for a in table.names() {
            for b in table.names() {
                if a < b && sites_can_meet(p, &table, &a, &b) {
                    meet.push(format!("{a}+{b}"));
                }
                if a < b {
                    assert_eq!(
                        sites_can_meet(p, &table, &a, &b),
                        sites_can_meet(p, &table, &b, &a),
                        "{p} {a} {b}"
                    );
                }
            }
        }
        eprintln!("{p}: {} pairs meet: {}", meet.len(), meet.join(" "));
    }
}
