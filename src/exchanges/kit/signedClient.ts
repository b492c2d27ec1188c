import { RateLimitedError, UpstreamUnavailableError } from "../../domain/errors.js";
import type { Logger } from "../../observability/logger.js";
import type { CallBudget } from "./callBudget.js";
import { createConcurrencyGate } from "./concurrencyGate.js";
import { createHttpClient, RequestAbortedError, throwIfAborted, type HttpClient, type HttpRequest, type HttpResponse } from "./httpClient.js";
import { createLimiterPool } from "./limiterPool.js";
import type { RateLimiter, RateLimiterFactory, RateWindow } from "./rateLimiter.js";
import { createServerClock, DEFAULT_CLOCK_REFRESH_MS, localServerClock, type ServerClock } from "./serverClock.js";
import { transportFailure } from "./transportFailure.js";
import type { UpstreamGuard } from "./upstreamGuard.js";

/**
 * Five seconds, for every exchange. A read that cannot get its rate budget (or wait out a
 * refusal's Retry-After) within a few seconds fails RATE_LIMITED with the time to come back,
 * instead of holding the asker's request open for as long as a window or a ban lasts (an IP
 * ban or a public-data window can last minutes): the client learns when to retry, and a burst
 * the budget absorbs within seconds still just queues.
 */
export const DEFAULT_READ_MAX_WAIT_MS = 5000;

/** What a caller may say about one call, whatever the exchange. */
export interface CallControls {
  /** Longest this call may queue for budget or wait out a refusal, ms (default: the client's read or transfer wait). */
  readonly maxWaitMs?: number;
  /** Awaited after the rate budget is taken, right before the request is signed and leaves; a throw sends nothing. */
  readonly beforeSend?: () => Promise<void>;
  /** Reads only: the asker's end. Nothing is sent after it fires; the request in flight is dropped. */
  readonly signal?: AbortSignal;
  /** Reads only: one call is taken from it before every HTTP request (re-sends and retries included). */
  readonly callBudget?: CallBudget;
}

/** One call as the exchange's endpoint table describes it. */
export interface CallPlan {
  /** Method, host and path ("GET api.example.com/v1/account"): named in logs and errors, never a query. */
  readonly where: string;
  /** What the call costs in its budget. */
  readonly weight: number;
  /** The budget it draws from, that budget's window, and the scope a rate refusal blocks. */
  readonly budget: string;
  readonly window: RateWindow;
  readonly blockScope: string;
  /** Carries the exchange's time: the server clock is learned before the call takes budget. */
  readonly timed: boolean;
  /** Moves money: sent once, never retried, never resent after a resync, never aborted. */
  readonly mutates: boolean;
}

/** What an answer says: its body, or the failure the exchange's error map names. */
export type Answer =
  | { readonly ok: true; readonly body: unknown }
  | {
      readonly ok: false;
      readonly error: Error;
      /** For a RateLimitedError: how long the exchange asked us to stay away (default: the error's retryAfterSeconds). */
      readonly retryAfterMs?: number;
      /** The exchange refused the request's timestamp: learn its clock again. */
      readonly clockRejected?: boolean;
    };

/**
 * What an exchange supplies (its `describe()`): the endpoint table, sign(), what its answers
 * and headers say. The loop around them — clock, budget, retries, refusals — is the kit's.
 */
export interface ExchangeProfile<C extends CallControls> {
  plan(call: C): CallPlan;
  /** The signed HTTP request of a call; `exchangeNow` is the exchange's time (epoch ms). */
  request(call: C, plan: CallPlan, exchangeNow: number): HttpRequest;
  /** Learns from an answer's headers (weight used, window resets) before it is read. */
  observe?(call: C, plan: CallPlan, response: HttpResponse, sentAt: number, limiter: RateLimiter): void;
  read(call: C, plan: CallPlan, response: HttpResponse): Answer;
  /**
   * Reads the exchange's time for the server clock (null: unreadable, sign with the offset
   * known, the local clock at first). Absent: the local clock is used.
   */
  readonly serverTime?: (kit: { readonly call: (call: C) => Promise<unknown>; readonly http: HttpClient }) => Promise<number | null>;
}

