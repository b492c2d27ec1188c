import type { ApolloServerPlugin } from "@apollo/server";
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { GraphQLError, type GraphQLSchema, type ValidationContext, type ValidationRule } from "graphql";
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from "graphql-query-complexity";
import { ErrorCode } from "../../domain/errors.js";
import { DEFAULT_TUNING } from "../../settings/tuning.js";
import { RequestRefusal } from "../plugins/errorMapping.js";

export interface QueryLimits {
  /** Deepest selection nesting (fragments flattened); default 8. The dashboard needs 4, a transfer page 5. */
  readonly maxDepth: number;
  /** Most aliases in one operation; default 10. */
  readonly maxAliases: number;
  /** Cost budget of one operation (see costs.ts); default 500. */
  readonly maxCost: number;
  /** Most lexical tokens in a document (parser limit); default 3000. */
  readonly maxTokens: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = DEFAULT_TUNING.queryLimits;

/**
 * The armor rules, configured not to throw (a thrown rule becomes a 500): they report a
 * validation error instead, which Apollo answers with HTTP 400 and the error formatter
 * labels BAD_USER_INPUT.
 */
export function queryLimitRules(limits: QueryLimits = DEFAULT_QUERY_LIMITS): ValidationRule[] {
  const report = (hint: string) => (context: ValidationContext | null, error: GraphQLError) => {
    context?.reportError(new GraphQLError(`${error.message.replace(/^Syntax Error:\s*/, "")} ${hint}`, { extensions: { code: ErrorCode.BAD_USER_INPUT } }));
  };
  return [
    knownOperationTypeRule,
    maxDepthRule({
      n: limits.maxDepth,
      flattenFragments: true,
      propagateOnRejection: false,
      onReject: [report("Ask for fewer nested levels.")],
    }) as unknown as ValidationRule,
    maxAliasesRule({
      n: limits.maxAliases,
      // Count every alias, __typename included (armor allows those by default).
      allowList: [],
      propagateOnRejection: false,
      onReject: [report("Use fewer aliases.")],
    }) as unknown as ValidationRule,
  ];
}

/** graphql-js 16 leaves "subscription on a schema without one" to execution (an uncoded error): refuse it here. */
const knownOperationTypeRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    const schema = context.getSchema();
    const root = node.operation === "query" ? schema.getQueryType() : node.operation === "mutation" ? schema.getMutationType() : schema.getSubscriptionType();
    if (!root) {
      context.reportError(new GraphQLError(`This API has no ${node.operation} operations.`, { nodes: [node], extensions: { code: ErrorCode.BAD_USER_INPUT } }));
    }
  },
});

/** The cost of an operation as the budget counts it (variables applied). */
export function operationCost(
  schema: GraphQLSchema,
  document: Parameters<typeof getComplexity>[0]["query"],
  variables: Record<string, unknown> | undefined,
  operationName?: string | null,
): number {
  return getComplexity({
    schema,
    query: document,
    variables: variables ?? {},
    operationName: operationName ?? undefined,
    estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
  });
}

/** Distinct (document, operation, variables) costs remembered. */
const COST_MEMO_SIZE = 500;
/** Longest (document + variables) text remembered: bounds the memo to a few MB. */
const COST_MEMO_KEY_MAX = 8192;

/**
 * Refuses an operation whose cost exceeds the budget before anything runs: HTTP 400,
 * BAD_USER_INPUT, with the cost and the budget in the message.
 */
export function costLimitPlugin(schema: GraphQLSchema, maxCost: number, memoSize = COST_MEMO_SIZE): ApolloServerPlugin {
  // The cost depends only on the document, the operation and the variables: a dashboard sent
  // again and again is walked once. Bounded, least recently used first out.
  const memo = new Map<string, number>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operationName }) {
          let key: string | null = request.query === undefined ? null : `${operationName ?? ""}\u0000${JSON.stringify(request.variables ?? {})}\u0000${request.query}`;
          if (key !== null && key.length > COST_MEMO_KEY_MAX) key = null; // an outsized request is costed, not remembered
          let cost = key === null ? undefined : memo.get(key);
          if (cost !== undefined && key !== null) {
            memo.delete(key);
            memo.set(key, cost);
          } else {
            try {
              cost = operationCost(schema, document, request.variables, operationName);
            } catch (error) {
              // Variables that do not fit the operation: a client mistake.
              const message = error instanceof GraphQLError ? error.message : "The operation's variables could not be read.";
              throw new RequestRefusal(ErrorCode.BAD_USER_INPUT, message);
            }
            if (key !== null) {
              memo.set(key, cost);
              if (memo.size > memoSize) memo.delete(memo.keys().next().value as string);
            }
          }
          if (cost > maxCost) {
            throw new RequestRefusal(
              ErrorCode.BAD_USER_INPUT,
              `This operation is too expensive: it costs ${cost} and the limit is ${maxCost} (each field that reads from the exchanges costs more). Split it into smaller operations.`,
            );
          }
        },
      };
    },
  };
}
