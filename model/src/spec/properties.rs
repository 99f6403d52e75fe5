//! The properties of the model: invariants (`always`) and witnesses (`sometimes`).
//!
//! Each invariant is defined in SPEC.md under the same name and id. Each has witnesses that
//! show it is not vacuous: that the events it speaks of are enqueued, surfaced, deferred and
//! retried somewhere in the explored space.
//!
//! "No event stranded" is an `always` over quiescent states, not an `eventually`: stateright's
//! `eventually` misses paths that end in a cycle (SPEC I1, A5).

use stateright::Property;

use crate::routing::Session;
use crate::spec::setup::RoutingModel;
use crate::spec::state::{EventStatus, Loss, State, agent_bit, seen};

/// An invariant: its SPEC id, its name (the property's name) and what it says.
#[derive(Debug, Clone, Copy)]
pub struct Invariant {
    pub id: &'static str,
    pub name: &'static str,
    pub statement: &'static str,
    condition: fn(&RoutingModel, &State) -> bool,
}

/// The invariants, in SPEC order.
pub const INVARIANTS: [Invariant; 9] = [
    Invariant {
        id: "I1",
        name: "no-stranded-event",
        statement: "in every quiescent state, every queue is empty",
        condition: no_stranded_event,
    },
    Invariant {
        id: "I2",
        name: "no-unsurfaced-consumption",
        statement: "no event leaves its queue (consumed, dropped by the cap, retired) without having been surfaced",
        condition: no_unsurfaced_consumption,
    },
    Invariant {
        id: "I3",
        name: "no-heartbeat-in-cron-run",
        statement: "no heartbeat runs inside a cron-run session or one of its descendants",
        condition: no_heartbeat_in_cron_run,
    },
    Invariant {
        id: "I4",
        name: "no-cross-agent-surfacing",
        statement: "an event is surfaced only to the agent whose session produced it",
        condition: no_cross_agent_surfacing,
    },
    Invariant {
        id: "I5",
        name: "no-double-surfacing",
        statement: "no event is surfaced twice",
        condition: no_double_surfacing,
    },
    Invariant {
        id: "I6",
        name: "per-origin-order",
        statement: "events of one site and class from one origin are surfaced in the order they were enqueued",
        condition: per_origin_order,
    },
    Invariant {
        id: "I7",
        name: "wake-drains-enqueue-key",
        statement: "the heartbeat an event's wake starts peeks the queue the event was enqueued in, and inspects its class",
        condition: wake_drains_enqueue_key,
    },
    Invariant {
        id: "I8",
        name: "no-cross-agent-wake",
        statement: "a site's wake runs no heartbeat of an agent other than the one whose event requested it",
        condition: no_cross_agent_wake,
    },
    Invariant {
        id: "M1",
        name: "no-deadlock",
        statement: "every state that is not quiescent has a next step (a check of the model itself)",
        condition: no_deadlock,
    },
];

/// A witness: something that must happen on some path, or the invariants say nothing.
#[derive(Debug, Clone, Copy)]
pub struct Witness {
    pub id: &'static str,
    pub name: &'static str,
    pub statement: &'static str,
    condition: fn(&RoutingModel, &State) -> bool,
    /// Does the witness apply to this model (e.g. user turns are on)?
    applies: fn(&RoutingModel) -> bool,
}

/// The witnesses that do not depend on a site.
pub const WITNESSES: [Witness; 10] = [
    Witness {
        id: "X1",
        name: "quiescent-all-surfaced",
        statement: "some quiescent state has every enqueued event surfaced",
        condition: quiescent_all_surfaced,
        applies: always_applies,
    },
    Witness {
        id: "X2",
        name: "wake-deferred",
        statement: "some wake is deferred by the not-due / min-spacing guard",
        condition: |_, s| s.seen & seen::WAKE_DEFERRED != 0,
        applies: has_heartbeat_agent,
    },
    Witness {
        id: "X3",
        name: "wake-retried",
        statement: "some wake is re-queued because the handler was busy",
        condition: |_, s| s.seen & seen::WAKE_RETRIED != 0,
        applies: has_heartbeat_agent,
    },
    Witness {
        id: "X4",
        name: "interval-tick-ran",
        statement: "some interval heartbeat runs",
        condition: |_, s| s.seen & seen::INTERVAL_RAN != 0,
        applies: has_heartbeat_agent,
    },
    Witness {
        id: "X5",
        name: "user-turn-drained",
        statement: "some user turn drains a non-exec event",
        condition: |_, s| s.seen & seen::USER_TURN_DRAINED != 0,
        applies: user_turns_can_drain,
    },
    Witness {
        id: "X7",
        name: "restart-lost-event",
        statement: "some gateway restart loses a queued event (the fault happens)",
        condition: |_, s| s.seen & seen::RESTART_LOST_EVENT != 0,
        applies: |m| m.config.faults.restarts > 0,
    },
    Witness {
        id: "X8",
        name: "handler-threw",
        statement: "some wake handler throws (the fault happens)",
        condition: |_, s| s.seen & seen::HANDLER_THREW != 0,
        applies: |m| m.config.faults.handler_throws > 0,
    },
    Witness {
        id: "X9",
        name: "run-failed",
        statement: "some heartbeat run fails between peek and consume (the fault happens)",
        condition: |_, s| s.seen & seen::RUN_FAILED != 0,
        applies: |m| m.config.faults.run_failures > 0,
    },
    Witness {
        id: "X10",
        name: "cap-dropped",
        statement: "the queue cap drops some event (the fault happens)",
        condition: |_, s| s.seen & seen::CAP_DROPPED != 0,
        applies: |m| m.config.faults.queue_cap < m.config.bounds.events_per_origin,
    },
    Witness {
        id: "X11",
        name: "cron-run-reaped",
        statement: "the reaper deletes some cron-run session with events from it",
        condition: |_, s| s.seen & seen::REAPED != 0,
        applies: |m| {
            m.config.faults.reaper && m.effective_origins().iter().any(|o| o.is_cron_run())
        },
    },
];

