#!/usr/bin/env node
// Conformance runner: calls the real functions of the published `openclaw` npm releases on
// the project's vectors (tests/vectors/*.jsonl) and reports where they agree. See README.md.

import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { FUNCTION_NAMES, isKnownFunction } from "./lib/functions.mjs";
import { ensureNodeRuntime, ensureRelease, InstallError } from "./lib/install.mjs";
import { satisfies } from "./lib/engines.mjs";
import { locateFunctions, locateFunctionsCached } from "./lib/locate.mjs";
import { REQUIRED, STATEFUL, STATEFUL_NAMES } from "./lib/stateful.mjs";
import {
  ALL_RELEASES,
  RELEASE_PROFILES,
  isKnownProfile,
  profileOfRelease,
} from "./lib/releases.mjs";
import { canonicalJson, outcomeMatches } from "./lib/values.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "..", "..");
const DEFAULT_VECTORS = path.join(REPO, "tests", "vectors");
const DEFAULT_CACHE = path.join(HERE, ".cache");

const EXIT = { OK: 0, DISAGREE: 1, USAGE: 2, ENVIRONMENT: 3 };

class UsageError extends Error {}

const USAGE = `usage: node conformance/openclaw/run.mjs [options]

Calls the real functions of the published openclaw npm releases on the project's vectors.

  --release V        release to check (repeatable): ${ALL_RELEASES.join(", ")} (default: all)
  --profile P        same, by profile name (openclaw-2026.5.12, ...)
  --vectors PATH     a .jsonl file or a directory of them (repeatable; default tests/vectors)
  --json             print a machine-readable report on stdout
  --eval             read {"fn","args"} lines on stdin, answer {"ok"}/{"err"} lines
                     (exactly one --release/--profile), like \`heartbeat-spec eval --profile P\`
  --observe          read {"fn","args"} lines on stdin, call them in every selected release,
                     print a Markdown table of the outcomes side by side
                     ({"section": "title", "text": "..."} lines start a new table)
  --scenarios FILE   play the stateful scenarios of FILE (\`heartbeat-spec vectors export\`)
                     on the real queue, wake scheduler and heartbeat runner of each
                     release they name (repeatable; see README.md, "Scenario driver")
  --allow-list FILE  divergences explained in SPEC §11.3 (lines "DVn SCENARIO-ID-PREFIX");
                     only an unlisted divergence fails the --scenarios run
  --locate           print where each function was found in each release, and exit
  --install          install the selected releases and the Node.js runtime they need, and
                     exit (CI starts this in the background while it compiles)
  --node PATH        Node.js binary that runs upstream code (default: see README.md)
  --system-node      run upstream code under this node even if it is older than the
                     releases' engines (V4 resolveHeartbeatSession then cannot run)
  --cache-dir DIR    where releases are installed (default conformance/openclaw/.cache)
  --install-timeout S  seconds allowed for each npm install (default 900)
  --timeout S        seconds allowed for each release's calls (default 300)
  -h, --help         this text

exit status: 0 all agree, 1 a disagreement, 2 usage error or invalid vector,
             3 a release or the runtime could not be installed or loaded`;

function log(msg) {
  process.stderr.write(`${msg}\n`);
}

function displayPath(p) {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : p;
}

// ---------------------------------------------------------------------------------------------
// Arguments

