import type { AccountType, Exchange } from "../domain/enums.js";
import type { RegisteredConnectionConfig } from "../exchanges/registry.js";

/** A bearer token Coffer accepts; only its SHA-256 is stored. */
export interface TokenConfig {
  readonly name: string;
  readonly sha256: string;
  readonly scopes: readonly ("read" | "transfer")[];
}

/** The keys every connection entry has, whatever its exchange. */
export interface ConnectionBase {
  readonly id: string;
  /** Which exchange; the rest of the entry is validated by that exchange's plugin. */
  readonly exchange: Exchange;
  readonly label: string | null;
  /** The wallets this connection reads; every type its exchange has when not configured. */
  readonly accountTypes: readonly AccountType[] | null;
  /** Timeout of every upstream call, ms. */
  readonly timeoutMs: number;
  /** False turns the connection's account streams off (live updates then come by polling). Default true. */
  readonly streams?: boolean;
}

/** A validated connection of any registered exchange. */
export type ConnectionConfig = RegisteredConnectionConfig;

/** The validated configuration Coffer runs with (the README's "Configuration" section lists every key). */
export interface CofferConfig {
  readonly listen: { readonly host: string; readonly port: number };
  readonly tokens: readonly TokenConfig[];
  readonly connections: readonly ConnectionConfig[];
  /** `sqlite:<path>` or a `postgres://` URL. */
  readonly journal: string;
  readonly cache: { readonly ttlMs: number };
  /** Browser pages on these origins may call Coffer (CORS); none when absent. */
  readonly cors?: CorsConfig;
  /** Only the operations of schema/trusted-documents.json run (off when absent). */
  readonly trustedDocuments?: boolean;
  /** The fleet's Redis (`redis://…`): budgets, snapshots, events and circuits shared by every instance. null or absent: this instance alone. */
  readonly redis?: string | null;
  /** Absent: { size: 2, single: false }. */
  readonly fleet?: FleetConfig;
}

export interface CorsConfig {
  /** Exact origins, `scheme://host[:port]`. */
  readonly origins: readonly string[];
  /** How long a browser caches a preflight's answer, seconds. */
  readonly maxAgeSeconds: number;
}

/** How this instance shares the exchanges with others. */
export interface FleetConfig {
  /** Instances sharing the budgets; with Redis unreachable each keeps to 1/size of every budget (default 2). */
  readonly size: number;
  /** This is the only instance (Redis used, a SQLite journal allowed). Default false. */
  readonly single: boolean;
}