/// Site witnesses: every site has an event enqueued (`X12`) and an event surfaced (`X6`) on
/// some path. One property per site slot, because stateright's property conditions are plain
/// function pointers. A site whose events are never enqueued in the explored space is an
/// error (its verdicts would say nothing), which `check` reports as a missing witness.
pub use crate::spec::setup::MAX_SITES;

macro_rules! site_witnesses {
    ($($i:literal => $surfaced:literal, $enqueued:literal),* $(,)?) => {
        const SITE_SURFACED_NAMES: [&str; MAX_SITES] = [$($surfaced),*];
        const SITE_SURFACED_CONDITIONS: [fn(&RoutingModel, &State) -> bool; MAX_SITES] =
            [$(|m, s| site_surfaced(m, s, $i)),*];
        const SITE_ENQUEUED_NAMES: [&str; MAX_SITES] = [$($enqueued),*];
        const SITE_ENQUEUED_CONDITIONS: [fn(&RoutingModel, &State) -> bool; MAX_SITES] =
            [$(|_, s| site_enqueued(s, $i)),*];
    };
}

site_witnesses!(
    0 => "site-surfaced#0", "site-enqueued#0", 1 => "site-surfaced#1", "site-enqueued#1",
    2 => "site-surfaced#2", "site-enqueued#2", 3 => "site-surfaced#3", "site-enqueued#3",
    4 => "site-surfaced#4", "site-enqueued#4", 5 => "site-surfaced#5", "site-enqueued#5",
    6 => "site-surfaced#6", "site-enqueued#6", 7 => "site-surfaced#7", "site-enqueued#7",
);

/// The name of the surfacing witness of site `index`, as reports show it.
pub fn site_witness_label(model: &RoutingModel, index: usize) -> String {
    format!("surfaced:{}", model.sites[index].name)
}

/// Is a property an invariant (`always`) or a witness (`sometimes`)?
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PropertyKind {
    Invariant,
    Witness,
}

/// One property of a model, as the checker and reports see it.
#[derive(Debug, Clone)]
pub struct PropertySpec {
    /// SPEC id (`I1`, `X6`, ...).
    pub id: &'static str,
    /// The stateright property name (unique within a model).
    pub name: &'static str,
    /// The name shown to people (site witnesses name their site).
    pub label: String,
    pub kind: PropertyKind,
    pub statement: String,
    condition: fn(&RoutingModel, &State) -> bool,
}

impl Invariant {
    /// Does the invariant hold in `state`?
    pub fn holds(&self, model: &RoutingModel, state: &State) -> bool {
        (self.condition)(model, state)
    }
}

impl PropertySpec {
    /// Does the property's condition hold in `state`? (For an invariant: is it respected; for
    /// a witness: is this a witnessing state.)
    pub fn condition(&self, model: &RoutingModel, state: &State) -> bool {
        (self.condition)(model, state)
    }

    /// Is `state` a discovery: a violation of an invariant, or an example of a witness?
    pub fn is_discovery(&self, model: &RoutingModel, state: &State) -> bool {
        match self.kind {
            PropertyKind::Invariant => !self.condition(model, state),
            PropertyKind::Witness => self.condition(model, state),
        }
    }
}

/// Every property of `model`: the invariants, the witnesses that apply, one witness per site.
pub fn specs(model: &RoutingModel) -> Vec<PropertySpec> {
    let mut specs: Vec<PropertySpec> = INVARIANTS
        .iter()
        .map(|i| PropertySpec {
            id: i.id,
            name: i.name,
            label: i.name.to_string(),
            kind: PropertyKind::Invariant,
            statement: i.statement.to_string(),
            condition: i.condition,
        })
        .collect();
    specs.extend(
        WITNESSES
            .iter()
            .filter(|w| (w.applies)(model))
            .map(|w| PropertySpec {
                id: w.id,
                name: w.name,
                label: w.name.to_string(),
                kind: PropertyKind::Witness,
                statement: w.statement.to_string(),
                condition: w.condition,
            }),
    );
    for i in 0..model.sites.len().min(MAX_SITES) {
        specs.push(PropertySpec {
            id: "X12",
            name: SITE_ENQUEUED_NAMES[i],
            label: format!("enqueued:{}", model.sites[i].name),
            kind: PropertyKind::Witness,
            statement: format!("some event of site `{}` is enqueued", model.sites[i].name),
            condition: SITE_ENQUEUED_CONDITIONS[i],
        });
        specs.push(PropertySpec {
            id: "X6",
            name: SITE_SURFACED_NAMES[i],
            label: site_witness_label(model, i),
            kind: PropertyKind::Witness,
            statement: format!("some event of site `{}` is surfaced", model.sites[i].name),
            condition: SITE_SURFACED_CONDITIONS[i],
        });
    }
    specs
}

