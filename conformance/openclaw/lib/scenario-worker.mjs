// The scenario driver (SPEC §11.4, UD1–UD6): plays the steps of
// `heartbeat-spec vectors export` scenarios (SPEC appendix A.1) on the REAL stateful modules of one
// published release, inside a child process (one per release, like worker.mjs):
//   - the system-event queue (enqueueSystemEvent / peekSystemEventEntries / reset for tests),
//   - the wake scheduler (requestHeartbeat / setHeartbeatWakeHandler and its pending map),
//   - the heartbeat runner (startHeartbeatRunner, which registers the real wake handler and
//     calls the real runHeartbeatOnce), with an injected reply function.
// Protocol: first stdin line {distDir, locations, release}; then one scenario per line
// {"n": N, "scenario": {...}}; one answer per scenario on fd 3:
// {"n", "status": "agreed"|"diverged"|"not-runnable", "step"?, "op"?, "field"?, "expected"?,
//  "actual"?, "reason"?, "steps": K}.
//
// Glue (every piece is listed in README.md, "Scenario driver: glue"):
//  G1 clock: Date is mocked (node:test mock.timers, Date only); the clock is set to each
//     step's `at` plus an offset that only grows (G4).
//  G2 timers: setTimeout calls made by the wake scheduler's and the runner's chunks are held by
//     the driver and fired only when a step says so (every other timer is a real one).
//  G3 reply: deps.getReplyFromConfig records the prompt and blocks until finish-run resolves
//     it with "HEARTBEAT_OK" (fail-run: rejects); at finish the real
//     drainFormattedSystemEvents (what the reply pipeline prepends to a turn) is called.
//  G4 time-passes: the clock jumps to the runner's interval timer and the timer is fired.
//  G5 sites: the enqueue sites' key and wake policies (model/sites/upstream.toml) are applied
//     with the release's real routing functions, then the real enqueue and requestHeartbeat.
//  G6 ranRecently: one real manual heartbeat at startMs - 1 before the first step.
//  G7 reset between scenarios: runner.stop(), resetSystemEventsForTest(), pending map cleared.
//  G9 heartbeat settings (SPEC H10-H12): an agent's `setting` becomes its real heartbeat block
//     (configOf); an isolated run peeks the queue of the session its `:heartbeat` key is made
//     from; `outside-active-hours` is played only while no step needs the interval.

import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import * as nodeModule from "node:module";
import { mock } from "node:test";
import { pathToFileURL } from "node:url";

import { makeSyncHooks } from "./hooks.mjs";
import { jsonEqual } from "./values.mjs";

const out = fs.createWriteStream(null, { fd: 3 });
const reply = (obj) => out.write(`${JSON.stringify(obj)}\n`);
console.log = console.info = console.debug = console.warn = console.error = () => {};

const alias = (fn) => `__heartbeatSpecConformance_${fn}`;
let B = null; // name -> binding
let chunkOf = null; // name -> chunk file

// ---------------------------------------------------------------------------------------------
// G1/G2: clock and held timers

let clock = 0;
let offset = 0;
const held = new Map(); // id -> {kind, fn, args, due}
let nextTimerId = 1;
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

function heldKind() {
  // The innermost frame in either chunk decides (async frames of callers come later).
  for (const line of (new Error().stack ?? "").split("\n").slice(2)) {
    if (line.includes(chunkOf.requestHeartbeat)) return "wake";
    if (line.includes(chunkOf.startHeartbeatRunner)) return "interval";
  }
  return null;
}

class HeldTimer {
  constructor(id) {
    this.id = id;
  }
  unref() {
    return this;
  }
  ref() {
    return this;
  }
  hasRef() {
    return false;
  }
  refresh() {
    return this;
  }
  [Symbol.toPrimitive]() {
    return this.id;
  }
}

