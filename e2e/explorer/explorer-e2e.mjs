// End-to-end test of `heartbeat-spec explore` in Debian's headless Chromium.
//
// It serves the Explorer for a model with a known bug (B6: under `scope: global`, 2026.5.12
// enqueues every agent's cron-run exec completion in the one shared `global` queue, and the
// first agent's heartbeat surfaces them all), follows the shortest counterexample of
// `no-cross-agent-surfacing` by clicking its actions in the page, checks what each step shows,
// then opens the link `explore --trace` printed and checks it lands on the same state. It saves
// screenshots, and always stops the server (with SIGINT, as Ctrl-C would).
//
// Environment:
//   HEARTBEAT_SPEC_BIN  the heartbeat-spec binary (default: ../../target/release/heartbeat-spec)
//   CHROMIUM            the browser (default: /usr/bin/chromium)
//   E2E_ARTIFACTS       where screenshots go (default: a new temporary directory)
//
// Exit status: 0 when every check passed, 1 otherwise (with the reason on stderr).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const binary =
  process.env.HEARTBEAT_SPEC_BIN ||
  path.join(process.env.CARGO_TARGET_DIR || path.join(root, 'target'), 'release', 'heartbeat-spec');
const browserPath = process.env.CHROMIUM || '/usr/bin/chromium';
const artifacts =
  process.env.E2E_ARTIFACTS || fs.mkdtempSync(path.join(os.tmpdir(), 'heartbeat-explorer-e2e-'));
const TIMEOUT_MS = 20_000;
const WATCHDOG_MS = 180_000;

const MODEL = [
  '--profile', 'openclaw-2026.5.12',
  '--scope', 'global',
  '--main-key', 'default',
  '--agents', '2',
  '--site', 'exec-exit',
  '--origin', 'cron-run',
];
const PROPERTY = 'no-cross-agent-surfacing';
const BOTH_EVENTS =
  'e1 (main cron-run, exec-completion), e2 (ops cron-run, exec-completion)';

let passed = 0;
let failed = 0;
const started = Date.now();

class CheckFailed extends Error {}

// The server, so that it is killed whatever way this process ends.
let liveServer = null;
process.on('exit', () => {
  if (liveServer && !liveServer.exited) liveServer.child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    console.error(`e2e explorer: interrupted by ${signal}`);
    process.exit(1);
  });
}

function check(condition, what, detail = '') {
  if (condition) {
    passed += 1;
    console.log(`  ok   ${what}`);
    return;
  }
  failed += 1;
  console.log(`  FAIL ${what}`);
  throw new CheckFailed(`${what}${detail ? `\n${detail}` : ''}`);
}

// ---- the server ----

/** Starts `heartbeat-spec explore` and resolves once it has printed its URLs. */
function startServer() {
  if (!fs.existsSync(binary)) {
    throw new Error(`${binary} does not exist: build it with \`cargo build --release\` (run.sh does)`);
  }
  const args = ['explore', ...MODEL, '--port', '0', '--trace', PROPERTY];
  console.log(`server: ${path.basename(binary)} ${args.join(' ')}`);
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const server = { child, stdout: '', stderr: '', exited: null };
  liveServer = server;
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => { server.stderr += d; });
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      server.exited = { code, signal };
      resolve(server.exited);
    });
  });
  server.waitExit = exited;
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the server printed no URL within ${TIMEOUT_MS} ms:\n${server.stdout}${server.stderr}`)),
      TIMEOUT_MS,
    );
    child.stdout.on('data', (d) => {
      server.stdout += d;
      if (server.stdout.includes('serving until Ctrl-C')) {
        clearTimeout(timer);
        resolve(server);
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (code ${code}, signal ${signal}) before serving:\n${server.stderr}`));
    });
  });
  return { server, ready };
}

/** Stops the server as Ctrl-C would; kills it if it does not stop. Returns its exit. */
async function stopServer(server) {
  if (!server || server.exited) return server?.exited;
  server.child.kill('SIGINT');
  const timeout = new Promise((resolve) => setTimeout(() => resolve(null), 5_000));
  const exit = await Promise.race([server.waitExit, timeout]);
  if (exit) return exit;
  server.child.kill('SIGKILL');
  await server.waitExit;
  return { code: null, signal: 'SIGKILL', forced: true };
}

// ---- the page ----

/** The texts of the SVG the page shows for the selected state, grouped into rows by y. */
async function svgRows(page) {
  return page.evaluate(() => {
    const svg = document.querySelector('section.main-flex-right svg');
    if (!svg) return [];
    const rows = new Map();
    for (const t of svg.querySelectorAll('text')) {
      const y = t.getAttribute('y');
      if (!rows.has(y)) rows.set(y, []);
      rows.get(y).push(t.textContent);
    }
    return [...rows.values()];
  });
}

