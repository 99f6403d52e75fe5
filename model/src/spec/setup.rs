//! Setting the model up: what one profile in one configuration has (agents, sites, the origins
//! each site fires from, the sessions users send turns in), where a site's events and wakes go,
//! and the initial states. `model.rs` says what happens; this file says with what.

use std::cell::RefCell;

use crate::config::{AgentId, Config, Heartbeats};
use crate::mutation::Mutation;
use crate::origin::OriginKind;
use crate::profile::Profile;
use crate::routing::{Queue, Router, Session, WakeTarget};
use crate::site::{
    EventClass, KeyPolicy, Site, SiteExt, SiteTable, WakeKind, WakePolicy, WakeSpecExt,
};
use crate::spec::action::Action;
use crate::spec::state::{Guard, MAX_EVENTS, PerAgent, State};
use smallvec::smallvec;

/// The routing layer of one profile in one configuration, as a stateright [`Model`].
#[derive(Debug, Clone)]
pub struct RoutingModel {
    pub profile: Profile,
    pub config: Config,
    /// The sites that fire in this configuration, in the order `Action::Enqueue` indexes them.
    pub sites: Vec<Site>,
    pub(crate) router: Router,
    /// Per site: the origins it may fire from in this configuration.
    pub(crate) site_origins: Vec<Vec<OriginKind>>,
    /// Per agent: the sessions a user may send a turn in.
    pub(crate) user_sessions: Vec<Vec<Session>>,
}

/// The most sites one model checks at once (each has its witnesses, and they are numbered).
pub const MAX_SITES: usize = 8;

impl RoutingModel {
    /// Builds the model of `profile` in `config`, with the sites named by the configuration
    /// taken from `table`.
    pub fn new(
        profile: Profile,
        config: Config,
        table: &SiteTable,
    ) -> Result<RoutingModel, String> {
        config.validate()?;
        let sites = table.select(&config.sites)?;
        if sites.len() > MAX_SITES {
            return Err(format!(
                "{} sites in one configuration; the model checks at most {MAX_SITES} at once",
                sites.len(),
            ));
        }
        let bounds = config.bounds;
        let most_events = usize::from(config.agents)
            * usize::from(bounds.origins_per_agent)
            * usize::from(bounds.events_per_origin)
            * sites.len();
        if most_events > MAX_EVENTS {
            return Err(format!(
                "agents x origins per agent x events per origin x sites = {most_events} events, more than the model's {MAX_EVENTS}"
            ));
        }
        let site_origins: Vec<Vec<OriginKind>> = sites
            .iter()
            .map(|s| {
                s.origins
                    .iter()
                    .copied()
                    .filter(|o| o.exists_under(config.scope))
                    .filter(|o| config.origins.is_empty() || config.origins.contains(o))
                    .collect()
            })
            .collect();
        if site_origins.iter().all(Vec::is_empty) {
            return Err(format!(
                "no site can fire: the origins {:?} do not exist under scope {} for sites {}",
                config.origins,
                config.scope.name(),
                config.sites.join(", ")
            ));
        }
        let router = Router::new(profile, &config);
        let user_sessions = (0..config.agents)
            .map(|a| {
                let mut kinds = vec![OriginKind::Main];
                for o in [OriginKind::Dm, OriginKind::Group] {
                    if site_origins.iter().any(|os| os.contains(&o)) {
                        kinds.push(o);
                    }
                }
                let mut sessions: Vec<Session> = kinds
                    .into_iter()
                    .map(|o| router.origin_session(a, o))
                    .collect();
                sessions.dedup();
                sessions
            })
            .collect();
        Ok(RoutingModel {
            profile,
            config,
            sites,
            router,
            site_origins,
            user_sessions,
        })
    }

    /// The initial states: each heartbeat agent either never ran or ran recently, because the
    /// gateway may have been up for a while before the first event (SPEC A4).
    pub fn initial_states(&self) -> Vec<State> {
        let agents = usize::from(self.config.agents);
        let ticks = self.config.bounds.interval_ticks;
        let heartbeat_agents: Vec<usize> =
            (0..agents).filter(|a| self.heartbeat(*a as u8)).collect();
        (0..1u32 << heartbeat_agents.len())
            .map(|mask| {
                let mut guards: PerAgent<Guard> = smallvec![Guard::NeverRan; agents];
                let mut ticks_left: PerAgent<u8> = smallvec![0; agents];
                for (bit, a) in heartbeat_agents.iter().enumerate() {
                    if mask & (1 << bit) != 0 {
                        guards[*a] = Guard::Recent;
                    }
                    ticks_left[*a] = ticks;
                }
                State {
                    events: Default::default(),
                    pending: Default::default(),
                    runs: Default::default(),
                    guards,
                    ticks_left,
                    reaped: 0,
                    restarts: 0,
                    throws: 0,
                    failures: 0,
                    seen: 0,
                    reported: 0,
                }
            })
            .collect()
    }