function parseCli(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        release: { type: "string", multiple: true },
        profile: { type: "string", multiple: true },
        vectors: { type: "string", multiple: true },
        json: { type: "boolean" },
        eval: { type: "boolean" },
        locate: { type: "boolean" },
        install: { type: "boolean" },
        observe: { type: "boolean" },
        scenarios: { type: "string", multiple: true },
        "allow-list": { type: "string" },
        node: { type: "string" },
        "system-node": { type: "boolean" },
        "cache-dir": { type: "string" },
        "install-timeout": { type: "string" },
        timeout: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: false,
      strict: true,
    });
  } catch (e) {
    throw new UsageError(e.message);
  }
  const v = parsed.values;
  const releases = [];
  for (const r of v.release ?? []) {
    const version = r.startsWith("openclaw-") ? r.slice("openclaw-".length) : r;
    if (!ALL_RELEASES.includes(version)) {
      throw new UsageError(`unknown release ${r}; known releases: ${ALL_RELEASES.join(", ")}`);
    }
    releases.push(version);
  }
  for (const p of v.profile ?? []) {
    if (!(p in RELEASE_PROFILES)) {
      const why = isKnownProfile(p) ? "has no published release" : "is not a profile";
      throw new UsageError(
        `profile ${p} ${why}; profiles with a release: ${Object.keys(RELEASE_PROFILES).join(", ")}`,
      );
    }
    releases.push(RELEASE_PROFILES[p]);
  }
  const seconds = (name, dflt) => {
    if (v[name] === undefined) return dflt * 1000;
    const n = Number(v[name]);
    if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} needs a positive number`);
    return n * 1000;
  };
  const opts = {
    help: !!v.help,
    releases: [...new Set(releases)],
    vectors: v.vectors ?? null,
    json: !!v.json,
    eval: !!v.eval,
    locate: !!v.locate,
    install: !!v.install,
    observe: !!v.observe,
    scenarios: v.scenarios ?? null,
    allowList: v["allow-list"] ?? null,
    node: v.node ?? null,
    systemNode: !!v["system-node"],
    cacheDir: v["cache-dir"] ? path.resolve(v["cache-dir"]) : DEFAULT_CACHE,
    installTimeoutMs: seconds("install-timeout", 900),
    timeoutMs: seconds("timeout", 300),
  };
  if (opts.eval) {
    if (opts.releases.length !== 1) {
      throw new UsageError("--eval needs exactly one --release or --profile");
    }
    if (opts.vectors || opts.json || opts.locate) {
      throw new UsageError("--eval reads stdin; it cannot be combined with --vectors, --json or --locate");
    }
  }
  if ([opts.eval, opts.locate, opts.observe, opts.install].filter(Boolean).length > 1) {
    throw new UsageError("--eval, --locate, --observe and --install exclude each other");
  }
  if (opts.observe && opts.vectors) throw new UsageError("--observe reads stdin, not --vectors");
  if (opts.node && opts.systemNode) throw new UsageError("--node and --system-node exclude each other");
  if (opts.releases.length === 0) opts.releases = [...ALL_RELEASES];
  opts.releases.sort((a, b) => ALL_RELEASES.indexOf(a) - ALL_RELEASES.indexOf(b));
  return opts;
}

// ---------------------------------------------------------------------------------------------
// Vectors

function vectorFiles(paths, explicit) {
  const files = [];
  for (const p of paths) {
    let st;
    try {
      st = fs.statSync(p);
    } catch {
      if (explicit) throw new UsageError(`--vectors ${p}: no such file or directory`);
      return [];
    }
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) {
        if (name.endsWith(".jsonl")) files.push(path.join(p, name));
      }
    } else files.push(p);
  }
  return files;
}

/**
 * Read and validate vectors. Invalid lines are returned, not thrown. Files written by
 * `heartbeat-spec vectors export` (SPEC appendix A.1) are read too: their `call` lines are vectors, their
 * `meta` line is passed over and their `scenario` lines (operation lists for a whole gateway,
 * which no exported upstream function can run) are counted as not run.
 */
function readVectors(files) {
  const vectors = [];
  const invalid = [];
  let scenarios = 0;
  for (const file of files) {
    const lines = fs.readFileSync(file, "utf8").split("\n");
    lines.forEach((text, i) => {
      if (!text.trim()) return;
      const where = { file, line: i + 1 };
      const bad = (why) => invalid.push({ ...where, error: why, text: text.slice(0, 300) });
      let v;
      try {
        v = JSON.parse(text);
      } catch (e) {
        bad(`not JSON: ${e.message}`);
        return;
      }
      if (v === null || typeof v !== "object" || Array.isArray(v)) return bad("not a JSON object");
      if (v.kind !== undefined) {
        if (v.kind === "meta") return;
        if (v.kind === "scenario") {
          scenarios++;
          return;
        }
        if (v.kind !== "call") return bad("`kind` must be call, scenario or meta");
      }
      if (typeof v.fn !== "string" || !v.fn) return bad("`fn` must be a non-empty string");
      if (!Array.isArray(v.args)) return bad("`args` must be an array");
      const e = v.expected;
      if (e === null || typeof e !== "object" || Array.isArray(e)) {
        return bad("`expected` must be {\"ok\": VALUE} or {\"err\": \"prefix\"}");
      }
      const hasOk = Object.prototype.hasOwnProperty.call(e, "ok");
      const hasErr = Object.prototype.hasOwnProperty.call(e, "err");
      if (hasOk === hasErr || Object.keys(e).length !== 1) {
        return bad("`expected` must have exactly one key, ok or err");
      }
      if (hasErr && typeof e.err !== "string") return bad("`expected.err` must be a string");
      let profiles;
      if (v.profile === "*") profiles = "*";
      else if (typeof v.profile === "string") profiles = [v.profile];
      else if (Array.isArray(v.profile) && v.profile.every((p) => typeof p === "string")) {
        profiles = v.profile;
      } else return bad("`profile` must be a profile name, a list of them, or \"*\"");
      if (profiles !== "*") {
        const unknown = profiles.filter((p) => !isKnownProfile(p));
        if (unknown.length) return bad(`unknown profile ${unknown.join(", ")}`);
      }
      vectors.push({ ...where, rule: v.rule ?? null, fn: v.fn, args: v.args, expected: e, profiles, note: v.note ?? null });
    });
  }
  return { vectors, invalid, scenarios };
}

/** Releases (among all published ones) that a vector applies to. */
function vectorReleases(v) {
  if (v.profiles === "*") return [...ALL_RELEASES];
  return v.profiles.filter((p) => p in RELEASE_PROFILES).map((p) => RELEASE_PROFILES[p]);
}

// ---------------------------------------------------------------------------------------------
// Installing, choosing the runtime, locating

async function prepare(opts) {
  const releases = {};
  // One install after another: measured on a 2-core machine, three concurrent npm installs
  // took 101 s against 82 s sequentially (unpacking is CPU- and disk-bound, not network-bound).
  for (const version of opts.releases) {
    const r = await ensureRelease(opts.cacheDir, version, {
      timeoutMs: opts.installTimeoutMs,
      onProgress: log,
    });
    if (r.fresh) log(`installed openclaw@${version} in ${r.seconds.toFixed(1)} s`);
    const pkg = JSON.parse(fs.readFileSync(path.join(r.pkgDir, "package.json"), "utf8"));
    releases[version] = { ...r, engines: pkg.engines?.node ?? null };
  }
  const runtime = await chooseRuntime(opts, opts.releases.map((v) => releases[v]));
  for (const version of opts.releases) {
    releases[version].locations = locateFunctionsCached(
      releases[version].distDir,
      FUNCTION_NAMES,
      path.join(opts.cacheDir, "releases", version, "locations.json"),
    );
  }
  return { releases, runtime };
}

async function chooseRuntime(opts, releases) {
  const unmet = (v) => releases.filter((r) => r.engines && satisfies(v, r.engines) === false);
  if (opts.node) {
    const version = await nodeVersion(opts.node);
    const bad = unmet(version);
    return {
      binary: opts.node,
      version,
      source: "--node",
      warning: bad.length ? `does not satisfy engines.node ${bad.map((r) => r.engines).join(", ")}` : null,
    };
  }
  const bad = unmet(process.version);
  if (bad.length === 0 || opts.systemNode) {
    return {
      binary: process.execPath,
      version: process.version,
      source: "the node running this script",
      warning: bad.length ? `does not satisfy engines.node ${[...new Set(bad.map((r) => r.engines))].join(", ")}` : null,
    };
  }
  const rt = await ensureNodeRuntime(opts.cacheDir, { timeoutMs: opts.installTimeoutMs, onProgress: log });
  return {
    binary: rt.binary,
    version: `v${rt.version}`,
    source: `npm package ${rt.package}`,
    warning: null,
  };
}

function nodeVersion(binary) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ["--version"], { stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("error", (e) => reject(new UsageError(`--node ${binary}: ${e.message}`)));
    child.on("close", (code) =>
      code === 0 ? resolve(out.trim()) : reject(new UsageError(`--node ${binary}: exit ${code}`)),
    );
  });
}

// ---------------------------------------------------------------------------------------------
// The worker (one child process per release)

class Worker {
  constructor(runtime, release, timeoutMs, script = "worker.mjs") {
    this.stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "openclaw-conformance-"));
    const env = {};
    for (const [k, v] of Object.entries(process.env)) {
      if (/^(OPENCLAW|CLAWDBOT|MOLTBOT)_/i.test(k) || k === "NODE_OPTIONS") continue;
      env[k] = v;
    }
    Object.assign(env, {
      HOME: this.stateDir,
      USERPROFILE: this.stateDir,
      OPENCLAW_HOME: this.stateDir,
      OPENCLAW_STATE_DIR: path.join(this.stateDir, "state"),
      OPENCLAW_CONFIG_PATH: path.join(this.stateDir, "openclaw.json"),
      TZ: "UTC",
      NO_COLOR: "1",
    });
    this.stderr = "";
    this.child = spawn(runtime.binary, [path.join(HERE, "lib", script)], {
      cwd: this.stateDir,
      env,
      stdio: ["pipe", "ignore", "pipe", "pipe"],
    });
    this.child.stderr.on("data", (d) => {
      this.stderr += d;
      if (this.stderr.length > 100_000) this.stderr = this.stderr.slice(-50_000);
    });
    this.pending = new Map();
    this.nextId = 1;
    this.failed = null;
    const rl = readline.createInterface({ input: this.child.stdio[3], crlfDelay: Infinity });
    rl.on("line", (line) => {
      const msg = JSON.parse(line);
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      p?.resolve(msg);
    });
    this.exited = new Promise((resolve) => {
      this.child.on("error", (e) => this.fail(`cannot start ${runtime.binary}: ${e.message}`));
      this.child.on("close", (code, signal) => {
        if (this.pending.size) {
          this.fail(`the worker for ${release} exited (${signal ?? `exit ${code}`}) with calls unanswered`);
        }
        resolve();
      });
    });
    this.timer = null;
    if (timeoutMs !== null) {
      this.timer = setTimeout(
        () => this.fail(`the worker for ${release} took longer than ${timeoutMs / 1000} s (--timeout)`),
        timeoutMs,
      );
      this.timer.unref();
    }
    this.child.stdin.on("error", () => {});
  }

  fail(message) {
    if (this.failed) return;
    const tail = this.stderr.trim().split("\n").slice(-10).join("\n");
    this.failed = tail ? `${message}\n${tail}` : message;
    for (const p of this.pending.values()) p.resolve({ failure: this.failed });
    this.pending.clear();
    this.child.kill("SIGKILL");
  }

  init(distDir, locations) {
    this.child.stdin.write(`${JSON.stringify({ distDir, locations })}\n`);
  }

  send(obj) {
    if (this.failed) return Promise.resolve({ failure: this.failed });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve });
      this.child.stdin.write(`${JSON.stringify({ id, ...obj })}\n`);
    });
  }

  call(fn, args) {
    if (this.failed) return Promise.resolve({ failure: this.failed });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve });
      this.child.stdin.write(`${JSON.stringify({ id, fn, args })}\n`);
    });
  }

  async close() {
    this.child.stdin.end();
    await this.exited;
    if (this.timer) clearTimeout(this.timer);
    fs.rmSync(this.stateDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Vector mode

async function runVectors(opts) {
  const explicit = !!opts.vectors;
  const files = vectorFiles(opts.vectors ?? [DEFAULT_VECTORS], explicit);
  const { vectors, invalid, scenarios } = readVectors(files);
  if (explicit && files.length === 0) throw new UsageError("--vectors: no .jsonl files found");

  const report = {
    runner: "heartbeat-spec conformance/openclaw",
    vectors: {
      files: files.map(displayPath),
      count: vectors.length,
      scenariosNotRun: scenarios,
      invalid: invalid.map((x) => ({ ...x, file: displayPath(x.file) })),
    },
    runtime: null,
    releases: {},
    skipped: { total: 0, byProfile: {}, byFunction: {} },
    unknownFunctions: {},
    disagreements: [],
    errors: [],
    exitCode: EXIT.OK,
  };

  // Vectors that name no published release, and vectors for functions the runner does not call.
  const perFunctionSkipped = {};
  const live = [];
  for (const v of vectors) {
    if (!isKnownFunction(v.fn)) {
      report.unknownFunctions[v.fn] = (report.unknownFunctions[v.fn] ?? 0) + 1;
      continue;
    }
    if (vectorReleases(v).length === 0) {
      report.skipped.total++;
      for (const p of v.profiles) report.skipped.byProfile[p] = (report.skipped.byProfile[p] ?? 0) + 1;
      perFunctionSkipped[v.fn] = (perFunctionSkipped[v.fn] ?? 0) + 1;
      continue;
    }
    live.push(v);
  }
  report.skipped.byFunction = perFunctionSkipped;

  if (vectors.length === 0 && invalid.length === 0) {
    log(`no vectors found in ${files.length ? files.map(displayPath).join(", ") : displayPath(opts.vectors?.[0] ?? DEFAULT_VECTORS)}; nothing to check`);
    if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return explicit ? EXIT.USAGE : EXIT.OK;
  }

  const { releases, runtime } = await prepare(opts);
  report.runtime = { node: runtime.version, source: runtime.source, warning: runtime.warning };
  if (runtime.warning) log(`warning: Node.js ${runtime.version} ${runtime.warning}`);

  // Each release's calls run in their own worker; the workers run side by side.
  const callsOf = (version) => live.filter((v) => vectorReleases(v).includes(version));
  const allReplies = await Promise.all(
    opts.releases.map(async (version) => {
      const applicable = callsOf(version);
      if (applicable.length === 0) return [];
      const worker = new Worker(runtime, version, opts.timeoutMs);
      worker.init(releases[version].distDir, releases[version].locations);
      const replies = await Promise.all(applicable.map((v) => worker.call(v.fn, v.args)));
      await worker.close();
      return replies;
    }),
  );

  opts.releases.forEach((version, releaseIndex) => {
    const rel = releases[version];
    const applicable = callsOf(version);
    const replies = allReplies[releaseIndex];
    const functions = {};
    for (const fn of FUNCTION_NAMES) {
      const loc = rel.locations[fn];
      functions[fn] = {
        available: !!loc,
        location: loc ? { file: loc.file, line: loc.line, region: loc.region } : null,
        agree: 0,
        disagree: 0,
        unavailable: 0,
        skipped: perFunctionSkipped[fn] ?? 0,
        errors: 0,
      };
    }
    const entry = { profile: profileOfRelease(version), engines: rel.engines, functions };
    report.releases[version] = entry;
    applicable.forEach((v, i) => {
      const r = replies[i];
      const counts = functions[v.fn];
      if (r.unavailable) {
        // A vector may assert the absence itself, with the message `heartbeat-spec eval` uses.
        const message = `unavailable in ${entry.profile}: ${v.fn}`;
        if ("err" in v.expected && message.startsWith(v.expected.err)) counts.agree++;
        else counts.unavailable++;
      } else if (r.failure || r.loadError) {
        counts.errors++;
        report.errors.push({
          release: version,
          file: displayPath(v.file),
          line: v.line,
          fn: v.fn,
          error: r.failure ?? r.loadError,
        });
      } else {
        const actual = "err" in r ? { err: r.err } : { ok: r.ok };
        if (outcomeMatches(v.expected, actual)) counts.agree++;
        else {
          counts.disagree++;
          report.disagreements.push({
            file: displayPath(v.file),
            line: v.line,
            rule: v.rule,
            release: version,
            profile: entry.profile,
            fn: v.fn,
            args: v.args,
            expected: v.expected,
            actual,
            note: v.note,
          });
        }
      }
    });
  });

  report.exitCode = report.errors.length
    ? EXIT.ENVIRONMENT
    : invalid.length
      ? EXIT.USAGE
      : report.disagreements.length
        ? EXIT.DISAGREE
        : EXIT.OK;
  if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else printReport(report, opts);
  return report.exitCode;
}

function pad(s, n) {
  s = String(s);
  return s.length >= n ? s : s + " ".repeat(n - s.length);
}
function lpad(s, n) {
  s = String(s);
  return s.length >= n ? s : " ".repeat(n - s.length) + s;
}

function printReport(report, opts) {
  const out = [];
  const { vectors, skipped } = report;
  out.push(`vectors: ${vectors.count} from ${vectors.files.length} file(s)${vectors.files.length ? ` (${vectors.files.join(", ")})` : ""}`);
  if (skipped.total) {
    const by = Object.entries(skipped.byProfile).map(([p, n]) => `${p} ${n}`).join(", ");
    out.push(`skipped: ${skipped.total} vector(s) whose profiles have no published release (${by})`);
  }
  const unknown = Object.entries(report.unknownFunctions);
  if (unknown.length) {
    out.push(`not checked: ${unknown.reduce((a, [, n]) => a + n, 0)} vector(s) for functions this runner does not call: ${unknown.map(([f, n]) => `${f} (${n})`).join(", ")}`);
  }
  if (vectors.scenariosNotRun) {
    out.push(`not run: ${vectors.scenariosNotRun} stateful scenario line(s) (upstream exports no gateway to drive; \`heartbeat-spec vectors run\` checks them)`);
  }
  out.push(`runtime: Node.js ${report.runtime.node} (${report.runtime.source})${report.runtime.warning ? `, WARNING: ${report.runtime.warning}` : ""}`);
  for (const [version, rel] of Object.entries(report.releases)) {
    out.push("");
    out.push(`openclaw ${version} (profile ${rel.profile})`);
    out.push(`  ${pad("function", 36)}${lpad("agree", 7)}${lpad("disagree", 10)}${lpad("unavailable", 13)}${lpad("skipped", 9)}`);
    const tot = { agree: 0, disagree: 0, unavailable: 0, skipped: 0, errors: 0 };
    for (const [fn, c] of Object.entries(rel.functions)) {
      if (c.agree + c.disagree + c.unavailable + c.skipped + c.errors === 0) continue;
      for (const k of Object.keys(tot)) tot[k] += c[k];
      const err = c.errors ? `  (${c.errors} could not run)` : "";
      out.push(`  ${pad(fn, 36)}${lpad(c.agree, 7)}${lpad(c.disagree, 10)}${lpad(c.unavailable, 13)}${lpad(c.skipped, 9)}${err}`);
    }
    out.push(`  ${pad("total", 36)}${lpad(tot.agree, 7)}${lpad(tot.disagree, 10)}${lpad(tot.unavailable, 13)}${lpad(tot.skipped, 9)}${tot.errors ? `  (${tot.errors} could not run)` : ""}`);
  }
  if (report.disagreements.length) {
    out.push("");
    out.push(`disagreements (${report.disagreements.length}):`);
    for (const d of report.disagreements) {
      out.push(`${d.file}:${d.line}  rule ${d.rule ?? "-"}  ${d.profile}  ${d.fn}`);
      out.push(`    args:     ${JSON.stringify(d.args)}`);
      out.push(`    expected: ${canonicalJson(d.expected)}`);
      out.push(`    actual:   ${canonicalJson(d.actual)}`);
      if (d.note) out.push(`    note:     ${d.note}`);
    }
  }
  if (vectors.invalid.length) {
    out.push("");
    out.push(`invalid vectors (${vectors.invalid.length}):`);
    for (const x of vectors.invalid) out.push(`${x.file}:${x.line}  ${x.error}\n    ${x.text}`);
  }
  if (report.errors.length) {
    out.push("");
    out.push(`calls that could not run (${report.errors.length}):`);
    const seen = new Set();
    for (const e of report.errors) {
      const key = `${e.release} ${e.error}`;
      if (seen.has(key)) {
        out.push(`${e.file}:${e.line}  ${e.release}  ${e.fn}: (same error)`);
        continue;
      }
      seen.add(key);
      out.push(`${e.file}:${e.line}  ${e.release}  ${e.fn}: ${e.error}`);
    }
  }
  out.push("");
  const verdict = {
    [EXIT.OK]: "ok: every checked vector agrees with the published builds",
    [EXIT.DISAGREE]: `FAIL: ${report.disagreements.length} disagreement(s)`,
    [EXIT.USAGE]: `FAIL: ${vectors.invalid.length} invalid vector(s)`,
    [EXIT.ENVIRONMENT]: `FAIL: ${report.errors.length} call(s) could not run`,
  }[report.exitCode];
  out.push(verdict);
  process.stdout.write(`${out.join("\n")}\n`);
}

