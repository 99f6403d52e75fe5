//! `heartbeat-spec check`: the CI verifier. Sweeps profiles x configurations x sites x
//! origins, compares every verdict with its expectation, and exits 0 (as expected), 1 (a
//! verdict differs), 2 (bad usage or input) or 3 (a budget ran out: incomplete).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use clap::{Args, ValueEnum};
use heartbeat_model::config::{Bounds, Faults, Heartbeats, MainKey, Scope};
use heartbeat_model::origin::OriginKind;
use heartbeat_model::site::SiteTable;
use heartbeat_model::verify::expectations::Expectations;
use heartbeat_model::verify::matrix::{Matrix, SettingsSweep, SitePairs};
use heartbeat_model::verify::sweep::ModelReport;
use heartbeat_model::verify::sweep::{SweepOptions, SweepReport, Traces, build_models, sweep};
use heartbeat_model::verify::trace::Trace;
use heartbeat_model::verify::{Budget, CheckOptions, SearchMode, memory};
use heartbeat_model::{Profile, RoutingModel};
use heartbeat_spec::exit;
use heartbeat_spec::explore::link::{LinkOptions, link_to_trace};
use heartbeat_spec::report::json::JsonReport;
use heartbeat_spec::report::{junit, verdicts};

use super::eval::parse_profile;

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The verdict table, the findings and every unexpected verdict with its trace.
    Text,
    /// The machine-readable report (also `--json`).
    Json,
    /// JUnit XML for CI dashboards.
    Junit,
    /// Mermaid sequence diagrams of the traces asked for with `--trace` (and unexpected ones).
    Mermaid,
}

/// Search strategies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Search {
    /// Breadth-first (stateright's BFS; no symmetry reduction).
    Bfs,
    /// Depth-first (stateright's DFS; applies symmetry reduction unless --no-symmetry).
    Dfs,
}

