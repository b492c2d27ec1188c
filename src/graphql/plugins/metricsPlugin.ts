import type { ApolloServerPlugin } from "@apollo/server";
import type { CofferMetrics } from "../../observability/metrics.js";
import type { GraphQLContext } from "../context.js";

/**
 * Counts GraphQL operations by type and outcome and times them. The operation's own name is
 * not a label: a client chooses it, and labels must stay a small fixed set. Error codes are
 * counted by the error formatter (every error a client sees passes through it).
 */
export function metricsPlugin(metrics: CofferMetrics): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart({ contextValue }) {
      if (contextValue.warmUp) return {};
      const started = performance.now();
      return {
        async willSendResponse({ response, operation }) {
          const type = operation?.operation ?? "unknown";
          let outcome = "ok";
          if (response.body.kind === "single") {
            const { data, errors } = response.body.singleResult;
            if (errors && errors.length > 0) outcome = data ? "partial" : "error";
          }
          metrics.graphqlOperations.inc({ operation: type, outcome });
          metrics.graphqlDuration.observe({ operation: type }, (performance.now() - started) / 1000);
        },
      };
    },
  };
}