// ---------------------------------------------------------------------------------------------
// --locate

/** `--install`: what every other mode does first, alone (the locations are cached too). */
async function runInstall(opts) {
  const { releases, runtime } = await prepare(opts);
  for (const [v, r] of Object.entries(releases)) log(`openclaw ${v}: ${displayPath(r.pkgDir)}`);
  log(`runtime: Node.js ${runtime.version} (${runtime.source})`);
  return EXIT.OK;
}

async function runLocate(opts) {
  const { releases, runtime } = await prepare(opts);
  if (opts.json) {
    const out = {};
    for (const [v, r] of Object.entries(releases)) out[v] = r.locations;
    process.stdout.write(`${JSON.stringify({ runtime: runtime.version, releases: out }, null, 2)}\n`);
    return EXIT.OK;
  }
  const lines = [];
  const versions = Object.keys(releases);
  lines.push(`${pad("function", 36)}${versions.map((v) => pad(v, 12)).join("")}`);
  for (const fn of FUNCTION_NAMES) {
    lines.push(`${pad(fn, 36)}${versions.map((v) => pad(releases[v].locations[fn] ? "yes" : "-", 12)).join("")}`);
  }
  for (const v of versions) {
    lines.push("");
    lines.push(`openclaw ${v}:`);
    for (const fn of FUNCTION_NAMES) {
      const l = releases[v].locations[fn];
      if (!l) continue;
      const moved = l.expectedRegion ? "" : "  (unexpected region)";
      lines.push(`  ${pad(fn, 36)}${l.region} -> dist/${l.file}:${l.line}${l.local !== fn ? ` as ${l.local}` : ""}${moved}`);
    }
  }
  process.stdout.write(`${lines.join("\n")}\n`);
  return EXIT.OK;
}