function installTimers() {
  globalThis.setTimeout = function (fn, delay, ...args) {
    const kind = heldKind();
    if (!kind) return realSetTimeout(fn, delay, ...args);
    const id = nextTimerId++;
    held.set(id, { kind, fn, args, due: clock + Math.max(0, Number(delay) || 0) });
    return new HeldTimer(id);
  };
  globalThis.clearTimeout = function (t) {
    if (t instanceof HeldTimer) {
      held.delete(t.id);
      return;
    }
    return realClearTimeout(t);
  };
  mock.timers.enable({ apis: ["Date"], now: 0 });
}

function setClock(ms) {
  clock = ms;
  mock.timers.setTime(ms);
}

function heldOf(kind) {
  const list = [...held.entries()].filter(([, t]) => t.kind === kind);
  list.sort((a, b) => a[1].due - b[1].due);
  return list[0] ?? null;
}

/** Fires a held timer; resolves when its callback settled or a reply is awaited. */
async function fire(entry) {
  const [id, t] = entry;
  held.delete(id);
  const p = Promise.resolve().then(() => t.fn(...t.args));
  batches.add(p);
  p.finally(() => batches.delete(p));
  await settle(p);
}

const batches = new Set();
let replyWaiter = null;

/** Wait until `p` settled or a new reply is being awaited (a run started and blocks). */
async function settle(p) {
  await new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (!done) {
        done = true;
        resolve();
      }
    };
    replyWaiter = finish;
    Promise.resolve(p).then(finish, finish);
  });
  replyWaiter = null;
  // let follow-up microtasks (bookkeeping after runOnce) run
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

// ---------------------------------------------------------------------------------------------
// G3: the injected reply function

let runs = new Map(); // agentId -> {prompt, sessionKey, source, resolve, reject, agentId}
let handlerLog = [];
let started = []; // runs started during the current step

function makeRunOnce(cfg) {
  return async (opts) => {
    const agentId = opts.agentId;
    const source = opts.source ?? (opts.reason === "interval" ? "interval" : opts.reason);
    const getReplyFromConfig = (ctx) =>
      new Promise((resolve, reject) => {
        if (process.env.HEARTBEAT_SPEC_DRIVER_DEBUG) fs.appendFileSync(process.env.HEARTBEAT_SPEC_DRIVER_DEBUG, `PROMPT ${JSON.stringify(ctx.Body)}\n`);
        const run = { agentId, sessionKey: ctx.SessionKey, prompt: String(ctx.Body ?? ""), source, resolve, reject };
        // UD3: an exec-completion prompt whose delivery is off withholds the output; the run
        // then handles the exec completions queued under its session (real peek + real filter).
        run.withheld = ctx.Provider === "exec-event" && !textsIn(run.prompt).length
          ? B.peekSystemEventEntries(queueKeyOfRun(run)).map((e) => e.text).filter((t) => B.isExecCompletionEvent(t))
          : [];
        // UD3: the reply pipeline's prelude shows the session's other (non-exec) events; it is
        // played by the real drainFormattedSystemEvents when the run finishes.
        run.prelude = B.peekSystemEventEntries(ctx.SessionKey).map((e) => e.text).filter((t) => !B.isExecCompletionEvent(t));
        runs.set(agentId, run);
        started.push(run);
        replyWaiter?.();
      });
    return B.runHeartbeatOnce({ ...opts, cfg, deps: { ...(opts.deps ?? {}), getReplyFromConfig } });
  };
}

// ---------------------------------------------------------------------------------------------
// Observation (the same four parts `heartbeat-spec vectors run` compares)

let allTexts = []; // every text enqueued in this scenario, in enqueue order
let surfacedNow = [];

function queuesJson(keys) {
  const q = {};
  for (const k of [...keys].sort()) {
    const texts = B.peekSystemEventEntries(k).map((e) => e.text);
    if (texts.length) q[k] = texts;
  }
  return q;
}

