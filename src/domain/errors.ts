import { GraphQLError } from "graphql";

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

/** Base of every error Coffer shows a client on purpose. Its message and extensions are public. */
export class AppError extends GraphQLError {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
    this.code = code;
    this.name = new.target.name;
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = "A valid bearer token is required: send Authorization: Bearer <token>.") {
    super(ErrorCode.UNAUTHENTICATED, message, { http: { status: 401 } });
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string) {
    super(ErrorCode.FORBIDDEN, message, { http: { status: 403 } });
  }
}

export class BadUserInputError extends AppError {
  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super(ErrorCode.BAD_USER_INPUT, message, extensions);
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

/** Base of errors that come from one exchange connection; they always name it. */
export class UpstreamError extends AppError {
  readonly connectionId: string;
  constructor(code: ErrorCode, message: string, connectionId: string, extensions: Record<string, unknown> = {}) {
    super(code, message, { ...extensions, connectionId });
    this.connectionId = connectionId;
  }
}

export class RateLimitedError extends UpstreamError {
  readonly retryAfterSeconds: number;
  constructor(message: string, connectionId: string, retryAfterSeconds: number) {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    super(ErrorCode.RATE_LIMITED, message, connectionId, { retryAfterSeconds: seconds });
    this.retryAfterSeconds = seconds;
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
      { exchangeCode: code, exchangeMessage },
    );
    this.exchangeCode = code;
    this.exchangeMessage = exchangeMessage;
  }
}

export const INSUFFICIENT_BALANCE_MESSAGE = "The source account does not hold enough for this transfer.";

/**
 * The exchange refused because the source wallet does not hold enough. The message is Coffer's
 * own and the same on every exchange; the exchange's wording is in `exchangeMessage`.
 */
export class InsufficientBalanceError extends UpstreamError {
  constructor(connectionId: string, exchangeCode: string | number, exchangeMessage: string) {
    super(ErrorCode.INSUFFICIENT_BALANCE, INSUFFICIENT_BALANCE_MESSAGE, connectionId, {
      exchangeCode: String(exchangeCode),
      exchangeMessage,
    });
  }
}

/** Our own bug: a broken assumption, never a user's fault. Shown to clients as INTERNAL_SERVER_ERROR. */
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`Invariant violation: ${message}`);
}
