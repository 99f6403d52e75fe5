// Runs inside a child Node.js process, one per release, under the runtime chosen by run.mjs.
// Protocol (JSON lines): requests on stdin, responses on file descriptor 3, so that whatever
// upstream prints on stdout or stderr cannot corrupt the protocol.
//   first line: {"distDir": "...", "locations": {fn: {file, local} | null}}
//   then:       {"id": N, "fn": "...", "args": [...]}   (args in the vector encoding)
//   replies:    {"id": N, "ok": V} | {"id": N, "err": "message"}
//               | {"id": N, "unavailable": true} | {"id": N, "loadError": "message"}

import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import * as nodeModule from "node:module";
import { pathToFileURL } from "node:url";

import { FUNCTIONS } from "./functions.mjs";
import { makeSyncHooks } from "./hooks.mjs";
import { decodeValue, encodeValue } from "./values.mjs";

const out = fs.createWriteStream(null, { fd: 3 });
const reply = (obj) => out.write(`${JSON.stringify(obj)}\n`);

// Keep upstream's logging away from the terminal's stdout.
console.log = console.info = console.debug = (...a) => process.stderr.write(`${a.join(" ")}\n`);

const alias = (fn) => `__heartbeatSpecConformance_${fn}`;

let locations = null;
let distDir = null;
const loaded = new Map(); // fn -> Promise<{fn} | {loadError}>

function loadFunction(fn) {
  if (!loaded.has(fn)) {
    const loc = locations[fn];
    loaded.set(
      fn,
      (async () => {
        if (!loc) return { unavailable: true };
        try {
          const mod = await import(pathToFileURL(path.join(distDir, loc.file)).href);
          const f = mod[alias(fn)];
          if (typeof f !== "function") {
            return { loadError: `${loc.file}: ${loc.local} is a ${typeof f}, not a function` };
          }
          return { fn: f };
        } catch (e) {
          return { loadError: `loading ${loc.file}: ${e?.stack ?? e}` };
        }
      })(),
    );
  }
  return loaded.get(fn);
}

async function handle(req) {
  const { id, fn } = req;
  if (!Object.prototype.hasOwnProperty.call(FUNCTIONS, fn)) {
    return { id, loadError: `the runner does not know the function ${JSON.stringify(fn)}` };
  }
  const f = await loadFunction(fn);
  if (f.unavailable) return { id, unavailable: true };
  if (f.loadError) return { id, loadError: f.loadError };
  let value;
  try {
    value = await f.fn(...decodeValue(req.args ?? []));
  } catch (e) {
    return { id, err: e instanceof Error ? e.message : String(e) };
  }
  try {
    const project = FUNCTIONS[fn].project;
    return { id, ok: encodeValue(project ? project(value) : value) };
  } catch (e) {
    return { id, loadError: `cannot encode the result of ${fn}: ${e.message}` };
  }
}

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
let queue = Promise.resolve();
rl.on("line", (line) => {
  if (!line.trim()) return;
  const msg = JSON.parse(line);
  if (locations === null) {
    distDir = msg.distDir;
    locations = msg.locations;
    const patches = {};
    for (const [fn, loc] of Object.entries(locations)) {
      if (!loc) continue;
      const url = pathToFileURL(path.join(distDir, loc.file)).href;
      (patches[url] ??= []).push([loc.local, alias(fn)]);
    }
    if (typeof nodeModule.registerHooks === "function") {
      nodeModule.registerHooks(makeSyncHooks(patches));
    } else {
      nodeModule.register("./hooks.mjs", import.meta.url, { data: { patches } });
    }
    return;
  }
  // Answer strictly in request order.
  queue = queue.then(async () => reply(await handle(msg)));
});
rl.on("close", () => {
  queue.then(() => out.end(() => process.exit(0)));
});