function pendingJson() {
  const list = [];
  for (const [key, w] of B.pendingWakes.entries()) {
    // An untargeted interval wake is the interval timer's request (G4), which the model keeps
    // as interval state, not as a pending wake.
    if (key === "::" && (w.source === "interval" || w.reason === "interval")) continue;
    const t = {};
    if (w.agentId) t.agentId = w.agentId;
    if (w.sessionKey) t.sessionKey = w.sessionKey;
    list.push([key, t]);
  }
  list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return list.map(([, t]) => t);
}

/** Event texts that appear in a prompt, in enqueue order. */
function textsIn(prompt) {
  return allTexts.filter((t, i) => allTexts.indexOf(t) === i && prompt.includes(t));
}

function runJson(run, queueKey) {
  return {
    agentId: run.agentId,
    sessionKey: run.sessionKey,
    queueKey,
    source: run.source,
    inspected: allTexts.filter((t, i) => allTexts.indexOf(t) === i && (run.prompt.includes(t) || run.withheld.includes(t) || run.prelude.includes(t))),
  };
}

// ---------------------------------------------------------------------------------------------
// G5: the sites (model/sites/upstream.toml, key and wake policies)

const SITES = {
  "exec-exit": { key: "event-route", wake: "scoped", source: "exec-event", intent: "event", reason: "exec-event", coalesceMs: 0 },
  "acp-parent-stream": { key: "event-route", wake: "scoped", source: "acp-spawn", intent: "event", reason: "acp:spawn:stream" },
  "node-exec-event": { key: "event-route", wake: "scoped", source: "exec-event", intent: "event", reason: "exec-event", coalesceMs: 0 },
  "cli-watchdog": { key: "event-route", wake: "scoped", source: "cli-watchdog", intent: "event", reason: "cli:watchdog:stall" },
  "node-notification": { key: "raw", wake: "session-key", source: "notifications-event", intent: "event", reason: "notifications-event" },
};

class NotRunnable extends Error {}

// ---------------------------------------------------------------------------------------------
// One scenario

let runner = null;
let knownKeys = new Set();

// G9: the heartbeat block of each setting (SPEC H10-H12; `setting` absent is `interval`).
// other-session: `heartbeat.session` in the short form the runtime gives (the agent's DM
// session `agent:<id>:telegram:direct:42`); isolated: `isolatedSession: true`;
// outside-active-hours: a window no step before the first interval reaches (the scenario clock
// starts at 00:16:40Z and model steps are seconds apart), see ACTIVE_HOURS_REASON.
const OTHER_SESSION = "telegram:direct:42";
const ACTIVE_HOURS = { start: "12:00", end: "13:00", timezone: "UTC" };
const ACTIVE_HOURS_REASON =
  "outside-active-hours: the step needs the interval, which 2026.5.x moves to the next slot inside the active hours " +
  "(12:00-13:00 UTC), so the clock would enter the window that every event wake must arrive outside of; " +
  "one clock cannot be both (the steps before this one were played and agreed)";

function heartbeatOf(c, a) {
  if (!a.heartbeat) return { every: "0m" };
  const every = `${c.intervalMs}ms`;
  switch (a.setting ?? "interval") {
    case "interval":
      return { every };
    case "other-session":
      return { every, session: OTHER_SESSION };
    case "isolated":
      return { every, isolatedSession: true };
    case "outside-active-hours":
      return { every, activeHours: { ...ACTIVE_HOURS } };
    default:
      throw new NotRunnable(`heartbeat setting ${a.setting} is not driven`);
  }
}

function configOf(c) {
  return {
    session: { scope: c.scope, mainKey: c.mainKey },
    agents: {
      list: c.agents.map((a) => ({ id: a.id, heartbeat: heartbeatOf(c, a) })),
    },
  };
}

let isolatedAgents = new Set(); // G9: agents whose heartbeat runs in `<session>:heartbeat`
let quietAgents = false; // G9: some agent's heartbeat has the active hours every wake is outside of

let s_probe = false;

