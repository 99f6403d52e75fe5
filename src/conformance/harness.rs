//! The conformance driver: the model and a gateway in lockstep. Each model action is turned
//! into the gateway operation it stands for (SPEC §11), applied to both, and the abstraction of
//! the gateway's state must then equal the model's state — after every step.

use std::fmt;
use std::sync::Arc;

use heartbeat_model::action::Action;
use heartbeat_model::config::Config;
use heartbeat_model::display;
use heartbeat_model::mutation::Mutation;
use heartbeat_model::routing::{Session, SessionKind, WakeTarget};
use heartbeat_model::state::{Guard, State};
use heartbeat_model::{RoutingModel, Scope, SiteTable};
use heartbeat_routing::routing::config::Scope as GatewayScope;
use heartbeat_routing::runtime::{
    AgentOptions, Gateway, GatewayError, GatewayOptions, GatewayState, ManualClock, Operation,
    Outcome,
};
use stateright::Model;

use crate::conformance::abstraction::{Abstraction, abstract_state};
use crate::conformance::concretize::{event_text, origin_key, session_key};

/// Where the model and the gateway part ways.
#[derive(Debug, Clone)]
pub struct Mismatch {
    /// The configuration, as the model prints it.
    pub config: String,
    /// The actions applied before, as named actions.
    pub path: Vec<Action>,
    /// What went wrong, in words.
    pub what: String,
    pub expected: Option<Box<State>>,
    pub actual: Option<Box<State>>,
    /// The two states rendered (model words), when both exist.
    pub detail: String,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "runtime and model disagree in {}", self.config)?;
        writeln!(f, "  {}", self.what)?;
        writeln!(f, "  after {} step(s):", self.path.len())?;
        for (i, a) in self.path.iter().enumerate() {
            writeln!(f, "    {:>2}. {a:?}", i + 1)?;
        }
        write!(f, "{}", self.detail)
    }
}

impl std::error::Error for Mismatch {}

/// How to build the gateway for a model.
#[derive(Debug, Clone, Default)]
pub struct HarnessOptions {
    /// The spelling of `session.mainKey` given to the gateway (it normalises it). `None`: the
    /// model's own `main` / `work`.
    pub main_key: Option<String>,
    /// The decision the gateway breaks on purpose (SPEC CK4): a mutation by the model's name,
    /// applied by the runtime in its own code. The model is not told: a mutated gateway must
    /// fail the comparison with an unmutated model.
    pub mutation: Option<Mutation>,
    /// Keep a copy of the gateway's state after every step, for [`Harness::render_trace`].
    pub record: bool,
}

/// The maintainers' switch: a mutation's name here breaks that decision in every gateway the
/// conformance replays ([`every_path`](crate::conformance::every_path),
/// [`replay`](crate::conformance::replay)) build whose options name none, so that the whole
/// suite can be seen failing (`HEARTBEAT_SPEC_MUTATE=drop-cron-run-remap cargo test --test
/// conformance conformance_exhaustive::`, SPEC CK4). Nothing else reads it: `vectors export` never mutates.
pub const MUTATION_ENV: &str = "HEARTBEAT_SPEC_MUTATE";

/// The mutation [`MUTATION_ENV`] names: none when unset, empty or `off`. Any other value that
/// is not a mutation's name is a mistake in a test command line, so it stops the test and lists
/// the names.
pub fn mutation_from_env() -> Option<Mutation> {
    match std::env::var(MUTATION_ENV).as_deref() {
        Err(_) | Ok("") | Ok("off") => None,
        Ok(name) => Some(
            name.parse()
                .unwrap_or_else(|e| panic!("{MUTATION_ENV}={name:?}: {e}")),
        ),
    }
}

impl HarnessOptions {
    /// These options, with the mutation [`MUTATION_ENV`] names if they name none.
    pub fn or_env_mutation(&self) -> HarnessOptions {
        HarnessOptions {
            mutation: self.mutation.or_else(mutation_from_env),
            ..self.clone()
        }
    }
}

/// The model and the gateway, one step at a time.
pub struct Harness {
    model: Arc<RoutingModel>,
    main_key: String,
    clock: Arc<ManualClock>,
    gateway: Gateway,
    state: State,
    path: Vec<Action>,
    texts: u32,
    /// With `record`: the gateway's state at the start and after each step.
    recorded: Option<Vec<GatewayState>>,
}

/// Start time of every harness gateway; each step moves the clock by one second.
const START_MS: u64 = 1_000_000;
const STEP_MS: u64 = 1_000;