/** Waits until the selected state's SVG has a text equal to `text` (or matching it). */
async function waitForSvgText(page, text) {
  const matcher = text instanceof RegExp ? text : new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  await page
    .locator('section.main-flex-right svg text', { hasText: matcher })
    .first()
    .waitFor({ timeout: TIMEOUT_MS });
}

/** The heading the SVG gives the selected state (wrapped lines joined). */
async function svgHeading(page) {
  const texts = await page.locator('section.main-flex-right svg text').allTextContents();
  const start = texts.findIndex((t) => t === 'initial state' || t.startsWith('after step '));
  if (start < 0) return '';
  let heading = texts[start];
  for (const t of texts.slice(start + 1)) {
    if (!t.startsWith('  ')) break;
    heading += ` ${t.trim()}`;
  }
  return heading;
}

function hasRow(rows, cells) {
  return rows.some((r) => cells.every((c, i) => r[i] === c));
}

function show(rows) {
  return rows.map((r) => `    | ${r.join(' | ')}`).join('\n');
}

/** Clicks the next-action link to `steps` (e.g. `0/0/1`) and returns its text. */
async function clickStep(page, steps) {
  const link = page.locator(`nav a[href="#/steps/${steps}"]`).first();
  await link.waitFor({ timeout: TIMEOUT_MS });
  const text = (await link.textContent()).trim();
  await link.click();
  await page.waitForFunction((h) => window.location.hash === h, `#/steps/${steps}`, {
    timeout: TIMEOUT_MS,
  });
  return text;
}

// ---- the test ----

