//! What stateright's Explorer draws for a state: queue tables as SVG.
//!
//! The Explorer (`CheckerBuilder::serve`) shows, for the selected step, the SVG that
//! [`stateright::Model::as_svg`] returns for the path to it, and below it the text of
//! `format_step` (or the state's `Debug` for an initial state). [`svg`] draws the last state of
//! the path as tables a reader can scan: the invariants it violates, the queues with the events
//! they hold, every event with its status and the agents it was surfaced to, the pending wakes,
//! the heartbeat runs in flight and each agent's heartbeat guard. Words and keys are the ones
//! [`crate::checker::display`] uses in traces, so a trace and the page read alike.

use std::fmt::Write;
use std::net::SocketAddr;

use stateright::{Model, Path};

use crate::checker::checked::{Checked, Describe};
use crate::checker::display;
use crate::config::{AgentId, Config};
use crate::spec::action::Action;
use crate::spec::properties::{PropertyKind, specs};
use crate::spec::setup::RoutingModel;
use crate::spec::state::{Event, EventStatus, Guard, Loss, State, WakePhase};

/// Width of one character of the monospace font, and the height of a row, in pixels.
const FONT_SIZE: usize = 13;
const CHAR_W: usize = 8;
const ROW_H: usize = 20;
const PAD: usize = 8;
const CELL_PAD: usize = 10;
/// Lines longer than this many characters wrap (keeps the page beside the Explorer's menu).
const WRAP: usize = 100;
/// Events per line in a queue's cell.
const EVENTS_PER_LINE: usize = 3;

const TEXT: &str = "#e7ecef";
const TITLE: &str = "#f2e27a";
const HEADER: &str = "#bcd4e6";
const GRID: &str = "#4f7393";
const BAD: &str = "#ff8a80";
const GOOD: &str = "#a5d6a7";

/// The plain model as the Explorer shows it: steps in the gateway's words, states as text and
/// as queue tables.
impl Describe for RoutingModel {
    fn describe_action(&self, action: &Action) -> String {
        display::action(self, action)
    }

    fn describe_state(&self, state: &State) -> String {
        display::state(self, state)
    }

    fn svg(&self, path: &Path<State, Action>) -> Option<String> {
        Some(svg(self, path))
    }
}

/// The SVG the Explorer shows for the last state of `path`.
pub fn svg(model: &RoutingModel, path: &Path<State, Action>) -> String {
    let actions = path.clone().into_actions();
    let heading = match actions.last() {
        None => "initial state".to_string(),
        Some(a) => format!(
            "after step {}: {}",
            actions.len(),
            display::action(model, a)
        ),
    };
    render(model, &heading, path.last_state())
}

/// The Explorer's address of a path: `INIT/A1/A2/...`, the index of the initial state in
/// [`Model::init_states`] and then of each action in [`Model::actions`] of the state it leaves
/// (stateright's `Path::encode`, which the Explorer's `#/steps/...` links and `/.states/...`
/// requests use). An error says which step does not apply to `model`.
pub fn encode_path(
    model: &RoutingModel,
    init: &State,
    actions: &[Action],
) -> Result<String, String> {
    if !model.init_states().contains(init) {
        return Err("the initial state is not one of the model's initial states".into());
    }
    crate::checker::search::replay(model, init, actions)?;
    let path = Path::from_actions(model, init.clone(), actions)
        .ok_or("the path does not replay in the model")?;
    Ok(path.encode(model))
}

/// Serves stateright's Explorer for `model` on `address`, with the on-demand checker (states are
/// explored as the page asks for them, or all at once with its "Run to completion" button).
/// Returns only if the server stops; it panics if it cannot listen on `address`.
pub fn serve(model: RoutingModel, address: SocketAddr) {
    Checked::new(model).checker().serve(address);
}