    /// Every step that might be enabled in `s`, in `Model::actions` order: each action for each
    /// site, agent, origin and class, pending wake, run, heartbeat agent and user session, before
    /// its enabled condition is asked.
    pub fn candidates(&self, s: &State) -> Vec<Action> {
        let mut actions = Vec::new();
        self.push_candidates(s, &mut actions);
        actions
    }

    /// Calls `f` with [`RoutingModel::candidates`] of `s`, in a list the thread reuses: the
    /// checker asks for them in every state, and a fresh list each time cost a tenth of its
    /// time. (A nested call, which nothing makes today, gets a list of its own.)
    pub fn with_candidates<R>(&self, s: &State, f: impl FnOnce(&[Action]) -> R) -> R {
        thread_local! {
            static SCRATCH: RefCell<Vec<Action>> = const { RefCell::new(Vec::new()) };
        }
        SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
            Ok(mut list) => {
                list.clear();
                self.push_candidates(s, &mut list);
                f(&list)
            }
            Err(_) => f(&self.candidates(s)),
        })
    }

    /// [`RoutingModel::candidates`], appended to `actions`.
    fn push_candidates(&self, s: &State, actions: &mut Vec<Action>) {
        for (index, site) in self.sites.iter().enumerate() {
            for agent in self.agents() {
                for &origin in &self.site_origins[index] {
                    for class in site.classes() {
                        let site = index as u8;
                        actions.push(Action::Enqueue {
                            site,
                            agent,
                            origin,
                            class,
                        });
                    }
                }
            }
        }
        for p in &s.pending {
            actions.extend([Action::FireWake(p.target), Action::HandlerThrows(p.target)]);
        }
        for r in &s.runs {
            let agent = r.agent;
            let fail = |replied| Action::FailRun { agent, replied };
            actions.extend([Action::FinishRun { agent }, fail(false), fail(true)]);
        }
        for agent in self.agents().filter(|a| self.can_run(*a)) {
            actions.push(Action::TimePasses { agent });
            if self.heartbeat(agent) {
                actions.push(Action::IntervalTick { agent });
            }
        }
        for agent in self.agents() {
            for &session in self.user_sessions(agent) {
                actions.push(Action::UserTurn { agent, session });
            }
        }
        actions.extend(self.agents().map(|agent| Action::Reap { agent }));
        actions.push(Action::Restart);
    }

    pub fn router(&self) -> Router {
        self.router
    }

    /// The agents, by index.
    pub fn agents(&self) -> impl Iterator<Item = AgentId> + use<> {
        0..self.config.agents
    }

    /// Does `agent` run a heartbeat?
    pub fn heartbeat(&self, agent: AgentId) -> bool {
        self.config.heartbeats.enabled(agent)
    }

    /// Can a run of `agent` start at all: it has a heartbeat, or a targeted wake runs it
    /// anyway (2026.9.6, SPEC H9)?
    pub fn can_run(&self, agent: AgentId) -> bool {
        self.heartbeat(agent) || self.router.runs_targeted_without_heartbeat()
    }

    /// Per site (in `Action::Enqueue` order): the origins it may fire from here.
    pub fn site_origins(&self) -> &[Vec<OriginKind>] {
        &self.site_origins
    }

    /// The sessions a user of `agent` may send a turn in.
    pub fn user_sessions(&self, agent: AgentId) -> &[Session] {
        &self.user_sessions[usize::from(agent)]
    }

    /// The origins the configuration's sites fire from, each once, in [`OriginKind::ALL`] order.
    pub fn effective_origins(&self) -> Vec<OriginKind> {
        OriginKind::ALL
            .into_iter()
            .filter(|o| self.site_origins.iter().any(|os| os.contains(o)))
            .collect()
    }

    /// Can some user turn drain some site's event? Only then is the `user-turn-drained`
    /// witness meaningful (an event in a cron-run queue is never in a user's session).
    pub fn user_turns_can_drain(&self) -> bool {
        self.config.bounds.user_turns
            && self
                .sites
                .iter()
                .zip(&self.site_origins)
                .any(|(site, origins)| {
                    site.classes().any(|c| c == EventClass::Other)
                        && origins.iter().any(|&o| {
                            let q = self.site_queue(site, 0, o);
                            self.user_sessions[0]
                                .iter()
                                .any(|&s| self.user_turn_queue(0, s) == q)
                        })
                })
    }

    /// Is the default agent distinguishable from the others? It is when only it runs a
    /// heartbeat, or when a wake can carry the bare `global` key without an agent id (up to
    /// 2026.5.12 such a wake runs agent `main`). Otherwise every agent is interchangeable.
    pub fn default_agent_is_special(&self) -> bool {
        if self.config.heartbeats == Heartbeats::DefaultOnly {
            return true;
        }
        self.sites
            .iter()
            .zip(&self.site_origins)
            .any(|(site, origins)| {
                origins.iter().any(|&o| {
                    self.site_wake(site, 1.min(self.config.agents - 1), o)
                        .is_some_and(|t| t.agent.is_none() && t.session == Some(Session::Global))
                })
            })
    }

    /// The wake a site requests for an event from `origin` of `agent`, if any (SPEC W1 to W7).
    pub fn site_wake(&self, site: &Site, agent: AgentId, origin: OriginKind) -> Option<WakeTarget> {
        if site.wake.skipped(self.profile, origin) {
            return None;
        }
        if self.router.mutated(Mutation::UntargetedWakes) {
            return Some(WakeTarget::UNTARGETED);
        }
        // The reference's own wake policy where the table gives one (SPEC W10).
        Some(match site.wake_policy(self.profile) {
            WakePolicy::Scoped => self.router.scoped_wake(agent, origin),
            WakePolicy::SessionKey => self.router.session_key_wake(agent, origin),
            WakePolicy::AgentMain => self.router.agent_main_wake(agent),
            WakePolicy::None => unreachable!("skipped() is true for policy none"),
        })
    }

    /// The queue a site enqueues an event from `origin` of `agent` in (SPEC E1 to E6, Q1 to Q3).
    pub fn site_queue(&self, site: &Site, agent: AgentId, origin: OriginKind) -> Queue {
        // The reference's own key policy where the table gives one (SPEC E10).
        let session = match site.key_policy(self.profile) {
            KeyPolicy::EventRoute => self.router.event_session(agent, origin),
            KeyPolicy::Raw => self.router.origin_session(agent, origin),
            KeyPolicy::AgentMain => self.router.agent_main_session(agent),
        };
        self.router.queue_of(session, agent)
    }

    /// The queue a user turn of `agent` in `session` drains.
    pub fn user_turn_queue(&self, agent: AgentId, session: Session) -> Queue {
        self.router.queue_of(session, agent)
    }

    /// Can the events or wakes of sites `i` and `j` (indices into [`RoutingModel::sites`])
    /// meet in this configuration (SPEC S3)? They meet when, for some agents and origins the
    /// two fire from here, an event of each lands in the same queue, or their wakes have the
    /// same target (one pending slot: the newer wake's kind wins, R1, R2), or the heartbeat one
    /// site's wake starts peeks the queue of the other's event (it decides what of that event
    /// is inspected, R3). Otherwise the two are checked apart: a model of both shows nothing
    /// that the models of each alone do not (they share only the run lock and the guard, whose
    /// effects each site's own model already reaches through interval ticks).
    pub fn sites_meet(&self, i: usize, j: usize) -> bool {
        let (a, b) = (&self.sites[i], &self.sites[j]);
        let peeks = |t: Option<WakeTarget>, q: Queue| {
            t.is_some_and(|t| {
                self.wake_agents(t).into_iter().any(|x| {
                    self.router
                        .heartbeat_queue(x, self.router.heartbeat_session(x, t.session))
                        == q
                })
            })
        };
        self.agents().any(|x| {
            self.agents().any(|y| {
                self.site_origins[i].iter().any(|&oa| {
                    self.site_origins[j].iter().any(|&ob| {
                        let (qa, qb) = (self.site_queue(a, x, oa), self.site_queue(b, y, ob));
                        let (wa, wb) = (self.site_wake(a, x, oa), self.site_wake(b, y, ob));
                        qa == qb || (wa.is_some() && wa == wb) || peeks(wa, qb) || peeks(wb, qa)
                    })
                })
            })
        })
    }

    /// The agents whose heartbeat a wake runs: its agent (if it can run, H9), or every
    /// heartbeat agent; none where the wake is dropped outside the active hours (H12).
    fn wake_agents(&self, target: WakeTarget) -> Vec<AgentId> {
        match self.router.wake_agent(target) {
            Some(a) if self.can_run(a) => vec![a],
            Some(_) => vec![],
            None => self.agents().filter(|a| self.heartbeat(*a)).collect(),
        }
        .into_iter()
        .filter(|a| !self.router.quiet_hours_drop(*a))
        .collect()
    }

    /// Does the heartbeat that `target` starts peek `queue` and inspect `class` (SPEC I7)?
    pub fn wake_drains(
        &self,
        target: Option<WakeTarget>,
        kind: WakeKind,
        queue: Queue,
        class: EventClass,
    ) -> bool {
        let Some(target) = target else { return false };
        let inspects = |b| {
            if class == EventClass::Other {
                !self.router.isolated_run_skips_generic_events(b)
            } else {
                kind.inspects_exec()
            }
        };
        self.wake_agents(target).into_iter().any(|b| {
            inspects(b) && {
                let session = self.router.heartbeat_session(b, target.session);
                self.router.heartbeat_queue(b, session) == queue
            }
        })
    }
}
