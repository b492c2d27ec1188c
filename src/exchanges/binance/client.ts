import type { BinanceConnectionConfig } from "./config.js";
import { RateLimitedError, UpstreamUnavailableError, type UpstreamError } from "../../domain/errors.js";
import type { Logger } from "../../observability/logger.js";
import type { CallBudget } from "../kit/callBudget.js";
import { RequestAbortedError, throwIfAborted, type HttpClient, type HttpResponse } from "../kit/httpClient.js";
import type { UpstreamGuard } from "../kit/upstreamGuard.js";
import { inProcessLimiters, type RateLimiter, type RateLimiterFactory } from "../kit/rateLimiter.js";
import { createBinanceClock, type BinanceClock } from "./clock.js";
import {
  budgetKey,
  ENDPOINTS,
  usedWeightHeader,
  type BinanceEndpoint,
  type BinanceRateBudgets,
  type EndpointName,
} from "./endpoints.js";
import { mapBinanceFailure, mapTransportFailure, parseBinanceError, retryAfterSeconds, unreadableBody } from "./errors.js";
import { createConcurrencyGate } from "../kit/concurrencyGate.js";
import { encodeParams, signBinance } from "./auth.js";

export type Params = ReadonlyArray<readonly [string, string]>;

export interface CallOptions {
  /** Longest this call may queue for rate budget, ms. */
  readonly maxWaitMs?: number;
  /** Awaited after the rate budget is taken, right before the request is signed and leaves; a throw sends nothing. */
  readonly beforeSend?: () => Promise<void>;
  /** Reads only: the asker's end. Nothing is sent after it fires; the request in flight is dropped. */
  readonly signal?: AbortSignal;
  /** Reads only: one call is taken from it before every HTTP request (re-sends and retries included). */
  readonly budget?: CallBudget;
}

/**
 * The signed-request layer of one Binance connection: rate budgets, clock offset, signing,
 * error mapping, and the only retries Coffer makes (a read after a -1021 resync, a read after
 * a short Retry-After). Nothing it logs or throws holds the secret, the signature or a query.
 */
export interface BinanceClient {
  call<T>(name: EndpointName, params?: Params, options?: CallOptions): Promise<T>;
  readonly clock: BinanceClock;
  /** Total ms callers spent queued for budget (for benchmarks). */
  readonly waitedMs: number;
}

export interface BinanceClientOptions {
  readonly config: BinanceConnectionConfig;
  readonly http: HttpClient;
  readonly logger: Logger;
  readonly now: () => number;
  readonly budgets: BinanceRateBudgets;
  /** Added to every limiter window so latency jitter cannot squeeze two windows' calls into one at the exchange. */
  readonly windowSlackMs: number;
  readonly recvWindowMs: number;
  readonly readMaxWaitMs: number;
  readonly clockRefreshMs: number;
  /** Most calls in flight at once (match the HTTP agent's sockets). */
  readonly maxInFlight: number;
  /** Breaker, metrics and health around every HTTP call; retries with backoff for reads (never a transfer). */
  readonly upstream?: UpstreamGuard;
  /** Makes the rate limiters (default: in-process). A 429/418 blocks every budget of the connection (one block scope). */
  readonly limiters?: RateLimiterFactory;
}

