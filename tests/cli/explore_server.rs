//! `heartbeat-spec explore` without a browser: starts the binary on a free loopback port,
//! fetches the page and the states' JSON over plain HTTP, and checks that the states read as
//! queue tables and that the counterexample link it prints resolves to the counterexample.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use heartbeat_model::config::{Config, Faults, Heartbeats, MainKey, Scope};
use heartbeat_model::display;
use heartbeat_model::mutation::Mutation;
use heartbeat_model::origin::OriginKind;
use heartbeat_model::properties::specs;
use heartbeat_model::site::SiteTable;
use heartbeat_model::verify::search::{Path, shortest_path};
use heartbeat_model::{Profile, RoutingModel};
use heartbeat_spec::explore::link::{LinkOptions, command_line, link_to_path};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_heartbeat-spec");
const TIMEOUT: Duration = Duration::from_secs(30);

const MODEL: [&str; 12] = [
    "--profile",
    "openclaw-2026.5.12",
    "--scope",
    "global",
    "--main-key",
    "default",
    "--agents",
    "2",
    "--site",
    "exec-exit",
    "--origin",
    "cron-run",
];

/// The model the flags above select, built in-process.
fn model() -> RoutingModel {
    b6_model(Faults::NONE)
}

/// 2026.5.12 under `scope: global`, two agents, the exec site from cron runs, with `faults`:
/// the model of B6 (also `unit_explore_link.rs`'s).
pub(crate) fn b6_model(faults: Faults) -> RoutingModel {
    let mut config = Config::new(Scope::Global, MainKey::Default, 2, "exec-exit");
    config.origins = vec![OriginKind::CronRun];
    config.faults = faults;
    RoutingModel::new(Profile::Openclaw2026_5_12, config, &SiteTable::upstream())
        .expect("a valid model")
}

/// B6's shortest counterexample in `model`.
pub(crate) fn counterexample(model: &RoutingModel) -> Path {
    let spec = specs(model)
        .into_iter()
        .find(|p| p.name == "no-cross-agent-surfacing")
        .expect("I4 exists");
    shortest_path(model, |m, s| spec.is_discovery(m, s), 1_000_000)
        .expect("2026.5.12 surfaces ops's event to main under scope global (B6)")
}

/// A running `explore`, killed when dropped.
struct Server {
    child: Child,
    port: u16,
    /// What it printed on stdout up to "serving until Ctrl-C".
    banner: String,
}