// ---------------------------------------------------------------------------------------------
// --eval

async function runEval(opts) {
  const version = opts.releases[0];
  const { releases, runtime } = await prepare(opts);
  if (runtime.warning) log(`warning: Node.js ${runtime.version} ${runtime.warning}`);
  const rel = releases[version];
  // No overall deadline: stdin may be interactive.
  const worker = new Worker(runtime, version, null);
  worker.init(rel.distDir, rel.locations);
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  let chain = Promise.resolve();
  let environmentFailure = false;
  const typeName = (v) =>
    v === undefined ? "undefined" : v === null ? "null" : Array.isArray(v) ? "array" : typeof v;
  for await (const rawLine of rl) {
    // One answer for every input line, blank ones included, with the messages that
    // `heartbeat-spec eval` uses, so that the two outputs can be diffed line by line.
    const line = rawLine.endsWith("\r") ? rawLine.slice(0, -1) : rawLine;
    let answer;
    let req = null;
    if (line === "") {
      answer = { err: 'empty input line: expected a JSON object {"fn": NAME, "args": [...]}' };
    } else if (!line.trim()) {
      answer = { err: 'blank input line (whitespace only): expected a JSON object {"fn": NAME, "args": [...]}' };
    } else {
      try {
        req = JSON.parse(line);
      } catch (e) {
        answer = { err: `invalid JSON: ${e.message}` };
      }
    }
    if (!answer) {
      if (req === null || typeof req !== "object" || Array.isArray(req)) {
        answer = { err: `request must be a JSON object {"fn": NAME, "args": [...]}, got ${typeName(req)}` };
      } else if (typeof req.fn !== "string") {
        answer = { err: `request field "fn": expected a string naming a function, got ${typeName(req.fn)}` };
      } else if (!Array.isArray(req.args)) {
        answer = { err: `request field "args": expected an array of arguments, got ${typeName(req.args)}` };
      } else if (!isKnownFunction(req.fn)) {
        answer = { err: `unknown function: ${req.fn}` };
      }
    }
    if (answer) {
      answer = Promise.resolve(answer);
    } else {
      answer = worker.call(req.fn, req.args).then((r) => {
        if (r.unavailable) return { err: `unavailable in ${profileOfRelease(version)}: ${req.fn}` };
        if (r.failure || r.loadError) {
          environmentFailure = true;
          log(`error: ${r.failure ?? r.loadError}`);
          return { err: `runner error: ${(r.failure ?? r.loadError).split("\n")[0]}` };
        }
        return "err" in r ? { err: r.err } : { ok: r.ok };
      });
    }
    chain = chain.then(() => answer).then((a) => {
      process.stdout.write(`${canonicalJson(a)}\n`);
    });
  }
  await chain;
  await worker.close();
  return environmentFailure ? EXIT.ENVIRONMENT : EXIT.OK;
}

