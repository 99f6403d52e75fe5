#!/usr/bin/env node
// Probe: what the REAL heartbeat runner of each published OpenClaw release does under per-agent
// heartbeat settings (agents.list[i].heartbeat / agents.defaults.heartbeat):
//   interval on / off (`every`), no heartbeat block for the agent, `heartbeat.session` naming an
//   existing or a missing session, `isolatedSession`, `activeHours` (outside / inside the window),
// under session.scope "per-sender" (and "global" for some), for four wakes:
//   interval      the runner's own interval tick (2026.5.x: the runner's held interval timer is
//                 fired at its due time; 2026.9.6: the wake the system-owned heartbeat monitor
//                 cron job sends, but only when the real monitor plan has an ENABLED job)
//   untargeted    an exec-event wake with neither agentId nor sessionKey
//   exec->main    what the bash exec site sends for origin `agent:ops:main` (the release's real
//                 event-key and wake-option routing, coalesceMs 0)
//   agentId only  an exec-event wake carrying only `agentId: "ops"`
// Before each wake, an exec completion and a generic event are queued under the key the exec site
// uses for `agent:ops:main` (per-sender: `agent:ops:main`; global: `global`, 9.6 `agent:ops:global`;
// 5.7 has no event-key routing and keeps the raw key), plus a marker exec completion under the
// configured heartbeat session / isolated key, so the prompt shows which queue the run peeked.
//
// Why: the project's model (SPEC H*, W*) fixes the heartbeat session and the wake handling for the
// default settings only; these observations decide how the settings change that, per release.
//
// How: the same glue as lib/scenario-worker.mjs (README "Scenario driver: glue"), reusing
// lib/locate.mjs (region + declaration name), lib/hooks.mjs (load-time export of internals) and
// lib/stateful.mjs: the real startHeartbeatRunner / runHeartbeatOnce / wake scheduler / system-event
// queue are loaded from the installed dist/, Date is mocked (node:test mock.timers), and
// deps.getReplyFromConfig (upstream's injection point) records the prompt and answers HEARTBEAT_OK.
// One child process per release, with a fresh temporary HOME / OPENCLAW_HOME / OPENCLAW_STATE_DIR
// (mkdtemp under os.tmpdir()), a non-existent OPENCLAW_CONFIG_PATH, other OPENCLAW_* variables and
// NODE_OPTIONS removed, TZ=UTC; every case gets its own state directory. Nothing is written to the
// release cache (the locator runs uncached) and nothing to the real ~/.openclaw.
//
//   node conformance/openclaw/probes/heartbeat-settings.mjs [--cache-dir DIR] [--release V]...
//        [--node PATH] [--json]
// Needs the releases installed by the conformance runner (DIR/releases/<v>/.installed) and a Node
// >= 22.15 (module.registerHooks); 2026.9.6 needs >= 24.16 (node:sqlite). Without --node the probe
// uses DIR/node/24.21.0 (installed by run.mjs) when present, else the running node.

import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OPENCLAW_DIR = path.resolve(HERE, "..");
const REPO = path.resolve(OPENCLAW_DIR, "../..");
const ALL_RELEASES = ["2026.5.7", "2026.5.12", "2026.9.6"];

// ------------------------------------------------------------------------------------------------
// The cases (the same in every release)

const EVERY = "30m";
const U1 = "agent:ops:discord:direct:u1"; // exists in the session store
const GHOST = "agent:ops:discord:direct:ghost"; // does not
const ACTIVE = { start: "09:00", end: "17:00", timezone: "UTC" };
const INSIDE = Date.parse("2026-03-02T12:00:00Z");
const OUTSIDE = Date.parse("2026-03-02T03:00:00Z");

