//! Enqueue sites. The table's schema, parsing and validation are vocabulary and live in
//! `heartbeat-vocab` (re-exported here under their old paths); what an entry means for the
//! model — the kind of wake it requests, whether it requests one at all for an origin, and the
//! policies the reference uses — is decided here, by the model alone (the runtime decides the
//! same questions in its own code, and conformance compares the two).

use serde::{Deserialize, Serialize};

pub use heartbeat_vocab::site::*;

use crate::origin::OriginKind;
use crate::profile::Profile;

/// What a heartbeat run inspects, by the kind of wake that started it (SPEC R3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WakeKind {
    /// `source: exec-event`: inspects exec completions (and the turn drains the rest).
    ExecEvent,
    /// `acp-spawn` / `hook` / reason `wake`: a wake payload, inspects every event.
    Payload,
    /// `cron`: inspects every event.
    Cron,
    /// Anything else (`cli-watchdog`, `notifications-event`, ...): the turn drains non-exec
    /// events only.
    Other,
    /// The periodic interval tick: like `Other`.
    Interval,
}

impl WakeKind {
    /// How upstream classifies a wake by its source (and reason when there is no source).
    pub fn from_source(source: &str, reason: &str) -> WakeKind {
        match source {
            "exec-event" => WakeKind::ExecEvent,
            "acp-spawn" | "hook" => WakeKind::Payload,
            "cron" => WakeKind::Cron,
            "interval" => WakeKind::Interval,
            _ if reason == "wake" => WakeKind::Payload,
            _ => WakeKind::Other,
        }
    }

    /// Does a heartbeat started by this kind of wake surface exec completions?
    pub const fn inspects_exec(self) -> bool {
        matches!(
            self,
            WakeKind::ExecEvent | WakeKind::Payload | WakeKind::Cron
        )
    }

    pub const fn name(self) -> &'static str {
        match self {
            WakeKind::ExecEvent => "exec-event",
            WakeKind::Payload => "payload",
            WakeKind::Cron => "cron",
            WakeKind::Other => "other",
            WakeKind::Interval => "interval",
        }
    }
}

/// What the model makes of a site's wake: the kind of wake (SPEC R3) and the origins it
/// requests none for (`skip`, SPEC §7).
pub trait WakeSpecExt {
    /// The kind of wake, by its source (and reason when there is no source).
    fn kind(&self) -> WakeKind;
    /// Does the site request no wake for `origin` under `profile`?
    fn skipped(&self, profile: Profile, origin: OriginKind) -> bool;
}

impl WakeSpecExt for WakeSpec {
    fn kind(&self) -> WakeKind {
        WakeKind::from_source(&self.source, &self.reason)
    }

    fn skipped(&self, profile: Profile, origin: OriginKind) -> bool {
        self.policy == WakePolicy::None
            || self
                .skip
                .iter()
                .any(|s| s.origin == origin && s.profiles.contains(&profile))
    }
}

/// What the model makes of a site's policies under a profile: the reference's own where the
/// table gives one (SPEC E10, W10).
pub trait SiteExt {
    /// The key policy under `profile`: the reference's own where the table gives one (E10).
    fn key_policy(&self, profile: Profile) -> KeyPolicy;
    /// The wake policy under `profile`: the reference's own where the table gives one (W10).
    fn wake_policy(&self, profile: Profile) -> WakePolicy;
}

impl SiteExt for Site {
    fn key_policy(&self, profile: Profile) -> KeyPolicy {
        match (profile, self.reference_key) {
            (Profile::Reference, Some(k)) => k,
            _ => self.key,
        }
    }

    fn wake_policy(&self, profile: Profile) -> WakePolicy {
        match (profile, self.reference_wake) {
            (Profile::Reference, Some(w)) => w,
            _ => self.wake.policy,
        }
    }
}
