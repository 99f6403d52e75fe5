//! The unit tests of `heartbeat_routing::keys::subagent` (`impl/src/keys/subagent.rs`), kept out of
//! the library so that `cargo test` compiles it once.

use heartbeat_routing::generation::{ParserEra, SubagentDepthRule};
use heartbeat_routing::keys::subagent::*;

/// K9: the bare nested key counts 1 before 2026.6 and 2 after.
#[test]
fn k9_depth_rules() {
    let k = "subagent:a:subagent:b";
    assert_eq!(
        get_subagent_depth(ParserEra::P1, SubagentDepthRule::SplitCount, k),
        1
    );
    assert_eq!(
        get_subagent_depth(ParserEra::P4, SubagentDepthRule::PrefixCount, k),
        2
    );
    let a = "agent:x:subagent:a:subagent:b";
    assert_eq!(
        get_subagent_depth(ParserEra::P1, SubagentDepthRule::SplitCount, a),
        2
    );
    assert_eq!(
        get_subagent_depth(ParserEra::P4, SubagentDepthRule::PrefixCount, a),
        2
    );
}
