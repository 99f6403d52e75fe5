//! Mutations: deliberate breakages of one routing or scheduling decision. The names live in
//! `heartbeat-vocab`, shared with the runtime (which breaks the same decisions on its side);
//! what each one does to the model is written where the model makes the decision.

pub use heartbeat_vocab::mutation::*;
