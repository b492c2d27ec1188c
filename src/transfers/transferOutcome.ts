import {
  BadUserInputError,
  ErrorCode,
  IdempotencyConflictError,
  InsufficientBalanceError,
  InternalError,
  NotFoundError,
  RateLimitedError,
  TransferInProgressError,
  UnsupportedRouteError,
  UpstreamRejectedError,
  UpstreamUnavailableError,
  type AppError,
} from "../domain/errors.js";
import type { JournalEntry } from "./journal.js";

const UNKNOWN_OUTCOME_REASON = "The exchange did not answer whether it made the transfer; it is never sent again and will be settled against the exchange's history.";

/** What to journal after `connector.transfer` threw. */
export type FailedSend =
  | { readonly kind: "failed"; readonly code: string; readonly reason: string; readonly detail: Record<string, string> | null }
  | { readonly kind: "unknown"; readonly reason: string };

/**
 * Sorts an error of `connector.transfer` into "it certainly did not happen" (FAILED) and "it
 * may have happened" (UNKNOWN). Only the typed answers that prove nothing moved — the exchange
 * refused, the request never left (outcomeUnknown false, rate limited before sending), a late
 * validation — count as FAILED. Anything else, including a bug after the request left, is
 * UNKNOWN: guessing FAILED there could make a client resend and move the money twice.
 */
export function classifySendError(error: unknown): FailedSend {
  if (error instanceof UpstreamUnavailableError) {
    if (error.outcomeUnknown) return { kind: "unknown", reason: UNKNOWN_OUTCOME_REASON };
    return { kind: "failed", code: error.code, reason: error.message, detail: null };
  }
  if (error instanceof UpstreamRejectedError || error instanceof InsufficientBalanceError) {
    return { kind: "failed", code: error.code, reason: error.message, detail: { exchangeCode: error.exchangeCode, exchangeMessage: error.exchangeMessage } };
  }
  if (error instanceof RateLimitedError) {
    return { kind: "failed", code: error.code, reason: error.message, detail: { retryAfterSeconds: String(error.retryAfterSeconds) } };
  }
  if (error instanceof BadUserInputError || error instanceof UnsupportedRouteError) {
    return { kind: "failed", code: error.code, reason: error.message, detail: null };
  }
  return { kind: "unknown", reason: UNKNOWN_OUTCOME_REASON };
}

/**
 * The error a replay of a refused transfer throws: the same class, code, message and fields
 * as the first answer, rebuilt from the journal. Null for a FAILED row without a
 * stored code (settled FAILED by the reconciler): that one is replayed as its record.
 */
export function replayedFailure(entry: JournalEntry): AppError | null {
  if (entry.status !== "FAILED" || entry.failureCode === null) return null;
  const detail = entry.failureDetail ?? {};
  const reason = entry.failureReason ?? "The transfer failed.";
  switch (entry.failureCode) {
    case ErrorCode.UPSTREAM_REJECTED:
      return new UpstreamRejectedError(entry.connectionId, detail["exchangeCode"] ?? "", detail["exchangeMessage"] ?? "", reason);
    case ErrorCode.INSUFFICIENT_BALANCE:
      return new InsufficientBalanceError(entry.connectionId, detail["exchangeCode"] ?? "", detail["exchangeMessage"] ?? reason);
    case ErrorCode.UPSTREAM_UNAVAILABLE:
      return new UpstreamUnavailableError(reason, entry.connectionId, { outcomeUnknown: false });
    case ErrorCode.RATE_LIMITED:
      return new RateLimitedError(reason, entry.connectionId, Number(detail["retryAfterSeconds"] ?? "1"));
    case ErrorCode.UNSUPPORTED_ROUTE:
      return new UnsupportedRouteError(reason);
    case ErrorCode.BAD_USER_INPUT:
      return new BadUserInputError(reason);
    case ErrorCode.NOT_FOUND:
      return new NotFoundError(reason);
    case ErrorCode.IDEMPOTENCY_CONFLICT:
      return new IdempotencyConflictError(reason);
    case ErrorCode.TRANSFER_IN_PROGRESS:
      return new TransferInProgressError(reason);
    default:
      // INTERNAL_SERVER_ERROR (not sent: the journal could not mark it), or a code this version does not write.
      return new InternalError(reason);
  }
}

/**
 * Where a row keeps the exchange's transfer id when the exchange accepted the transfer but the
 * journal could not record that outcome (the row is then UNKNOWN without an exchange id).
 */
export const ACCEPTED_ID_DETAIL = "acceptedExchangeTransferId";

export function notJournaledReason(exchangeTransferId: string): string {
  return (
    `The exchange accepted this transfer (exchange transfer id ${exchangeTransferId}), but Coffer could not record that in its journal; ` +
    "it is never sent again and will be settled against the exchange's history."
  );
}

/** The exchange transfer id a row is known to have: its own, or one the exchange gave that could not be journaled. */
export function knownExchangeTransferId(entry: JournalEntry): string | null {
  return entry.exchangeTransferId ?? entry.failureDetail?.[ACCEPTED_ID_DETAIL] ?? null;
}
