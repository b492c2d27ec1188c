import { InsufficientBalanceError, RateLimitedError, UpstreamRejectedError, UpstreamUnavailableError, type UpstreamError } from "../../domain/errors.js";
import type { HttpHeaders } from "../kit/httpClient.js";

/**
 * Turns a Binance answer that is not a success into one of Coffer's error classes (a call
 * that got no answer is the kit's `transportFailure`). Pure: the client decides what to retry,
 * this only names the failure. Messages name the method, host and path of the call and never its query string.
 */

/** Refusals that mean "the source wallet does not hold that much". */
export const INSUFFICIENT_BALANCE_CODES: ReadonlySet<number> = new Set([-3020, -3041, -5002, -5013]);

/** Binance's own "we do not know whether it ran" codes (B5). */
const EXECUTION_UNKNOWN_CODES: ReadonlySet<number> = new Set([-1000, -1001, -1007]);

export interface FailedAnswer {
  readonly status: number;
  readonly headers: HttpHeaders;
  readonly text: string;
}

/** `{code, msg}` when the body is Binance's error shape, else null. */
export function parseBinanceError(text: string): { code: number; msg: string } | null {
  try {
    const body: unknown = JSON.parse(text);
    if (body && typeof body === "object" && typeof (body as { code?: unknown }).code === "number") {
      const { code, msg } = body as { code: number; msg?: unknown };
      return { code, msg: typeof msg === "string" ? msg : "" };
    }
  } catch {
    /* not JSON */
  }
  return null;
}

/** Seconds from a Retry-After header (seconds, per Binance), with a fallback. */
export function retryAfterSeconds(headers: HttpHeaders, fallback = 60): number {
  const raw = headers.get("retry-after");
  const seconds = raw === undefined ? NaN : Number(raw);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : fallback;
}

export function mapBinanceFailure(connectionId: string, where: string, answer: FailedAnswer): UpstreamError {
  const { status } = answer;
  if (status === 429 || status === 418) {
    const seconds = retryAfterSeconds(answer.headers);
    const what = status === 418 ? "banned this IP for now" : "rate-limited the request";
    return new RateLimitedError(`${connectionId}: Binance ${what} (${where}); retry in ${Math.ceil(seconds)} s.`, connectionId, seconds);
  }
  const error = parseBinanceError(answer.text);
  if (status >= 500) {
    return new UpstreamUnavailableError(`${connectionId}: Binance answered HTTP ${status} to ${where}.`, connectionId, {
      outcomeUnknown: true,
    });
  }
  if (error) {
    if (EXECUTION_UNKNOWN_CODES.has(error.code)) {
      return new UpstreamUnavailableError(`${connectionId}: Binance could not tell whether ${where} ran: ${error.msg} (${error.code}).`, connectionId, { outcomeUnknown: true });
    }
    if (INSUFFICIENT_BALANCE_CODES.has(error.code)) {
      return new InsufficientBalanceError(connectionId, error.code, error.msg);
    }
    return new UpstreamRejectedError(connectionId, error.code, error.msg, `${connectionId}: Binance refused ${where}: ${error.msg} (${error.code}).`);
  }
  if (status >= 400) {
    return new UpstreamRejectedError(connectionId, `HTTP_${status}`, `HTTP ${status}`, `${connectionId}: Binance refused ${where} with HTTP ${status}.`);
  }
  return unreadableBody(connectionId, where);
}

/** A 2xx whose body is not the JSON we expect: it may have run (a transfer's outcome is unknown). */
export function unreadableBody(connectionId: string, where: string): UpstreamUnavailableError {
  return new UpstreamUnavailableError(`${connectionId}: Binance sent an unreadable answer to ${where}.`, connectionId, {
    outcomeUnknown: true,
  });
}