/// Model-check the routing layer: every interleaving of enqueue, wake and heartbeat drain.
///
/// With no flags: every profile x scope x mainKey x 1 and 2 agents x each upstream site x each
/// origin it fires from. Filters narrow the matrix; each may be given several times, or as a comma-separated list.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Only these profiles.
    #[arg(long = "profile", value_delimiter = ',', value_name = "PROFILE", value_parser = parse_profile)]
    pub profiles: Vec<Profile>,
    /// Only these scopes: per-sender, global.
    #[arg(long = "scope", value_delimiter = ',', value_name = "SCOPE", value_parser = |s: &str| s.parse::<Scope>())]
    pub scopes: Vec<Scope>,
    /// Only these mainKey choices: default (`main`), custom (`work`).
    #[arg(long = "main-key", value_delimiter = ',', value_name = "CHOICE", value_parser = |s: &str| s.parse::<MainKey>())]
    pub main_keys: Vec<MainKey>,
    /// Only these agent counts (1 to 4; default 1 and 2).
    #[arg(long = "agents", value_delimiter = ',', value_name = "N", value_parser = clap::value_parser!(u8).range(1..=4))]
    pub agents: Vec<u8>,
    /// Only these sites (names from the site table), each alone; `a+b` checks sites `a` and
    /// `b` in one model (SPEC S3).
    #[arg(long = "site", value_delimiter = ',', value_name = "NAME[+NAME...]")]
    pub sites: Vec<String>,
    /// Pairs of sites checked in one model besides each site alone (SPEC S3): `sampled` (every
    /// pair that meets, one agent, default mainKey: the default without --site), `all` (every
    /// pair, in each configuration and origin where the two meet), `none` (one site per model;
    /// the default with --site or --mixed-origins).
    #[arg(long = "site-pairs", value_name = "CHOICE", value_parser = |s: &str| s.parse::<SitePairs>())]
    pub site_pairs: Option<SitePairs>,
    /// Only these origins: main, dm, group, cron-base, cron-run, cron-run-child, subagent, bare-global.
    #[arg(long = "origin", value_delimiter = ',', value_name = "ORIGIN", value_parser = |s: &str| s.parse::<OriginKind>())]
    pub origins: Vec<OriginKind>,
    /// One model per site with every origin at once, chosen by the model (the wide sweep).
    #[arg(long)]
    pub mixed_origins: bool,
    /// Which agents run a heartbeat: all, default-only, none (default: all).
    #[arg(long = "heartbeats", value_name = "SETTING", value_parser = |s: &str| s.parse::<Heartbeats>())]
    pub heartbeats: Vec<Heartbeats>,
    /// How the agents' heartbeats are set up (SPEC H9 to H12): `interval` (every 30 minutes in
    /// the main session), a list of settings (`other-session`, `isolated`,
    /// `outside-active-hours`, `interval`, comma-separated) checked in every configuration,
    /// `sampled` (besides the interval, each other setting with one agent and default-only
    /// heartbeats with two, default mainKey: the default without --site, --heartbeats or
    /// --mixed-origins), or `all` (every setting x all and default-only heartbeats, everywhere).
    #[arg(long = "heartbeat-settings", value_name = "SWEEP", value_parser = |s: &str| s.parse::<SettingsSweep>())]
    pub heartbeat_settings: Option<SettingsSweep>,
    /// Check this site table instead of the built-in upstream one.
    #[arg(long = "sites", value_name = "FILE")]
    pub sites_file: Option<PathBuf>,
    /// Compare with these expectations instead of the built-in ones.
    #[arg(long, value_name = "FILE")]
    pub expected: Option<PathBuf>,
    /// Events each origin may enqueue.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=4))]
    pub events_per_origin: u8,
    /// Origins each agent may enqueue from (with --mixed-origins).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=3))]
    pub origins_per_agent: u8,
    /// Interval ticks per agent.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=3))]
    pub ticks: u8,
    /// Leave user turns out of the model.
    #[arg(long)]
    pub no_user_turns: bool,
    /// Run the fault sweep instead of the recommended matrix: each fault alone (restart,
    /// throwing handler, failing run, reaper, queue cap 1) over every profile x scope x 1 and 2
    /// agents x the exec and ACP sites x the main and cron-run origins (filters still apply).
    #[arg(long)]
    pub faults: bool,
    /// Fault: gateway restarts allowed per path (queues are in memory).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub restarts: u8,
    /// Fault: wake handler throws allowed per path (the wake is re-queued).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub handler_throws: u8,
    /// Fault: heartbeat runs that may fail between peek and consume, per path.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub run_failures: u8,
    /// Fault: the cron reaper may delete cron-run sessions while their events are queued.
    #[arg(long)]
    pub reaper: bool,
    /// Fault: the per-queue cap (upstream 20); lower it to make drops reachable.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u8).range(1..=20))]
    pub queue_cap: u8,
    /// Threads (default: the machine's cores). Many models: one per thread; one model: all.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Stop a model's search after this many unique states (verdicts become incomplete).
    #[arg(long, value_name = "N")]
    pub max_states: Option<usize>,
    /// Stop the whole check after this many seconds (what is left is incomplete).
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<f64>,
    /// Stop when the process's resident memory exceeds this many MiB.
    #[arg(long, value_name = "MIB")]
    pub memory_limit: Option<u64>,
    /// Search strategy.
    #[arg(long, value_enum, default_value_t = Search::Dfs)]
    pub search: Search,
    /// Do not reduce by symmetry over interchangeable agents.
    #[arg(long)]
    pub no_symmetry: bool,
    /// Do not use partial-order reduction (SPEC D5) where agents are independent.
    #[arg(long)]
    pub no_por: bool,
    /// Break one routing decision in every profile, to see the checker catch it
    /// (drop-cron-run-remap, raw-wake-session, shared-global-queue, drain-all-on-consume,
    /// no-lane-serialisation, inspect-newest-only, untargeted-wakes, drop-guarded-wakes).
    #[arg(long, value_name = "MUTATION", value_parser = |s: &str| s.parse::<heartbeat_model::mutation::Mutation>())]
    pub mutate: Option<heartbeat_model::mutation::Mutation>,
    /// Check only shard I of N (1-based): models I, I+N, I+2N, ... of the matrix, so that a CI
    /// matrix spreads one check over N machines; `heartbeat-spec merge` joins their --json
    /// reports.
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    pub shard: Option<(usize, usize)>,
    /// Seeded random simulation instead of exhaustive search, for configurations beyond
    /// exhaustive reach. Reports "no violation in K runs", never "holds".
    #[arg(long)]
    pub simulate: bool,
    /// Simulation: the seed (the same seed replays the same runs).
    #[arg(long, default_value_t = 0, requires = "simulate")]
    pub seed: u64,
    /// Simulation: runs per model.
    #[arg(long, default_value_t = 1000, requires = "simulate")]
    pub runs: u64,
    /// Simulation: steps per run at most.
    #[arg(long, default_value_t = 200, requires = "simulate")]
    pub max_depth: usize,
    /// Print the shortest counterexample (or example) of this property for every model that
    /// has one. Repeatable.
    #[arg(long = "trace", value_name = "PROPERTY")]
    pub traces: Vec<String>,
    /// Same as --format json.
    #[arg(long)]
    pub json: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