export interface SignedClientOptions<C extends CallControls> {
  /** The exchange's name as a person reads it (its plugin's display name). */
  readonly exchange: string;
  readonly connectionId: string;
  readonly logger: Logger;
  readonly now: () => number;
  /** Timeout of every HTTP call, ms. */
  readonly timeoutMs: number;
  /**
   * One rule for who owns the HTTP client: whoever makes it closes it. Given here, it is used
   * as is and left open by close(); absent, the client makes its own keep-alive client
   * (`maxSockets` per host) and closes it in close().
   */
  readonly http?: HttpClient;
  readonly maxSockets?: number;
  /** Breaker, metrics and health around every HTTP call; retries with backoff for reads (never a transfer). */
  readonly upstream?: UpstreamGuard;
  /** Makes the rate limiters (default: in-process; a fleet shares them through Redis). */
  readonly limiters?: RateLimiterFactory;
  /** Longest a read queues for budget or waits out a refusal (default DEFAULT_READ_MAX_WAIT_MS). */
  readonly readMaxWaitMs?: number;
  /** Longest a transfer does; undefined: as long as needed. Each exchange says which, and why. */
  readonly transferMaxWaitMs?: number;
  /** How many times a read is sent again after a rate refusal, once its wait is over (and fits its wait). */
  readonly rateLimitRetries: number;
  /** Most timed calls in flight at once (match the HTTP agent's sockets); default no limit. */
  readonly maxInFlight?: number;
  /** How often the server clock is learned again (default DEFAULT_CLOCK_REFRESH_MS). */
  readonly clockRefreshMs?: number;
  readonly profile: ExchangeProfile<C>;
}

/**
 * The signed-request layer of one connection: server clock, rate budgets, signing (by the
 * exchange's profile), error mapping, and the only re-sends Coffer makes on its own — a read
 * after the exchange refused for rate (once the wait is over) or refused its timestamp (after a
 * resync). Reads also go through the upstream guard's backoff retries; a transfer never does.
 * Nothing it logs or throws holds a secret, a signature or a query.
 */
export interface SignedClient<C extends CallControls> {
  call<T>(call: C): Promise<T>;
  readonly clock: ServerClock;
  /** Total ms callers spent queued for budget (for benchmarks and metrics). */
  readonly waitedMs: number;
  close(): void;
}

