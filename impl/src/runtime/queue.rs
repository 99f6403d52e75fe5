//! The system-event queue of one release (SPEC Q1–Q6, R12): events per key, FIFO, at
//! most `cap` per key with the oldest dropped, the release's duplicate rule, peek (copies),
//! selected consume by id, and drain.
//!
//! Keys: the queue keys an event by the key it is given, normalised by the release's own rule
//! (Q1: trimmed only, case-sensitive, so `global` is one queue shared by every agent, up to
//! 2026.7; Q4: the key must parse as an agent key and becomes `agent:<id>:<rest>`, 2026.8 on).
//! Owner qualification (Q3, Q5, Q6: `global` → `agent:<owner>:global` …) happens before, in
//! `routing::queue_key::queue_key_for_profile`, which the sites and the runner call; this
//! normalisation is idempotent on its output.

use std::collections::{BTreeMap, VecDeque};

use heartbeat_vocab::Profile;

use crate::routing::config::Scope;

use crate::error::RoutingResult;
use crate::generation::{QueueKeyRule, generation};
use crate::js;
use crate::routing::queue_key::{
    agent_qualified_queue_key, queue_key_for_profile, trimmed_queue_key,
};
use crate::runtime::error::GatewayError;
use crate::runtime::event::{EventId, Provenance, SystemEvent};
use crate::runtime::rules::{DuplicateRule, RuntimeRules};

/// Upstream's cap: 20 events per key.
pub const DEFAULT_QUEUE_CAP: usize = 20;

/// The bare key every agent shares under the mutation `shared-global-queue`.
const SHARED_GLOBAL: &str = "global";

/// The queue an event filed under `key` for `agent` lands in, and the queue a heartbeat of
/// `agent` resolving `key` peeks (Q rules, `queue_key_for_profile`). With `shared_global` (the
/// mutation `shared-global-queue`, SPEC CK4) the bare `global` key is the one queue of that
/// name whatever the profile, as it was up to 2026.7.
pub fn queue_key_of(
    profile: Profile,
    key: &str,
    agent: &str,
    main_key: Option<&str>,
    scope: Scope,
    shared_global: bool,
) -> RoutingResult<String> {
    if shared_global && js::trim(key) == SHARED_GLOBAL {
        return Ok(SHARED_GLOBAL.to_string());
    }
    queue_key_for_profile(profile, key, agent, main_key, scope)
}

/// What to enqueue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnqueueRequest {
    pub text: String,
    pub context_key: Option<String>,
    /// 2026.8+: replace the events of this context key (requires one).
    pub replace: bool,
    /// 2026.8+ receipts: bypass duplicate suppression.
    pub allow_duplicate: bool,
    pub provenance: Provenance,
    pub ts: u64,
}

impl EnqueueRequest {
    /// A plain request: no context key, no replace, duplicates suppressed.
    pub fn new(text: impl Into<String>, provenance: Provenance, ts: u64) -> EnqueueRequest {
        EnqueueRequest {
            text: text.into(),
            context_key: None,
            replace: false,
            allow_duplicate: false,
            provenance,
            ts,
        }
    }
}

/// What an enqueue did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Enqueued {
    /// Queued under `key` with `id`; `dropped` are the oldest events pushed out by the cap, and
    /// `replaced` the events a `replace` removed.
    Accepted {
        id: EventId,
        key: String,
        dropped: Vec<SystemEvent>,
        replaced: Vec<SystemEvent>,
    },
    /// Suppressed by the duplicate rule (upstream returns false).
    Duplicate,
    /// A blank text is not queued (upstream returns false).
    Blank,
}

/// The events of one key and the state its duplicate rule needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct KeyQueue {
    events: VecDeque<SystemEvent>,
    /// ≤ 2026.5.7: the text the duplicate rule compares with.
    last_text: Option<String>,
    /// `isSystemEventContextChanged` compares with this.
    last_context_key: Option<String>,
}