fn usage(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("heartbeat-spec check: {message}");
    ExitCode::from(exit::USAGE)
}

fn read_file(path: &PathBuf) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Fills the matrix from the arguments, defaulting each dimension to the recommended one.
fn matrix(args: &CheckArgs, table: &SiteTable) -> Result<Matrix, String> {
    let mut m = Matrix::check(table);
    if !args.profiles.is_empty() {
        m.profiles = args.profiles.clone();
    }
    if !args.scopes.is_empty() {
        m.scopes = args.scopes.clone();
    }
    if !args.main_keys.is_empty() {
        m.main_keys = args.main_keys.clone();
    }
    if !args.agents.is_empty() {
        m.agents = args.agents.clone();
    }
    if !args.sites.is_empty() {
        m.site_sets = args
            .sites
            .iter()
            .map(|s| site_set(s, table))
            .collect::<Result<_, _>>()?;
    }
    m.site_pairs = args
        .site_pairs
        .unwrap_or(if args.sites.is_empty() && !args.mixed_origins {
            SitePairs::Sampled
        } else {
            SitePairs::None
        });
    if args.mixed_origins {
        m.origin_sets = vec![args.origins.clone()];
    } else if !args.origins.is_empty() {
        m.origin_sets = args.origins.iter().map(|o| vec![*o]).collect();
    }
    if !args.heartbeats.is_empty() {
        m.heartbeats = args.heartbeats.clone();
    }
    let focused = !args.sites.is_empty() || !args.heartbeats.is_empty() || args.mixed_origins;
    m.settings = args.heartbeat_settings.clone().unwrap_or(if focused {
        SettingsSweep::Interval
    } else {
        SettingsSweep::Sampled
    });
    m.bounds = Bounds {
        events_per_origin: args.events_per_origin,
        origins_per_agent: args.origins_per_agent,
        interval_ticks: args.ticks,
        user_turns: !args.no_user_turns,
    };
    m.faults = Faults {
        restarts: args.restarts,
        handler_throws: args.handler_throws,
        run_failures: args.run_failures,
        reaper: args.reaper,
        queue_cap: args.queue_cap,
    };
    m.mutation = args.mutate;
    for name in &args.traces {
        let known = heartbeat_model::properties::INVARIANTS
            .iter()
            .any(|i| i.name == name)
            || heartbeat_model::properties::WITNESSES
                .iter()
                .any(|w| w.name == name)
            || name.starts_with("surfaced:");
        if !known {
            let names: Vec<&str> = heartbeat_model::properties::INVARIANTS
                .iter()
                .map(|i| i.name)
                .chain(
                    heartbeat_model::properties::WITNESSES
                        .iter()
                        .map(|w| w.name),
                )
                .collect();
            return Err(format!(
                "--trace: unknown property `{name}`; properties are: {}, surfaced:<site>",
                names.join(", ")
            ));
        }
    }
    Ok(m)
}

/// One `--site` value: a site name, or several joined by `+` to be checked in one model (SPEC
/// S3). Every name must be in the table, and none twice.
fn site_set(value: &str, table: &SiteTable) -> Result<Vec<String>, String> {
    let names: Vec<String> = value.split('+').map(|n| n.trim().to_string()).collect();
    if names.iter().any(String::is_empty) {
        return Err(format!(
            "--site `{value}`: an empty site name; join names with `+` (exec-exit+cli-watchdog)"
        ));
    }
    table.select(&names).map_err(|e| format!("--site: {e}"))?;
    if let Some(twice) = names
        .iter()
        .enumerate()
        .find(|(i, n)| names[..*i].contains(n))
    {
        return Err(format!(
            "--site `{value}`: site `{}` is named twice",
            twice.1
        ));
    }
    Ok(names)
}

