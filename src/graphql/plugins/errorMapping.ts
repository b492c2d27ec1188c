import { HeaderMap } from "@apollo/server";
import { GraphQLError } from "graphql";
import { AppError, ErrorCode, InsufficientBalanceError, RateLimitedError, UpstreamError, UpstreamRejectedError } from "../../domain/errors.js";

/**
 * How an error becomes what a client sees: a domain error's code becomes `extensions.code`
 * and its public fields the other extensions; a request the GraphQL layer refuses as a whole
 * gets the HTTP status of its code. An error on one field leaves the status to Apollo (200
 * with the rest of the data).
 */

/** The HTTP status of a request refused before anything runs, by code. */
export const REFUSAL_STATUS = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.RATE_LIMITED]: 429,
} as const;
export type RefusalCode = keyof typeof REFUSAL_STATUS;

/**
 * A refusal raised by the GraphQL layer itself (a token, a scope, a budget, input checked
 * before execution): a GraphQLError carrying its code and HTTP status; `retryAfterSeconds`
 * also becomes a Retry-After header.
 */
export class RequestRefusal extends GraphQLError {
  readonly code: RefusalCode;
  constructor(code: RefusalCode, message: string, details: { readonly retryAfterSeconds?: number } = {}) {
    const headers = new HeaderMap();
    if (details.retryAfterSeconds !== undefined) headers.set("retry-after", String(details.retryAfterSeconds));
    super(message, { extensions: { ...details, code, http: { status: REFUSAL_STATUS[code], headers } } });
    this.code = code;
    this.name = new.target.name;
  }
}

/** The extensions a client sees for a domain error: its code, the connection, the exchange's words, the wait. */
export function domainExtensions(error: AppError): Record<string, unknown> {
  const extensions: Record<string, unknown> = { code: error.code };
  if (error instanceof UpstreamError) extensions.connectionId = error.connectionId;
  if (error instanceof UpstreamRejectedError || error instanceof InsufficientBalanceError) {
    extensions.exchangeCode = error.exchangeCode;
    extensions.exchangeMessage = error.exchangeMessage;
  }
  if (error instanceof RateLimitedError) extensions.retryAfterSeconds = error.retryAfterSeconds;
  return extensions;
}

/** The domain error behind an error graphql-js or Apollo reports (a resolver's, wrapped with its path), if there is one. */
export function domainErrorOf(error: unknown): AppError | null {
  let current = error;
  while (current instanceof GraphQLError && current.originalError) current = current.originalError;
  return current instanceof AppError ? current : null;
}
