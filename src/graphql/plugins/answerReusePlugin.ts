import { HeaderMap, type ApolloServerPlugin } from "@apollo/server";
import { Kind, type FormattedExecutionResult, type OperationDefinitionNode } from "graphql";
import type { SnapshotCache, SnapshotFreshness } from "../../cache/snapshotCache.js";
import type { GraphQLContext } from "../context.js";

/**
 * Root query fields whose answers are built from the snapshot cache (and the configuration)
 * alone. Every root query field must be listed in one of the two sets below; a test keeps them
 * complete, so a new field is classified on purpose.
 */
export const REUSABLE_ROOT_FIELDS: ReadonlySet<string> = new Set(["connections", "accounts", "account", "marginAccounts", "portfolio", "prices", "transferRoutes", "viewer"]);
/** Root query fields that read the journal or an exchange's history: executed every time. */
export const EXECUTED_ROOT_FIELDS: ReadonlySet<string> = new Set(["transfers", "transfer"]);

/** How many answers are kept (the oldest stored is dropped first). */
const MAX_ANSWERS = 128;

interface StoredAnswer {
  readonly result: FormattedExecutionResult;
  readonly freshness: SnapshotFreshness;
}

/**
 * Gives a query the answer its last identical execution produced, when nothing that answer was
 * built from can have changed: same caller, document, operation and variables; no snapshot
 * settled, expired or was dropped since (the cache's version), and none of them has reached its
 * TTL (the cache's earliest expiry). The answer is then exactly what executing again would
 * produce from the same snapshots, and a repeated dashboard costs what a bare GraphQL server
 * costs. Everything before execution still runs for every request (parsing, validation, the
 * depth, alias and cost limits, scopes, input checks), and the metrics count it as usual.
 * Stored only when the execution left the version unchanged (it read nothing that was loading)
 * and answered without any error.
 */
export function answerReusePlugin(snapshots: SnapshotCache, now: () => number = Date.now): ApolloServerPlugin<GraphQLContext> {
  const answers = new Map<string, StoredAnswer>();
  return {
    async requestDidStart() {
      let key: string | null = null;
      let before: SnapshotFreshness | undefined;
      return {
        async responseForOperation({ operation, request, queryHash, operationName, contextValue }) {
          // The start-up warm-up runs to execute: it neither takes nor leaves a stored answer.
          if (!snapshots.freshness || contextValue.warmUp || !reusable(operation)) return null;
          key = `${contextValue.principal.name}\n${[...contextValue.principal.scopes].sort().join(",")}\n${queryHash}\n${operationName ?? ""}\n${JSON.stringify(request.variables ?? {})}`;
          before = snapshots.freshness();
          const stored = answers.get(key);
          if (stored && stored.freshness.version === before.version && now() < stored.freshness.validUntil) {
            return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: "single", singleResult: stored.result } };
          }
          return null;
        },
        async willSendResponse({ response, contextValue }) {
          if (key === null || before === undefined || response.body.kind !== "single") return;
          const result = response.body.singleResult;
          if (result.errors?.length || contextValue.partialErrors.length > 0 || !result.data) return;
          const after = snapshots.freshness!();
          if (after.version !== before.version || now() >= after.validUntil) return;
          if (answers.get(key)?.result === result) return;
          answers.delete(key);
          answers.set(key, { result: { data: result.data }, freshness: after });
          if (answers.size > MAX_ANSWERS) answers.delete(answers.keys().next().value!);
        },
      };
    },
  };
}

/** A query whose every root selection is a field answered from snapshots (a fragment at the root is not looked into). */
function reusable(operation: OperationDefinitionNode | undefined): boolean {
  if (!operation || operation.operation !== "query") return false;
  return operation.selectionSet.selections.every((selection) => selection.kind === Kind.FIELD && REUSABLE_ROOT_FIELDS.has(selection.name.value));
}