/// Every queue of one gateway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemEventQueues {
    key_rule: QueueKeyRule,
    duplicates: DuplicateRule,
    cap: usize,
    queues: BTreeMap<String, KeyQueue>,
    next_id: EventId,
    /// The mutation `shared-global-queue`: the bare `global` key is a queue of its own.
    shared_global: bool,
}

/// `contextKey` normalisation: trimmed and lowercased, blank → none.
pub fn normalize_context_key(context_key: Option<&str>) -> Option<String> {
    context_key.map(js::trim_lower).filter(|k| !k.is_empty())
}

impl SystemEventQueues {
    /// The queues of `profile`'s release with `cap` events per key (upstream: 20).
    pub fn new(profile: Profile, cap: usize) -> SystemEventQueues {
        SystemEventQueues {
            key_rule: generation(profile).queue_key,
            duplicates: RuntimeRules::of(profile).duplicates,
            cap: cap.max(1),
            queues: BTreeMap::new(),
            next_id: 1,
            shared_global: false,
        }
    }

    /// These queues with the bare `global` key as one queue every agent shares, whatever the
    /// release's key rule (the mutation `shared-global-queue`, SPEC CK4).
    pub fn with_shared_global(mut self) -> SystemEventQueues {
        self.shared_global = true;
        self
    }

    /// The queue's own key normalisation (Q1 or Q4). Idempotent.
    pub fn normalize_key(&self, key: &str) -> RoutingResult<String> {
        if self.shared_global && js::trim(key) == SHARED_GLOBAL {
            return Ok(SHARED_GLOBAL.to_string());
        }
        match self.key_rule {
            QueueKeyRule::Trimmed => trimmed_queue_key(key),
            QueueKeyRule::AgentQualified | QueueKeyRule::AgentQualifiedSentinelsAliasMain => {
                agent_qualified_queue_key(key)
            }
        }
    }