impl Server {
    fn start(extra: &[&str]) -> Server {
        let mut child = Command::new(BIN)
            .arg("explore")
            .args(MODEL)
            .args(["--port", "0"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut banner = String::new();
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(line) => {
                    banner.push_str(&line);
                    banner.push('\n');
                    if line == "serving until Ctrl-C" {
                        break;
                    }
                }
                Err(_) => {
                    let _ = child.kill();
                    let out = child.wait_with_output().expect("the child ends");
                    panic!(
                        "explore did not start: stdout:\n{banner}\nstderr:\n{}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                }
            }
        }
        let url = banner
            .lines()
            .find_map(|l| l.strip_prefix("Explorer: "))
            .unwrap_or_else(|| panic!("no `Explorer: URL` line in\n{banner}"));
        let port = url
            .strip_prefix("http://127.0.0.1:")
            .and_then(|rest| rest.strip_suffix('/'))
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("not a loopback URL with a port: {url}"));
        Server {
            child,
            port,
            banner,
        }
    }

    fn get(&self, path: &str) -> (u16, String) {
        http_get(self.port, path)
    }

    fn states(&self, path: &str) -> Vec<Value> {
        let (status, body) = self.get(&format!("/.states{path}"));
        assert_eq!(status, 200, "GET /.states{path}: {body}");
        match serde_json::from_str(&body) {
            Ok(Value::Array(states)) => states,
            other => panic!("GET /.states{path}: not a JSON array: {other:?}\n{body}"),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A GET over a fresh connection: the status and the body.
fn http_get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connects");
    stream.set_read_timeout(Some(TIMEOUT)).expect("a timeout");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .expect("sends the request");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("reads the response");
    let text = String::from_utf8(raw).expect("a UTF-8 response");
    let (head, body) = text.split_once("\r\n\r\n").expect("headers, then a body");
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {head}"));
    let chunked = head
        .lines()
        .any(|l| l.eq_ignore_ascii_case("transfer-encoding: chunked"));
    let body = if chunked {
        dechunk(body)
    } else {
        body.to_string()
    };
    (status, body)
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    loop {
        let (size, rest) = body.split_once("\r\n").expect("a chunk size line");
        let size = usize::from_str_radix(size.trim(), 16).expect("a hex chunk size");
        if size == 0 {
            return out;
        }
        out.push_str(&rest[..size]);
        body = &rest[size + 2..];
    }
}

fn field<'a>(state: &'a Value, name: &str) -> &'a str {
    state[name].as_str().unwrap_or_default()
}

/// The entry for action `index` among the choices the Explorer lists after `prefix`.
fn choice(server: &Server, prefix: &str, index: &str) -> Value {
    let index: u64 = index.parse().expect("an index");
    server
        .states(prefix)
        .into_iter()
        .find(|s| s["actionIndex"].as_u64() == Some(index))
        .unwrap_or_else(|| panic!("no choice {index} after {prefix}"))
}

#[test]
fn serves_the_page_and_draws_states_as_tables() {
    let server = Server::start(&[]);
    assert!(
        server.banner.starts_with(
            "model: openclaw-2026.5.12 scope=global mainKey=default agents=2 site=exec-exit origins=cron-run\n"
        ),
        "{}",
        server.banner
    );
    let (status, page) = server.get("/");
    assert_eq!(status, 200);
    assert!(
        page.contains("<title>Stateright Explorer</title>"),
        "{page}"
    );
    let (status, script) = server.get("/app.js");
    assert_eq!(status, 200);
    assert!(
        script.contains("#/steps"),
        "the UI addresses states by #/steps/..."
    );

    // Each of the 2 heartbeat agents starts "never ran" or "ran recently" (SPEC A4).
    let inits = server.states("");
    assert_eq!(inits.len(), 4);
    for (i, init) in inits.iter().enumerate() {
        let svg = field(init, "svg");
        assert!(svg.starts_with("<svg "), "init {i}: {init}");
        for text in [
            ">initial state<",
            ">every invariant holds in this state<",
            ">Queues<",
            ">Events<",
            ">Pending wakes<",
            ">Heartbeat runs in flight<",
            ">Heartbeat guards<",
        ] {
            assert!(svg.contains(text), "init {i} lacks {text}: {svg}");
        }
    }
    // A path that leads nowhere is a 404, not a crash.
    let (status, _) = server.get("/.states/0/999");
    assert_eq!(status, 404);
    let (status, _) = server.get("/.states/x/y");
    assert_eq!(status, 404);
    let (status, page) = server.get("/");
    assert_eq!(status, 200, "still serving after bad requests: {page}");
}

#[test]
fn the_printed_link_resolves_to_the_counterexample() {
    let server = Server::start(&["--trace", "no-cross-agent-surfacing"]);
    let model = model();
    let path = counterexample(&model);
    let options = LinkOptions {
        port: server.port,
        ..LinkOptions::default()
    };
    let link = link_to_path(&model, &path, &options).expect("a link");
    let printed = format!(
        "counterexample of no-cross-agent-surfacing ({} steps): {}",
        path.steps.len(),
        link.url
    );
    assert!(
        server.banner.lines().any(|l| l == printed),
        "expected `{printed}` in\n{}",
        server.banner
    );
    assert_eq!(
        link.command,
        format!(
            "heartbeat-spec explore {} --port {}",
            MODEL.join(" "),
            server.port
        )
    );

    // Follow the link as the page does: the choices after each prefix, then the next index.
    let indices: Vec<&str> = link.steps.split('/').collect();
    assert_eq!(indices.len(), path.steps.len() + 1);
    let init = choice(&server, "", indices[0]);
    assert_eq!(field(&init, "state"), format!("{:#?}", path.init));
    let mut prefix = format!("/{}", indices[0]);
    for (n, index) in indices.iter().enumerate().skip(1) {
        let (action, expected) = &path.steps[n - 1];
        let step = choice(&server, &prefix, index);
        assert_eq!(field(&step, "action"), display::action(&model, action));
        assert_eq!(
            field(&step, "state"),
            format!("{expected:#?}"),
            "step {n} is the counterexample's state"
        );
        assert!(
            field(&step, "svg").contains(&format!(
                ">after step {n}: {}",
                display::action(&model, action)
                    .chars()
                    .take(40)
                    .collect::<String>()
            )),
            "step {n}: {}",
            field(&step, "svg")
        );
        if n == 2 {
            let svg = field(&step, "svg");
            assert!(
                svg.contains(">global<")
                    && svg.contains(
                        ">e1 (main cron-run, exec-completion), e2 (ops cron-run, exec-completion)<"
                    ),
                "after step 2 the queue `global` holds both agents' events: {svg}"
            );
        }
        prefix = format!("{prefix}/{index}");
    }
    let last = choice(
        &server,
        prefix.rsplit_once('/').expect("a prefix").0,
        indices[indices.len() - 1],
    );
    let svg = field(&last, "svg");
    assert!(
        svg.contains(">VIOLATED here: no-cross-agent-surfacing (I4):"),
        "{svg}"
    );
    assert!(svg.contains(">main (not ops!)<"), "{svg}");
    assert!(
        field(&last, "outcome").contains(
            "e2 exec-completion from ops/cron-run via exec-exit: consumed, surfaced to main"
        ),
        "{last}"
    );
}

#[test]
fn the_command_line_of_a_link_serves_the_same_model() {
    let mut config = Config::new(Scope::PerSender, MainKey::Custom, 2, "exec-exit");
    config.sites.push("acp-parent-stream".into());
    config.origins = vec![OriginKind::CronRun, OriginKind::Main];
    config.heartbeats = Heartbeats::DefaultOnly;
    config.bounds.interval_ticks = 2;
    config.bounds.user_turns = false;
    config.faults.restarts = 1;
    config.faults.reaper = true;
    config.faults.queue_cap = 3;
    config.mutation = Some(Mutation::DropGuardedWakes);
    let model = RoutingModel::new(Profile::Reference, config, &SiteTable::upstream())
        .expect("a valid model");
    let options = LinkOptions {
        port: 0,
        ..LinkOptions::default()
    };
    let command = command_line(&model, &options).expect("the flags can give this model");
    let words: Vec<&str> = command.split(' ').collect();
    assert_eq!(words[..2], ["heartbeat-spec", "explore"], "{command}");
    let mut child = Command::new(BIN)
        .args(&words[1..])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut first = String::new();
    let read = BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut first);
    let _ = child.kill();
    let out = child.wait_with_output().expect("ends");
    read.expect("reads the first line");
    assert_eq!(
        first.trim_end(),
        format!("model: {} {}", model.profile, model.config),
        "{command}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn run(args: &[&str]) -> (i32, String) {
    let out = Command::new(BIN)
        .arg("explore")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn refuses_anything_but_one_model_on_a_loopback_address() {
    // Without --main-key: the default and the custom mainKey, two models.
    let (code, err) = run(&MODEL[..4]
        .iter()
        .chain(&MODEL[6..])
        .copied()
        .collect::<Vec<_>>());
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("the flags select 2 models"), "{err}");
    assert!(err.contains("--main-key custom"), "{err}");

    let (code, err) = run(&[&MODEL[..10], &["--origin", "dm"]].concat());
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("select no model"), "{err}");

    let (code, err) = run(&[&MODEL[..], &["--host", "0.0.0.0"]].concat());
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("not a loopback address"), "{err}");

    let (code, err) = run(&[&MODEL[..], &["--trace", "no-such-property"]].concat());
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("unknown property `no-such-property`"), "{err}");

    let taken = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = taken.local_addr().expect("an address").port().to_string();
    let (code, err) = run(&[&MODEL[..], &["--port", &port]].concat());
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("cannot listen on 127.0.0.1:"), "{err}");
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server() {
    let mut server = Server::start(&[]);
    let status = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let deadline = Instant::now() + TIMEOUT;
    let code = loop {
        if let Some(status) = server.child.try_wait().expect("waits") {
            break status.code();
        }
        assert!(Instant::now() < deadline, "explore did not stop on SIGINT");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(code, Some(0));
    let mut err = String::new();
    if let Some(mut stderr) = server.child.stderr.take() {
        stderr.read_to_string(&mut err).expect("reads stderr");
    }
    assert!(err.contains("stopped"), "{err}");
}