/// Prints a progress line on stderr about once a second, after the first second.
fn progress_printer() -> impl Fn(heartbeat_model::verify::sweep::Progress) {
    let tty = std::io::stderr().is_terminal();
    let last = std::sync::Mutex::new(Duration::ZERO);
    move |p| {
        let mut last = last.lock().expect("progress lock");
        if p.elapsed < Duration::from_secs(1) || p.elapsed - *last < Duration::from_secs(1) {
            return;
        }
        *last = p.elapsed;
        // A large model can run for minutes: what it has found so far shows it is moving.
        let running = if p.running_states > 0 && p.done < p.total {
            format!(" (and {} so far in the models running)", p.running_states)
        } else {
            String::new()
        };
        let line = format!(
            "checked {}/{} models, {} unique states{running}, {:.1}s",
            p.done,
            p.total,
            p.unique_states,
            p.elapsed.as_secs_f64()
        );
        let mut err = std::io::stderr();
        let _ = if tty {
            write!(err, "\r{line}")
        } else {
            writeln!(err, "{line}")
        };
    }
}

fn exit_code(report: &SweepReport) -> u8 {
    if report.totals.unexpected > 0 {
        exit::FAILED
    } else if report.totals.incomplete > 0 {
        exit::INCOMPLETE
    } else {
        exit::OK
    }
}

pub fn run(args: CheckArgs) -> ExitCode {
    let table = match &args.sites_file {
        None => SiteTable::upstream(),
        Some(path) => match read_file(path).and_then(|src| {
            let name = path.display().to_string();
            let t = SiteTable::parse(&src, &name).map_err(|e| e.to_string())?;
            // SPEC SC9: declared event classes agree with the classifier.
            heartbeat_spec::sites_scan::check_event_classes(&t, &name)?;
            Ok(t)
        }) {
            Ok(t) => t,
            Err(e) => return usage(e),
        },
    };
    let expectations = match &args.expected {
        None => Expectations::builtin(),
        Some(path) => match read_file(path).and_then(|src| {
            Expectations::parse(&src, &path.display().to_string()).map_err(|e| e.to_string())
        }) {
            Ok(e) => e,
            Err(e) => return usage(e),
        },
    };
    let matrix = match matrix(&args, &table) {
        Ok(m) => m,
        Err(e) => return usage(e),
    };
    let entries = if args.faults {
        Matrix::faults(&table)
            .into_iter()
            .flat_map(|m| {
                // The fault sweep keeps its own dimensions; the profile, scope and agent filters
                // still narrow it.
                let m = Matrix {
                    profiles: matrix.profiles.clone(),
                    scopes: matrix.scopes.clone(),
                    agents: matrix.agents.clone(),
                    mutation: matrix.mutation,
                    ..m
                };
                m.entries(&table)
            })
            .collect()
    } else {
        matrix.entries(&table)
    };
    if entries.is_empty() {
        return usage(
            "the filters leave no model to check (no site fires from those origins under those scopes)",
        );
    }
    let entries: Vec<_> = match args.shard {
        None => entries,
        Some((i, n)) => entries
            .into_iter()
            .enumerate()
            .filter(|(k, _)| k % n == i - 1)
            .map(|(_, e)| e)
            .collect(),
    };
    if entries.is_empty() {
        return usage("this shard has no model: use fewer shards than models");
    }
    let models: Vec<RoutingModel> = match build_models(&entries, &table) {
        Ok(m) => m,
        Err(e) => return usage(e),
    };
    if args.memory_limit.is_some() && !memory::supported() {
        eprintln!(
            "heartbeat-spec check: warning: this platform cannot measure memory; --memory-limit has no effect"
        );
    }
    let format = if args.json { Format::Json } else { args.format };
    if args.simulate {
        return run_simulation(&models, &expectations, &args, format);
    }
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let (workers, checker_threads) = if models.len() >= threads {
        (threads, 1)
    } else {
        (models.len(), (threads / models.len()).max(1))
    };
    let interrupt = Arc::new(AtomicBool::new(false));
    {
        let interrupt = Arc::clone(&interrupt);
        // A second Ctrl-C while stopping is left to the default handler by the process exit.
        let _ = ctrlc::set_handler(move || interrupt.store(true, Ordering::Relaxed));
    }
    let traces = match (format, args.traces.is_empty()) {
        (Format::Json | Format::Junit, _) => Traces::AllViolations,
        (_, false) => Traces::Named(args.traces.clone()),
        (_, true) => Traces::Unexpected,
    };
    let options = SweepOptions {
        check: CheckOptions {
            threads: checker_threads,
            budget: Budget {
                max_states: args.max_states,
                timeout: args.timeout.map(Duration::from_secs_f64),
                memory_bytes: args.memory_limit.map(|m| m << 20),
            },
            mode: match args.search {
                Search::Bfs => SearchMode::Bfs,
                Search::Dfs => SearchMode::Dfs,
            },
            symmetry: args.search == Search::Dfs && !args.no_symmetry,
            por: !args.no_por,
            interrupt: Some(Arc::clone(&interrupt)),
            // The sweep gives each model a counter of its own.
            found: None,
            traces: false,
            witness_traces: false,
        },
        workers,
        traces,
    };
    if format == Format::Text {
        eprintln!(
            "heartbeat-spec check: {} models ({} profiles), {} worker(s) x {} checker thread(s), {} search{}",
            models.len(),
            matrix.profiles.len(),
            workers,
            checker_threads,
            if args.search == Search::Dfs {
                "depth-first"
            } else {
                "breadth-first"
            },
            if options.check.symmetry {
                " with symmetry reduction"
            } else {
                ""
            }
        );
    }
    let progress = progress_printer();
    let report = sweep(&models, &expectations, &options, &progress);
    if std::io::stderr().is_terminal() && report.totals.seconds >= 1.0 {
        eprintln!();
    }
    let code = exit_code(&report);
    match format {
        Format::Json => {
            let shard = args.shard.map(|(i, n)| format!("{i}/{n}"));
            let json = JsonReport::from_sweep(&report, code, shard);
            match serde_json::to_string_pretty(&json) {
                Ok(s) => println!("{s}"),
                Err(e) => return usage(format!("cannot write the JSON report: {e}")),
            }
        }
        Format::Junit => print!("{}", junit::junit(&report)),
        Format::Mermaid => print_mermaid(&report),
        Format::Text => {
            let link = |m: &ModelReport, t: &Trace| explore_link(m, t, &table, &args.sites_file);
            print_text(&report, &expectations, &args.traces, code, &link)
        }
    }
    ExitCode::from(code)
}

