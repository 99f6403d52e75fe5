// Locate upstream functions inside a release's bundled dist/ chunks.
//
// Chunk file names are content hashes (`session-key-C0K0uhmG.js`) and exports are minified
// aliases (`export { normalizeAgentId as c }`), so neither is stable. What is stable is:
// - the bundler's `//#region <source file>` / `//#endregion` markers, naming the TypeScript
//   file each part of a chunk came from, and
// - the top-level declaration of the function under its source name inside that region
//   (`function isCronRunSessionKey(`), possibly with a `$N` suffix when the bundler had to
//   rename it to avoid a clash.
// The locator scans the top-level chunks of dist/ (*.js, *.mjs), records every top-level
// declaration of a wanted name with the region around it, and picks the one whose region is
// a known source file of that function (FUNCTIONS[name].regions). The worker then exposes
// that local binding by appending an extra export to the chunk at load time (hooks.mjs), so
// internal, unexported functions such as the heartbeat runner's resolveHeartbeatSession can
// be called too. Nothing in the installed package is modified.

import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

import { FUNCTIONS } from "./functions.mjs";

const DECL_RE =
  /^(?:export\s+)?(?:(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)\s*\(|(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=)/;

/**
 * @param {string} distDir the release's node_modules/openclaw/dist
 * @param {string[]} names function source names to look for
 * @returns {Record<string, null | {file: string, line: number, region: string, local: string,
 *   expectedRegion: boolean, candidates: number}>}
 */
export function locateFunctions(distDir, names, table = FUNCTIONS) {
  const wanted = new Set(names);
  const found = new Map(names.map((n) => [n, []]));
  const files = fs
    .readdirSync(distDir, { withFileTypes: true })
    .filter((d) => d.isFile() && /\.m?js$/.test(d.name))
    .map((d) => d.name)
    .sort();
  const prefilter = new RegExp(`\\b(?:${names.map(escapeRe).join("|")})(?:\\$\\d+)?\\b`);
  for (const file of files) {
    const src = fs.readFileSync(path.join(distDir, file), "utf8");
    if (!src.includes("//#region") || !prefilter.test(src)) continue;
    let region = null;
    const lines = src.split("\n");
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (line.startsWith("//#region ")) {
        region = line.slice("//#region ".length).trim();
        continue;
      }
      if (line.startsWith("//#endregion")) {
        region = null;
        continue;
      }
      if (region === null) continue;
      const m = DECL_RE.exec(line);
      if (!m) continue;
      const local = m[1] ?? m[2];
      const base = local.replace(/\$\d+$/, "");
      if (!wanted.has(base)) continue;
      found.get(base).push({ file, line: i + 1, region, local });
    }
  }
  const result = {};
  for (const name of names) {
    result[name] = choose(name, found.get(name), table);
  }
  return result;
}

function choose(name, candidates, table) {
  if (candidates.length === 0) return null;
  const known = table[name]?.regions ?? [];
  const rank = (c) => {
    const k = known.indexOf(c.region);
    if (k >= 0) return k; // a known source file of this function
    if (c.region.startsWith("src/")) return 100; // core source, moved
    if (c.region.startsWith("packages/")) return 200; // workspace package, moved
    return Infinity; // extensions/*: private copies inside plugins, never the core function
  };
  const ranked = candidates
    .map((c) => ({ ...c, rank: rank(c) }))
    .filter((c) => c.rank !== Infinity)
    .sort((a, b) => a.rank - b.rank || a.file.localeCompare(b.file) || a.line - b.line);
  if (ranked.length === 0) return null;
  const best = ranked[0];
  return {
    file: best.file,
    line: best.line,
    region: best.region,
    local: best.local,
    expectedRegion: best.rank < 100,
    candidates: candidates.length,
  };
}

function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * locateFunctions, cached in `cacheFile` (next to the installed release). The cache is keyed by
 * the wanted names, their known regions and this file's matching rule, so editing either
 * invalidates it; a re-install deletes it with the release directory.
 */
export function locateFunctionsCached(distDir, names, cacheFile, table = FUNCTIONS) {
  const key = crypto
    .createHash("sha256")
    .update(JSON.stringify([names, names.map((n) => table[n]?.regions), DECL_RE.source, 1]))
    .digest("hex");
  try {
    const cached = JSON.parse(fs.readFileSync(cacheFile, "utf8"));
    if (cached.key === key) return cached.locations;
  } catch {
    // no cache yet
  }
  const locations = locateFunctions(distDir, names, table);
  try {
    fs.writeFileSync(cacheFile, `${JSON.stringify({ key, locations }, null, 2)}\n`);
  } catch {
    // a read-only cache is fine
  }
  return locations;
}
