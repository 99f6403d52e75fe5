//! `heartbeat-spec sites [--sites FILE] [--format text|json]`: the enqueue-site table, and
//! `heartbeat-spec sites scan PATH [--against TABLE] [--format text|json|sarif]`: the enqueue
//! calls of an OpenClaw checkout or npm package, checked against the table (SPEC SC1–SC9).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};
use heartbeat_model::site::{KeyPolicy, SiteTable, WakePolicy, WakeSpecExt};
use heartbeat_spec::exit;
use heartbeat_spec::report::sarif;
use heartbeat_spec::sites_scan::{self, Against, Coverage};

/// How to print the table.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// List the enqueue sites: where each fires from, what it enqueues, which key it uses and which
/// wake it requests. With --sites, validate and list a proposed table.
#[derive(Debug, Args)]
pub struct SitesArgs {
    #[command(subcommand)]
    pub command: Option<SitesCommand>,
    /// A site table to validate and list instead of the built-in upstream one.
    #[arg(long = "sites", value_name = "FILE")]
    pub sites_file: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Subcommand)]
pub enum SitesCommand {
    /// Find every enqueue call in an OpenClaw source checkout or unpacked npm package, classify
    /// its key, owner and wake, and check it against a site table.
    Scan(ScanArgs),
}

/// Output of `sites scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScanFormat {
    Text,
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// An OpenClaw source checkout (package.json + src/**/*.ts) or an unpacked npm package
    /// (package.json + dist/).
    pub path: PathBuf,
    /// The site table to check against (default: the built-in one).
    #[arg(long, value_name = "TABLE")]
    pub against: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = ScanFormat::Text)]
    pub format: ScanFormat,
    /// Same as --format json.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
}

/// Load a table (the built-in one when `path` is None), refusing one whose declared event
/// classes disagree with the classifier (SPEC SC9).
pub fn load_table(path: Option<&Path>) -> Result<SiteTable, String> {
    let (table, name) = match path {
        None => (
            SiteTable::upstream(),
            "model/sites/upstream.toml".to_string(),
        ),
        Some(path) => {
            let name = path.display().to_string();
            let src =
                std::fs::read_to_string(path).map_err(|e| format!("cannot read {name}: {e}"))?;
            (
                SiteTable::parse(&src, &name).map_err(|e| e.to_string())?,
                name,
            )
        }
    };
    sites_scan::check_event_classes(&table, &name)?;
    Ok(table)
}

pub fn run(args: SitesArgs) -> ExitCode {
    if let Some(SitesCommand::Scan(scan)) = args.command {
        return run_scan(scan);
    }
    let table = match load_table(args.sites_file.as_deref()) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("heartbeat-spec sites: {e}");
            return ExitCode::from(exit::USAGE);
        }
    };
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&table) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("heartbeat-spec sites: cannot write JSON: {e}");
                return ExitCode::from(exit::FAILED);
            }
        },
        Format::Text => print!("{}", render(&table)),
    }
    ExitCode::from(exit::OK)
}

fn render(table: &SiteTable) -> String {
    let mut out = String::new();
    for s in &table.sites {
        let origins: Vec<&str> = s.origins.iter().map(|o| o.name()).collect();
        let key = match s.key {
            KeyPolicy::EventRoute => {
                "event-route (the profile's resolveEventSessionKey, then its queue key)"
            }
            KeyPolicy::Raw => "raw (the origin's own key, then the profile's queue key)",
            KeyPolicy::AgentMain => "agent-main (the cron service's main session of the agent)",
        };
        let w = &s.wake;
        let wake = match w.policy {
            WakePolicy::None => "none".to_string(),
            policy => format!(
                "{} source={} intent={} reason={} coalesce={} kind={}",
                match policy {
                    WakePolicy::Scoped => "scoped",
                    WakePolicy::AgentMain => "agent-main",
                    _ => "session-key",
                },
                w.source,
                w.intent,
                w.reason,
                w.coalesce_ms
                    .map_or("250ms (default)".to_string(), |ms| format!("{ms}ms")),
                w.kind().name()
            ),
        };
        out.push_str(&format!(
            "{}\n  {}\n  upstream: {}\n  origins:  {}\n",
            s.name,
            s.summary,
            s.upstream,
            origins.join(", ")
        ));
        for e in &s.events {
            out.push_str(&format!("  event:    {} {:?}\n", e.class.name(), e.text));
        }
        out.push_str(&format!("  key:      {key}\n  wake:     {wake}\n"));
        for skip in &w.skip {
            let profiles: Vec<&str> = skip.profiles.iter().map(|p| p.name()).collect();
            out.push_str(&format!(
                "  no wake:  from {} in {}\n",
                skip.origin.name(),
                profiles.join(", ")
            ));
        }
        out.push('\n');
    }
    out
}