export function createBinanceClient(options: BinanceClientOptions): BinanceClient {
  const { config, logger, now, budgets, upstream } = options;
  const http = upstream ? upstream.wrapHttp(options.http) : options.http;
  const connectionId = config.id;
  const limiters = new Map<string, RateLimiter>();
  const gate = createConcurrencyGate(options.maxInFlight);
  const makeLimiter = options.limiters ?? inProcessLimiters({ now });

  function limiterFor(e: BinanceEndpoint): RateLimiter {
    const key = budgetKey(e);
    let limiter = limiters.get(key);
    if (!limiter) {
      limiter = makeLimiter({
        window: { limit: budgets[e.family], intervalMs: budgets.intervalMs + options.windowSlackMs },
        connectionId,
        budget: key,
        blockScope: "connection",
      });
      // A connection-wide block (429/418) may already be running.
      if (blockedUntil > now()) limiter.blockUntil(blockedUntil);
      limiters.set(key, limiter);
    }
    return limiter;
  }

  let blockedUntil = 0;
  function blockAll(untilMs: number): void {
    blockedUntil = Math.max(blockedUntil, untilMs);
    for (const limiter of limiters.values()) limiter.blockUntil(untilMs);
  }

  const clock = createBinanceClock({
    now,
    refreshMs: options.clockRefreshMs,
    fetchServerTime: async () => {
      const body = await call<{ serverTime: number }>("serverTime");
      if (typeof body.serverTime !== "number") throw unreadableBody(connectionId, "GET /api/v3/time");
      return body.serverTime;
    },
  });

  function sendOnce(e: BinanceEndpoint, params: Params, maxWaitMs: number, signal: AbortSignal | undefined, beforeSend?: () => Promise<void>): Promise<HttpResponse> {
    // The time request runs inside another call's slot: it must not wait for a slot itself.
    return e.signed ? gate.run(() => sendNow(e, params, maxWaitMs, signal, beforeSend)) : sendNow(e, params, maxWaitMs, signal, beforeSend);
  }

  /** Binance time now; a failed time request means this call was never sent, so its outcome is known. */
  function syncedClock(): Promise<number> {
    return clock.serverNow().catch((error: unknown) => {
      if (error instanceof UpstreamUnavailableError && error.outcomeUnknown) {
        throw new UpstreamUnavailableError(error.message, connectionId, { outcomeUnknown: false });
      }
      throw error;
    });
  }

  async function sendNow(e: BinanceEndpoint, params: Params, maxWaitMs: number, signal: AbortSignal | undefined, beforeSend?: () => Promise<void>): Promise<HttpResponse> {
    const limiter = limiterFor(e);
    const base = config.urls[e.host];
    const where = `${e.method} ${new URL(base).host}${e.path}`;
    throwIfAborted(signal, where);
    // Learn the clock first: budget is counted when taken, so the call must leave right after.
    if (e.signed) await syncedClock();
    await limiter.acquire(e.weight, { maxWaitMs, ...(signal ? { signal } : {}) });
    throwIfAborted(signal, where);
    if (beforeSend) {
      await beforeSend();
      // The journal's write sat between the budget and the POST: the weight counts from now.
      limiter.restamp?.();
    }
    let query = encodeParams(params);
    if (e.signed) {
      const timestamp = await syncedClock();
      query = encodeParams([...params, ["recvWindow", String(options.recvWindowMs)], ["timestamp", String(timestamp)]]);
      query += `&signature=${signBinance(query, config.credentials.apiSecret)}`;
    }
    const headers: Record<string, string> = { "X-MBX-APIKEY": config.credentials.apiKey };
    const started = now();
    let response: HttpResponse;
    try {
      response =
        e.method === "GET"
          ? await http.send({ method: "GET", url: `${base}${e.path}${query ? `?${query}` : ""}`, headers, timeoutMs: config.timeoutMs, ...(signal ? { signal } : {}) })
          : await http.send({
              method: "POST",
              url: `${base}${e.path}`,
              headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" },
              body: query,
              timeoutMs: config.timeoutMs,
            });
    } catch (error) {
      if (error instanceof RequestAbortedError) throw error;
      const mapped = mapTransportFailure(connectionId, where, error);
      logger.warn({ connectionId, call: where, weight: e.weight, ms: now() - started, code: mapped.code }, "binance call failed");
      throw mapped;
    }
    const used = Number(response.headers.get(usedWeightHeader(e)));
    if (Number.isFinite(used) && used > 0) limiter.observeUsed(used);
    logger.debug({ connectionId, call: where, weight: e.weight, status: response.status, ms: now() - started }, "binance call");
    return response;
  }

  function call<T>(name: EndpointName, params: Params = [], callOptions: CallOptions = {}): Promise<T> {
    // Reads may be sent again after a failure (backoff, jitter); a transfer is sent once.
    if (upstream && !ENDPOINTS[name].mutates) return upstream.retryRead(() => callOnce<T>(name, params, callOptions));
    return callOnce<T>(name, params, callOptions);
  }

  async function callOnce<T>(name: EndpointName, params: Params = [], callOptions: CallOptions = {}): Promise<T> {
    const e: BinanceEndpoint = ENDPOINTS[name];
    const where = `${e.method} ${new URL(config.urls[e.host]).host}${e.path}`;
    const maxWaitMs = callOptions.maxWaitMs ?? (e.mutates ? config.timeoutMs : options.readMaxWaitMs);
    const started = now();
    let resynced = false;
    let waitedForRetryAfter = false;
    // A transfer is never abortable: once asked, it is sent and its answer journaled.
    const signal = e.mutates ? undefined : callOptions.signal;
    const budget = e.mutates ? undefined : callOptions.budget;
    let beforeSend = callOptions.beforeSend;
    for (;;) {
      const remaining = Math.max(0, maxWaitMs - (now() - started));
      throwIfAborted(signal, where);
      budget?.take();
      const response = await sendOnce(e, params, remaining, signal, beforeSend);
      beforeSend = undefined; // once, before the first request leaves
      if (response.status >= 200 && response.status < 300) {
        try {
          return JSON.parse(response.text) as T;
        } catch {
          throw unreadableBody(connectionId, where);
        }
      }
      const failure: UpstreamError = mapBinanceFailure(connectionId, where, response);
      if (failure instanceof RateLimitedError) {
        const waitMs = retryAfterSeconds(response.headers) * 1000;
        blockAll(now() + waitMs);
        logger.warn({ connectionId, call: where, status: response.status, retryAfterMs: waitMs }, "binance rate limit hit");
        // A read may wait out a short ban and try once more; a transfer was refused, not run: report it.
        const fits = now() - started + waitMs <= maxWaitMs;
        if (!e.mutates && fits && !waitedForRetryAfter) {
          waitedForRetryAfter = true;
          continue;
        }
        throw failure;
      }
      const code = parseBinanceError(response.text)?.code;
      if (code === -1021 && !resynced && !e.mutates) {
        resynced = true;
        logger.info({ connectionId, call: where }, "binance clock resync after -1021");
        await clock.resync();
        continue;
      }
      if (code === -1021 && e.mutates) {
        // Resync for the next call, but never resend a transfer.
        void clock.resync().catch(() => undefined);
      }
      throw failure;
    }
  }

  const waitedMs = () => {
    let total = 0;
    for (const limiter of limiters.values()) total += limiter.waitedMs;
    return total;
  };
  upstream?.trackRateLimitWait(waitedMs);

  return {
    call,
    clock,
    get waitedMs() {
      return waitedMs();
    },
  };
}
