import { GraphQLError } from "graphql";
import { AppError, ErrorCode } from "../domain/errors.js";
import { domainExtensions } from "./plugins/errorMapping.js";

/**
 * An error about data returned in part (a portfolio without one connection, a history without
 * one exchange), located at `path`; the partial-errors plugin adds it to the response.
 */
export function partialError(path: readonly (string | number)[], message: string, cause: Error): GraphQLError {
  const extensions = cause instanceof AppError ? domainExtensions(cause) : { code: ErrorCode.INTERNAL_SERVER_ERROR };
  return new GraphQLError(message, { path, extensions, originalError: cause });
}