    /// Takes an id without queueing anything (for an event a site refused, so that every event
    /// the gateway saw has an id).
    pub fn allocate_id(&mut self) -> EventId {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    pub fn cap(&self) -> usize {
        self.cap
    }

    /// Enqueues under `key` (normalised first).
    pub fn enqueue(&mut self, key: &str, req: EnqueueRequest) -> Result<Enqueued, GatewayError> {
        let key = self.normalize_key(key)?;
        let text = js::trim(&req.text).to_string();
        let context_key = normalize_context_key(req.context_key.as_deref());
        if req.replace
            && context_key.is_none()
            && self.duplicates == DuplicateRule::IdentityWithReplace
        {
            return Err(GatewayError::ReplaceNeedsContextKey);
        }
        if text.is_empty() {
            return Ok(Enqueued::Blank);
        }
        let rule = self.duplicates;
        let q = self.queues.entry(key.clone()).or_default();
        // 2026.5.7 overwrites lastContextKey on every enqueue, suppressed or not (even with
        // none); later releases only with a key.
        if rule == DuplicateRule::LastText || context_key.is_some() {
            q.last_context_key.clone_from(&context_key);
        }
        let same = |e: &SystemEvent| e.text == text && e.context_key == context_key;
        let mut replaced = Vec::new();
        if rule == DuplicateRule::IdentityWithReplace && req.replace {
            let matching = q
                .events
                .iter()
                .filter(|e| e.context_key == context_key)
                .count();
            if matching == 1 && q.events.iter().any(same) {
                return Ok(Enqueued::Duplicate);
            }
            let (gone, kept): (VecDeque<_>, VecDeque<_>) = std::mem::take(&mut q.events)
                .into_iter()
                .partition(|e| e.context_key == context_key);
            q.events = kept;
            replaced = gone.into();
        } else if !req.allow_duplicate || rule != DuplicateRule::IdentityWithReplace {
            let duplicate = match rule {
                DuplicateRule::LastText => q.last_text.as_deref() == Some(text.as_str()),
                DuplicateRule::Identity | DuplicateRule::IdentityWithReplace => {
                    if context_key.is_some() {
                        q.events.iter().any(same)
                    } else {
                        q.events.back().is_some_and(same)
                    }
                }
            };
            if duplicate {
                return Ok(Enqueued::Duplicate);
            }
        }
        let id = self.next_id;
        self.next_id += 1;
        q.last_text = Some(text.clone());
        q.events.push_back(SystemEvent {
            id,
            text,
            ts: req.ts,
            context_key,
            provenance: req.provenance,
        });
        let mut dropped = Vec::new();
        while q.events.len() > self.cap {
            dropped.extend(q.events.pop_front());
        }
        Ok(Enqueued::Accepted {
            id,
            key,
            dropped,
            replaced,
        })
    }

    /// Copies of the events under `key`, oldest first.
    pub fn peek(&self, key: &str) -> Vec<SystemEvent> {
        self.normalize_key(key)
            .ok()
            .and_then(|k| self.queues.get(&k))
            .map(|q| q.events.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// Removes the events of `key` whose ids are in `ids` (selected consume; by id as 2026.8
    /// does, which is 2026.5's structural match for distinct events) and returns them.
    pub fn consume_selected(&mut self, key: &str, ids: &[EventId]) -> Vec<SystemEvent> {
        self.remove_where(key, |e| ids.contains(&e.id))
    }

    /// Removes and returns every event of `key` that `pred` selects, keeping the others' order.
    pub fn remove_where(
        &mut self,
        key: &str,
        pred: impl Fn(&SystemEvent) -> bool,
    ) -> Vec<SystemEvent> {
        let Ok(key) = self.normalize_key(key) else {
            return Vec::new();
        };
        let rule = self.duplicates;
        let Some(q) = self.queues.get_mut(&key) else {
            return Vec::new();
        };
        let (taken, kept): (VecDeque<_>, VecDeque<_>) =
            std::mem::take(&mut q.events).into_iter().partition(&pred);
        q.events = kept;
        if !taken.is_empty() {
            // After a consume the duplicate state follows the newest remaining event.
            q.last_text = q.events.back().map(|e| e.text.clone());
            q.last_context_key = match rule {
                DuplicateRule::LastText => q.events.back().and_then(|e| e.context_key.clone()),
                _ => q.events.iter().rev().find_map(|e| e.context_key.clone()),
            };
        }
        if q.events.is_empty() && q.last_text.is_none() && q.last_context_key.is_none() {
            self.queues.remove(&key);
        }
        taken.into()
    }

    /// Removes and returns every event of `key`, and forgets its duplicate state.
    pub fn drain(&mut self, key: &str) -> Vec<SystemEvent> {
        let Ok(key) = self.normalize_key(key) else {
            return Vec::new();
        };
        self.queues
            .remove(&key)
            .map(|q| q.events.into())
            .unwrap_or_default()
    }

    /// `isSystemEventContextChanged(key, contextKey)`.
    pub fn is_context_changed(&self, key: &str, context_key: Option<&str>) -> bool {
        let last = self
            .normalize_key(key)
            .ok()
            .and_then(|k| self.queues.get(&k))
            .and_then(|q| q.last_context_key.clone());
        normalize_context_key(context_key) != last
    }

    /// Drops every queue whose key `retire` selects (a deleted session), returning its events.
    pub fn retire(&mut self, retire: impl Fn(&str) -> bool) -> Vec<SystemEvent> {
        let keys: Vec<String> = self.queues.keys().filter(|k| retire(k)).cloned().collect();
        keys.into_iter()
            .flat_map(|k| self.queues.remove(&k).map(|q| q.events).unwrap_or_default())
            .collect()
    }

    /// Drops everything (a restart: the queues are in memory), returning the events.
    pub fn clear(&mut self) -> Vec<SystemEvent> {
        std::mem::take(&mut self.queues)
            .into_values()
            .flat_map(|q| q.events)
            .collect()
    }

    /// Every non-empty queue, by key, with its events oldest first.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &VecDeque<SystemEvent>)> {
        self.queues
            .iter()
            .filter(|(_, q)| !q.events.is_empty())
            .map(|(k, q)| (k.as_str(), &q.events))
    }

    /// The number of queued events, over every key.
    pub fn len(&self) -> usize {
        self.queues.values().map(|q| q.events.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