fn run_scan(args: ScanArgs) -> ExitCode {
    let format = if args.json {
        ScanFormat::Json
    } else {
        args.format
    };
    let table = match load_table(args.against.as_deref()) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("heartbeat-spec sites scan: {e}");
            return ExitCode::from(exit::USAGE);
        }
    };
    let path = args.path.clone();
    let started = std::time::Instant::now();
    let scanned = heartbeat_scan::with_big_stack(move || heartbeat_scan::scan_path(&path));
    let scan = match scanned {
        Ok(Ok(s)) => s,
        Ok(Err(e)) => {
            eprintln!("heartbeat-spec sites scan: {e}");
            return ExitCode::from(exit::USAGE);
        }
        Err(e) => {
            eprintln!("heartbeat-spec sites scan: {}: {e}", args.path.display());
            return ExitCode::from(exit::USAGE);
        }
    };
    let elapsed = started.elapsed();
    let report = sites_scan::against(&scan, &table);
    let out = match format {
        ScanFormat::Text => Ok(render_scan(&report, elapsed)),
        ScanFormat::Json => serde_json::to_string_pretty(&report).map(|s| s + "\n"),
        ScanFormat::Sarif => serde_json::to_string_pretty(&sarif(&report)).map(|s| s + "\n"),
    };
    match out {
        Ok(s) => print!("{s}"),
        Err(e) => {
            eprintln!("heartbeat-spec sites scan: cannot write the report: {e}");
            return ExitCode::from(exit::FAILED);
        }
    }
    if report.clean() {
        ExitCode::from(exit::OK)
    } else {
        ExitCode::from(exit::FAILED)
    }
}

fn render_scan(r: &Against, elapsed: std::time::Duration) -> String {
    let mut out = String::new();
    for c in &r.calls {
        let status = match &c.coverage {
            Coverage::Modelled { site } => format!("site {site}"),
            Coverage::Excluded { .. } => "excluded".to_string(),
            Coverage::Uncovered => "UNCOVERED".to_string(),
        };
        let w = &c.call.wake;
        let mut wake = w.shape.clone();
        if let Some(s) = &w.source {
            wake.push_str(&format!(" source={s}"));
        }
        if let Some(s) = &w.reason {
            wake.push_str(&format!(" reason={s}"));
        }
        out.push_str(&format!(
            "{}:{}:{} {} [{}]\n  in {}  ({})\n  key: {} ({})  owner: {}  wake: {}\n",
            c.call.artifact,
            c.call.line,
            c.call.col,
            c.call.file,
            status,
            c.call.function,
            c.call.callee,
            c.call.key.class,
            c.call.key.expr,
            c.call.owner.as_deref().unwrap_or("-"),
            wake
        ));
        for m in &c.mismatches {
            out.push_str(&format!("  MISMATCH: {m}\n"));
        }
        for m in &c.unconfirmed {
            out.push_str(&format!("  {m}\n"));
        }
    }
    for s in &r.stale {
        out.push_str(&format!(
            "STALE: {} names {} {} but the scan found no such call\n",
            s.entry, s.file, s.function
        ));
    }
    out.push_str(&format!(
        "\n{} calls ({} modelled, {} excluded, {} uncovered; {} mismatched, {} unconfirmed), {} stale entries; \
         plain-text lower bound {}; {} files in {:.1}s{}\n",
        r.calls.len(),
        r.modelled,
        r.excluded,
        r.uncovered,
        r.mismatched,
        r.unconfirmed,
        r.stale.len(),
        r.lower_bound,
        r.files_parsed,
        elapsed.as_secs_f64(),
        r.release
            .as_deref()
            .map_or(String::new(), |v| format!(" (release {v})"))
    ));
    out
}