/// The SVG for `state`, under a heading.
pub fn render(model: &RoutingModel, heading: &str, state: &State) -> String {
    let mut page = Page::default();
    page.line(
        &format!("{} {}", model.profile.name(), model.config),
        HEADER,
        false,
    );
    page.line(heading, TITLE, true);
    let violated: Vec<String> = specs(model)
        .into_iter()
        .filter(|p| p.kind == PropertyKind::Invariant && p.is_discovery(model, state))
        .map(|p| format!("VIOLATED here: {} ({}): {}", p.label, p.id, p.statement))
        .collect();
    if violated.is_empty() {
        page.line("every invariant holds in this state", GOOD, false);
    }
    for v in &violated {
        page.line(v, BAD, true);
    }
    page.gap();
    page.table(
        "Queues",
        &["queue", "holds (oldest first)"],
        queues(model, state),
    );
    page.table(
        "Events",
        &[
            "event",
            "class",
            "from (agent / session)",
            "site",
            "enqueued in",
            "status",
            "surfaced to",
        ],
        events(model, state),
    );
    page.table(
        "Pending wakes",
        &["target", "kind", "phase", "requested by"],
        wakes(model, state),
    );
    page.table(
        "Heartbeat runs in flight",
        &["agent", "session", "kind", "peeked queue", "inspecting"],
        runs(model, state),
    );
    page.table(
        "Heartbeat guards",
        &["agent", "guard", "interval ticks left", "cron-run session"],
        guards(model, state),
    );
    if state.restarts + state.throws + state.failures > 0 {
        page.line(
            &format!(
                "faults on this path: {} restart(s), {} handler throw(s), {} failed run(s)",
                state.restarts, state.throws, state.failures
            ),
            TEXT,
            false,
        );
    }
    page.finish()
}

/// A table cell: its lines and whether it shows something wrong.
struct Cell {
    lines: Vec<String>,
    bad: bool,
}

fn ok(text: impl Into<String>) -> Cell {
    cell(text, false)
}

fn cell(text: impl Into<String>, bad: bool) -> Cell {
    Cell {
        lines: vec![text.into()],
        bad,
    }
}

/// Splits `text` at spaces into lines of at most `width` characters (a longer word stays
/// whole); continuation lines are indented.
// Public for the tests only (model/tests/model/unit_checker_explorer_view.rs).
#[doc(hidden)]
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.trim().is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
            line.push_str("  ");
        } else if !line.is_empty() && !line.ends_with("  ") {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

fn agent(a: AgentId) -> &'static str {
    Config::agent_name(a)
}

fn agents(model: &RoutingModel, set: u8) -> Vec<&'static str> {
    (0..model.config.agents)
        .filter(|a| set & (1 << a) != 0)
        .map(agent)
        .collect()
}

fn event_ids(set: u32) -> String {
    let ids: Vec<String> = (0..32)
        .filter(|i| set & (1 << i) != 0)
        .map(|i| format!("e{}", i + 1))
        .collect();
    if ids.is_empty() {
        "nothing".into()
    } else {
        ids.join(" ")
    }
}

/// Every queue an event was enqueued in on this path, with what it holds now.
fn queues(model: &RoutingModel, s: &State) -> Vec<Vec<Cell>> {
    let mut qs: Vec<_> = s
        .events
        .iter()
        .filter(|e| e.status != EventStatus::Undeliverable)
        .map(|e| e.queue)
        .collect();
    qs.sort();
    qs.dedup();
    qs.into_iter()
        .map(|q| {
            let held: Vec<String> = s
                .queued_in(q)
                .map(|(i, e)| {
                    format!(
                        "e{} ({} {}, {})",
                        i + 1,
                        agent(e.agent),
                        e.origin.name(),
                        e.class.name()
                    )
                })
                .collect();
            let lines: Vec<String> = if held.is_empty() {
                vec!["(empty)".into()]
            } else {
                let count = held.chunks(EVENTS_PER_LINE).count();
                held.chunks(EVENTS_PER_LINE)
                    .enumerate()
                    .map(|(n, chunk)| {
                        let line = chunk.join(", ");
                        if n + 1 < count { line + "," } else { line }
                    })
                    .collect()
            };
            let owners: Vec<AgentId> = {
                let mut o: Vec<AgentId> = s.queued_in(q).map(|(_, e)| e.agent).collect();
                o.sort();
                o.dedup();
                o
            };
            vec![
                ok(display::queue(model, q)),
                Cell {
                    lines,
                    // Two agents' events waiting in one queue: whoever drains it sees both.
                    bad: owners.len() > 1,
                },
            ]
        })
        .collect()
}

