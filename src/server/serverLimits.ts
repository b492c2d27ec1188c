import type http from "node:http";
import { DEFAULT_TUNING } from "../settings/tuning.js";

/** How long a client may take and how many connections it may hold (Node's defaults let a slow body hold a socket for 300 s). */
export interface ServerLimits {
  /** Longest wait for a request's complete headers, in ms (default 10000). */
  readonly headersTimeoutMs: number;
  /** Longest wait for a whole request, headers and body, in ms (default 30000); then 408 and the socket is closed. */
  readonly requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open, in ms (default 5000). */
  readonly keepAliveTimeoutMs: number;
  /** Most connections open at once (default 1024); a connection past it is closed at once. */
  readonly maxConnections: number;
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = DEFAULT_TUNING.serverLimits;

/**
 * The options of `http.createServer` for these limits. Node checks its request timeouts on a
 * timer (every 30 s by default), which would let a 1 s limit run 30 s: the check runs at a
 * quarter of the shortest timeout, between 50 ms and 1 s. Headers never get longer than the
 * whole request (Node refuses that combination).
 */
export function httpServerOptions(limits: ServerLimits): http.ServerOptions {
  const requestTimeout = limits.requestTimeoutMs;
  const headersTimeout = requestTimeout > 0 ? Math.min(limits.headersTimeoutMs, requestTimeout) : limits.headersTimeoutMs;
  const shortest = Math.min(...[headersTimeout, requestTimeout].filter((ms) => ms > 0), 4_000);
  return {
    requestTimeout,
    headersTimeout,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.max(50, Math.floor(shortest / 4)),
  };
}

/** Checks the limits (a bad value stops the start with a message naming it) and fills in defaults. */
export function resolveServerLimits(partial: Partial<ServerLimits> = {}): ServerLimits {
  const limits = { ...DEFAULT_SERVER_LIMITS, ...Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)) } as ServerLimits;
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`server limits: ${name} must be a non-negative integer, got ${value}`);
  }
  if (limits.maxConnections < 1) throw new RangeError("server limits: maxConnections must be at least 1");
  return limits;
}