async function playScenario(s) {
  const c = s.config;
  // A hand-written probe (conformance/openclaw/probes/*.scenario.jsonl) may ask for the real
  // handling of an untargeted wake, which exported scenarios model as a fan-out.
  s_probe = s.probe === true;
  if (c.queueCap !== 20) throw new NotRunnable(`queueCap ${c.queueCap}: the real queue's cap is fixed at 20`);
  const cfg = configOf(c);
  isolatedAgents = new Set(c.agents.filter((a) => a.heartbeat && a.setting === "isolated").map((a) => a.id));
  quietAgents = c.agents.some((a) => a.heartbeat && a.setting === "outside-active-hours");
  // G7
  runner?.stop();
  for (const r of runs.values()) r.resolve({ text: "HEARTBEAT_OK" });
  for (const p of [...batches]) await settle(p);
  runs = new Map();
  held.clear();
  B.resetSystemEventsForTest();
  B.pendingWakes.clear();
  allTexts = [];
  knownKeys = new Set();
  offset = 0;
  setClock(c.startMs - 1);
  runner = B.startHeartbeatRunner({ cfg, runOnce: makeRunOnce(cfg), stableSchedulerSeed: "heartbeat-spec" });
  // Observe the real wake handler's answers: re-register it wrapped (G2).
  const real = B.handler;
  B.setHeartbeatWakeHandler(async (p) => {
    const r = await real(p);
    handlerLog.push(r);
    return r;
  });
  // G6
  for (const a of c.agents) {
    if (!a.ranRecently) continue;
    B.requestHeartbeat({ source: "manual", intent: "manual", reason: "manual", agentId: a.id, coalesceMs: 0 });
    const w = heldOf("wake");
    if (w) await fire(w);
    const r = runs.get(a.id);
    if (!r) throw new NotRunnable(`ranRecently ${a.id}: the manual heartbeat at startMs - 1 did not run`);
    runs.delete(a.id);
    r.resolve({ text: "HEARTBEAT_OK" });
    for (const p of [...batches]) await settle(p);
  }
  setClock(c.startMs);
  // Every step is played and compared; the first differing one is reported like `vectors run`,
  // and every differing step is returned so that an explained divergence (allow-list) can be
  // told apart from a later, unexplained one.
  let n = 0;
  const diffs = [];
  for (const step of s.steps) {
    n++;
    let actual;
    try {
      actual = await playStep(c, cfg, step);
    } catch (e) {
      if (e instanceof NotRunnable && diffs.length) {
        return { status: "diverged", ...diffs[0], diffs, steps: n - 1, rest: `not runnable from step ${n}: ${e.message}` };
      }
      if (e instanceof NotRunnable) e.message = `step ${n} (${step.op}): ${e.message}`;
      throw e;
    }
    for (const field of ["outcome", "queues", "surfaced", "pending"]) {
      if (!jsonEqual(step.expect[field], actual[field])) {
        diffs.push({ step: n, op: step.op, field, expected: step.expect[field], actual: actual[field] });
        break;
      }
    }
  }
  if (diffs.length) return { status: "diverged", ...diffs[0], diffs, steps: n };
  return { status: "agreed", steps: n };
}

function queueKeyOfRun(run) {
  // Up to 2026.5.12 the runner peeks the session key itself; an isolated run (G9, SPEC H11)
  // peeks the session its `<session>:heartbeat` key was made from.
  if (isolatedAgents.has(run.agentId) && run.sessionKey?.endsWith(":heartbeat")) {
    return run.sessionKey.slice(0, -":heartbeat".length);
  }
  return run.sessionKey;
}

