import type { BinanceConnectionConfig } from "./config.js";
import { RateLimitedError } from "../../domain/errors.js";
import type { Logger } from "../../observability/logger.js";
import type { HttpClient, HttpRequest } from "../kit/httpClient.js";
import type { RateLimiterFactory } from "../kit/rateLimiter.js";
import type { ServerClock } from "../kit/serverClock.js";
import { createSignedClient, type Answer, type CallControls, type CallPlan, type ExchangeProfile } from "../kit/signedClient.js";
import type { UpstreamGuard } from "../kit/upstreamGuard.js";
import { budgetKey, ENDPOINTS, usedWeightHeader, type BinanceRateBudgets, type EndpointName } from "./endpoints.js";
import { mapBinanceFailure, parseBinanceError, retryAfterSeconds, unreadableBody } from "./errors.js";
import { encodeParams, signBinance } from "./auth.js";

export type Params = ReadonlyArray<readonly [string, string]>;

export type CallOptions = CallControls;

/** One call: an endpoint of the table and its parameters, in the order they are signed. */
interface BinanceCall extends CallControls {
  readonly name: EndpointName;
  readonly params: Params;
}

/**
 * The signed-request layer of one Binance connection: the kit's signed client with Binance's
 * endpoint table, signature (HMAC of the query with recvWindow and timestamp), used-weight
 * headers and error codes. Nothing it logs or throws holds the secret, the signature or a query.
 */
export interface BinanceClient {
  call<T>(name: EndpointName, params?: Params, options?: CallOptions): Promise<T>;
  readonly clock: ServerClock;
  /** Total ms callers spent queued for budget (for benchmarks). */
  readonly waitedMs: number;
  /** Closes the HTTP client if this client made it. */
  close(): void;
}

export interface BinanceClientOptions {
  readonly config: BinanceConnectionConfig;
  /** Given: used and left open; absent: a keep-alive client of its own (HTTP_SOCKETS sockets), closed by close(). */
  readonly http?: HttpClient;
  readonly logger: Logger;
  readonly now: () => number;
  readonly budgets: BinanceRateBudgets;
  /** Added to every limiter window so latency jitter cannot squeeze two windows' calls into one at the exchange. */
  readonly windowSlackMs: number;
  readonly recvWindowMs: number;
  /** Default: the kit's DEFAULT_READ_MAX_WAIT_MS. */
  readonly readMaxWaitMs?: number;
  readonly clockRefreshMs: number;
  /** Most signed calls in flight at once (match the HTTP agent's sockets). */
  readonly maxInFlight: number;
  /** Breaker, metrics and health around every HTTP call; retries with backoff for reads (never a transfer). */
  readonly upstream?: UpstreamGuard;
  /** Makes the rate limiters (default: in-process). A 429/418 blocks every budget of the connection (one block scope). */
  readonly limiters?: RateLimiterFactory;
}

/** Sockets of the client's own HTTP agent per host (and the default of `maxInFlight`). */
export const HTTP_SOCKETS = 32;

/** Binance's error code for a timestamp outside recvWindow or ahead of its clock. */
const TIMESTAMP_REFUSED = -1021;

export function createBinanceClient(options: BinanceClientOptions): BinanceClient {
  const { config, budgets } = options;
  const connectionId = config.id;
  const plans = new Map<EndpointName, CallPlan>();

  const profile: ExchangeProfile<BinanceCall> = {
    plan({ name }) {
      let plan = plans.get(name);
      if (!plan) {
        const e = ENDPOINTS[name];
        plan = {
          where: `${e.method} ${new URL(config.urls[e.host]).host}${e.path}`,
          weight: e.weight,
          budget: budgetKey(e),
          window: { limit: budgets[e.family], intervalMs: budgets.intervalMs + options.windowSlackMs },
          // Binance bans the whole IP: a 429/418 on one budget stops every call of the connection.
          blockScope: "connection",
          timed: e.signed,
          mutates: e.mutates,
        };
        plans.set(name, plan);
      }
      return plan;
    },
    request({ name, params }, _plan, exchangeNow): HttpRequest {
      const e = ENDPOINTS[name];
      const base = config.urls[e.host];
      let query = encodeParams(params);
      if (e.signed) {
        query = encodeParams([...params, ["recvWindow", String(options.recvWindowMs)], ["timestamp", String(exchangeNow)]]);
        query += `&signature=${signBinance(query, config.credentials.apiSecret)}`;
      }
      const headers: Record<string, string> = { "X-MBX-APIKEY": config.credentials.apiKey };
      if (e.method === "GET") return { method: "GET", url: `${base}${e.path}${query ? `?${query}` : ""}`, headers };
      return { method: "POST", url: `${base}${e.path}`, headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" }, body: query };
    },
    observe({ name }, _plan, response, sentAt, limiter) {
      const used = Number(response.headers.get(usedWeightHeader(ENDPOINTS[name])));
      if (Number.isFinite(used) && used > 0) limiter.observeUsed(used, sentAt);
    },
    read(_call, { where }, response): Answer {
      if (response.status >= 200 && response.status < 300) {
        try {
          return { ok: true, body: JSON.parse(response.text) };
        } catch {
          return { ok: false, error: unreadableBody(connectionId, where) };
        }
      }
      const error = mapBinanceFailure(connectionId, where, response);
      if (error instanceof RateLimitedError) return { ok: false, error, retryAfterMs: retryAfterSeconds(response.headers) * 1000 };
      return { ok: false, error, clockRejected: parseBinanceError(response.text)?.code === TIMESTAMP_REFUSED };
    },
    async serverTime({ call }) {
      const body = (await call({ name: "serverTime", params: [] })) as { serverTime?: unknown };
      if (typeof body.serverTime !== "number") throw unreadableBody(connectionId, "GET /api/v3/time");
      return body.serverTime;
    },
  };

  const client = createSignedClient<BinanceCall>({
    exchange: "Binance",
    connectionId,
    logger: options.logger,
    now: options.now,
    timeoutMs: config.timeoutMs,
    ...(options.http ? { http: options.http } : {}),
    maxSockets: HTTP_SOCKETS,
    ...(options.upstream ? { upstream: options.upstream } : {}),
    ...(options.limiters ? { limiters: options.limiters } : {}),
    ...(options.readMaxWaitMs !== undefined ? { readMaxWaitMs: options.readMaxWaitMs } : {}),
    // A transfer waits no longer than its own timeout: Binance's budgets rarely hold one up,
    // and one that arrives during a ban is refused at once rather than held for minutes.
    transferMaxWaitMs: config.timeoutMs,
    // One re-send after a 429: Binance answers a client that keeps calling with an IP ban (418).
    rateLimitRetries: 1,
    maxInFlight: options.maxInFlight,
    clockRefreshMs: options.clockRefreshMs,
    profile,
  });

  return {
    call: <T>(name: EndpointName, params: Params = [], callOptions: CallOptions = {}) => client.call<T>({ ...callOptions, name, params }),
    clock: client.clock,
    get waitedMs() {
      return client.waitedMs;
    },
    close: () => client.close(),
  };
}