fn status(e: &Event) -> &'static str {
    match e.status {
        EventStatus::Queued => "queued",
        EventStatus::Consumed => "consumed",
        EventStatus::Lost(Loss::Restart) => "lost (restart)",
        EventStatus::Lost(Loss::Cap) => "lost (cap)",
        EventStatus::Lost(Loss::Retired) => "lost (queue retired)",
        EventStatus::Undeliverable => "reported undeliverable",
    }
}

fn events(model: &RoutingModel, s: &State) -> Vec<Vec<Cell>> {
    let mk = model.config.main_key;
    let router = model.router();
    s.events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let shown = agents(model, e.shown_to);
            let wrong: Vec<&str> = agents(model, e.shown_to & !(1 << e.agent));
            let surfaced = if shown.is_empty() {
                "nobody".to_string()
            } else {
                let mut text = shown.join(", ");
                if e.times_shown > 1 {
                    text.push_str(" (twice)");
                }
                if !wrong.is_empty() {
                    let _ = write!(text, " (not {}!)", agent(e.agent));
                }
                text
            };
            let lost = matches!(
                e.status,
                EventStatus::Lost(_) | EventStatus::Consumed if !e.surfaced()
            );
            vec![
                ok(format!("e{}", i + 1)),
                ok(e.class.name()),
                ok(format!(
                    "{} / {}",
                    agent(e.agent),
                    router.origin_session(e.agent, e.origin).key(mk)
                )),
                ok(model.sites[usize::from(e.site)].name.clone()),
                cell(
                    if e.status == EventStatus::Undeliverable {
                        "-".into()
                    } else {
                        display::queue(model, e.queue)
                    },
                    !e.wake_drains && e.status != EventStatus::Undeliverable,
                ),
                cell(status(e), lost),
                cell(surfaced, !wrong.is_empty() || e.times_shown > 1),
            ]
        })
        .collect()
}

fn wakes(model: &RoutingModel, s: &State) -> Vec<Vec<Cell>> {
    let mk = model.config.main_key;
    s.pending
        .iter()
        .map(|p| {
            let phase = match p.phase {
                WakePhase::Ready => "ready",
                WakePhase::Retrying => "retry timer armed",
                WakePhase::Deferred => "deferred by guard, kept",
            };
            vec![
                ok(p.target.label(mk)),
                ok(p.kind.name()),
                ok(phase),
                ok(agents(model, p.requested_by).join(", ")),
            ]
        })
        .collect()
}

fn runs(model: &RoutingModel, s: &State) -> Vec<Vec<Cell>> {
    let mk = model.config.main_key;
    s.runs
        .iter()
        .map(|r| {
            vec![
                ok(agent(r.agent)),
                ok(r.session.key(mk)),
                ok(r.kind.name()),
                ok(display::queue(model, r.queue)),
                ok(event_ids(r.inspected)),
            ]
        })
        .collect()
}

fn guards(model: &RoutingModel, s: &State) -> Vec<Vec<Cell>> {
    (0..model.config.agents)
        .map(|a| {
            let i = usize::from(a);
            let heartbeat = model.config.heartbeats.enabled(a);
            let guard = if !heartbeat {
                "no heartbeat configured"
            } else {
                match s.guards[i] {
                    Guard::NeverRan => "never ran",
                    Guard::Recent => "ran recently (wakes defer)",
                    Guard::Due => "due",
                }
            };
            vec![
                ok(agent(a)),
                ok(guard),
                ok(if heartbeat {
                    s.ticks_left[i].to_string()
                } else {
                    "-".into()
                }),
                ok(if s.reaped & (1 << a) != 0 {
                    "reaped"
                } else {
                    "-"
                }),
            ]
        })
        .collect()
}