/// The gateway options for `model` starting in `init`.
pub fn gateway_options(model: &RoutingModel, init: &State, main_key: &str) -> GatewayOptions {
    let c = &model.config;
    let agents: Vec<AgentOptions> = (0..c.agents)
        .map(|a| AgentOptions {
            id: Config::agent_name(a).to_string(),
            heartbeat: c.heartbeats.enabled(a),
            setting: c.heartbeat,
            ran_recently: init.guards[usize::from(a)] == Guard::Recent,
        })
        .collect();
    let mut options = GatewayOptions::new(
        model.profile,
        match c.scope {
            Scope::PerSender => GatewayScope::PerSender,
            Scope::Global => GatewayScope::Global,
        },
        Some(main_key),
        &[],
    );
    options.agents = agents;
    options.queue_cap = usize::from(c.faults.queue_cap);
    options.sites = SiteTable {
        sites: model.sites.clone(),
        excluded: Vec::new(),
    };
    options
}

impl Harness {
    /// A gateway for `model` in the initial state `init`, checked against it.
    pub fn new(
        model: Arc<RoutingModel>,
        init: &State,
        options: &HarnessOptions,
    ) -> Result<Harness, Mismatch> {
        let main_key = options
            .main_key
            .clone()
            .unwrap_or_else(|| model.config.main_key.key().to_string());
        let mut gw_options = gateway_options(&model, init, &main_key);
        gw_options.journal = options.record;
        gw_options.mutation = options.mutation;
        let clock = Arc::new(ManualClock::new(START_MS));
        let gateway = Gateway::new(&gw_options, clock.clone()).map_err(|e| Mismatch {
            config: model.config.to_string(),
            path: Vec::new(),
            what: format!("the gateway refused the configuration: {e}"),
            expected: None,
            actual: None,
            detail: String::new(),
        })?;
        let recorded = options.record.then(|| vec![gateway.snapshot()]);
        let h = Harness {
            model,
            main_key,
            clock,
            gateway,
            state: init.clone(),
            path: Vec::new(),
            texts: 0,
            recorded,
        };
        h.compare("initial state")?;
        Ok(h)
    }

    pub fn model(&self) -> &RoutingModel {
        &self.model
    }

    pub fn state(&self) -> &State {
        &self.state
    }

    pub fn gateway(&self) -> &Gateway {
        &self.gateway
    }

    pub fn path(&self) -> &[Action] {
        &self.path
    }

    /// The actions the model enables now.
    pub fn enabled(&self) -> Vec<Action> {
        let mut actions = Vec::new();
        self.model.actions(&self.state, &mut actions);
        actions
    }

    /// An independent copy (the gateway's state is copied; it gets its own clock).
    pub fn fork(&self) -> Harness {
        let clock = Arc::new(ManualClock::new(self.clock_now()));
        Harness {
            model: Arc::clone(&self.model),
            main_key: self.main_key.clone(),
            gateway: self.gateway.fork(clock.clone()),
            clock,
            state: self.state.clone(),
            path: self.path.clone(),
            texts: self.texts,
            recorded: self.recorded.clone(),
        }
    }

    /// The concrete trace so far (with `record`): each operation, its outcome, and the
    /// gateway's queues, wakes and runs after it, in real keys.
    pub fn render_trace(&self) -> String {
        let Some(states) = &self.recorded else {
            return String::from("(not recorded)\n");
        };
        let journal = self.gateway.journal();
        let steps: Vec<_> = journal
            .into_iter()
            .zip(states[1..].iter().cloned())
            .collect();
        crate::conformance::render::trace(&states[0], &steps)
    }

    fn clock_now(&self) -> u64 {
        use heartbeat_routing::runtime::Clock;
        self.clock.now_ms()
    }

    fn mismatch(&self, what: String, actual: Option<State>) -> Mismatch {
        let m = &*self.model;
        let mut detail = format!(
            "  model state:\n{}\n",
            indent(&display::state(m, &self.state))
        );
        if let Some(a) = &actual {
            detail.push_str(&format!(
                "  runtime, abstracted:\n{}\n",
                indent(&display::state(m, a))
            ));
            detail.push_str(&differences(&self.state, a));
        }
        detail.push_str(&format!(
            "  runtime, concrete:\n{}",
            indent(&crate::conformance::render::gateway_state(
                &self.gateway.snapshot()
            ))
        ));
        Mismatch {
            config: format!("{} {}", m.profile, m.config),
            path: self.path.clone(),
            what,
            expected: Some(Box::new(self.state.clone())),
            actual: actual.map(Box::new),
            detail,
        }
    }

    /// α(gateway) == model state?
    fn compare(&self, when: &str) -> Result<(), Mismatch> {
        match self.gateway.inspect(|g| abstract_state(&self.model, g)) {
            Ok(actual) if actual == self.state => Ok(()),
            Ok(actual) => {
                Err(self.mismatch(format!("{when}: the abstract states differ"), Some(actual)))
            }
            Err(e) => Err(self.mismatch(format!("{when}: {e}"), None)),
        }
    }