export function createSignedClient<C extends CallControls>(options: SignedClientOptions<C>): SignedClient<C> {
  const { exchange, connectionId, logger, now, upstream, profile } = options;
  const raw = options.http ?? createHttpClient({ timeoutMs: options.timeoutMs, ...(options.maxSockets ? { maxSockets: options.maxSockets } : {}) });
  const http = upstream ? upstream.wrapHttp(raw) : raw;
  const pool = createLimiterPool({ connectionId, now, ...(options.limiters ? { limiters: options.limiters } : {}) });
  const gate = options.maxInFlight !== undefined ? createConcurrencyGate(options.maxInFlight) : null;
  const readMaxWaitMs = options.readMaxWaitMs ?? DEFAULT_READ_MAX_WAIT_MS;
  const serverTime = profile.serverTime;
  const clock: ServerClock = serverTime
    ? createServerClock({ now, refreshMs: options.clockRefreshMs ?? DEFAULT_CLOCK_REFRESH_MS, fetchServerTime: () => serverTime({ call, http }) })
    : localServerClock(now);
  upstream?.trackRateLimitWait(() => pool.waitedMs);

  /** The exchange's time now; a failed time request means the call was never sent, so its outcome is known. */
  function exchangeTime(): Promise<number> {
    return clock.serverNow().catch((error: unknown) => {
      if (error instanceof UpstreamUnavailableError && error.outcomeUnknown) {
        throw new UpstreamUnavailableError(error.message, connectionId, { outcomeUnknown: false });
      }
      throw error;
    });
  }

  interface Attempt {
    readonly call: C;
    readonly plan: CallPlan;
    readonly limiter: RateLimiter;
    readonly maxWaitMs: number | undefined;
    readonly signal: AbortSignal | undefined;
    readonly beforeSend: (() => Promise<void>) | undefined;
  }

  async function sendNow(a: Attempt): Promise<HttpResponse> {
    const { call: c, plan, limiter, signal } = a;
    // Learn the clock first: budget may be counted from the take, so the call must leave right after.
    if (plan.timed) await exchangeTime();
    await limiter.acquire(plan.weight, {
      ...(a.maxWaitMs !== undefined ? { maxWaitMs: a.maxWaitMs } : {}),
      ...(signal ? { signal } : {}),
      ...(a.beforeSend ? { awaitsRestamp: true } : {}),
    });
    try {
      throwIfAborted(signal, plan.where);
      if (a.beforeSend) {
        await a.beforeSend();
        // The journal's write sat between the budget and the request: the weight counts from now
        // (a shared limiter that granted the budget ahead holds the call here until its turn).
        await limiter.restamp?.();
      }
      const request = profile.request(c, plan, plan.timed ? await exchangeTime() : clock.estimate());
      const sentAt = now();
      let response: HttpResponse;
      try {
        response = await http.send({ timeoutMs: options.timeoutMs, ...request, ...(signal ? { signal } : {}) });
      } catch (error) {
        if (error instanceof RequestAbortedError) throw error;
        const failure = transportFailure(exchange, connectionId, plan.where, error);
        logger.warn({ connectionId, call: plan.where, weight: plan.weight, ms: now() - sentAt, code: failure.code }, "upstream call failed");
        throw failure;
      }
      logger.debug({ connectionId, call: plan.where, weight: plan.weight, status: response.status, ms: now() - sentAt }, "upstream call");
      // What the answer says of the budgets, read while the call still counts as out.
      profile.observe?.(c, plan, response, sentAt, limiter);
      return response;
    } finally {
      // Answered, failed or never sent: the exchange counted the call (if at all) before now.
      limiter.answered?.(plan.weight);
    }
  }

  async function callOnce<T>(c: C): Promise<T> {
    const plan = profile.plan(c);
    const { where, mutates } = plan;
    const maxWaitMs = c.maxWaitMs ?? (mutates ? options.transferMaxWaitMs : readMaxWaitMs);
    // A transfer is never abortable: once asked, it is sent and its answer journaled.
    const signal = mutates ? undefined : c.signal;
    const callBudget = mutates ? undefined : c.callBudget;
    const limiter = pool.limiter(plan.budget, plan.window, plan.blockScope);
    const started = now();
    let beforeSend = c.beforeSend;
    let rateLimitRetries = 0;
    let resynced = false;
    for (;;) {
      const remaining = maxWaitMs === undefined ? undefined : Math.max(0, maxWaitMs - (now() - started));
      throwIfAborted(signal, where);
      callBudget?.take();
      const attempt: Attempt = { call: c, plan, limiter, maxWaitMs: remaining, signal, beforeSend };
      // A time request runs inside another call's slot: only timed calls take one.
      const response = await (gate && plan.timed ? gate.run(() => sendNow(attempt)) : sendNow(attempt));
      beforeSend = undefined; // once, before the first request leaves
      const answer = profile.read(c, plan, response);
      if (answer.ok) return answer.body as T;
      const { error } = answer;
      if (error instanceof RateLimitedError) {
        // The exchange refused for rate: it did not act, so waiting out its window is safe; never hammer.
        const waitMs = answer.retryAfterMs ?? error.retryAfterSeconds * 1000;
        pool.block(plan.blockScope, now() + waitMs);
        logger.warn({ connectionId, call: where, status: response.status, retryAfterMs: waitMs }, "upstream rate limit hit");
        // A read may wait it out and go again; a transfer was refused, not run: report it.
        const fits = maxWaitMs === undefined || now() - started + waitMs <= maxWaitMs;
        if (!mutates && fits && rateLimitRetries < options.rateLimitRetries) {
          rateLimitRetries++;
          continue;
        }
        throw error;
      }
      if (answer.clockRejected) {
        if (!mutates && !resynced) {
          resynced = true;
          logger.info({ connectionId, call: where }, "clock resync after a refused timestamp");
          await clock.resync();
          continue;
        }
        // Resync for the next call, but never resend a transfer.
        if (mutates) void clock.resync().catch(() => undefined);
      }
      throw error;
    }
  }

  function call<T>(c: C): Promise<T> {
    // Reads may be sent again after a failure (backoff, jitter); a transfer is sent once.
    if (upstream && !profile.plan(c).mutates) return upstream.retryRead(() => callOnce<T>(c));
    return callOnce<T>(c);
  }

  return {
    call,
    clock,
    get waitedMs() {
      return pool.waitedMs;
    },
    close() {
      if (!options.http) raw.close();
    },
  };
}