/// SARIF 2.1.0: one result per uncovered call (`SC6`), per mismatch (`SC7`), per stale table
/// entry (`SC8`), and a note per unconfirmed declaration.
pub fn sarif(r: &Against) -> sarif::Log {
    use sarif::{
        ArtifactLocation, Level, Location, LogicalLocation, Message, PhysicalLocation, Region,
        ReportingDescriptor, Run, SarifResult, Tool, ToolComponent,
    };
    let loc = |uri: &str, region: Option<(u32, u32)>, logical: String| Location {
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: uri.to_string(),
            },
            region: region.map(|(start_line, start_column)| Region {
                start_line,
                start_column,
            }),
        },
        logical_locations: vec![LogicalLocation {
            fully_qualified_name: logical,
        }],
    };
    let result =
        |rule: &str, level: Level, text: String, location: Location, fp: &str| SarifResult {
            rule_id: rule.to_string(),
            level,
            message: Message { text },
            locations: vec![location],
            partial_fingerprints: BTreeMap::from([(
                "heartbeatSite/v1".to_string(),
                fp.to_string(),
            )]),
        };
    let mut results = Vec::new();
    for c in &r.calls {
        let call = &c.call;
        let here = || {
            loc(
                &call.artifact,
                Some((call.line, call.col)),
                format!("{}#{}", call.file, call.function),
            )
        };
        if c.coverage == Coverage::Uncovered {
            results.push(result(
                "SC6",
                Level::Error,
                format!(
                    "enqueue call in {} ({}) is neither a modelled site nor excluded: key {} ({}), wake {}; \
                     add it to a [[site]]'s calls or to [[excluded]] with a reason",
                    call.function, call.file, call.key.class, call.key.expr, call.wake.shape
                ),
                here(),
                &call.fingerprint,
            ));
        }
        for m in &c.mismatches {
            results.push(result(
                "SC7",
                Level::Error,
                m.clone(),
                here(),
                &call.fingerprint,
            ));
        }
        for m in &c.unconfirmed {
            results.push(result(
                "SC7",
                Level::Note,
                m.clone(),
                here(),
                &call.fingerprint,
            ));
        }
    }
    for s in &r.stale {
        results.push(result(
            "SC8",
            Level::Error,
            format!(
                "{} names a call in {} {} that the scan no longer finds",
                s.entry, s.file, s.function
            ),
            loc(&s.file, None, format!("{}#{}", s.file, s.function)),
            &format!("{}#{}#{}", s.entry, s.file, s.function),
        ));
    }
    let rule = |id: &str, text: &str| ReportingDescriptor {
        id: id.to_string(),
        short_description: Message {
            text: text.to_string(),
        },
    };
    let driver = ToolComponent {
        name: "heartbeat-spec".to_string(),
        version: env!("CARGO_PKG_VERSION").to_string(),
        information_uri: "https://github.com/heartbeat-spec/heartbeat-spec".to_string(),
        rules: vec![
            rule("SC6", "enqueue call not covered by the site table"),
            rule("SC7", "site table declaration disagrees with the code"),
            rule("SC8", "site table entry names a call that no longer exists"),
        ],
    };
    sarif::Log {
        schema: sarif::SCHEMA,
        version: sarif::VERSION,
        runs: vec![Run {
            tool: Tool { driver },
            results,
        }],
    }
}
