import { RateLimitedError } from "../../domain/errors.js";
import { createArrivalPacer, type ArrivalPacer } from "../kit/arrivalPacer.js";
import type { Logger } from "../../observability/logger.js";
import type { HttpClient, HttpHeaders, HttpRequest, HttpResponse } from "../kit/httpClient.js";
import { parseJsonExact } from "../kit/parseJsonExact.js";
import type { RateLimiter, RateLimiterFactory, RateWindow } from "../kit/rateLimiter.js";
import type { ServerClock } from "../kit/serverClock.js";
import { createSignedClient, type Answer, type CallControls, type CallPlan, type ExchangeProfile } from "../kit/signedClient.js";
import type { UpstreamGuard } from "../kit/upstreamGuard.js";
import { htxErrorOf } from "./errors.js";
import type { HtxBudget } from "./endpoints.js";
import { signedUrl, sortedQuery } from "./auth.js";

/** One call to HTX. */
export interface HtxCall extends CallControls {
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
  /** Public market data: sent unsigned (no key, no signature, no clock needed). */
  readonly public?: boolean;
}

/**
 * The signed-request layer of one HTX connection: the kit's signed client with HTX's budgets,
 * Signature v2, rate-limit headers and error envelopes. Logs only method, host, path, status
 * and duration: never a URL (it holds the signature), a body or a key.
 */
