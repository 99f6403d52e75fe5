//! Traces for people and machines: numbered named steps with the queues after each.

use std::fmt::Write;

use serde::{Deserialize, Serialize};

use crate::checker::display;
use crate::checker::search::Path;
use crate::spec::action::Action;
use crate::spec::setup::RoutingModel;
use crate::spec::state::State;

/// One step of a trace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceStep {
    /// 1-based step number.
    pub step: usize,
    /// What happened, in the gateway's words.
    pub action: String,
    /// The action as data, for replay (named, never an index).
    pub named: Action,
    /// What the step did, when the action's name does not say it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// Non-empty queues after the step: `key: [e1 e2]`.
    pub queues: Vec<String>,
}

/// A counterexample or witness path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trace {
    /// The initial state, described.
    pub init: String,
    /// The initial state as data.
    pub init_state: State,
    pub steps: Vec<TraceStep>,
    /// The final state, described (events with their status, wakes, runs, guards).
    pub last: String,
}

impl Trace {
    pub fn from_path(model: &RoutingModel, path: &Path) -> Trace {
        let mut before = &path.init;
        let mut steps = Vec::with_capacity(path.steps.len());
        for (n, (action, state)) in path.steps.iter().enumerate() {
            steps.push(TraceStep {
                step: n + 1,
                action: display::action(model, action),
                named: *action,
                outcome: display::outcome(model, before, action, state),
                queues: display::queues(model, state),
            });
            before = state;
        }
        Trace {
            init: display::state(model, &path.init),
            init_state: path.init.clone(),
            steps,
            last: display::state(model, path.last_state()),
        }
    }

    /// The named actions, for replay.
    pub fn actions(&self) -> Vec<Action> {
        self.steps.iter().map(|s| s.named).collect()
    }

    /// A numbered table: step, action, queues after the step; then the final state.
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "  initial state:");
        for line in self.init.lines() {
            let _ = writeln!(out, "    {line}");
        }
        for step in &self.steps {
            let _ = writeln!(out, "  {:>2}. {}", step.step, step.action);
            if let Some(outcome) = &step.outcome {
                let _ = writeln!(out, "      -> {outcome}");
            }
            let queues = if step.queues.is_empty() {
                "all empty".to_string()
            } else {
                step.queues.join("; ")
            };
            let _ = writeln!(out, "      queues: {queues}");
        }
        let _ = writeln!(out, "  final state:");
        for line in self.last.lines() {
            let _ = writeln!(out, "    {line}");
        }
        out
    }

    /// A Mermaid sequence diagram of the trace (renders on GitHub).
    pub fn render_mermaid(&self) -> String {
        let mut out = String::from(
            "sequenceDiagram\n    participant Site\n    participant Queue\n    participant Wake\n    participant Heartbeat\n",
        );
        for step in &self.steps {
            let (from, to) = match step.named {
                Action::Enqueue { .. } => ("Site", "Queue"),
                Action::FireWake(_) | Action::HandlerThrows(_) => ("Wake", "Heartbeat"),
                Action::FinishRun { .. } | Action::FailRun { .. } | Action::IntervalTick { .. } => {
                    ("Heartbeat", "Queue")
                }
                Action::UserTurn { .. } => ("Queue", "Heartbeat"),
                Action::TimePasses { .. } | Action::Reap { .. } | Action::Restart => {
                    ("Wake", "Wake")
                }
            };
            let text = step.action.replace([';', '#'], ",");
            let _ = writeln!(out, "    {from}->>{to}: {}. {text}", step.step);
            if !step.queues.is_empty() {
                let _ = writeln!(
                    out,
                    "    Note over Queue: {}",
                    step.queues.join(", ").replace([';', '#'], ",")
                );
            }
        }
        out
    }
}