fn print_mermaid(report: &SweepReport) {
    for m in &report.models {
        for p in &m.properties {
            if let Some(t) = &p.trace {
                println!(
                    "%% {} {}: {} {}",
                    m.profile,
                    m.config,
                    p.name,
                    p.verdict.name()
                );
                println!("```mermaid\n{}```\n", t.render_mermaid());
            }
        }
    }
}

/// The Explorer link that opens a trace, or why there is none (e.g. faults `explore` cannot
/// inject).
fn explore_link(
    m: &ModelReport,
    trace: &Trace,
    table: &SiteTable,
    sites_file: &Option<PathBuf>,
) -> Option<String> {
    let model = RoutingModel::new(m.profile, m.config.clone(), table).ok()?;
    let options = LinkOptions {
        sites_file: sites_file.clone(),
        ..LinkOptions::default()
    };
    Some(match link_to_trace(&model, trace, &options) {
        Ok(link) => format!("explore: {} (serve it with: {})", link.url, link.command),
        Err(e) => format!("explore: no link ({e})"),
    })
}

fn print_text(
    report: &SweepReport,
    expectations: &Expectations,
    traces: &[String],
    code: u8,
    link: &dyn Fn(&ModelReport, &Trace) -> Option<String>,
) {
    println!("{}", verdicts::legend());
    println!();
    print!("{}", verdicts::table(report));
    for m in &report.models {
        for p in m
            .properties
            .iter()
            .filter(|p| traces.contains(&p.name) && !p.unexpected())
        {
            if let Some(t) = &p.trace {
                println!(
                    "\n{} of {} in {} {}:",
                    p.verdict.name(),
                    p.name,
                    m.profile,
                    m.config
                );
                print!("{}", t.render_text());
                if let Some(line) = link(m, t) {
                    println!("  {line}");
                }
            }
        }
    }
    let findings = verdicts::findings(report, &expectations.ids());
    if !findings.is_empty() {
        println!("\nknown bugs (B) and findings (F), as expected:");
        print!("{findings}");
    }
    let unexpected = verdicts::unexpected(report, link);
    if !unexpected.is_empty() {
        println!();
        print!("{unexpected}");
    }
    let t = &report.totals;
    let incomplete_models = report.models.iter().filter(|m| !m.stats.complete).count();
    println!(
        "\n{} models, {} states generated, {} unique, max depth {}, {:.2}s, peak memory {} MiB",
        t.models,
        t.states,
        t.unique_states,
        t.max_depth,
        t.seconds,
        t.peak_memory_bytes >> 20
    );
    let verdict = match code {
        exit::OK => "every verdict equals its expectation".to_string(),
        exit::FAILED => format!("{} verdict(s) differ from their expectation", t.unexpected),
        _ => {
            let reasons: Vec<&str> = report
                .models
                .iter()
                .filter_map(|m| m.stats.stopped_by.as_deref())
                .collect();
            format!(
                "INCOMPLETE: {} verdict(s) in {incomplete_models} model(s) are unknown ({})",
                t.incomplete,
                reasons.first().copied().unwrap_or("budget")
            )
        }
    };
    println!("result: {verdict}");
}

