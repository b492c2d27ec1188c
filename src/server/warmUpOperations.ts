import type { ApolloServer } from "@apollo/server";
import { getNamedType, isInputObjectType, isLeafType, isNonNullType, isObjectType, type GraphQLField, type GraphQLSchema } from "graphql";
import { createContext, type CofferServices, type GraphQLContext } from "../graphql/context.js";
import { REUSABLE_ROOT_FIELDS } from "../graphql/plugins/answerReusePlugin.js";
import type { SnapshotCache } from "../cache/snapshotCache.js";
import type { WarmUpRequest } from "./warmUpRequest.js";
import type { Principal } from "../graphql/principal.js";
import type { TransferApi } from "../graphql/transferApi.js";

/** What the start-up warm-up runs, in this order, and against what. */
export interface StartUpWarmUp {
  readonly apollo: ApolloServer<GraphQLContext>;
  readonly schema: GraphQLSchema;
  readonly services: CofferServices;
  /** Run every query once with no connections (warmUpOperations). */
  readonly operations: boolean;
  /** When given: once it settles (the connections are prepared), read every wallet (warmUpReads). */
  readonly readsAfter?: Promise<void>;
  readonly snapshots?: SnapshotCache;
  /** The server's request to itself, sent last (null: none). */
  readonly request: WarmUpRequest | null;
  /** Where `request` goes: the server's GraphQL endpoint. */
  readonly endpoint: string;
  /** True once the server is closing: nothing more is run. */
  readonly stopped: () => boolean;
}

/** The whole start-up warm-up, in the background of a listening server. Never throws. */
export async function warmUpAtStart(w: StartUpWarmUp): Promise<void> {
  if (w.operations) await warmUpOperations(w.apollo, w.schema, w.stopped);
  if (w.readsAfter) {
    await w.readsAfter;
    await warmUpReads(w.apollo, w.schema, w.services, w.stopped, w.snapshots);
  }
  if (w.request && !w.stopped()) await w.request.send(w.endpoint);
}

/** How deep the warm-up documents select: deep enough for every field a dashboard reads. */
const WARM_UP_DEPTH = 5;

/** The principal the warm-up runs as: it reads, and it reads nothing, since it has no connections. */
const WARM_UP_PRINCIPAL: Principal = { name: "(start-up warm-up)", scopes: new Set(["read"]) };

/** The money side as the warm-up sees it: no transfer, no journal row, no exchange history. */
const IDLE_TRANSFERS: TransferApi = {
  transfer: () => Promise.reject(new Error("the start-up warm-up never moves money")),
  get: () => Promise.resolve(null),
  history: () => Promise.resolve({ edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null }, errors: [], totalCount: 0 }),
};

/**
 * Runs one query per root field of the schema through the server's own pipeline (parsing,
 * validation, the cost limit, the plugins, execution and serialisation), with no connections:
 * the first user query of a process otherwise pays for the first run of all of that code, which
 * cost more than the upstream calls' round trips of a dashboard. Makes no upstream call and
 * reads no journal (no connector, an idle money side); what the operations answer is dropped. Fields that need arguments
 * are left out. Never throws: a warm-up that fails only means the first query is slower.
 */
export async function warmUpOperations(apollo: ApolloServer<GraphQLContext>, schema: GraphQLSchema, stopped: () => boolean = () => false): Promise<void> {
  const idle: CofferServices = { connectors: [], connectorById: () => undefined, transfers: IDLE_TRANSFERS };
  const query = schema.getQueryType();
  if (!query) return;
  for (const field of Object.values(query.getFields())) {
    const selection = selectionOf(field, WARM_UP_DEPTH);
    if (selection === null) continue;
    if (stopped()) return;
    await run(apollo, `query WarmUp { ${selection} }`, idle);
  }
}

/**
 * Reads every wallet of the connections once, as one query of every root field whose answer
 * comes from snapshots (sub-accounts included where a field can list them), with the real
 * connectors and an idle money side. Running queries with no connections leaves most of the
 * first dashboard's work cold: each connector's reads and mappings, exact decimals with real
 * values, new sockets to each exchange host, and what a read learns for the next one (the
 * sub-account list, how contracts are held, whether futures hold positions) — together more
 * than a dashboard's own round trips. Costs the upstream calls of one dashboard, which land in
 * the snapshot cache like any read. Never throws.
 */
export async function warmUpReads(
  apollo: ApolloServer<GraphQLContext>,
  schema: GraphQLSchema,
  services: CofferServices,
  stopped: () => boolean = () => false,
  snapshots?: SnapshotCache,
): Promise<void> {
  const query = schema.getQueryType();
  if (!query || stopped()) return;
  const selections = Object.values(query.getFields())
    .filter((field) => REUSABLE_ROOT_FIELDS.has(field.name))
    .map((field) => selectionOf(field, WARM_UP_DEPTH, true))
    .filter((s): s is string => s !== null);
  if (selections.length === 0) return;
  const document = `query WarmUpReads { ${selections.join(" ")} }`;
  const reading = { ...services, transfers: IDLE_TRANSFERS };
  await run(apollo, document, reading);
  // Again on the snapshots that run read, while none of them changed or is about to expire (so
  // no upstream call): the execution path is run often enough for V8 to optimise it, which one
  // run is not (a process's first dashboards were ~20 % slower than its tenth).
  const read = snapshots?.freshness?.();
  for (let i = 1; read && i < READ_RUNS && !stopped(); i++) {
    const now = snapshots!.freshness!();
    if (now.version !== read.version || Date.now() + REREAD_MARGIN_MS >= now.validUntil) return;
    await run(apollo, document, reading);
  }
}

/** How often the reads' query runs at start-up: once upstream, then on the snapshots it read. */
const READ_RUNS = 10;
/** A run on the snapshots starts only while each has this much of its TTL left (a run takes a few ms). */
const REREAD_MARGIN_MS = 50;

async function run(apollo: ApolloServer<GraphQLContext>, document: string, services: CofferServices): Promise<void> {
  try {
    await apollo.executeOperation({ query: document }, { contextValue: { ...createContext(WARM_UP_PRINCIPAL, services), warmUp: true } });
  } catch {
    // Nothing to do: the query that would have been warmed runs cold.
  }
}

/** The argument a root field lists sub-accounts by, when it has one: `filter: { includeSubAccounts: true }`. */
function subAccountsArgument(field: GraphQLField<unknown, unknown>): string {
  const filter = field.args.find((arg) => arg.name === "filter");
  const type = filter && getNamedType(filter.type);
  return type && isInputObjectType(type) && "includeSubAccounts" in type.getFields() ? "(filter: { includeSubAccounts: true })" : "";
}

/** `name { leaf other { leaf } }`: every field reachable without required arguments, to `depth`; null when none. */
function selectionOf(field: GraphQLField<unknown, unknown>, depth: number, withSubAccounts = false): string | null {
  if (field.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined)) return null;
  const type = getNamedType(field.type);
  if (isLeafType(type)) return field.name;
  if (!isObjectType(type) || depth <= 1) return null;
  const inner = Object.values(type.getFields())
    .map((f) => selectionOf(f, depth - 1))
    .filter((s): s is string => s !== null);
  return inner.length > 0 ? `${field.name}${withSubAccounts ? subAccountsArgument(field) : ""} { ${inner.join(" ")} }` : null;
}