/// The stateright properties of `model`, from [`specs`].
pub fn properties(model: &RoutingModel) -> Vec<Property<RoutingModel>> {
    specs(model)
        .into_iter()
        .map(|p| match p.kind {
            PropertyKind::Invariant => Property::always(p.name, p.condition),
            PropertyKind::Witness => Property::sometimes(p.name, p.condition),
        })
        .collect()
}

fn always_applies(_: &RoutingModel) -> bool {
    true
}

fn has_heartbeat_agent(m: &RoutingModel) -> bool {
    (0..m.config.agents).any(|a| m.config.heartbeats.enabled(a))
}

fn user_turns_can_drain(m: &RoutingModel) -> bool {
    m.user_turns_can_drain()
}

// ---- invariants ----

/// The index of an invariant in [`INVARIANTS`] (a constant where `id` is one).
pub const fn invariant_index(id: &str) -> usize {
    let mut i = 0;
    while i < INVARIANTS.len() {
        if const_eq(INVARIANTS[i].id, id) {
            return i;
        }
        i += 1;
    }
    panic!("no such invariant");
}

const fn const_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

fn no_stranded_event(m: &RoutingModel, s: &State) -> bool {
    !m.quiescent(s) || s.events.iter().all(|e| !e.is_queued())
}

fn no_unsurfaced_consumption(_: &RoutingModel, s: &State) -> bool {
    // An event a running heartbeat has inspected is in its prompt: it will be surfaced.
    let in_flight: u32 = s.runs.iter().fold(0, |set, r| set | r.inspected);
    let accounted = in_flight | s.reported;
    s.events.iter().enumerate().all(|(i, e)| match e.status {
        EventStatus::Consumed | EventStatus::Lost(Loss::Cap | Loss::Retired) => {
            e.surfaced() || accounted & (1 << i) != 0
        }
        // A restart is a crash, not a consumption: SPEC F1 states what it loses.
        EventStatus::Lost(Loss::Restart) | EventStatus::Queued | EventStatus::Undeliverable => true,
    })
}

fn no_heartbeat_in_cron_run(_: &RoutingModel, s: &State) -> bool {
    s.runs
        .iter()
        .all(|r| !matches!(r.session, Session::Agent(_, kind) if kind.is_cron_run()))
}

fn no_cross_agent_surfacing(_: &RoutingModel, s: &State) -> bool {
    s.events
        .iter()
        .all(|e| e.shown_to & !agent_bit(e.agent) == 0)
}

fn no_double_surfacing(_: &RoutingModel, s: &State) -> bool {
    s.events.iter().all(|e| e.times_shown <= 1)
}

fn per_origin_order(_: &RoutingModel, s: &State) -> bool {
    // A later event surfaced while an earlier one of the same site, origin and class still
    // waits. Two sites are two producers: nothing orders one's notices after the other's (S3).
    s.events.iter().enumerate().all(|(j, later)| {
        !later.surfaced()
            || s.events[..j].iter().all(|earlier| {
                !(earlier.agent == later.agent
                    && earlier.site == later.site
                    && earlier.origin == later.origin
                    && earlier.class == later.class
                    && earlier.is_queued()
                    && !earlier.surfaced())
            })
    })
}

fn wake_drains_enqueue_key(_: &RoutingModel, s: &State) -> bool {
    s.events
        .iter()
        .all(|e| e.wake_drains || e.status == EventStatus::Undeliverable)
}

fn no_cross_agent_wake(_: &RoutingModel, s: &State) -> bool {
    s.runs
        .iter()
        .all(|r| r.requested_by & !agent_bit(r.agent) == 0)
}

fn no_deadlock(m: &RoutingModel, s: &State) -> bool {
    if m.quiescent(s) {
        return true;
    }
    m.any_enabled(s)
}

// ---- witnesses ----

fn quiescent_all_surfaced(m: &RoutingModel, s: &State) -> bool {
    m.quiescent(s) && !s.events.is_empty() && s.events.iter().all(|e| e.surfaced())
}

fn site_surfaced(m: &RoutingModel, s: &State, index: usize) -> bool {
    index < m.sites.len()
        && s.events
            .iter()
            .any(|e| usize::from(e.site) == index && e.surfaced())
}

fn site_enqueued(s: &State, index: usize) -> bool {
    s.events.iter().any(|e| usize::from(e.site) == index)
}
