import { Redis } from "ioredis";
import type { Logger } from "../observability/logger.js";

/** shared: Redis answers, the fleet shares budgets, snapshots and events; degraded: each instance runs on its own share. */
export type FleetMode = "shared" | "degraded";

/**
 * One instance's connection to the fleet's Redis: a command connection and a subscriber
 * connection, both reconnecting forever in the background. Commands never queue while Redis
 * is away (they fail at once), so every caller can fall back to its local share immediately.
 */
export interface RedisLink {
  readonly mode: FleetMode;
  /** When `mode` last changed (epoch ms; the link's creation until the first connection). */
  readonly modeSince: number;
  /** The command connection; use only while `mode` is "shared" and be ready for a failure anyway. */
  readonly client: Redis;
  /** A second connection in subscriber mode (pub/sub needs its own). */
  readonly subscriber: Redis;
  /** Told on every change of mode (after the first connection, too). */
  onModeChange(listener: (mode: FleetMode) => void): void;
  /** Resolves once the first connection is up, or after `ms` (then the mode is degraded). */
  ready(ms?: number): Promise<FleetMode>;
  close(): Promise<void>;
}

/** Longest pause between two reconnection attempts (ms). */
const MAX_RETRY_DELAY_MS = 500;
/** Longest a connection attempt may take (ms). */
const CONNECT_TIMEOUT_MS = 1000;

/**
 * How long after Redis answers again every instance that can reach it is back (ms): each tries
 * at least every MAX_RETRY_DELAY_MS, and an attempt takes at most CONNECT_TIMEOUT_MS.
 */
export const RECONNECT_SPREAD_MS = MAX_RETRY_DELAY_MS + CONNECT_TIMEOUT_MS;

export interface RedisLinkOptions {
  /** redis://[:password@]host:port/db */
  readonly url: string;
  readonly logger: Logger;
  /** Longest one command may take before it counts as a failure (default 1000 ms). */
  readonly commandTimeoutMs?: number;
}

/** The URL without its password, for log lines. */
function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparsable redis URL)";
  }
}

export function createRedisLink(options: RedisLinkOptions): RedisLink {
  const common = {
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? 1000,
    connectTimeout: CONNECT_TIMEOUT_MS,
    // Keep trying, at most every 500 ms: the instance runs degraded meanwhile.
    retryStrategy: (times: number) => Math.min(50 * times, MAX_RETRY_DELAY_MS),
  };
  const client = new Redis(options.url, { ...common, connectionName: "coffer" });
  // The subscriber queues its SUBSCRIBE commands while Redis is away and renews them on reconnect.
  // It sends nothing but pub/sub after its first command: ioredis writes a SUBSCRIBE issued while
  // the connection is still in its handshake at once, and once that SUBSCRIBE is answered the
  // connection is in subscriber mode, so a handshake command sent after it (the INFO ready check,
  // CLIENT SETINFO after an async read) is refused ("Connection in subscriber mode, only
  // subscriber commands may be used"); the failed ready check then rejects the SUBSCRIBEs in
  // flight and drops the connection. CLIENT SETNAME goes out first, before any SUBSCRIBE.
  const subscriber = new Redis(options.url, {
    ...common,
    connectionName: "coffer-sub",
    enableReadyCheck: false,
    disableClientInfo: true,
    enableOfflineQueue: true,
    maxRetriesPerRequest: null,
    commandTimeout: undefined,
  });
  const listeners: Array<(mode: FleetMode) => void> = [];
  let mode: FleetMode = "degraded";
  let modeSince = Date.now();
  let everReady = false;
  const where = redactRedisUrl(options.url);
  const set = (next: FleetMode) => {
    if (next === mode) return;
    mode = next;
    modeSince = Date.now();
    if (next === "shared")
      options.logger.info({ redis: where, fleet: next }, everReady ? "redis is back: shared budgets again" : "redis connected: budgets, snapshots and events are shared");
    else options.logger.warn({ redis: where, fleet: next }, "redis unreachable: running on this instance's share of every budget");
    everReady ||= next === "shared";
    for (const listener of listeners) listener(next);
  };
  client.on("ready", () => set("shared"));
  client.on("close", () => set("degraded"));
  client.on("end", () => set("degraded"));
  // ioredis emits "error" on every failed reconnect; the mode change already said it once.
  client.on("error", () => undefined);
  subscriber.on("error", () => undefined);

  return {
    get mode() {
      return mode;
    },
    get modeSince() {
      return modeSince;
    },
    client,
    subscriber,
    onModeChange(listener) {
      listeners.push(listener);
    },
    ready(ms = 2000) {
      if (mode === "shared") return Promise.resolve(mode);
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(mode), ms);
        client.once("ready", () => {
          clearTimeout(timer);
          resolve("shared");
        });
      });
    },
    async close() {
      listeners.length = 0;
      client.disconnect();
      subscriber.disconnect();
    },
  };
}
