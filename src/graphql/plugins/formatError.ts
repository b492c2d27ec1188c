import type { GraphQLFormattedError } from "graphql";
import { ERROR_CODES, ErrorCode } from "../../domain/errors.js";
import { redactText } from "../../observability/redact.js";
import { domainErrorOf, domainExtensions } from "./errorMapping.js";

/** Extensions a client may see; everything else (stack traces, internals) is dropped. */
const PUBLIC_EXTENSIONS = ["code", "connectionId", "exchangeCode", "exchangeMessage", "retryAfterSeconds"] as const;

/** Apollo's own codes for requests the client got wrong, mapped to the architecture's list. */
const CLIENT_MISTAKES = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "OPERATION_RESOLUTION_FAILURE",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
]);

/**
 * Every error a client sees carries a code from the architecture's list and nothing more
 * than the documented extensions. An error we did not make on purpose is our bug: its
 * message is replaced, because it could hold internals (paths, upstream bodies).
 */
export function formatError(formatted: GraphQLFormattedError, error?: unknown): GraphQLFormattedError {
  return maskError(formatted, error);
}

export type ErrorFormatter = (formatted: GraphQLFormattedError, error?: unknown) => GraphQLFormattedError;

export interface ErrorFormatterOptions {
  /** Drop "Did you mean …?" hints, which reveal the schema (production). */
  readonly hideSuggestions?: boolean;
  /** Told the code of every error sent (metrics). */
  readonly onError?: (code: ErrorCode) => void;
  /** Told of every error masked as INTERNAL_SERVER_ERROR (to log it, redacted, for us; the client sees none of it). */
  readonly onInternal?: (formatted: GraphQLFormattedError, error: unknown) => void;
}

/** formatError with the production and metrics options; use it for every error a client sees. */
export function createFormatError(options: ErrorFormatterOptions = {}): ErrorFormatter {
  return (formatted, error) => {
    const masked = maskError(formatted, error);
    options.onError?.(masked.extensions!.code as ErrorCode);
    if (masked.extensions!.code === ErrorCode.INTERNAL_SERVER_ERROR) options.onInternal?.(formatted, error);
    if (!options.hideSuggestions) return masked;
    return { ...masked, message: masked.message.replace(/ ?Did you mean[^?]*\?/g, "").trim() };
  };
}

function maskError(formatted: GraphQLFormattedError, error?: unknown): GraphQLFormattedError {
  const raw = formatted.extensions?.code;
  const domain = domainErrorOf(error);
  // A domain error's extensions come from the error itself; anything else's from what Apollo formatted.
  const source = domain ? domainExtensions(domain) : (formatted.extensions ?? {});
  let code: ErrorCode;
  let message = formatted.message;
  if (domain) code = domain.code;
  else if (typeof raw === "string" && CLIENT_MISTAKES.has(raw)) code = ErrorCode.BAD_USER_INPUT;
  else if (raw === ErrorCode.BAD_USER_INPUT) code = ErrorCode.BAD_USER_INPUT;
  else if (typeof raw === "string" && raw !== ErrorCode.INTERNAL_SERVER_ERROR && (ERROR_CODES as readonly string[]).includes(raw)) {
    code = raw as ErrorCode;
  } else {
    code = ErrorCode.INTERNAL_SERVER_ERROR;
    message = "Internal server error.";
  }
  const extensions: Record<string, unknown> = { code };
  for (const key of PUBLIC_EXTENSIONS) {
    if (key !== "code" && source[key] !== undefined) extensions[key] = source[key];
  }
  return { message: redactText(message), locations: formatted.locations, path: formatted.path, extensions };
}