// ---------------------------------------------------------------------------------------------
// --observe

async function runObserve(opts) {
  const calls = [];
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line.trim() || line.trimStart().startsWith("//")) continue;
    let req;
    try {
      req = JSON.parse(line);
    } catch (e) {
      throw new UsageError(`--observe: not JSON: ${line.slice(0, 200)}`);
    }
    if (typeof req?.section === "string") {
      calls.push(req);
      continue;
    }
    if (typeof req?.fn !== "string" || !Array.isArray(req.args)) {
      throw new UsageError(`--observe: expected {"fn","args"}: ${line.slice(0, 200)}`);
    }
    calls.push(req);
  }
  const { releases, runtime } = await prepare(opts);
  if (runtime.warning) log(`warning: Node.js ${runtime.version} ${runtime.warning}`);
  const columns = {};
  let failed = false;
  await Promise.all(opts.releases.map(async (version) => {
    const worker = new Worker(runtime, version, opts.timeoutMs);
    worker.init(releases[version].distDir, releases[version].locations);
    columns[version] = await Promise.all(
      calls.map((c) =>
        c.section !== undefined
          ? null
          : isKnownFunction(c.fn)
            ? worker.call(c.fn, c.args)
            : { loadError: `unknown function ${c.fn}` },
      ),
    );
    await worker.close();
  }));
  const cell = (r) => {
    if (r.unavailable) return "(unavailable)";
    if (r.failure || r.loadError) {
      failed = true;
      return `RUNNER ERROR ${(r.failure ?? r.loadError).split("\n")[0]}`;
    }
    return "err" in r ? `throws ${JSON.stringify(r.err)}` : canonicalJson(r.ok).replaceAll('{"$undefined":true}', "undefined");
  };
  const md = (s) => `\`${s.replaceAll("|", "\\|").replaceAll("`", "'")}\``;
  const header = [`| call | ${opts.releases.join(" | ")} |`, `|---|${opts.releases.map(() => "---|").join("")}`];
  const lines = [];
  let inTable = false;
  calls.forEach((c, i) => {
    if (c.section !== undefined) {
      if (lines.length) lines.push("");
      lines.push(`### ${c.section}`, "");
      if (c.text) lines.push(c.text, "");
      inTable = false;
      return;
    }
    if (!inTable) {
      lines.push(...header);
      inTable = true;
    }
    const show = (v) => canonicalJson(v).replaceAll('{"$undefined":true}', "undefined");
    const args = c.args.map(show).join(", ");
    lines.push(`| ${md(`${c.fn}(${args})`)} | ${opts.releases.map((v) => md(cell(columns[v][i]))).join(" | ")} |`);
  });
  process.stdout.write(`${lines.join("\n")}\n`);
  return failed ? EXIT.ENVIRONMENT : EXIT.OK;
}