const SETTINGS = [
  { id: "1 interval on", agents: { list: [{ id: "ops", heartbeat: { every: EVERY } }] }, scopes: ["per-sender", "global"], emptyInterval: true, again: true },
  { id: "1d defaults on", agents: { defaults: { heartbeat: { every: EVERY } }, list: [{ id: "ops" }] }, scopes: ["per-sender"] },
  { id: "2 interval off", agents: { list: [{ id: "ops", heartbeat: { every: "0m" } }] }, scopes: ["per-sender", "global"] },
  { id: "2d defaults off", agents: { defaults: { heartbeat: { every: "0m" } }, list: [{ id: "ops" }] }, scopes: ["per-sender"] },
  { id: "3 no block (other has one)", agents: { list: [{ id: "ops" }, { id: "other", heartbeat: { every: EVERY } }] }, scopes: ["per-sender"] },
  { id: "4 session existing", agents: { list: [{ id: "ops", heartbeat: { every: EVERY, session: U1 } }] }, scopes: ["per-sender", "global"], alt: U1, emptyInterval: true },
  { id: "4s session existing, short", agents: { list: [{ id: "ops", heartbeat: { every: EVERY, session: "discord:direct:u1" } }] }, scopes: ["per-sender"], alt: U1 },
  { id: "5 session missing", agents: { list: [{ id: "ops", heartbeat: { every: EVERY, session: GHOST } }] }, scopes: ["per-sender"], alt: GHOST, emptyInterval: true },
  { id: "6 isolated", agents: { list: [{ id: "ops", heartbeat: { every: EVERY, isolatedSession: true } }] }, scopes: ["per-sender", "global"], alt: "agent:ops:main:heartbeat", emptyInterval: true },
  { id: "7 active hours, outside", agents: { list: [{ id: "ops", heartbeat: { every: EVERY, activeHours: ACTIVE } }] }, scopes: ["per-sender"], at: OUTSIDE },
  { id: "7i active hours, inside", agents: { list: [{ id: "ops", heartbeat: { every: EVERY, activeHours: ACTIVE } }] }, scopes: ["per-sender"], at: INSIDE },
];
const WAKES = ["interval", "untargeted", "exec->main", "agentId only"];
const EMPTY_INTERVAL = "interval, nothing queued";
const AGAIN = "exec->main, 5 s after a run"; // the wake-deferral guard (min-spacing / not-due)

const EXEC_MAIN = "Exec completed (a1b2c3d4, code 0) :: main-session-result";
const GEN_MAIN = "Reminder from main: water the plants";
const EXEC_ALT = "Exec completed (e5f6a7b8, code 0) :: alt-session-result";

// ------------------------------------------------------------------------------------------------
// Parent: one child per release, then the tables

function parseArgs(argv) {
  const o = { cacheDir: path.join(OPENCLAW_DIR, ".cache"), releases: [], node: null, json: false, child: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--cache-dir") o.cacheDir = path.resolve(argv[++i]);
    else if (a === "--release") o.releases.push(argv[++i]);
    else if (a === "--node") o.node = argv[++i];
    else if (a === "--json") o.json = true;
    else if (a === "--child") o.child = argv[++i];
    else if (a === "-h" || a === "--help") {
      console.log("usage: heartbeat-settings.mjs [--cache-dir DIR] [--release V]... [--node PATH] [--json]");
      process.exit(0);
    } else {
      console.error(`unknown argument ${a}`);
      process.exit(2);
    }
  }
  if (!o.releases.length) o.releases = ALL_RELEASES;
  return o;
}

function chooseNode(o) {
  if (o.node) return o.node;
  const plat = process.platform === "win32" ? "win" : process.platform;
  const bundled = path.join(o.cacheDir, "node", "24.21.0", "node_modules", `node-${plat}-${process.arch}`, "bin", "node");
  if (fs.existsSync(bundled)) return bundled;
  return process.execPath;
}