/// `check --simulate`: random runs, compared with the expectations as far as runs can tell.
fn run_simulation(
    models: &[RoutingModel],
    expectations: &Expectations,
    args: &CheckArgs,
    format: Format,
) -> ExitCode {
    use heartbeat_model::properties::PropertyKind;
    use heartbeat_model::verify::simulate::{SimVerdict, SimulateOptions, simulate};
    let interrupt = Arc::new(AtomicBool::new(false));
    {
        let interrupt = Arc::clone(&interrupt);
        let _ = ctrlc::set_handler(move || interrupt.store(true, Ordering::Relaxed));
    }
    let options = SimulateOptions {
        seed: args.seed,
        runs: args.runs,
        max_depth: args.max_depth,
        interrupt: Some(interrupt),
    };
    let mut unexpected = 0;
    let mut inconclusive = 0;
    let mut reports = Vec::new();
    for model in models {
        let report = simulate(model, &options);
        let origins = model.effective_origins();
        let mut lines = Vec::new();
        for p in &report.properties {
            let (expected, ids) =
                expectations.expected(model.profile, &model.config, &origins, &p.name, p.kind);
            let found = !matches!(p.verdict, SimVerdict::NotFound);
            let (text, differs, unknown) = match (p.kind, found) {
                (PropertyKind::Invariant, true) => (
                    "VIOLATED".to_string(),
                    expected != heartbeat_model::verify::Verdict::Violated,
                    false,
                ),
                (PropertyKind::Invariant, false) => (
                    format!("no violation in {} runs", report.runs),
                    false,
                    expected == heartbeat_model::verify::Verdict::Violated,
                ),
                (PropertyKind::Witness, true) => (
                    "witnessed".to_string(),
                    expected != heartbeat_model::verify::Verdict::Witnessed,
                    false,
                ),
                (PropertyKind::Witness, false) => (
                    format!("not witnessed in {} runs", report.runs),
                    false,
                    expected == heartbeat_model::verify::Verdict::Witnessed,
                ),
            };
            unexpected += usize::from(differs);
            inconclusive += usize::from(unknown);
            let mark = if differs {
                " UNEXPECTED"
            } else if unknown {
                " (expected, not reproduced)"
            } else {
                ""
            };
            let ids = if ids.is_empty() {
                String::new()
            } else {
                format!(" [{}]", ids.join(","))
            };
            lines.push(format!("  {} {}: {text}{mark}{ids}", p.id, p.name));
            if differs || args.traces.contains(&p.name) {
                if let Some(t) = &p.trace {
                    lines.push(t.render_text());
                }
            }
        }
        if format == Format::Text {
            println!(
                "{} {}: {} runs, {} steps, {:.2}s (seed {})",
                model.profile, model.config, report.runs, report.steps, report.seconds, report.seed
            );
            for l in lines {
                println!("{l}");
            }
        }
        reports.push(serde_json::json!({
            "profile": model.profile,
            "config": model.config,
            "simulation": report,
        }));
    }
    let code = if unexpected > 0 {
        exit::FAILED
    } else if inconclusive > 0 {
        exit::INCOMPLETE
    } else {
        exit::OK
    };
    match format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "tool": "heartbeat-spec",
                "version": env!("CARGO_PKG_VERSION"),
                "mode": "simulation",
                "exit_code": code,
                "models": reports,
            }))
            .unwrap_or_default()
        ),
        _ => println!(
            "\nsimulation: {unexpected} unexpected, {inconclusive} expected discoveries not reproduced; \
             simulation never proves an invariant holds"
        ),
    }
    ExitCode::from(code)
}

/// Parses `I/N` with 1 <= I <= N.
fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let (i, n) = s
        .split_once('/')
        .ok_or_else(|| format!("expected I/N (for example 2/4), got `{s}`"))?;
    let i: usize = i
        .trim()
        .parse()
        .map_err(|_| format!("shard index `{i}` is not a number"))?;
    let n: usize = n
        .trim()
        .parse()
        .map_err(|_| format!("shard count `{n}` is not a number"))?;
    if n == 0 || i == 0 || i > n {
        return Err(format!("shard {i}/{n}: need 1 <= I <= N"));
    }
    Ok((i, n))
}
