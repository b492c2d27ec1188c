import type { HardeningOptions } from "../server/createCoffer.js";

/**
 * Hardening knobs from the environment (all optional; the defaults suit production):
 *
 * | variable | meaning | default |
 * |---|---|---|
 * | NODE_ENV=production | no introspection, no "Did you mean" suggestions | off |
 * | COFFER_BODY_LIMIT | largest request body (e.g. 100kb) | 100kb |
 * | COFFER_MAX_QUERY_DEPTH / COFFER_MAX_ALIASES / COFFER_MAX_QUERY_COST / COFFER_MAX_QUERY_TOKENS | per-operation limits | 8 / 10 / 500 / 3000 |
 * | COFFER_TOKEN_RATE_PER_SECOND / COFFER_TOKEN_RATE_BURST | requests per bearer token | 50 / 200 |
 * | COFFER_CIRCUIT_FAILURES / COFFER_CIRCUIT_OPEN_MS | consecutive failures that open a connection's circuit; how long it stays open | 5 / 10000 |
 * | COFFER_READ_RETRIES | further attempts of a failed read (transfers: never) | 2 |
 * | COFFER_HEADERS_TIMEOUT_MS / COFFER_REQUEST_TIMEOUT_MS / COFFER_KEEP_ALIVE_TIMEOUT_MS | longest wait for a request's headers; for the whole request, body included (then 408); idle keep-alive | 10000 / 30000 / 5000 |
 * | COFFER_MAX_CONNECTIONS | connections open at once; more are closed on arrival | 1024 |
 * | COFFER_LIVE_QUEUE / COFFER_LIVE_PER_SOCKET / COFFER_LIVE_PER_TOKEN | updates queued per subscription before its socket is closed 4413; subscriptions open per socket; per token | 1000 / 20 / 200 |
 */
export function hardeningFromEnv(env: NodeJS.ProcessEnv = process.env): HardeningOptions {
  const num = (name: string): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === "") return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got ${JSON.stringify(raw)}`);
    return n;
  };
  const perSecond = num("COFFER_TOKEN_RATE_PER_SECOND");
  const burst = num("COFFER_TOKEN_RATE_BURST");
  const queryLimits = Object.fromEntries(
    (
      [
        ["maxDepth", num("COFFER_MAX_QUERY_DEPTH")],
        ["maxAliases", num("COFFER_MAX_ALIASES")],
        ["maxCost", num("COFFER_MAX_QUERY_COST")],
        ["maxTokens", num("COFFER_MAX_QUERY_TOKENS")],
      ] as const
    ).filter(([, v]) => v !== undefined),
  );
  const failureThreshold = num("COFFER_CIRCUIT_FAILURES");
  const openMs = num("COFFER_CIRCUIT_OPEN_MS");
  const retries = num("COFFER_READ_RETRIES");
  const serverLimits = Object.fromEntries(
    (
      [
        ["headersTimeoutMs", num("COFFER_HEADERS_TIMEOUT_MS")],
        ["requestTimeoutMs", num("COFFER_REQUEST_TIMEOUT_MS")],
        ["keepAliveTimeoutMs", num("COFFER_KEEP_ALIVE_TIMEOUT_MS")],
        ["maxConnections", num("COFFER_MAX_CONNECTIONS")],
      ] as const
    ).filter(([, v]) => v !== undefined),
  );
  const liveLimits = Object.fromEntries(
    (
      [
        ["queuePerSubscription", num("COFFER_LIVE_QUEUE")],
        ["subscriptionsPerSocket", num("COFFER_LIVE_PER_SOCKET")],
        ["subscriptionsPerToken", num("COFFER_LIVE_PER_TOKEN")],
      ] as const
    ).filter(([, v]) => v !== undefined),
  );
  return {
    production: env.NODE_ENV === "production",
    ...(env.COFFER_BODY_LIMIT ? { bodyLimit: env.COFFER_BODY_LIMIT } : {}),
    queryLimits,
    ...(perSecond !== undefined || burst !== undefined ? { tokenRateLimit: { perSecond: perSecond ?? 50, burst: burst ?? 200 } } : {}),
    circuitBreaker: { ...(failureThreshold !== undefined ? { failureThreshold } : {}), ...(openMs !== undefined ? { openMs } : {}) },
    readRetry: retries !== undefined ? { retries } : {},
    serverLimits,
    ...(Object.keys(liveLimits).length ? { liveLimits } : {}),
  };
}