/// Escapes text for an SVG text node or attribute.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An SVG laid out top to bottom.
#[derive(Default)]
struct Page {
    body: String,
    y: usize,
    width: usize,
}

impl Page {
    fn text(&mut self, x: usize, y: usize, text: &str, fill: &str, bold: bool) {
        let _ = writeln!(
            self.body,
            "<text x='{x}' y='{y}' fill='{fill}'{}>{}</text>",
            if bold { " font-weight='bold'" } else { "" },
            escape(text)
        );
        self.width = self.width.max(x + text.chars().count() * CHAR_W + PAD);
    }

    /// A line of text across the page, wrapped at [`WRAP`] characters.
    fn line(&mut self, text: &str, fill: &str, bold: bool) {
        for line in wrap(text, WRAP) {
            self.y += ROW_H;
            let y = self.y;
            self.text(PAD, y - 5, &line, fill, bold);
        }
    }

    fn gap(&mut self) {
        self.y += ROW_H / 2;
    }

    fn table(&mut self, title: &str, headers: &[&str], rows: Vec<Vec<Cell>>) {
        self.line(title, TITLE, true);
        if rows.is_empty() {
            self.line("  none", TEXT, false);
            self.gap();
            return;
        }
        let widths: Vec<usize> = (0..headers.len())
            .map(|c| {
                rows.iter()
                    .flat_map(|r| r[c].lines.iter().map(|l| l.chars().count()))
                    .chain([headers[c].chars().count()])
                    .max()
                    .unwrap_or(0)
                    * CHAR_W
                    + 2 * CELL_PAD
            })
            .collect();
        let total: usize = widths.iter().sum();
        let mut xs = Vec::new();
        let mut x = PAD;
        for w in &widths {
            xs.push(x);
            x += w;
        }
        let top = self.y + 4;
        let heights: Vec<usize> = rows
            .iter()
            .map(|r| r.iter().map(|c| c.lines.len()).max().unwrap_or(1).max(1) * ROW_H)
            .collect();
        let bottom = top + ROW_H + heights.iter().sum::<usize>();
        let _ = writeln!(
            self.body,
            "<rect x='{PAD}' y='{top}' width='{total}' height='{}' fill='none' stroke='{GRID}'/>",
            bottom - top
        );
        let _ = writeln!(
            self.body,
            "<rect x='{PAD}' y='{top}' width='{total}' height='{ROW_H}' fill='{GRID}' fill-opacity='0.35'/>"
        );
        for (c, h) in headers.iter().enumerate() {
            self.text(xs[c] + CELL_PAD, top + ROW_H - 6, h, HEADER, true);
        }
        let mut row_top = top + ROW_H;
        for (row, height) in rows.iter().zip(&heights) {
            let _ = writeln!(
                self.body,
                "<line x1='{PAD}' x2='{}' y1='{row_top}' y2='{row_top}' stroke='{GRID}'/>",
                PAD + total,
            );
            for (c, cell) in row.iter().enumerate() {
                let fill = if cell.bad { BAD } else { TEXT };
                for (n, line) in cell.lines.iter().enumerate() {
                    let y = row_top + (n + 1) * ROW_H - 6;
                    self.text(xs[c] + CELL_PAD, y, line, fill, cell.bad);
                }
            }
            row_top += height;
        }
        for x in xs.iter().skip(1) {
            let _ = writeln!(
                self.body,
                "<line x1='{x}' x2='{x}' y1='{top}' y2='{bottom}' stroke='{GRID}'/>"
            );
        }
        self.y = bottom;
        self.width = self.width.max(PAD + total + PAD);
        self.gap();
    }

    fn finish(self) -> String {
        let height = self.y + PAD;
        format!(
            "<svg xmlns='http://www.w3.org/2000/svg' version='1.1' class='heartbeat-state' width='{w}' height='{height}' viewBox='0 0 {w} {height}' font-family='monospace' font-size='{FONT_SIZE}'>\n{}</svg>\n",
            self.body,
            w = self.width,
        )
    }
}
