import type { ApolloServerPlugin } from "@apollo/server";
import { requireScope } from "../auth.js";
import type { GraphQLContext } from "../context.js";

/**
 * Checks the token's scope for the whole operation before anything runs: a mutation (every
 * mutation moves funds) needs the `transfer` scope. A refusal is FORBIDDEN with HTTP 403 and
 * no `data`, like every refusal made before execution (the README's Errors table); the
 * resolver keeps its own check as a second line.
 */
export function scopePlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation === "mutation") requireScope(contextValue.principal, "transfer");
        },
      };
    },
  };
}