async function run() {
  console.log(`screenshots: ${artifacts}`);
  fs.mkdirSync(artifacts, { recursive: true });
  if (!fs.existsSync(browserPath)) {
    throw new Error(`${browserPath} does not exist: install Debian's chromium (run.sh does)`);
  }
  const { server, ready } = startServer();
  let context;
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'heartbeat-explorer-profile-'));
  try {
    await ready;
    const base = server.stdout.match(/^Explorer: (http:\/\/\S+)$/m)?.[1];
    const link = server.stdout.match(
      new RegExp(`^counterexample of ${PROPERTY} \\((\\d+) steps\\): (http://\\S+)$`, 'm'),
    );
    check(Boolean(base), 'the server prints the Explorer URL', server.stdout);
    check(Boolean(link), `the server prints a link to the counterexample of ${PROPERTY}`, server.stdout);
    const linkUrl = link[2];
    const steps = linkUrl.split('#/steps/')[1];
    const indices = steps.split('/');
    check(
      linkUrl.startsWith(base) && indices.length === Number(link[1]) + 1 && indices.every((i) => /^\d+$/.test(i)),
      `the link is BASE#/steps/INIT/A1/.../A${link[1]}: ${linkUrl}`,
    );

    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: browserPath,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1500, height: 1100 },
    });
    const page = context.pages()[0] || (await context.newPage());
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));

    // The start page: the initial states to choose from.
    await page.goto(base, { timeout: TIMEOUT_MS });
    await page.locator('h1', { hasText: 'Stateright Explorer' }).waitFor({ timeout: TIMEOUT_MS });
    await page.locator('nav li', { hasText: 'RoutingModel' }).first().waitFor({ timeout: TIMEOUT_MS });
    check(true, 'the page loads and names the model RoutingModel');

    // Follow the counterexample by clicking, one action at a time.
    const init = await clickStep(page, indices[0]);
    check(init === `Init ${indices[0]}`, `step 0 is the initial state "Init ${indices[0]}"`, init);
    await waitForSvgText(page, 'initial state');
    let rows = await svgRows(page);
    check(hasRow(rows, ['every invariant holds in this state']), 'the initial state violates nothing', show(rows));
    check(
      hasRow(rows, ['main', 'never ran', '1', '-']) && hasRow(rows, ['ops', 'never ran', '1', '-']),
      'the heartbeat guards table shows both agents, never ran, 1 tick left',
      show(rows),
    );

    const expected = [
      /^exec-exit enqueues exec-completion from agent:main:cron:nightly:run:r1 into global; /,
      /^exec-exit enqueues exec-completion from agent:ops:cron:nightly:run:r1 into global; /,
      /^wake fires: agent=main$/,
      /^heartbeat of main finishes and consumes what it inspected$/,
    ];
    check(indices.length - 1 === expected.length, `the counterexample has ${expected.length} steps`, steps);
    for (let n = 1; n < indices.length; n += 1) {
      const prefix = indices.slice(0, n + 1).join('/');
      const action = await clickStep(page, prefix);
      check(expected[n - 1].test(action), `step ${n} is "${action}"`, `expected ${expected[n - 1]}`);
      await waitForSvgText(page, new RegExp(`^after step ${n}: `));
      const heading = await svgHeading(page);
      check(heading === `after step ${n}: ${action}`, `the tables are headed "after step ${n}: ..."`, heading);
      rows = await svgRows(page);
      if (n === 2) {
        check(
          hasRow(rows, ['global', BOTH_EVENTS]),
          'after step 2 the queue `global` holds both agents\' events',
          show(rows),
        );
        await page.screenshot({ path: path.join(artifacts, 'explorer-shared-global-queue.png'), fullPage: true });
      }
    }

    // The last state: e2, ops's event, was surfaced to main.
    check(
      rows.some((r) => r[0].startsWith('VIOLATED here: no-cross-agent-surfacing (I4): an event is surfaced only')) &&
        rows.filter((r) => r[0].startsWith('VIOLATED')).length === 1,
      'the last state says it violates no-cross-agent-surfacing',
      show(rows),
    );
    check(
      hasRow(rows, ['e2', 'exec-completion', 'ops / agent:ops:cron:nightly:run:r1', 'exec-exit', 'global', 'consumed', 'main (not ops!)']),
      'the events table shows ops\'s event e2 consumed and surfaced to main',
      show(rows),
    );
    check(hasRow(rows, ['global', '(empty)']), 'the queue `global` is empty after main\'s run', show(rows));
    check(
      hasRow(rows, ['agent=ops', 'exec-event', 'ready', 'ops']),
      'ops\'s wake is still pending, for a queue already drained',
      show(rows),
    );
    const outcome = await page.locator('section.main-flex-right div.font-small').textContent();
    check(
      outcome.includes('e2 exec-completion from ops/cron-run via exec-exit: consumed, surfaced to main'),
      'the text below the tables says e2 was surfaced to main',
      outcome,
    );
    const clickedHash = await page.evaluate(() => window.location.hash);
    check(clickedHash === `#/steps/${steps}`, 'clicking the actions leads to the link\'s address', clickedHash);
    const clickedSvg = await page.locator('section.main-flex-right svg').innerHTML();
    await page.screenshot({ path: path.join(artifacts, 'explorer-counterexample.png'), fullPage: true });

    // The printed link, opened in a new page, lands on the same state with the whole path.
    const direct = await context.newPage();
    direct.on('pageerror', (e) => pageErrors.push(String(e)));
    await direct.goto(linkUrl, { timeout: TIMEOUT_MS });
    await waitForSvgText(direct, /^after step 4: heartbeat of main finishes/);
    const directSvg = await direct.locator('section.main-flex-right svg').innerHTML();
    check(directSvg === clickedSvg, 'the link opens the same state as clicking through');
    const pathList = (await direct.locator('ol.path-list li').allTextContents()).map((t) => t.trim());
    check(
      pathList.length === indices.length + 1 &&
        pathList[0] === 'Pre-init' &&
        pathList[1] === `Init ${indices[0]}` &&
        expected.every((re, i) => re.test(pathList[i + 2])),
      'the link shows the whole path of actions',
      pathList.join('\n'),
    );
    await direct.screenshot({ path: path.join(artifacts, 'explorer-link.png'), fullPage: true });
    check(pageErrors.length === 0, 'the page raised no script error', pageErrors.join('\n'));
  } finally {
    if (context) await context.close().catch(() => {});
    fs.rmSync(profileDir, { recursive: true, force: true });
    const exit = await stopServer(server);
    if (exit && !exit.forced && !(failed > 0)) {
      check(exit.code === 0 && server.stderr.includes('stopped'), 'Ctrl-C (SIGINT) stops the server cleanly', server.stderr);
    } else if (exit?.forced) {
      failed += 1;
      console.log('  FAIL the server did not stop on SIGINT within 5 s (killed)');
    }
  }
}

const watchdog = setTimeout(() => {
  console.error(`e2e explorer: FAILED: no result within ${WATCHDOG_MS / 1000} s`);
  process.exit(1); // the exit handler kills the server
}, WATCHDOG_MS);

try {
  await run();
} catch (e) {
  if (!(e instanceof CheckFailed)) failed += 1;
  console.error(`e2e explorer: FAILED: ${e instanceof CheckFailed ? e.message : e.stack || e}`);
}
clearTimeout(watchdog);
console.log(`screenshots in ${artifacts}`);
console.log(`e2e explorer (${((Date.now() - started) / 1000).toFixed(1)} s)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
