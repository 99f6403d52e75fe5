// The project's JSON encoding of JS values (tests/vectors/*.jsonl and `heartbeat-spec eval`):
// - `{"$undefined": true}` stands for `undefined`, in arguments and in results;
// - object keys whose value is `undefined` are left out of results;
// - everything else is plain JSON.

const UNDEFINED_TAG = "$undefined";

function isUndefinedMarker(v) {
  return (
    v !== null &&
    typeof v === "object" &&
    !Array.isArray(v) &&
    Object.keys(v).length === 1 &&
    v[UNDEFINED_TAG] === true
  );
}

/** JSON value from a vector -> the JS value passed to upstream. */
export function decodeValue(v) {
  if (isUndefinedMarker(v)) return undefined;
  if (Array.isArray(v)) return v.map(decodeValue);
  if (v !== null && typeof v === "object") {
    const out = {};
    for (const [k, x] of Object.entries(v)) out[k] = decodeValue(x);
    return out;
  }
  return v;
}

/** JS value returned by upstream -> JSON value (throws on values JSON cannot carry). */
export function encodeValue(v, path = "result") {
  if (v === undefined) return { [UNDEFINED_TAG]: true };
  if (v === null || typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new Error(`${path} is the non-JSON number ${v}`);
    return v;
  }
  if (Array.isArray(v)) return v.map((x, i) => encodeValue(x, `${path}[${i}]`));
  if (typeof v === "object") {
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) {
      throw new Error(`${path} is a ${proto?.constructor?.name ?? "non-plain"} object`);
    }
    const out = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) continue;
      out[k] = encodeValue(x, `${path}.${k}`);
    }
    return out;
  }
  throw new Error(`${path} is a ${typeof v}`);
}

/** Deep equality of two JSON values (object key order does not matter). */
export function jsonEqual(a, b) {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual(a[k], b[k]));
}

/** JSON with object keys sorted at every level (stable, diff-friendly output). */
export function canonicalJson(v) {
  return JSON.stringify(sortKeys(v));
}

function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === "object") {
    const out = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]);
    return out;
  }
  return v;
}

/** Does an actual outcome ({ok} or {err}) satisfy an expected one? */
export function outcomeMatches(expected, actual) {
  if ("err" in expected) {
    return "err" in actual && typeof actual.err === "string" && actual.err.startsWith(expected.err);
  }
  return "ok" in actual && jsonEqual(expected.ok, actual.ok);
}