async function playStep(c, cfg, step) {
  setClock(Math.max(clock, step.at + offset));
  started = [];
  surfacedNow = [];
  handlerLog = [];
  if (quietAgents && ["time-passes", "interval-tick", "tick"].includes(step.op)) throw new NotRunnable(ACTIVE_HOURS_REASON);
  let outcome;
  switch (step.op) {
    case "enqueue": {
      const site = SITES[step.site];
      if (!site) throw new NotRunnable(`site ${step.site} is not driven`);
      let key = step.sessionKey;
      if (site.key === "event-route") {
        if (!B.resolveEventSessionKey) key = step.sessionKey; // 2026.5.7 has none: the raw key
        else key = B.resolveEventSessionKey(step.sessionKey, c.mainKey, c.scope);
      }
      knownKeys.add(key);
      const before = B.peekSystemEventEntries(key).map((e) => e.text);
      const queued = B.enqueueSystemEvent(step.text, { sessionKey: key });
      allTexts.push(step.text);
      const after = B.peekSystemEventEntries(key).map((e) => e.text);
      const base = { source: site.source, intent: site.intent, reason: site.reason, ...(site.coalesceMs !== undefined ? { coalesceMs: site.coalesceMs } : {}) };
      let opts = null;
      if (site.wake === "scoped") {
        opts = B.scopedHeartbeatWakeOptions.length >= 3
          ? B.scopedHeartbeatWakeOptions(step.sessionKey, base, c.mainKey, c.scope)
          : B.scopedHeartbeatWakeOptions(step.sessionKey, base);
      } else if (site.wake === "session-key") opts = { ...base, sessionKey: step.sessionKey };
      if (opts) B.requestHeartbeat(opts);
      const wake = opts ? { ...(opts.agentId ? { agentId: opts.agentId } : {}), ...(opts.sessionKey ? { sessionKey: opts.sessionKey } : {}) } : null;
      outcome = {
        ok: {
          result: queued === false ? "duplicate" : "queued",
          eventKey: key,
          queueKey: key,
          wake,
          dropped: before.filter((t) => !after.includes(t)),
        },
      };
      break;
    }
    case "fire-wake": {
      const w = heldOf("wake");
      const key = `${step.target.agentId ?? ""}::${step.target.sessionKey ?? ""}`;
      if (!B.pendingWakes.has(key)) {
        outcome = { ok: { result: "not-pending" } };
        break;
      }
      if (key === "::" && s_probe) {
        await fire(heldOf("wake"));
        outcome = { ok: { result: "handled-untargeted", started: started.map((r) => runJson(r, queueKeyOfRun(r))) } };
        break;
      }
      if (key === "::") {
        throw new NotRunnable("fire-wake of an untargeted wake: the model fans it out into one wake per agent, the real handler runs every agent in the same call");
      }
      const others = [...B.pendingWakes.keys()].filter((k) => k !== key);
      if (others.length) {
        throw new NotRunnable(`step fire-wake of ${key} while ${others.join(", ")} also pending: the real scheduler hands every pending wake to the handler in one batch`);
      }
      if (!w) throw new NotRunnable("fire-wake: no wake timer is armed");
      const busy = batches.size > 0;
      await fire(w);
      if (busy) {
        outcome = { ok: { result: "retrying" } };
      } else if (started.length) {
        const r = started[0];
        outcome = { ok: { result: "started", run: runJson(r, queueKeyOfRun(r)) } };
      } else {
        const res = handlerLog[handlerLog.length - 1];
        if (res && res.status === "skipped" && ["not-due", "min-spacing", "flood", "quiet-hours"].includes(res.reason)) {
          outcome = { ok: { result: "deferred", reason: res.reason, kept: B.pendingWakes.has(key) } };
        } else if (res && res.status === "skipped" && res.reason === "disabled") {
          outcome = { ok: { result: "disabled" } };
        } else if (res && res.status === "skipped" && B.pendingWakes.has(key)) {
          outcome = { ok: { result: "retrying" } };
        } else outcome = { ok: { result: "handler-returned", res: res ?? null } };
      }
      break;
    }
    case "time-passes": {
      if (c.agents.filter((a) => a.heartbeat).length > 1) {
        throw new NotRunnable("time-passes with several heartbeat agents: the real runner keeps ONE interval timer (due at the earliest agent's phase slot) and its interval wake runs every due agent in one handler call; the model's per-agent interval cannot be realised");
      }
      const t = heldOf("interval");
      const untargeted = B.pendingWakes.get("::");
      if (untargeted && untargeted.reason !== "interval") {
        throw new NotRunnable("time-passes while an untargeted event wake is pending: the real scheduler merges the interval request into it (same target key \"::\")");
      }
      const already = !!untargeted;
      if (!t || already) {
        outcome = { ok: { result: "unchanged" } };
        break;
      }
      if (t[1].due > clock) {
        offset += t[1].due - clock;
        setClock(t[1].due);
      }
      held.delete(t[0]);
      t[1].fn(...t[1].args); // synchronous: requestHeartbeat(interval, coalesce 0)
      outcome = { ok: { result: "expired" } };
      break;
    }
    case "interval-tick": {
      if (!B.pendingWakes.has("::")) throw new NotRunnable("interval-tick: the interval timer has not requested a wake");
      const others = [...B.pendingWakes.keys()].filter((k) => k !== "::");
      if (others.length) {
        throw new NotRunnable(`step interval-tick while ${others.join(", ")} pending: the real scheduler hands every pending wake to the handler in one batch, so the interval run cannot start alone`);
      }
      const w = heldOf("wake");
      if (batches.size > 0) {
        outcome = { ok: { result: "busy" } };
        break;
      }
      await fire(w);
      const r = started.find((x) => x.agentId === step.agentId);
      outcome = r ? { ok: { result: "started", run: runJson(r, queueKeyOfRun(r)) } } : { ok: { result: "not-due" } };
      break;
    }
    case "finish-run":
    case "fail-run": {
      const r = runs.get(step.agentId);
      if (!r) {
        outcome = { ok: { result: "no-run" } };
        break;
      }
      if (step.op === "fail-run" && step.replied) throw new NotRunnable("fail-run after replying is not driven yet");
      const key = queueKeyOfRun(r);
      const before = B.peekSystemEventEntries(key).map((e) => e.text);
      // G3: the reply pipeline's system-event prelude (real function), then the answer.
      let block = "";
      if (B.drainFormattedSystemEvents) {
        block = (await B.drainFormattedSystemEvents({ cfg, sessionKey: r.sessionKey, isMainSession: false, isNewSession: false })) ?? "";
      }
      const shown = textsIn(`${r.prompt}\n${block}`);
      const surfaced = allTexts.filter((t, i) => allTexts.indexOf(t) === i && (shown.includes(t) || r.withheld.includes(t)));
      runs.delete(step.agentId);
      if (step.op === "fail-run") r.reject(new Error("heartbeat-spec: the model failed before replying"));
      else r.resolve({ text: "HEARTBEAT_OK" });
      for (const p of [...batches]) await settle(p);
      const after = B.peekSystemEventEntries(key).map((e) => e.text);
      const consumed = before.filter((t) => !after.includes(t));
      surfacedNow = surfaced.map((text) => ({ agent: r.agentId, text }));
      outcome = { ok: { result: "ended", surfaced, consumed } };
      break;
    }
    case "tick": {
      const wakes = [];
      const intervals = [];
      // interval timers that passed expire, due wakes are handled, due agents run
      for (;;) {
        const due = [...held.entries()].filter(([, t]) => t.due <= clock).sort((a, b) => a[1].due - b[1].due)[0];
        if (!due) break;
        const isWake = due[1].kind === "wake";
        const targets = isWake ? [...B.pendingWakes.entries()] : [];
        if (!isWake) {
          held.delete(due[0]);
          due[1].fn(...due[1].args);
          continue;
        }
        if (batches.size > 0) break;
        await fire(due);
        for (const [key, w] of targets) {
          if (key === "::") {
            for (const r of started) intervals.push({ agentId: r.agentId, outcome: { ok: { result: "started", run: runJson(r, queueKeyOfRun(r)) } } });
          } else {
            const t = {};
            if (w.agentId) t.agentId = w.agentId;
            if (w.sessionKey) t.sessionKey = w.sessionKey;
            const r = started.find((x) => x.source !== "interval");
            wakes.push({ target: t, outcome: { ok: r ? { result: "started", run: runJson(r, queueKeyOfRun(r)) } : { result: "handled" } } });
          }
        }
        if (started.length) break;
      }
      outcome = { ok: { result: "ticked", wakes, intervals } };
      break;
    }
    case "user-turn": {
      // An ordinary user turn drains the session's non-exec events (the reply pipeline's prelude).
      if (runs.has(step.agentId)) {
        outcome = { ok: { result: "lane-busy" } };
        break;
      }
      knownKeys.add(step.sessionKey);
      const before = B.peekSystemEventEntries(step.sessionKey).map((e) => e.text);
      const block = (await B.drainFormattedSystemEvents({ cfg, sessionKey: step.sessionKey, isMainSession: false, isNewSession: false })) ?? "";
      const events = textsIn(block).filter((t) => before.includes(t));
      surfacedNow = events.map((text) => ({ agent: step.agentId, text }));
      outcome = { ok: { result: "drained", events } };
      break;
    }
    default:
      throw new NotRunnable(`op ${step.op} is not driven yet`);
  }
  for (const r of runs.values()) knownKeys.add(queueKeyOfRun(r));
  return { outcome, queues: queuesJson(new Set([...knownKeys, ...Object.keys(step.expect.queues)])), surfaced: surfacedNow, pending: pendingJson() };
}

