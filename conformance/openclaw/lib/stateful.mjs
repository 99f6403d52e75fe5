// The stateful bindings the scenario driver (scenario-worker.mjs) uses, and their source files.
// Located like the pure functions (locate.mjs): by `//#region` marker and declaration name.
// Internal ones (the wake scheduler's pending map and current handler) are exposed by the same
// load-time export hook; nothing on disk is modified.

export const STATEFUL = {
  enqueueSystemEvent: { regions: ["src/infra/system-events.ts"] },
  peekSystemEventEntries: { regions: ["src/infra/system-events.ts"] },
  resetSystemEventsForTest: { regions: ["src/infra/system-events.ts"] },
  requestHeartbeat: { regions: ["src/infra/heartbeat-wake.ts"] },
  setHeartbeatWakeHandler: { regions: ["src/infra/heartbeat-wake.ts"] },
  pendingWakes: { regions: ["src/infra/heartbeat-wake.ts"] },
  handler: { regions: ["src/infra/heartbeat-wake.ts"] },
  startHeartbeatRunner: { regions: ["src/infra/heartbeat-runner.ts"] },
  runHeartbeatOnce: { regions: ["src/infra/heartbeat-runner.ts"] },
  drainFormattedSystemEvents: { regions: ["src/auto-reply/reply/session-system-events.ts"] },
  isExecCompletionEvent: { regions: ["src/infra/heartbeat-events-filter.ts"] },
  resolveEventSessionKey: { regions: ["src/routing/session-key.ts"] },
  scopedHeartbeatWakeOptions: { regions: ["src/routing/session-key.ts"] },
};

/** Bindings the driver needs in every release; a missing one makes every scenario not runnable. */
export const REQUIRED = [
  "enqueueSystemEvent",
  "peekSystemEventEntries",
  "resetSystemEventsForTest",
  "requestHeartbeat",
  "setHeartbeatWakeHandler",
  "pendingWakes",
  "handler",
  "startHeartbeatRunner",
  "runHeartbeatOnce",
  "scopedHeartbeatWakeOptions",
];

export const STATEFUL_NAMES = Object.keys(STATEFUL);
