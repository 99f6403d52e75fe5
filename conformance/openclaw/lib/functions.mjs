// The upstream functions this runner calls, and where their source lives.
//
// Functions are located in a release's dist/ by the `//#region <source file>` markers that
// the bundler leaves in every chunk, plus the function's source name (see locate.mjs).
// `regions` lists the source files known to hold the function, across releases, most
// recent last. A function found only in another `src/` or `packages/` region is still used,
// and the report says so (a moved source file is worth knowing about).

/** @type {Record<string, {regions: string[], project?: (value: unknown) => unknown}>} */
export const FUNCTIONS = {
  parseAgentSessionKey: {
    regions: [
      "src/sessions/session-key-utils.ts",
      "packages/session-url-contract/src/session-key-normalization.ts",
    ],
  },
  classifySessionKeyShape: { regions: ["src/routing/session-key.ts"] },
  isSubagentSessionKey: { regions: ["src/sessions/session-key-utils.ts"] },
  isCronSessionKey: { regions: ["src/sessions/session-key-utils.ts"] },
  isCronRunSessionKey: { regions: ["src/sessions/session-key-utils.ts"] },
  normalizeAgentId: {
    regions: ["src/routing/session-key.ts", "packages/normalization-core/src/agent-id.ts"],
  },
  isValidAgentId: {
    regions: ["src/routing/session-key.ts", "packages/normalization-core/src/agent-id.ts"],
  },
  normalizeMainKey: {
    regions: ["src/routing/session-key.ts", "packages/session-url-contract/src/session-key.ts"],
  },
  buildAgentMainSessionKey: {
    regions: ["src/routing/session-key.ts", "packages/session-url-contract/src/session-key.ts"],
  },
  toAgentStoreSessionKey: { regions: ["src/routing/session-key.ts"] },
  resolveAgentIdFromSessionKey: { regions: ["src/routing/session-key.ts"] },
  resolveEventSessionKey: { regions: ["src/routing/session-key.ts"] },
  scopedHeartbeatWakeOptions: { regions: ["src/routing/session-key.ts"] },
  resolveHeartbeatSession: {
    regions: ["src/infra/heartbeat-runner.ts", "src/infra/heartbeat-runner-session.ts"],
    // The real function also returns the store path, the store and the store entry.
    // Only the routing decision is compared.
    project: (r) => {
      if (r === null || typeof r !== "object") return r;
      const out = { sessionKey: r.sessionKey };
      if (typeof r.suppressOriginatingContext === "boolean") out.suppressOriginatingContext = r.suppressOriginatingContext;
      return out;
    },
  },
  resolveSystemEventQueueKey: { regions: ["src/infra/system-event-ownership.ts"] },
  isExecCompletionEvent: { regions: ["src/infra/heartbeat-events-filter.ts"] },
  isCronSystemEvent: { regions: ["src/infra/heartbeat-events-filter.ts"] },
  resolveHeartbeatReasonKind: { regions: ["src/infra/heartbeat-reason.ts"] },
  normalizeHeartbeatWakeReason: { regions: ["src/infra/heartbeat-reason.ts"] },
  inferHeartbeatWakeSourceFromReason: {
    regions: ["src/infra/heartbeat-runner.ts", "src/infra/heartbeat-wake-policy.ts"],
  },
  isUnscopedSessionKeySentinel: { regions: ["src/routing/session-key.ts"] },
  getSubagentDepth: { regions: ["src/sessions/session-key-utils.ts"] },
};

export const FUNCTION_NAMES = Object.keys(FUNCTIONS);

export function isKnownFunction(name) {
  return Object.prototype.hasOwnProperty.call(FUNCTIONS, name);
}