// ---------------------------------------------------------------------------------------------

async function init(msg) {
  const patches = {};
  chunkOf = {};
  for (const [fn, loc] of Object.entries(msg.locations)) {
    if (!loc) continue;
    const url = pathToFileURL(path.join(msg.distDir, loc.file)).href;
    (patches[url] ??= []).push([loc.local, alias(fn)]);
    chunkOf[fn] = loc.file;
  }
  nodeModule.registerHooks(makeSyncHooks(patches));
  B = {};
  for (const [fn, loc] of Object.entries(msg.locations)) {
    if (!loc) continue;
    const mod = await import(pathToFileURL(path.join(msg.distDir, loc.file)).href);
    if (fn === "handler") Object.defineProperty(B, "handler", { get: () => mod[alias(fn)] });
    else B[fn] = mod[alias(fn)];
  }
  const missing = msg.required.filter((fn) => !msg.locations[fn]);
  if (missing.length && msg.locations.requestSessionEventWake === undefined && msg.release === "2026.9.6") {
    throw new Error(
      "2026.9.6 replaced the wake scheduler by the session-event wake runtime (src/infra/session-event-wake.ts): " +
        "its pending wakes live in a Map local to createSessionEventWakeRuntime() and the runtime object it returns has no accessor, " +
        "so pending wakes cannot be read (and there is no requestHeartbeat/pending map to drive); no step can be compared",
    );
  }
  if (missing.length) throw new Error(`not found in ${msg.release}: ${missing.join(", ")}`);
  installTimers();
}

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
let first = true;
let loadError = null;
let chain = Promise.resolve();
rl.on("line", (line) => {
  if (!line.trim()) return;
  const msg = JSON.parse(line);
  if (first) {
    first = false;
    chain = chain.then(() => init(msg)).catch((e) => {
      loadError = String(e?.stack ?? e);
    });
    return;
  }
  chain = chain.then(async () => {
    if (loadError) return reply({ id: msg.id, status: "load-error", reason: loadError });
    let res;
    try {
      res = await playScenario(msg.scenario);
    } catch (e) {
      res = e instanceof NotRunnable ? { status: "not-runnable", reason: e.message } : { status: "not-runnable", reason: `driver error: ${e?.stack ?? e}` };
    }
    reply({ id: msg.id, ...res });
  });
});
rl.on("close", () => {
  chain.then(() => {
    runner?.stop();
    out.end(() => process.exit(0));
  });
});
