// A small subset of semver ranges, enough for `engines.node` fields such as
// ">=22.16.0" or ">=24.16.0 <25 || >=26.1.0": `||` alternatives of space-separated
// comparators (>=, >, <=, <, =, or a bare version; missing parts count as 0).

function parse(v) {
  const m = /^v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?/.exec(v.trim());
  if (!m) return null;
  return [m[1], m[2], m[3]].map((x) => (x === undefined || x === "x" || x === "*" ? 0 : Number(x)));
}

function cmp(a, b) {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

/** Does `version` satisfy `range`? Returns null when the range is not understood. */
export function satisfies(version, range) {
  const v = parse(version);
  if (!v) return null;
  if (!range || !range.trim() || range.trim() === "*") return true;
  let understood = true;
  const ok = range.split("||").some((alt) => {
    const parts = alt.trim().split(/\s+/).filter(Boolean);
    return parts.every((c) => {
      const m = /^(>=|<=|>|<|=|\^|~)?\s*(.+)$/.exec(c);
      const w = m && parse(m[2]);
      if (!w) {
        understood = false;
        return false;
      }
      const d = cmp(v, w);
      switch (m[1] ?? "=") {
        case ">=": return d >= 0;
        case ">": return d > 0;
        case "<=": return d <= 0;
        case "<": return d < 0;
        case "^": return d >= 0 && v[0] === w[0];
        case "~": return d >= 0 && v[0] === w[0] && v[1] === w[1];
        default: return d === 0;
      }
    });
  });
  return understood || ok ? ok : null;
}
