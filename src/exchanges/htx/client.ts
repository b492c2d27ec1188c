import { RateLimitedError, UpstreamUnavailableError } from "../../domain/errors.js";
import { createArrivalPacer, type ArrivalPacer } from "../kit/arrivalPacer.js";
import type { Logger } from "../../observability/logger.js";
import type { CallBudget } from "../kit/callBudget.js";
import { createHttpClient, HttpTransportError, RequestAbortedError, throwIfAborted, type HttpClient, type HttpResponse } from "../kit/httpClient.js";
import { parseJsonExact } from "../kit/parseJsonExact.js";
import { inProcessLimiters, type RateLimiter, type RateLimiterFactory, type RateWindow } from "../kit/rateLimiter.js";
import type { UpstreamGuard } from "../kit/upstreamGuard.js";
import { htxErrorOf } from "./errors.js";
import type { HtxBudget } from "./limits.js";
import { signedUrl, sortedQuery } from "./auth.js";

/** One signed call to HTX. */
export interface HtxCall {
  readonly host: "spot" | "swap";
  readonly method: "GET" | "POST";
  readonly path: string;
  /** GET: query parameters (signed). */
  readonly params?: Readonly<Record<string, string>>;
  /** POST: the JSON body text (not signed, per Signature v2). */
  readonly body?: string;
  readonly budget: HtxBudget;
  /** A transfer: sent once, never retried; an answer we cannot read leaves its outcome unknown. */
  readonly mutating?: boolean;
  /** Awaited after the rate budget is taken, right before the request leaves; a throw sends nothing. */
  readonly beforeSend?: () => Promise<void>;
  /** Public market data: sent unsigned (no key, no signature, no clock needed). */
  readonly public?: boolean;
  /** Reads only: the asker's end. Nothing is sent after it fires; the request in flight is dropped. */
  readonly signal?: AbortSignal;
  /** Reads only: one call is taken from it before every HTTP request (re-sends and retries included). */
  readonly callBudget?: CallBudget;
}

export interface HtxClient {
  /** The parsed (exact) body of a successful answer; throws Coffer errors otherwise. */
  call(call: HtxCall): Promise<Record<string, unknown>>;
  /** ms the exchange's clock is ahead of ours (learned from its timestamp endpoint). */
  readonly clockOffsetMs: number;
  readonly limiters: Readonly<Record<HtxBudget, RateLimiter>>;
  /** Learns the clock offset now (once per client, shared with the first signed call); never throws. */
  syncClock(): Promise<void>;
  close(): void;
}

export interface HtxClientOptions {
  readonly connectionId: string;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly urls: { readonly spot: string; readonly swap: string };
  readonly timeoutMs: number;
  readonly logger: Logger;
  readonly now: () => number;
  readonly limits: Readonly<Record<HtxBudget, RateWindow>>;
  /** Longest a read queues for budget before RATE_LIMITED; undefined = as long as needed. */
  readonly readMaxWaitMs?: number;
  /** Longest a transfer queues for the 1-a-second budget; undefined = as long as needed. */
  readonly transferMaxWaitMs?: number;
  /** How many times a read is re-sent after HTX said "too many requests" (after waiting). */
  readonly rateLimitRetries: number;
  /** Learn the exchange's clock offset before the first signed call (Timestamp must be within minutes). */
  readonly syncClock: boolean;
  /** Added to every reset time HTX announces: our view of its clock is only accurate to a few ms. */
  readonly resetMarginMs: number;
  readonly http?: HttpClient;
  /** Breaker, metrics and health around every HTTP call; retries with backoff for reads (never a transfer). */
  readonly upstream?: UpstreamGuard;
  /** Makes the rate limiters (default: in-process). HTX refuses per budget, so each budget is its own block scope. */
  readonly limiters?: RateLimiterFactory;
}

/** Epoch ms of a reset header: HTX sends an absolute epoch-ms time; a small value is read as a duration. */
function resetAt(value: string | undefined, localNow: number, offsetMs: number, marginMs: number): number | null {
  if (value === undefined || !/^\d+$/.test(value.trim())) return null;
  const n = Number(value);
  return (n > 1e12 ? n - offsetMs : localNow + n) + marginMs;
}

