import type { ApolloServerPlugin } from "@apollo/server";
import type { GraphQLContext } from "../context.js";
import { formatError, type ErrorFormatter } from "./formatError.js";

/**
 * Adds the context's `partialErrors` (data returned in part, e.g. a portfolio without one
 * connection) to the response, formatted like every other error.
 */
export function partialErrorsPlugin(format: ErrorFormatter = formatError): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== "single" || contextValue.partialErrors.length === 0) return;
          const result = response.body.singleResult;
          const extra = contextValue.partialErrors.map((error) => format(error.toJSON(), error));
          result.errors = [...(result.errors ?? []), ...extra];
        },
      };
    },
  };
}
