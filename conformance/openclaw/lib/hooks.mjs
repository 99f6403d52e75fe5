// Module customization hooks used by worker.mjs. For each located chunk they append
// `export { <local> as <alias> }` to the source at load time, which exposes internal
// functions under a stable name. The chunk is otherwise loaded unchanged, from its own URL,
// so it shares module instances with every other chunk. Nothing on disk is modified.
//
// Two registrations of the same transform:
// - `makeSyncHooks(patches)` for module.registerHooks() (Node >= 22.15, in-thread, preferred);
// - the exported `initialize`/`load` pair for module.register() (Node >= 20.6, off-thread).

function appendExports(source, exports) {
  const text = typeof source === "string" ? source : Buffer.from(source).toString("utf8");
  const extra = exports.map(([local, alias]) => `${local} as ${alias}`).join(", ");
  return `${text}\n;export { ${extra} };\n`;
}

function patchResult(result, exports) {
  if (!exports || result.format !== "module" || result.source == null) return result;
  return { ...result, source: appendExports(result.source, exports), shortCircuit: true };
}

/** @param {Record<string, Array<[string, string]>>} patches file URL -> [local, alias] */
export function makeSyncHooks(patches) {
  const byUrl = new Map(Object.entries(patches));
  return {
    load(url, context, nextLoad) {
      return patchResult(nextLoad(url, context), byUrl.get(url));
    },
  };
}

let asyncPatches = new Map();

export async function initialize(data) {
  asyncPatches = new Map(Object.entries(data?.patches ?? {}));
}

export async function load(url, context, nextLoad) {
  return patchResult(await nextLoad(url, context), asyncPatches.get(url));
}