/**
 * Signs, rate-limits, sends and checks every HTX call. Logs only method, host, path, status and
 * duration: never a URL (it holds the signature), a body or a key.
 */
export function createHtxClient(options: HtxClientOptions): HtxClient {
  const { connectionId, logger, now } = options;
  const { upstream } = options;
  const raw = options.http ?? createHttpClient({ timeoutMs: options.timeoutMs });
  const http = upstream ? upstream.wrapHttp(raw) : raw;
  const makeLimiter = options.limiters ?? inProcessLimiters({ now });
  const limiters = Object.fromEntries(
    Object.entries(options.limits).map(([budget, window]) => [budget, makeLimiter({ window, connectionId, budget, blockScope: budget })]),
  ) as Record<HtxBudget, RateLimiter>;
  let clockOffsetMs = 0;
  let clockSync: Promise<void> | null = null;
  const pacers = new Map<HtxBudget, ArrivalPacer>();

  function baseUrl(host: "spot" | "swap"): string {
    return host === "spot" ? options.urls.spot : options.urls.swap;
  }

  async function learnClockOffset(): Promise<void> {
    const url = new URL("/v1/common/timestamp", options.urls.spot).toString();
    const before = now();
    try {
      const response = await http.send({ method: "GET", url, timeoutMs: options.timeoutMs });
      const after = now();
      const body = parseJsonExact(response.text) as { status?: string; data?: { text?: string } };
      const serverMs = Number(body?.data?.text);
      if (body?.status === "ok" && Number.isFinite(serverMs)) clockOffsetMs = Math.round(serverMs - (before + after) / 2);
    } catch (error) {
      logger.warn({ connectionId, error }, "HTX server time unavailable; signing with the local clock");
    }
  }

  /** Feeds the exchange's own count into the limiter; a spent window blocks it until the reset. */
  function observeHeaders(call: HtxCall, response: HttpResponse, sentAt: number): void {
    const limiter = limiters[call.budget];
    const window = options.limits[call.budget];
    const h = response.headers;
    const remaining = h.get("ratelimit-remaining") ?? h.get("x-hb-ratelimit-requests-remain");
    const reset = h.get("ratelimit-reset") ?? h.get("x-hb-ratelimit-requests-expire");
    if (remaining === undefined || !/^-?\d+$/.test(remaining.trim())) return;
    // HTX says `left` calls remain in its window: allow no more than that many in ours.
    const left = Number(remaining);
    limiter.observeUsed(Math.max(0, window.limit - left));
    if (left <= 0) {
      // A one-call window (transfers): the call counted is ours, so its reset tells when our
      // call arrived; pace the next from that, with a margin fitted to the observed jitter.
      // The spot answers name no interval: our window's (HTX's plus a small slack) then errs late, the safe side.
      const interval = h.get("ratelimit-interval");
      const intervalMs = interval !== undefined && /^\d+$/.test(interval.trim()) ? Number(interval) : window.intervalMs;
      const until = resetAt(reset, now(), clockOffsetMs, 0);
      if (window.limit === 1 && until !== null && reset !== undefined && Number(reset) > 1e12) {
        let pacer = pacers.get(call.budget);
        if (!pacer) pacers.set(call.budget, (pacer = createArrivalPacer({ initialMarginMs: options.resetMarginMs })));
        limiter.blockUntil(pacer.nextSendAt(sentAt, until, intervalMs));
        return;
      }
      if (until !== null) limiter.blockUntil(until + options.resetMarginMs);
    }
  }

  async function sendOnce(call: HtxCall, signal: AbortSignal | undefined): Promise<{ response: HttpResponse; where: string; sentAt: number }> {
    const base = new URL(baseUrl(call.host));
    const where = `${call.method} ${base.host}${call.path}`;
    const url = call.public
      ? `${base.protocol}//${base.host}${call.path}${call.params && Object.keys(call.params).length > 0 ? `?${sortedQuery(call.params)}` : ""}`
      : signedUrl({
          method: call.method,
          baseUrl: baseUrl(call.host),
          path: call.path,
          accessKey: options.accessKey,
          secretKey: options.secretKey,
          params: call.params,
          epochMs: now() + clockOffsetMs,
        });
    const started = now();
    try {
      const response = await http.send({
        method: call.method,
        url,
        headers: call.method === "POST" ? { "Content-Type": "application/json" } : undefined,
        body: call.method === "POST" ? (call.body ?? "{}") : undefined,
        timeoutMs: options.timeoutMs,
        ...(signal ? { signal } : {}),
      });
      logger.debug({ connectionId, method: call.method, host: base.host, path: call.path, status: response.status, ms: now() - started }, "htx call");
      return { response, where, sentAt: started };
    } catch (error) {
      if (error instanceof RequestAbortedError) throw error;
      const transport = error instanceof HttpTransportError ? error : null;
      logger.warn(
        { connectionId, method: call.method, host: base.host, path: call.path, failure: transport?.kind ?? "error", ms: now() - started },
        "htx call failed",
      );
      const mayHaveBeenSent = transport ? transport.requestMayHaveBeenSent : true;
      throw new UpstreamUnavailableError(
        transport?.kind === "timeout" ? `HTX did not answer ${where} in time.` : `HTX could not be reached for ${where}.`,
        connectionId,
        { outcomeUnknown: Boolean(call.mutating) && mayHaveBeenSent },
      );
    }
  }

  upstream?.trackRateLimitWait(() => Object.values(limiters).reduce((sum, limiter) => sum + limiter.waitedMs, 0));

  function call(call: HtxCall): Promise<Record<string, unknown>> {
    // Reads may be sent again after a failure (backoff, jitter); a transfer is sent once.
    if (upstream && !call.mutating) return upstream.retryRead(() => callOnce(call));
    return callOnce(call);
  }

  async function callOnce(call: HtxCall): Promise<Record<string, unknown>> {
    if (options.syncClock && !call.public) {
      clockSync ??= learnClockOffset();
      await clockSync;
    }
    const limiter = limiters[call.budget];
    const maxWaitMs = call.mutating ? options.transferMaxWaitMs : options.readMaxWaitMs;
    // A transfer is never abortable: once asked, it is sent and its answer journaled.
    const signal = call.mutating ? undefined : call.signal;
    const callBudget = call.mutating ? undefined : call.callBudget;
    const at = `${call.method} ${new URL(baseUrl(call.host)).host}${call.path}`;
    for (let attempt = 0; ; attempt++) {
      throwIfAborted(signal, at);
      callBudget?.take();
      await limiter.acquire(1, { maxWaitMs, ...(signal ? { signal } : {}), ...(attempt === 0 && call.beforeSend ? { awaitsRestamp: true } : {}) });
      throwIfAborted(signal, at);
      if (attempt === 0 && call.beforeSend) {
        await call.beforeSend();
        // The journal's write sat between the budget and the POST: the call counts from now.
        await limiter.restamp?.();
      }
      const { response, where, sentAt } = await sendOnce(call, signal);
      observeHeaders(call, response, sentAt);
      let body: unknown;
      try {
        body = parseJsonExact(response.text);
      } catch {
        body = undefined;
      }
      const h = response.headers;
      const until = resetAt(h.get("ratelimit-reset") ?? h.get("x-hb-ratelimit-requests-expire"), now(), clockOffsetMs, options.resetMarginMs);
      const retryAfterMs = Math.max(until !== null ? until - now() : 0, options.limits[call.budget].intervalMs);
      const error = htxErrorOf(connectionId, where, response.status, body, { mutating: Boolean(call.mutating), retryAfterMs });
      if (error instanceof RateLimitedError) {
        // HTX refused for rate: it did not act, so waiting out the window is safe; never hammer.
        limiter.blockUntil(now() + retryAfterMs);
        logger.warn({ connectionId, method: call.method, path: call.path, retryAfterMs }, "htx rate limit hit");
        if (call.mutating || attempt >= options.rateLimitRetries) throw error;
        continue;
      }
      if (error) throw error;
      return body as Record<string, unknown>;
    }
  }

  return {
    call,
    get clockOffsetMs() {
      return clockOffsetMs;
    },
    limiters,
    syncClock() {
      if (!options.syncClock) return Promise.resolve();
      clockSync ??= learnClockOffset();
      return clockSync;
    },
    close: () => http.close(),
  };
}
