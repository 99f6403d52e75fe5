//! The unit tests of `heartbeat_spec::explore::server` (`src/explore/server.rs`), kept out of the
//! library so that `cargo test` compiles it once.

use heartbeat_spec::explore::server::*;

#[test]
fn loopback_only_unless_allowed() {
    assert_eq!(
        listen_address("127.0.0.1", 3000, false),
        Ok("127.0.0.1:3000".parse().expect("addr"))
    );
    assert_eq!(
        listen_address("localhost", 0, false),
        Ok("127.0.0.1:0".parse().expect("addr"))
    );
    assert_eq!(
        listen_address("::1", 3000, false),
        Ok("[::1]:3000".parse().expect("addr"))
    );
    assert!(listen_address("127.0.0.2", 1, false).is_ok());
    let err = listen_address("0.0.0.0", 3000, false).expect_err("not loopback");
    assert!(err.contains("--allow-remote"), "{err}");
    assert!(listen_address("0.0.0.0", 3000, true).is_ok());
    let err = listen_address("example.org", 3000, true).expect_err("not an address");
    assert!(err.contains("not an IP address"), "{err}");
}