    /// The concrete pending-wake target whose abstraction is `target`.
    fn concrete_target(&self, target: WakeTarget) -> Result<String, Mismatch> {
        let found = self.gateway.inspect(|g| {
            Abstraction::new(&self.model, g).map(|alpha| {
                g.scheduler()
                    .pending()
                    .filter(|p| alpha.target(&p.request).is_ok_and(|t| t == target))
                    .map(|p| p.target.clone())
                    .collect::<Vec<String>>()
            })
        });
        let found = found.map_err(|e| self.mismatch(e.to_string(), None))?;
        match found.as_slice() {
            [one] => Ok(one.clone()),
            _ => Err(self.mismatch(
                format!(
                    "the runtime has {} pending wake(s) for target {}",
                    found.len(),
                    target.label(self.model.config.main_key)
                ),
                None,
            )),
        }
    }

    /// The operation a model action stands for (SPEC §11).
    pub fn operation(&mut self, action: Action) -> Result<Operation, Mismatch> {
        let name = |a: u8| Config::agent_name(a).to_string();
        Ok(match action {
            Action::Enqueue {
                site,
                agent,
                origin,
                class,
            } => {
                self.texts += 1;
                let s = &self.model.sites[usize::from(site)];
                Operation::Enqueue {
                    site: s.name.clone(),
                    agent: name(agent),
                    origin_session_key: origin_key(&self.model, agent, origin, &self.main_key),
                    text: event_text(s, class, self.texts),
                }
            }
            Action::FireWake(t) => Operation::FireWake {
                target: self.concrete_target(t)?,
            },
            Action::HandlerThrows(t) => Operation::HandlerThrows {
                target: self.concrete_target(t)?,
            },
            Action::FinishRun { agent } => Operation::FinishRun { agent: name(agent) },
            Action::FailRun { agent, replied } => Operation::FailRun {
                agent: name(agent),
                replied,
            },
            Action::TimePasses { agent } => Operation::TimePasses { agent: name(agent) },
            Action::IntervalTick { agent } => Operation::IntervalTick { agent: name(agent) },
            Action::UserTurn { agent, session } => Operation::UserTurn {
                agent: name(agent),
                session_key: session_key(session, &self.main_key),
            },
            Action::Reap { agent } => Operation::Reap {
                session_key: session_key(
                    Session::Agent(agent, SessionKind::CronRun),
                    &self.main_key,
                ),
            },
            Action::Restart => Operation::Restart,
        })
    }

    /// Applies `action` to the model and its operation to the gateway, then compares.
    pub fn step(&mut self, action: Action) -> Result<Outcome, Mismatch> {
        if !self.enabled().contains(&action) {
            return Err(self.mismatch(format!("{action:?} is not enabled in the model"), None));
        }
        let op = self.operation(action)?;
        let next = self
            .model
            .next_state(&self.state, action)
            .expect("every enabled action has a successor");
        self.clock.advance(STEP_MS);
        let outcome = self.gateway.apply(op.clone());
        self.path.push(action);
        self.state = next;
        let outcome = match outcome {
            Ok(o) => o,
            Err(e) => return Err(self.refused(&op, e)),
        };
        if let Some(states) = &mut self.recorded {
            states.push(self.gateway.snapshot());
        }
        self.compare(&format!("after {}", display::action(&self.model, &action)))?;
        Ok(outcome)
    }

    fn refused(&self, op: &Operation, e: GatewayError) -> Mismatch {
        self.mismatch(format!("the gateway refused {op:?}: {e}"), None)
    }
}

fn indent(s: &str) -> String {
    s.lines().map(|l| format!("    {l}\n")).collect()
}

/// The parts of two states that differ, one line each.
fn differences(expected: &State, actual: &State) -> String {
    let mut out = String::from("  differences (model vs runtime):\n");
    let n = expected.events.len().max(actual.events.len());
    for i in 0..n {
        let (e, a) = (expected.events.get(i), actual.events.get(i));
        if e != a {
            out.push_str(&format!("    e{}: {e:?}\n     vs {a:?}\n", i + 1));
        }
    }
    macro_rules! field {
        ($f:ident) => {
            if expected.$f != actual.$f {
                out.push_str(&format!(
                    "    {}: {:?}\n     vs {:?}\n",
                    stringify!($f),
                    expected.$f,
                    actual.$f
                ));
            }
        };
    }
    field!(pending);
    field!(runs);
    field!(guards);
    field!(ticks_left);
    field!(reaped);
    field!(restarts);
    field!(throws);
    field!(failures);
    field!(seen);
    out
}