export interface HtxClient {
  /** The parsed (exact) body of a successful answer; throws Coffer errors otherwise. */
  call(call: HtxCall): Promise<Record<string, unknown>>;
  /** HTX's clock (learned from its timestamp endpoint; the local clock when that cannot be read). */
  readonly clock: ServerClock;
  /** Closes the HTTP client if this client made it. */
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
  /** Longest a read queues for budget before RATE_LIMITED (default: the kit's DEFAULT_READ_MAX_WAIT_MS). */
  readonly readMaxWaitMs?: number;
  /** Longest a transfer queues for the 1-a-second budget; undefined = as long as needed. */
  readonly transferMaxWaitMs?: number;
  /** How many times a read is re-sent after HTX said "too many requests" (after waiting). */
  readonly rateLimitRetries: number;
  /** Learn the exchange's clock offset before the first signed call (Timestamp must be within minutes). */
  readonly syncClock: boolean;
  /** Added to every reset time HTX announces: our view of its clock is only accurate to a few ms. */
  readonly resetMarginMs: number;
  /** Given: used and left open; absent: a keep-alive client of its own, closed by close(). */
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

const resetHeader = (h: HttpHeaders) => h.get("ratelimit-reset") ?? h.get("x-hb-ratelimit-requests-expire");

export function createHtxClient(options: HtxClientOptions): HtxClient {
  const { connectionId, logger, now } = options;
  const pacers = new Map<HtxBudget, ArrivalPacer>();
  const baseUrl = (host: "spot" | "swap") => (host === "spot" ? options.urls.spot : options.urls.swap);
  const hostOf = { spot: new URL(options.urls.spot).host, swap: new URL(options.urls.swap).host };
  /** Set once the kit client exists (the profile's hooks run only after). */
  let clock: ServerClock | null = null;
  const offsetMs = () => clock?.offsetMs ?? 0;

  const profile: ExchangeProfile<HtxCall> = {
    plan: (call): CallPlan => ({
      where: `${call.method} ${hostOf[call.host]}${call.path}`,
      weight: 1,
      budget: call.budget,
      window: options.limits[call.budget],
      blockScope: call.budget,
      timed: !call.public,
      mutates: Boolean(call.mutating),
    }),
    request(call, _plan, exchangeNow): HttpRequest {
      const base = new URL(baseUrl(call.host));
      const url = call.public
        ? `${base.protocol}//${base.host}${call.path}${call.params && Object.keys(call.params).length > 0 ? `?${sortedQuery(call.params)}` : ""}`
        : signedUrl({
            method: call.method,
            baseUrl: baseUrl(call.host),
            path: call.path,
            accessKey: options.accessKey,
            secretKey: options.secretKey,
            ...(call.params ? { params: call.params } : {}),
            epochMs: exchangeNow,
          });
      if (call.method === "GET") return { method: "GET", url };
      return { method: "POST", url, headers: { "Content-Type": "application/json" }, body: call.body ?? "{}" };
    },
    /** Feeds the exchange's own count into the limiter; a spent window blocks it until the reset. */
    observe(call, _plan, response: HttpResponse, sentAt, limiter: RateLimiter) {
      const window = options.limits[call.budget];
      const h = response.headers;
      const remaining = h.get("ratelimit-remaining") ?? h.get("x-hb-ratelimit-requests-remain");
      const reset = resetHeader(h);
      if (remaining === undefined || !/^-?\d+$/.test(remaining.trim())) return;
      // HTX says `left` calls remain in its window: allow no more than that many in ours.
      const left = Number(remaining);
      limiter.observeUsed(Math.max(0, window.limit - left), sentAt);
      if (left > 0) return;
      // A one-call window (transfers): the call counted is ours, so its reset tells when our
      // call arrived; pace the next from that, with a margin fitted to the observed jitter.
      // The spot answers name no interval: our window's (HTX's plus a small slack) then errs late, the safe side.
      const interval = h.get("ratelimit-interval");
      const intervalMs = interval !== undefined && /^\d+$/.test(interval.trim()) ? Number(interval) : window.intervalMs;
      const until = resetAt(reset, now(), offsetMs(), 0);
      if (window.limit === 1 && until !== null && reset !== undefined && Number(reset) > 1e12) {
        let pacer = pacers.get(call.budget);
        if (!pacer) pacers.set(call.budget, (pacer = createArrivalPacer({ initialMarginMs: options.resetMarginMs })));
        limiter.blockUntil(pacer.nextSendAt(sentAt, until, intervalMs));
        return;
      }
      if (until !== null) limiter.blockUntil(until + options.resetMarginMs);
    },
    read(call, { where }, response): Answer {
      let body: unknown;
      try {
        body = parseJsonExact(response.text);
      } catch {
        body = undefined;
      }
      const until = resetAt(resetHeader(response.headers), now(), offsetMs(), options.resetMarginMs);
      const retryAfterMs = Math.max(until !== null ? until - now() : 0, options.limits[call.budget].intervalMs);
      const error = htxErrorOf(connectionId, where, response.status, body, { mutating: Boolean(call.mutating), retryAfterMs });
      if (error instanceof RateLimitedError) return { ok: false, error, retryAfterMs };
      if (error) return { ok: false, error };
      return { ok: true, body };
    },
    ...(options.syncClock
      ? {
          async serverTime({ http }: { readonly http: HttpClient }): Promise<number | null> {
            // HTX accepts a Timestamp minutes off: when its time cannot be read, sign with the local clock.
            try {
              const response = await http.send({ method: "GET", url: new URL("/v1/common/timestamp", options.urls.spot).toString(), timeoutMs: options.timeoutMs });
              const body = parseJsonExact(response.text) as { status?: string; data?: { text?: string } };
              const serverMs = Number(body?.data?.text);
              return body?.status === "ok" && Number.isFinite(serverMs) ? serverMs : null;
            } catch (error) {
              logger.warn({ connectionId, error }, "HTX server time unavailable; signing with the local clock");
              return null;
            }
          },
        }
      : {}),
  };

  const client = createSignedClient<HtxCall>({
    exchange: "HTX",
    connectionId,
    logger,
    now,
    timeoutMs: options.timeoutMs,
    ...(options.http ? { http: options.http } : {}),
    ...(options.upstream ? { upstream: options.upstream } : {}),
    ...(options.limiters ? { limiters: options.limiters } : {}),
    ...(options.readMaxWaitMs !== undefined ? { readMaxWaitMs: options.readMaxWaitMs } : {}),
    ...(options.transferMaxWaitMs !== undefined ? { transferMaxWaitMs: options.transferMaxWaitMs } : {}),
    rateLimitRetries: options.rateLimitRetries,
    profile,
  });
  clock = client.clock;

  return {
    call: (call) => client.call<Record<string, unknown>>(call),
    clock: client.clock,
    close: () => client.close(),
  };
}
