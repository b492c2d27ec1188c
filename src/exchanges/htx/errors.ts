import { InsufficientBalanceError, RateLimitedError, UpstreamRejectedError, UpstreamUnavailableError } from "../../domain/errors.js";
import { JsonNumber } from "../kit/parseJsonExact.js";

/**
 * HTX answers in four envelopes: spot v1 `status/err-code/err-msg`, spot v2 `code/message`,
 * contract v1 `status/err_code/err_msg`, contract v3 `code/msg`. `readEnvelope` says which
 * outcome a parsed body carries; `htxErrorOf` turns a failure into Coffer's error classes.
 */
export type HtxOutcome = { readonly ok: true } | { readonly ok: false; readonly code: string; readonly message: string } | { readonly ok: "unknown" };

function text(value: unknown): string {
  if (value instanceof JsonNumber) return value.text;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return "";
}

/** What the envelope says; "unknown" when the body is none of the four envelopes. */
export function readEnvelope(body: unknown): HtxOutcome {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return { ok: "unknown" };
  const b = body as Record<string, unknown>;
  if (b.status === "ok") return { ok: true };
  if (b.status === "error") {
    const code = text(b["err-code"] ?? b.err_code) || "error";
    return { ok: false, code, message: text(b["err-msg"] ?? b.err_msg) };
  }
  if ("code" in b) {
    const code = text(b.code);
    if (code === "200") return { ok: true };
    return { ok: false, code: code || "error", message: text(b.message ?? b.msg) };
  }
  return { ok: "unknown" };
}

/** Codes that mean "too many requests": contract 1032, v2 429, spot's frequency-limit codes. */
const RATE_LIMIT_CODES = new Set(["1032", "429", "base-request-exceed-frequency-limit", "frequent-invoke"]);
/** Codes that mean the source wallet does not hold enough. */
const INSUFFICIENT_CODES = new Set(["1301", "1047", "dw-insufficient-balance", "account-balance-insufficient-error", "insufficient-balance"]);

export function isRateLimitCode(code: string): boolean {
  return RATE_LIMIT_CODES.has(code);
}

/** Maps an exchange refusal (code + message) to Coffer's error. */
export function htxRejectionError(connectionId: string, code: string, message: string, retryAfterMs = 1000): RateLimitedError | InsufficientBalanceError | UpstreamRejectedError {
  if (isRateLimitCode(code)) {
    return new RateLimitedError(`HTX says too many requests (${code}); retry later.`, connectionId, retryAfterMs / 1000);
  }
  if (INSUFFICIENT_CODES.has(code)) return new InsufficientBalanceError(connectionId, code, message || code);
  return new UpstreamRejectedError(connectionId, code, message || code, message ? `HTX refused the request: ${message} (${code}).` : `HTX refused the request (${code}).`);
}

/**
 * The error for an HTTP answer, or null when it is a success. `mutating` marks a transfer: a 5xx
 * or an unreadable answer then leaves its outcome unknown.
 */
export function htxErrorOf(connectionId: string, where: string, status: number, body: unknown | undefined, options: { mutating: boolean; retryAfterMs?: number }): Error | null {
  const outcome = body === undefined ? ({ ok: "unknown" } as const) : readEnvelope(body);
  if (outcome.ok === false) return htxRejectionError(connectionId, outcome.code, outcome.message, options.retryAfterMs);
  if (status === 429) {
    return new RateLimitedError(`HTX says too many requests (HTTP 429) on ${where}.`, connectionId, (options.retryAfterMs ?? 1000) / 1000);
  }
  if (status >= 500) {
    return new UpstreamUnavailableError(`HTX answered HTTP ${status} on ${where}.`, connectionId, { outcomeUnknown: options.mutating });
  }
  if (outcome.ok === "unknown") {
    if (status >= 400) return new UpstreamRejectedError(connectionId, `HTTP_${status}`, `HTTP ${status}`, `HTX refused ${where} with HTTP ${status}.`);
    return new UpstreamUnavailableError(`HTX sent an unreadable answer on ${where} (HTTP ${status}).`, connectionId, {
      outcomeUnknown: options.mutating,
    });
  }
  if (status >= 400) return new UpstreamRejectedError(connectionId, `HTTP_${status}`, `HTTP ${status}`, `HTX refused ${where} with HTTP ${status}.`);
  return null;
}