function runRelease(o, nodeBin, version) {
  const relDir = path.join(o.cacheDir, "releases", version);
  if (!fs.existsSync(path.join(relDir, ".installed"))) {
    return Promise.resolve({ version, rows: [], error: `not installed: ${relDir}/.installed missing (run conformance/openclaw/run.sh first)` });
  }
  const distDir = path.join(fs.realpathSync(path.join(relDir, "node_modules", "openclaw")), "dist");
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "openclaw-hb-settings-"));
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(OPENCLAW|CLAWDBOT|MOLTBOT)_/i.test(k) || k === "NODE_OPTIONS") continue;
    env[k] = v;
  }
  Object.assign(env, {
    HOME: tmp,
    USERPROFILE: tmp,
    OPENCLAW_HOME: tmp,
    OPENCLAW_STATE_DIR: path.join(tmp, "state"),
    OPENCLAW_CONFIG_PATH: path.join(tmp, "openclaw.json"),
    TZ: "UTC",
    NO_COLOR: "1",
  });
  return new Promise((resolve) => {
    const child = spawn(nodeBin, [fileURLToPath(import.meta.url), "--child", version], {
      cwd: tmp,
      env,
      stdio: ["pipe", "ignore", process.env.HB_PROBE_DEBUG ? "inherit" : "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (d) => {
      stderr = (stderr + d).slice(-20000);
    });
    const rows = [];
    let meta = null;
    let error = null;
    readline.createInterface({ input: child.stdio[3] }).on("line", (l) => {
      const m = JSON.parse(l);
      if (m.row) rows.push(m.row);
      else if (m.meta) meta = m.meta;
      else if (m.error) error = m.error;
    });
    const timer = setTimeout(() => {
      error = "timed out after 150 s";
      child.kill("SIGKILL");
    }, 150_000);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      fs.rmSync(tmp, { recursive: true, force: true });
      if (!error && code !== 0) error = `child exited ${signal ?? code}: ${stderr.trim().split("\n").slice(-8).join("\n")}`;
      resolve({ version, rows, meta, error });
    });
    child.stdin.end(`${JSON.stringify({ distDir, version })}\n`);
  });
}

function cell(v) {
  return String(v ?? "").replaceAll("|", "\\|");
}

function printTables(results) {
  const cols = ["setting", "scope", "wake", "main events queued under", "ran? / skip reason", "run session", "queue peeked", "main exec event in prompt", "main exec consumed", "main generic event surfaced", "alt exec marker", "wake kept"];
  for (const r of results) {
    console.log(`\n### openclaw ${r.version}\n`);
    if (r.error) console.log(`**could not run:** ${r.error}\n`);
    if (r.meta) console.log(`${r.meta}\n`);
    const siteKeys = {};
    for (const x of r.rows) if (x.siteKey) siteKeys[x.scope] = x.siteKey;
    const site = Object.entries(siteKeys).map(([sc, k]) => `${sc}: \`${k}\``).join(", ");
    if (site) console.log(`The exec site's own event key for origin \`agent:ops:main\` (real routing): ${site}. Under global scope the probe queues the main events under the heartbeat's main queue instead (column "main events queued under").\n`);
    if (!r.rows.length) continue;
    console.log(`| ${cols.join(" | ")} |`);
    console.log(`|${cols.map(() => "---").join("|")}|`);
    for (const x of r.rows) {
      console.log(`| ${[x.setting, x.scope, x.wake, x.eventKey, x.result, x.runSession, x.peeked, x.execInPrompt, x.execConsumed, x.generic, x.altInPrompt, x.kept].map(cell).join(" | ")} |`);
    }
  }
}

async function parent(o) {
  const nodeBin = chooseNode(o);
  const results = [];
  for (const v of o.releases) {
    const t0 = Date.now();
    const r = await runRelease(o, nodeBin, v);
    r.seconds = (Date.now() - t0) / 1000;
    process.stderr.write(`${v}: ${r.rows.length} cases in ${r.seconds.toFixed(1)} s${r.error ? ` (error: ${r.error.split("\n")[0]})` : ""}\n`);
    results.push(r);
  }
  if (o.json) console.log(JSON.stringify({ node: nodeBin, results }, null, 2));
  else {
    console.log(`<!-- node ${nodeBin}; cache ${path.relative(REPO, o.cacheDir) || o.cacheDir} -->`);
    printTables(results);
  }
  process.exit(results.some((r) => r.error) ? 1 : 0);
}

// ------------------------------------------------------------------------------------------------
// Child: one release