// ---------------------------------------------------------------------------------------------
// --scenarios (the scenario driver, SPEC UD1-UD6)

function readAllowList(file) {
  if (!file) return [];
  let text;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`--allow-list ${file}: ${e.message}`);
  }
  const out = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/#.*$/, "").trim();
    if (!line) return;
    const m = /^(DV\d+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)$/.exec(line);
    if (!m) throw new UsageError(`--allow-list ${file}:${i + 1}: expected "DVn RELEASE SCENARIO-ID-GLOB STEP-OP FIELD EXPECTED-RESULT=ACTUAL-RESULT"`);
    const glob = new RegExp(`^${m[3].split("*").map((x) => x.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
    out.push({ dv: m[1], release: m[2], glob, op: m[4], field: m[5], change: m[6] });
  });
  return out;
}

/** "EXPECTED=ACTUAL" of a differing outcome: its result and reason words, e.g. "min-spacing=not-due". */
function changeOf(d) {
  const word = (v) => v?.ok?.reason ?? v?.ok?.result ?? "value";
  return `${word(d.expected)}=${word(d.actual)}`;
}

/** The version of the exported vectors (SPEC EV6) whose operations lib/scenario-worker.mjs drives. */
const VECTORS_VERSION = 2;

function readScenarios(files) {
  const byRelease = {};
  const invalid = [];
  for (const file of files) {
    let text;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (e) {
      throw new UsageError(`--scenarios ${file}: ${e.message}`);
    }
    let otherVersion = false;
    text.split("\n").forEach((line, i) => {
      if (!line.trim()) return;
      let v;
      try {
        v = JSON.parse(line);
      } catch (e) {
        invalid.push({ file: displayPath(file), line: i + 1, error: `not JSON: ${e.message}` });
        return;
      }
      if (otherVersion) return;
      if (v?.kind === "meta" && v.version !== VECTORS_VERSION) {
        // Another version's operations may have other names: none of its scenarios is played.
        otherVersion = true;
        invalid.push({
          file: displayPath(file),
          line: i + 1,
          error: `vectors format version ${v.version}: the scenario driver plays version ${VECTORS_VERSION} (SPEC EV6); export the file again`,
        });
        return;
      }
      if (v?.kind !== "scenario") return;
      if (typeof v.id !== "string" || !Array.isArray(v.steps) || typeof v.config !== "object") {
        invalid.push({ file: displayPath(file), line: i + 1, error: "a scenario needs id, config and steps" });
        return;
      }
      const release = RELEASE_PROFILES[v.profile];
      if (!release) return; // profiles without a published release
      (byRelease[release] ??= []).push({ file: displayPath(file), line: i + 1, scenario: v });
    });
  }
  return { byRelease, invalid };
}

async function runScenarios(opts) {
  const files = vectorFiles(opts.scenarios, true);
  if (files.length === 0) throw new UsageError("--scenarios: no .jsonl files found");
  const allow = readAllowList(opts.allowList);
  const { byRelease, invalid } = readScenarios(files);
  const callVectors = readVectors(files).vectors;
  const explicitReleases = opts.releases.length < ALL_RELEASES.length;
  opts.releases = opts.releases.filter((r) => byRelease[r]?.length || explicitReleases || callVectors.some((v) => vectorReleases(v).includes(r)));
  const report = { runner: "heartbeat-spec conformance/openclaw --scenarios", files: files.map(displayPath), invalid, releases: {}, divergences: [], callDisagreements: [], notRunnable: [], exitCode: EXIT.OK };
  if (opts.releases.length === 0) {
    log("no scenario of a published release in the given files");
    return EXIT.USAGE;
  }
  const { releases, runtime } = await prepare(opts);
  report.runtime = { node: runtime.version, source: runtime.source };
  for (const version of opts.releases) {
    const started = Date.now();
    const list = byRelease[version] ?? [];
    const rel = releases[version];
    const locations = locateFunctionsCached(rel.distDir, STATEFUL_NAMES, path.join(opts.cacheDir, "releases", version, "stateful-locations.json"), STATEFUL);
    const entry = { profile: profileOfRelease(version), calls: { agreed: 0, diverged: 0, unavailable: 0, errors: 0 }, scenarios: list.length, run: 0, agreed: 0, diverged: 0, divergedListed: 0, notRun: 0, steps: 0, seconds: 0 };
    report.releases[version] = entry;
    // The files' call lines for this release, through the call worker (as in --vectors mode).
    const calls = callVectors.filter((v) => isKnownFunction(v.fn) && vectorReleases(v).includes(version));
    if (calls.length) {
      const cw = new Worker(runtime, version, opts.timeoutMs);
      cw.init(rel.distDir, rel.locations);
      const replies = await Promise.all(calls.map((v) => cw.call(v.fn, v.args)));
      await cw.close();
      replies.forEach((r, i) => {
        const v = calls[i];
        if (r.unavailable) {
          const message = `unavailable in ${entry.profile}: ${v.fn}`;
          if ("err" in v.expected && message.startsWith(v.expected.err)) entry.calls.agreed++;
          else entry.calls.unavailable++;
        } else if (r.failure || r.loadError) entry.calls.errors++;
        else {
          const actual = "err" in r ? { err: r.err } : { ok: r.ok };
          if (outcomeMatches(v.expected, actual)) entry.calls.agreed++;
          else {
            entry.calls.diverged++;
            report.callDisagreements.push({ release: version, file: displayPath(v.file), line: v.line, fn: v.fn, args: v.args, expected: v.expected, actual });
          }
        }
      });
    }
    if (list.length === 0) continue;
    const worker = new Worker(runtime, version, opts.timeoutMs, "scenario-worker.mjs");
    worker.child.stdin.write(`${JSON.stringify({ distDir: rel.distDir, locations, release: version, required: REQUIRED })}\n`);
    const results = await Promise.all(list.map((x) => worker.send({ scenario: x.scenario })));
    await worker.close();
    results.forEach((r, i) => {
      const x = list[i];
      const s = x.scenario;
      if (r.failure || r.status === "load-error") {
        entry.notRun++;
        report.notRunnable.push({ release: version, id: s.id, file: x.file, line: x.line, reason: (r.failure ?? r.reason).split("\n")[0] });
        return;
      }
      entry.steps += r.steps ?? 0;
      if (r.status === "not-runnable") {
        entry.notRun++;
        report.notRunnable.push({ release: version, id: s.id, file: x.file, line: x.line, reason: r.reason.split("\n")[0] });
        return;
      }
      entry.run++;
      if (r.status === "agreed") {
        entry.agreed++;
        return;
      }
      entry.diverged++;
      // A divergence is explained when EVERY differing step matches an allow-list entry.
      const explain = (d) => allow.find((a) => (a.release === version || a.release === "*") && a.glob.test(s.id) && a.op === d.op && a.field === d.field && a.change === changeOf(d));
      const dvs = (r.diffs ?? [r]).map(explain);
      const listed = dvs.every(Boolean) ? [...new Set(dvs.map((a) => a.dv))].join(",") : null;
      if (listed) entry.divergedListed++;
      report.divergences.push({ release: version, id: s.id, file: x.file, line: x.line, violates: s.derivation?.violates ?? [], step: r.step, op: r.op, field: r.field, expected: r.expected, actual: r.actual, differingSteps: (r.diffs ?? []).map((d) => d.step), diffs: r.diffs ?? [], rest: r.rest ?? null, listed });
    });
    entry.seconds = (Date.now() - started) / 1000;
  }
  const unlisted = report.divergences.filter((d) => !d.listed).length;
  const callErrors = Object.values(report.releases).reduce((a, e) => a + e.calls.errors, 0);
  report.exitCode = invalid.length ? EXIT.USAGE : callErrors ? EXIT.ENVIRONMENT : unlisted || report.callDisagreements.length ? EXIT.DISAGREE : EXIT.OK;
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return report.exitCode;
  }
  const out = [];
  for (const d of report.divergences) {
    out.push(`DIVERGED ${d.file}:${d.line}: scenario ${d.id} (${d.release}) step ${d.step} (${d.op}): \`${d.field}\` does not match${d.listed ? `  [explained: ${d.listed}]` : ""}`);
    out.push(`    expected ${JSON.stringify(d.expected)}\n    actual   ${JSON.stringify(d.actual)}`);
    if (d.differingSteps.length > 1) out.push(`    differing steps: ${d.differingSteps.join(", ")}`);
    if (d.rest) out.push(`    ${d.rest}`);
  }
  for (const d of report.callDisagreements) {
    out.push(`CALL DISAGREES ${d.file}:${d.line}: ${d.fn} (${d.release})\n    args:     ${JSON.stringify(d.args)}\n    expected: ${canonicalJson(d.expected)}\n    actual:   ${canonicalJson(d.actual)}`);
  }
  for (const n of report.notRunnable) out.push(`NOT RUN ${n.file}:${n.line}: scenario ${n.id} (${n.release}): ${n.reason}`);
  for (const v of invalid) out.push(`INVALID ${v.file}:${v.line}: ${v.error}`);
  for (const [version, e] of Object.entries(report.releases)) {
    out.push(`openclaw ${version}: calls ${e.calls.agreed} agreed, ${e.calls.diverged} diverged${e.calls.unavailable ? `, ${e.calls.unavailable} unavailable` : ""}${e.calls.errors ? `, ${e.calls.errors} could not run` : ""}`);
    out.push(`openclaw ${version}: ${e.scenarios} scenario(s): ${e.run} run, ${e.agreed} agreed, ${e.diverged} diverged (${e.divergedListed} explained in SPEC §11.3), ${e.notRun} not runnable; ${e.steps} steps played in ${e.seconds.toFixed(1)} s`);
  }
  out.push(report.exitCode === EXIT.OK ? "ok: every call agrees and every divergence is explained" : `FAIL: ${unlisted} unexplained divergence(s), ${report.callDisagreements.length} call disagreement(s), ${callErrors} call(s) that could not run${invalid.length ? `, ${invalid.length} invalid line(s)` : ""}`);
  process.stdout.write(`${out.join("\n")}\n`);
  return report.exitCode;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  let opts;
  try {
    opts = parseCli(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      log(`error: ${e.message}\n\n${USAGE}`);
      return EXIT.USAGE;
    }
    throw e;
  }
  if (opts.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.OK;
  }
  try {
    if (opts.eval) return await runEval(opts);
    if (opts.install) return await runInstall(opts);
    if (opts.locate) return await runLocate(opts);
    if (opts.observe) return await runObserve(opts);
    if (opts.scenarios) return await runScenarios(opts);
    return await runVectors(opts);
  } catch (e) {
    if (e instanceof UsageError) {
      log(`error: ${e.message}`);
      return EXIT.USAGE;
    }
    if (e instanceof InstallError) {
      log(`error: could not install from the npm registry: ${e.message}`);
      log("The runner installs the published openclaw releases at run time; it needs network access to the npm registry (or a mirror set with npm_config_registry).");
      return EXIT.ENVIRONMENT;
    }
    throw e;
  }
}

process.exitCode = await main();
