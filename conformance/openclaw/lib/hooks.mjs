// Module customization hook (registered by worker.mjs with node:module register()).
// For each located chunk it appends `export { <local> as <alias> }` to the source at load
// time, which exposes internal functions under a stable name. The chunk is otherwise loaded
// unchanged, from its own URL, so it shares module instances with every other chunk.

/** @type {Map<string, Array<[string, string]>>} file URL -> [local name, exported alias] */
let patches = new Map();

export async function initialize(data) {
  patches = new Map(Object.entries(data?.patches ?? {}));
}

export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  const exports = patches.get(url);
  if (!exports || result.format !== "module" || result.source == null) return result;
  const source =
    typeof result.source === "string" ? result.source : Buffer.from(result.source).toString("utf8");
  const extra = exports.map(([local, alias]) => `${local} as ${alias}`).join(", ");
  return { ...result, source: `${source}\n;export { ${extra} };\n`, shortCircuit: true };
}