async function child(version) {
  const { mock } = await import("node:test");
  const nodeModule = await import("node:module");
  const { locateFunctions } = await import(pathToFileURL(path.join(OPENCLAW_DIR, "lib", "locate.mjs")).href);
  const { makeSyncHooks } = await import(pathToFileURL(path.join(OPENCLAW_DIR, "lib", "hooks.mjs")).href);
  const { STATEFUL } = await import(pathToFileURL(path.join(OPENCLAW_DIR, "lib", "stateful.mjs")).href);

  const out = fs.createWriteStream(null, { fd: 3 });
  const send = (obj) => out.write(`${JSON.stringify(obj)}\n`);
  console.log = console.info = console.debug = console.warn = console.error = () => {};

  const { distDir } = JSON.parse(fs.readFileSync(0, "utf8").split("\n")[0]);
  if (typeof nodeModule.registerHooks !== "function") throw new Error(`node ${process.version} has no module.registerHooks (need >= 22.15); pass --node`);

  // Bindings: the scenario driver's (lib/stateful.mjs) plus the ones this probe needs.
  const TABLE = {
    ...STATEFUL,
    resolveHeartbeatSession: { regions: ["src/infra/heartbeat-runner.ts", "src/infra/heartbeat-runner-session.ts"] },
    resolveHeartbeatSessionSelection: { regions: ["src/infra/heartbeat-runner-session.ts"] },
    resolveSystemEventQueueKey: { regions: ["src/infra/system-event-ownership.ts"] },
    resolveEventSessionKeyForPolicy: { regions: ["src/infra/event-session-routing.ts"] },
    scopedHeartbeatWakeOptionsForPolicy: { regions: ["src/infra/event-session-routing.ts"] },
    resolveHeartbeatMonitorPlan: { regions: ["src/cron/heartbeat-monitor.ts"] },
    resolveStorePath: { regions: ["src/config/sessions/paths.ts"] },
    upsertSessionEntryCore: { regions: ["src/config/sessions/session-accessor.sqlite-entry.ts"] },
    loadSessionEntry: { regions: ["src/config/sessions/session-accessor.sqlite-entry.ts"] },
    startHeartbeatRunner: { regions: ["src/infra/heartbeat-runner.ts", "src/infra/heartbeat-runner-scheduler.ts"] },
    runHeartbeatOnce: { regions: ["src/infra/heartbeat-runner.ts", "src/infra/heartbeat-runner-run.ts"] },
    drainFormattedSystemEvents: { regions: ["src/auto-reply/reply/session-system-events.ts"] },
    isExecCompletionEvent: { regions: ["src/infra/heartbeat-events-filter.ts"] },
  };
  const names = Object.keys(TABLE);
  const loc = locateFunctions(distDir, names, TABLE);
  const alias = (n) => `__heartbeatSpecProbe_${n}`;
  const patches = {};
  for (const [n, l] of Object.entries(loc)) {
    if (!l) continue;
    (patches[pathToFileURL(path.join(distDir, l.file)).href] ??= []).push([l.local, alias(n)]);
  }
  nodeModule.registerHooks(makeSyncHooks(patches));
  const B = {};
  for (const [n, l] of Object.entries(loc)) {
    if (!l) continue;
    const mod = await import(pathToFileURL(path.join(distDir, l.file)).href);
    if (n === "handler") Object.defineProperty(B, "handler", { get: () => mod[alias(n)] });
    else B[n] = mod[alias(n)];
  }
  // 2026.9.6: the session-event wake runtime, a global singleton (its functions are destructured
  // from it at module level, so the locator cannot see them as declarations).
  const wakeRuntime = globalThis[Symbol.for("openclaw.sessionEventWake")];
  const V4 = !B.pendingWakes && !!wakeRuntime;
  if (V4) B.requestSessionEventWakeAndWait = wakeRuntime.requestSessionEventWakeAndWait;
  const runnerChunk = loc.startHeartbeatRunner?.file;

  // G1: the clock (Date only). G2 (reduced): only the 5.x runner's interval timer is held.
  let heldInterval = null;
  const realSetTimeout = globalThis.setTimeout;
  globalThis.setTimeout = function (fn, delay, ...args) {
    if (!V4 && Number(delay) >= 60_000) {
      const frame = (new Error().stack ?? "").split("\n").slice(2).find((l) => l.includes(distDir));
      if (frame && frame.includes(runnerChunk)) {
        heldInterval = { fn, args, delay: Number(delay), at: Date.now() };
        return { unref() { return this; }, ref() { return this; }, hasRef: () => false, refresh() { return this; }, [Symbol.toPrimitive]: () => 0 };
      }
    }
    return realSetTimeout(fn, delay, ...args);
  };
  mock.timers.enable({ apis: ["Date"], now: INSIDE });
  const setClock = (ms) => mock.timers.setTime(ms);
  const sleep = (ms) => new Promise((r) => realSetTimeout(r, ms));

  // G3: the injected reply function; one record per runHeartbeatOnce call.
  let runs = [];
  const makeRunOnce = () => async (opts) => {
    const rec = { agentId: opts.agentId, opts: { sessionKey: opts.sessionKey, source: opts.source, heartbeat: opts.heartbeat }, prompt: null, runSession: null, prelude: null };
    runs.push(rec);
    const getReplyFromConfig = async (ctx, replyOpts) => {
      rec.prompt = String(ctx?.Body ?? "");
      rec.runSession = ctx?.SessionKey;
      // 5.x: Provider "exec-event"; 9.6: InternalTurnSource "exec" (the exec-completion prompt,
      // whose output text is withheld when the heartbeat has no delivery target).
      rec.execPrompt = ctx?.Provider === "exec-event" || ctx?.InternalTurnSource === "exec";
      // 9.6 hands the reply pipeline's system-event prelude its queue and events under a symbol.
      const sym = Object.getOwnPropertySymbols(replyOpts ?? {}).find((x) => x.description === "openclaw.reply.systemEventContext");
      if (sym) rec.prelude = replyOpts[sym];
      return { text: "HEARTBEAT_OK" };
    };
    try {
      rec.result = await B.runHeartbeatOnce({ ...opts, deps: { ...(opts.deps ?? {}), getReplyFromConfig } });
    } catch (e) {
      rec.result = { status: "threw", reason: String(e?.message ?? e) };
    }
    return rec.result;
  };

  let runner = null;
  let caseNo = 0;
  const stateDirs = new Map();
  const tmpRoot = process.env.HOME;

  async function drain9() {
    // Hand every wake still pending in the (closure-private) wake runtime to a no-op handler, so
    // that none leaks into the next case; the count says how many the runtime had kept.
    let n = 0;
    const dispose = B.setHeartbeatWakeHandler(async () => {
      n++;
      return { status: "skipped", reason: "disabled" };
    });
    // Registering a handler re-arms the runtime's timer at 250 ms (its coalesce delay).
    let last;
    do {
      last = n;
      await sleep(300);
    } while (n !== last);
    dispose();
    return n;
  }

  async function playCase(setting, scope, wake) {
    caseNo++;
    // A fresh state directory per case (5.x: sessions.json); in 9.6 per setting and scope, because
    // creating its SQLite databases costs about 0.3 s of CPU (the missing session is checked below).
    const stateKey = V4 ? `${setting.id}|${scope}` : String(caseNo);
    if (!stateDirs.has(stateKey)) stateDirs.set(stateKey, path.join(tmpRoot, `state-${stateDirs.size + 1}`));
    process.env.OPENCLAW_STATE_DIR = stateDirs.get(stateKey);
    const freshState = !fs.existsSync(process.env.OPENCLAW_STATE_DIR);
    fs.mkdirSync(process.env.OPENCLAW_STATE_DIR, { recursive: true });
    const at = setting.at ?? INSIDE;
    setClock(at - 3_600_000);
    runner?.stop(); // 9.6: the previous case already handed its leftover wakes to drain9()
    B.resetSystemEventsForTest();
    if (!V4) B.pendingWakes.clear();
    heldInterval = null;
    runs = [];
    const cfg = { session: { scope }, agents: structuredClone(setting.agents) };

    // The session store: the agent's main session and agent:ops:discord:direct:u1 exist.
    const entries = { "agent:ops:main": { sessionId: "sess-main", updatedAt: at - 7_200_000 }, [U1]: { sessionId: "sess-u1", updatedAt: at - 7_200_000 } };
    if (V4) {
      if (freshState) for (const [sessionKey, e] of Object.entries(entries)) await B.upsertSessionEntryCore({ agentId: "ops", sessionKey }, e);
      if (B.loadSessionEntry(({ agentId: "ops", sessionKey: GHOST }))) throw new Error(`${GHOST} exists in the store`);
    } else {
      const storePath = B.resolveStorePath(cfg.session?.store, { agentId: "ops" });
      fs.mkdirSync(path.dirname(storePath), { recursive: true });
      fs.writeFileSync(storePath, JSON.stringify(entries));
    }

    setClock(at);
    let handlerResults = [];
    let intervalInfo = null;
    if (V4) {
      runner = B.startHeartbeatRunner({ cfg, runOnce: makeRunOnce() });
      const plan = B.resolveHeartbeatMonitorPlan ? B.resolveHeartbeatMonitorPlan(cfg, [], { schedulerSeed: "heartbeat-spec" }) : null;
      const spec = plan?.specs.find((s) => s.agentId === "ops");
      intervalInfo = spec ? { enabled: spec.input.enabled, everyMs: spec.input.schedule.everyMs } : null;
    } else {
      runner = B.startHeartbeatRunner({ cfg, runOnce: makeRunOnce(), stableSchedulerSeed: "heartbeat-spec" });
      const real = B.handler;
      B.setHeartbeatWakeHandler(async (p) => {
        const r = await real(p);
        handlerResults.push(r);
        return r;
      });
    }

    // The events: what the exec site queues for origin agent:ops:main, plus a marker under the
    // alternative session (heartbeat.session / isolated key).
    const origin = "agent:ops:main";
    let eventKey;
    let wakeOpts;
    const base = { source: "exec-event", intent: "event", reason: "exec-event", coalesceMs: 0 };
    if (V4) {
      const policy = { sessionScope: scope };
      eventKey = B.resolveSystemEventQueueKey(B.resolveEventSessionKeyForPolicy(origin, policy), "ops");
      wakeOpts = B.scopedHeartbeatWakeOptionsForPolicy(origin, base, policy);
    } else {
      eventKey = B.resolveEventSessionKey ? B.resolveEventSessionKey(origin, undefined, scope) : origin;
      wakeOpts = B.scopedHeartbeatWakeOptions.length >= 3 ? B.scopedHeartbeatWakeOptions(origin, base, undefined, scope) : B.scopedHeartbeatWakeOptions(origin, base);
    }
    // The main-session queue: under global scope the heartbeat's main session is `global` (9.6:
    // its queue `agent:ops:global`); the exec site itself keeps `agent:ops:main` there (siteKey).
    const siteKey = eventKey;
    if (scope === "global") eventKey = V4 ? B.resolveSystemEventQueueKey("global", "ops") : "global";
    const empty = wake === EMPTY_INTERVAL;
    if (!empty) {
      B.enqueueSystemEvent(EXEC_MAIN, { sessionKey: eventKey, contextKey: "exec:a1b2c3d4" });
      B.enqueueSystemEvent(GEN_MAIN, { sessionKey: eventKey });
    }
    let altKey = null;
    // The alternative-queue marker is left out of interval wakes: an interval run does not inspect
    // exec completions, and in 2026.9.6 any queued event changes the no-route skip.
    if (setting.alt && !empty && wake !== "interval") {
      altKey = V4 ? B.resolveSystemEventQueueKey(setting.alt, "ops") : setting.alt;
      if (altKey !== eventKey) B.enqueueSystemEvent(EXEC_ALT, { sessionKey: altKey, contextKey: "exec:e5f6a7b8" });
      else altKey = null;
    }
    const peek = (k) => (k ? B.peekSystemEventEntries(k).map((e) => e.text) : []);

    // The wake.
    let wakeSent;
    let result;
    let kept = "";
    if (wake === "interval" || empty) {
      if (V4) {
        if (!intervalInfo || !intervalInfo.enabled) {
          wakeSent = null;
          result = intervalInfo ? `no interval: monitor job for ops disabled (everyMs ${intervalInfo.everyMs})` : "no interval: no monitor job for ops";
        } else {
          wakeSent = { source: "interval", intent: "scheduled", reason: "interval", agentId: "ops", scheduledEveryMs: intervalInfo.everyMs };
        }
      } else if (!heldInterval) {
        wakeSent = null;
        result = "no interval: runner arms no timer";
      } else {
        const t = heldInterval;
        heldInterval = null;
        setClock(t.at + t.delay);
        intervalInfo = `timer fired at ${new Date(t.at + t.delay).toISOString().slice(11, 16)}Z`;
        t.fn(...t.args); // requestHeartbeat({source: "interval", intent: "scheduled", reason: "interval"})
        wakeSent = "interval timer";
      }
    } else if (wake === "untargeted") wakeSent = { source: "exec-event", intent: "event", reason: "exec-event", coalesceMs: 0 };
    else if (wake === "exec->main") wakeSent = wakeOpts;
    else if (wake === AGAIN) {
      // A first exec wake runs (and consumes the event); 5 s later the exec site fires again.
      if (V4) await B.requestSessionEventWakeAndWait(wakeOpts);
      else {
        B.requestHeartbeat(wakeOpts);
        for (let i = 0; i < 400 && !handlerResults.length; i++) await sleep(10);
        handlerResults = [];
      }
      runs = [];
      setClock(at + 5000);
      B.enqueueSystemEvent(EXEC_MAIN, { sessionKey: eventKey, contextKey: "exec:a1b2c3d4" });
      wakeSent = wakeOpts;
    }
    else wakeSent = { source: "exec-event", intent: "event", reason: "exec-event", coalesceMs: 0, agentId: "ops" };

    if (wakeSent && V4) {
      let retained = null;
      const res = await Promise.race([
        B.requestSessionEventWakeAndWait(wakeSent, {
          stopWaitingOnRetry: (r, retryAtMs) => {
            retained = { reason: r.reason, inMs: retryAtMs - Date.now() };
            return true;
          },
        }),
        sleep(8000).then(() => ({ status: "timeout" })),
      ]);
      result = fmtResult(res);
      if (retained) result += ` (retained: retry in ${Math.round(retained.inMs / 1000)} s)`;
    } else if (wakeSent) {
      if (wakeSent !== "interval timer") B.requestHeartbeat(wakeSent);
      for (let i = 0; i < 400 && !handlerResults.length; i++) await sleep(10);
      result = handlerResults.length ? fmtResult(handlerResults[0]) : "no handler call";
      await sleep(20);
      if (B.pendingWakes.size) kept = `pending: ${[...B.pendingWakes.keys()].join(", ")}`;
    }
    const opsRuns = runs.filter((r) => r.agentId === "ops");
    const run = opsRuns.find((r) => r.prompt !== null) ?? opsRuns[0];
    if (run && run.result && run.result.status !== "ran" && !result.includes(run.result.reason ?? "?")) result += ` [runOnce: ${fmtResult(run.result)}]`;
    if (!run && runs.length) result += ` [runs: ${runs.map((r) => `${r.agentId} ${fmtResult(r.result)}`).join("; ")}]`;

    // Which queue the run peeked: the real session resolver with the arguments runOnce got.
    let peeked = "";
    if (run) {
      try {
        if (V4) {
          const sel = B.resolveHeartbeatSessionSelection(cfg, "ops", run.opts.heartbeat, run.opts.sessionKey);
          peeked = B.resolveSystemEventQueueKey(sel.sessionKey, "ops");
        } else {
          peeked = B.resolveHeartbeatSession(cfg, "ops", run.opts.heartbeat, run.opts.sessionKey).sessionKey;
        }
      } catch (e) {
        peeked = `error: ${e.message}`;
      }
    }
    const prompt = run?.prompt ?? null;
    const afterRun = peek(eventKey);
    const altAfter = peek(altKey);
    if ((wake === "interval" || empty) && typeof intervalInfo === "string") result += ` (${intervalInfo})`;
    // The generic event: shown by the reply prelude. 2026.9.6 hands the prelude its events in the
    // reply options; 5.x's prelude is the real drainFormattedSystemEvents on the run session.
    let generic = "no run";
    if (prompt !== null) {
      if (prompt.includes(GEN_MAIN)) generic = "in prompt";
      else if (V4) {
        const texts = (run.prelude?.events ?? []).map((e) => e.text);
        generic = texts.includes(GEN_MAIN) ? `handed to reply prelude (queue ${run.prelude.sessionKey})` : `no (prelude queue ${run.prelude?.sessionKey ?? "?"}, ${texts.length} events)`;
      } else {
        const block = (await B.drainFormattedSystemEvents({ cfg, sessionKey: run.runSession, isMainSession: false, isNewSession: false })) ?? "";
        generic = block.includes(GEN_MAIN) ? `prelude of ${run.runSession}` : "no";
      }
      if (!generic.startsWith("no")) generic += peek(eventKey).includes(GEN_MAIN) ? ", stays queued" : ", drained";
    }
    if (V4) {
      runner.stop();
      runner = null;
      // Only a wake the runtime kept (or one that did not settle) can still be pending.
      if (result.includes("retained") || result.includes("timeout")) {
        const n = await drain9();
        if (n) kept = `${n} wake(s) still pending`;
      }
    }
    const target = wakeSent && typeof wakeSent === "object" ? ["agentId", "sessionKey"].filter((k) => wakeSent[k]).map((k) => `${k} ${wakeSent[k]}`).join(", ") : "";
    return {
      setting: setting.id,
      scope,
      wake: target && wake !== "agentId only" ? `${wake} (${target})` : wake,
      siteKey,
      result,
      runSession: run?.runSession ?? "",
      peeked,
      execInPrompt: prompt === null ? "no run" : prompt.includes(EXEC_MAIN) ? "yes, text" : run.execPrompt ? "exec prompt, output withheld" : "no",
      execConsumed: empty ? "(none queued)" : afterRun.includes(EXEC_MAIN) ? "no, queued" : "yes",
      generic,
      altInPrompt: altKey ? `${prompt === null ? "no run" : prompt.includes(EXEC_ALT) ? "text in prompt" : "not in prompt"}; ${altAfter.includes(EXEC_ALT) ? "queued" : "consumed"}` : "",
      kept,
      eventKey,
    };
  }

  function fmtResult(r) {
    if (!r) return "?";
    if (r.status === "ran") return "ran";
    return `${r.status}: ${r.reason ?? ""}`.trim();
  }

  const missing = ["enqueueSystemEvent", "peekSystemEventEntries", "resetSystemEventsForTest", "setHeartbeatWakeHandler", "startHeartbeatRunner", "runHeartbeatOnce"].filter((n) => !B[n]);
  if (missing.length) throw new Error(`not found in ${version}: ${missing.join(", ")}`);
  send({ meta: `Clock ${new Date(INSIDE).toISOString()} (inside the active hours), ${new Date(OUTSIDE).toISOString()} for "outside"; node ${process.version}.` });
  const T0 = performance.now();
  for (const s of SETTINGS) {
    for (const scope of s.scopes) {
      for (const w of [...WAKES, ...(s.emptyInterval ? [EMPTY_INTERVAL] : []), ...(s.again && scope === "per-sender" ? [AGAIN] : [])]) {
        let row;
        try {
          row = await playCase(s, scope, w);
        } catch (e) {
          row = { setting: s.id, scope, wake: w, result: `probe error: ${String(e?.stack ?? e).split("\n").slice(0, 3).join(" ")}` };
        }
        send({ row });
        if (process.env.HB_PROBE_DEBUG) process.stderr.write(`${((performance.now() - T0) / 1000).toFixed(1)} ${s.id} ${scope} ${w}\n`);
      }
    }
  }
  runner?.stop();
  out.end(() => process.exit(0));
}

const opts = parseArgs(process.argv.slice(2));
if (opts.child) {
  child(opts.child).catch((e) => {
    fs.writeSync(3, `${JSON.stringify({ error: String(e?.stack ?? e) })}\n`);
    process.exit(1);
  });
} else {
  parent(opts);
}
