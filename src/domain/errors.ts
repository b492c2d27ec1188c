/**
 * The error codes a client can see (`extensions.code`), as the architecture lists them.
 * One class per failure kind, each with a stable code, so callers branch on the class or the
 * code and never on a message.
 */
export const ErrorCode = {
  UNAUTHENTICATED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  BAD_USER_INPUT: "BAD_USER_INPUT",
  UNSUPPORTED_ROUTE: "UNSUPPORTED_ROUTE",
  NOT_FOUND: "NOT_FOUND",
  INSUFFICIENT_BALANCE: "INSUFFICIENT_BALANCE",
  IDEMPOTENCY_CONFLICT: "IDEMPOTENCY_CONFLICT",
  TRANSFER_IN_PROGRESS: "TRANSFER_IN_PROGRESS",
  RATE_LIMITED: "RATE_LIMITED",
  UPSTREAM_UNAVAILABLE: "UPSTREAM_UNAVAILABLE",
  UPSTREAM_REJECTED: "UPSTREAM_REJECTED",
  INTERNAL_SERVER_ERROR: "INTERNAL_SERVER_ERROR",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const ERROR_CODES: readonly ErrorCode[] = Object.values(ErrorCode);

/**
 * Base of every error Coffer reports on purpose: a plain Error with a stable code. Its message
 * is written for the client; how it is shown (GraphQL extensions, HTTP status) is the GraphQL
 * layer's business, not the thrower's. UNAUTHENTICATED and FORBIDDEN are not here: only the
 * GraphQL layer refuses a caller.
 */
export abstract class AppError extends Error {
  readonly code: ErrorCode;
  protected constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = new.target.name;
  }
}

/** What the client sent cannot be used; `argumentName` says which argument, when one is to blame. */
export class BadUserInputError extends AppError {
  readonly argumentName: string | null;
  constructor(message: string, options: { readonly argumentName?: string } = {}) {
    super(ErrorCode.BAD_USER_INPUT, message);
    this.argumentName = options.argumentName ?? null;
  }
}

export class UnsupportedRouteError extends AppError {
  constructor(message: string) {
    super(ErrorCode.UNSUPPORTED_ROUTE, message);
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super(ErrorCode.NOT_FOUND, message);
  }
}

export class IdempotencyConflictError extends AppError {
  constructor(message: string) {
    super(ErrorCode.IDEMPOTENCY_CONFLICT, message);
  }
}

export class TransferInProgressError extends AppError {
  constructor(message: string) {
    super(ErrorCode.TRANSFER_IN_PROGRESS, message);
  }
}

/**
 * Coffer failed in a way it can explain (e.g. a transfer not sent because the journal could
 * not record it): the message is for the client. A broken assumption is `invariant`'s, whose
 * message the client never sees.
 */
export class InternalError extends AppError {
  constructor(message: string) {
    super(ErrorCode.INTERNAL_SERVER_ERROR, message);
  }
}

/** Base of errors that come from one exchange connection; they always name it. */
export abstract class UpstreamError extends AppError {
  readonly connectionId: string;
  protected constructor(code: ErrorCode, message: string, connectionId: string) {
    super(code, message);
    this.connectionId = connectionId;
  }
}

export class RateLimitedError extends UpstreamError {
  /** Whole seconds, at least 1. */
  readonly retryAfterSeconds: number;
  constructor(message: string, connectionId: string, retryAfterSeconds: number) {
    super(ErrorCode.RATE_LIMITED, message, connectionId);
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
  }
}

export class UpstreamUnavailableError extends UpstreamError {
  /**
   * True when the request may have reached the exchange (a timeout or a 5xx after sending):
   * for a transfer the outcome is then UNKNOWN and must be reconciled, never retried blindly.
   */
  readonly outcomeUnknown: boolean;
  constructor(message: string, connectionId: string, options: { outcomeUnknown: boolean }) {
    super(ErrorCode.UPSTREAM_UNAVAILABLE, message, connectionId);
    this.outcomeUnknown = options.outcomeUnknown;
  }
}

/**
 * The exchange answered and said no. Each text is written once: the message is Coffer's
 * sentence, the exchange's own words travel in `exchangeMessage` and `exchangeCode`.
 */
export class UpstreamRejectedError extends UpstreamError {
  readonly exchangeCode: string;
  readonly exchangeMessage: string;
  constructor(connectionId: string, exchangeCode: string | number, exchangeMessage: string, message?: string) {
    const code = String(exchangeCode);
    super(
      ErrorCode.UPSTREAM_REJECTED,
      message ?? (exchangeMessage && exchangeMessage !== code ? `The exchange refused the request: ${exchangeMessage} (${code}).` : `The exchange refused the request (${code}).`),
      connectionId,
    );
    this.exchangeCode = code;
    this.exchangeMessage = exchangeMessage;
  }
}

const INSUFFICIENT_BALANCE_MESSAGE = "The source account does not hold enough for this transfer.";

/**
 * The exchange refused because the source wallet does not hold enough. The message is Coffer's
 * own and the same on every exchange; the exchange's wording is in `exchangeMessage`.
 */
export class InsufficientBalanceError extends UpstreamError {
  readonly exchangeCode: string;
  readonly exchangeMessage: string;
  constructor(connectionId: string, exchangeCode: string | number, exchangeMessage: string) {
    super(ErrorCode.INSUFFICIENT_BALANCE, INSUFFICIENT_BALANCE_MESSAGE, connectionId);
    this.exchangeCode = String(exchangeCode);
    this.exchangeMessage = exchangeMessage;
  }
}

/** Our own bug: a broken assumption, never a user's fault. Shown to clients as INTERNAL_SERVER_ERROR, without its message. */
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`Invariant violation: ${message}`);
}
