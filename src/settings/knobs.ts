import { LOG_LEVELS } from "../observability/logger.js";
import { ConfigError } from "./configError.js";

/** The environment Coffer reads: `process.env` in `main.ts`, a plain object in tests. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** How a knob's value is checked, in the config file (JSON) and in its variable (text). */
export interface KnobParser<V> {
  /** What a valid value is, for the error line ("must be <expected>, got …"). */
  readonly expected: string;
  /** The value, or undefined when `value` is not valid. */
  fromJson(value: unknown): V | undefined;
  fromText(text: string): V | undefined;
}

/** A tuning knob: its key in the config file, the variable that overrides it, its default. */
export interface Knob<K extends string = string, V = unknown> {
  /** Dotted path in the config file, e.g. `http.maxConnections`. */
  readonly key: K;
  readonly variable: string;
  readonly fallback: V;
  readonly parser: KnobParser<V>;
}

function knob<K extends string, V>(key: K, variable: string, fallback: NoInfer<V>, parser: KnobParser<V>): Knob<K, V> {
  return { key, variable, fallback, parser };
}

function integer(min: number, max = Number.MAX_SAFE_INTEGER): KnobParser<number> {
  const inRange = (n: number) => Number.isSafeInteger(n) && n >= min && n <= max;
  return {
    expected: min === 0 ? "a non-negative integer" : min === 1 ? "a positive integer" : `an integer of at least ${min}`,
    fromJson: (value) => (typeof value === "number" && inRange(value) ? value : undefined),
    fromText: (text) => (/^\d{1,15}$/.test(text) && inRange(Number(text)) ? Number(text) : undefined),
  };
}

const port: KnobParser<number> = {
  expected: "a port number 0-65535",
  // The file has always accepted the port as a number or as digits in a string.
  fromJson: (value) => (typeof value === "number" || typeof value === "string" ? port.fromText(String(value)) : undefined),
  fromText: (text) => (/^\d{1,5}$/.test(text) && Number(text) <= 65535 ? Number(text) : undefined),
};

const aboveZero: KnobParser<number> = {
  expected: "a number above 0",
  fromJson: (value) => (typeof value === "number" && Number.isFinite(value) && value > 0 ? value : undefined),
  fromText: (text) => (/^\d{1,15}(\.\d{1,15})?$/.test(text) && Number(text) > 0 ? Number(text) : undefined),
};

const nonEmpty: KnobParser<string> = {
  expected: "a non-empty string",
  fromJson: (value) => (typeof value === "string" && value.trim() !== "" ? value : undefined),
  fromText: (text) => text,
};

/** A size as Express reads it: `100kb`, `1mb`, or a number of bytes. */
const size: KnobParser<string> = {
  expected: 'a size such as "100kb" (b, kb, mb, gb) or a number of bytes',
  fromJson: (value) =>
    typeof value === "number" ? (Number.isSafeInteger(value) && value >= 0 ? `${value}b` : undefined) : typeof value === "string" ? size.fromText(value) : undefined,
  fromText: (text) => (/^\d{1,15}(\.\d{1,6})? *(kb|mb|gb)$/i.test(text) || /^\d{1,15} *b$/i.test(text) ? text : /^\d{1,15}$/.test(text) ? `${text}b` : undefined),
};

/** true or false (in a variable also 1 / 0). */
const flag: KnobParser<boolean> = {
  expected: "true or false",
  fromJson: (value) => (typeof value === "boolean" ? value : undefined),
  fromText: (text) => (text === "true" || text === "1" ? true : text === "false" || text === "0" ? false : undefined),
};

function oneOf<T extends string>(values: readonly T[]): KnobParser<T> {
  const pick = (value: unknown) => (values.includes(value as T) ? (value as T) : undefined);
  return { expected: `one of ${values.join(", ")}`, fromJson: pick, fromText: pick };
}

/**
 * Every tuning knob, with its default: the one list. Each has a key in the config file and a
 * variable that overrides it; the README's configuration table shows them (a unit test keeps the
 * two in step). The keys before `http` already lived in the file; the rest are sections of knobs
 * only.
 */
export const KNOBS = [
  knob("listen.host", "COFFER_HOST", "127.0.0.1", nonEmpty),
  knob("listen.port", "COFFER_PORT", 4000, port),
  knob("logLevel", "LOG_LEVEL", "info", oneOf(LOG_LEVELS)),
  knob("cache.ttlMs", "COFFER_CACHE_TTL_MS", 2000, integer(0)),
  knob("cors.maxAgeSeconds", "COFFER_CORS_MAX_AGE_SECONDS", 600, integer(0)),
  // With fleet.single the size is 1 unless given.
  knob("fleet.size", "COFFER_FLEET_SIZE", 2, integer(1)),
  // The HTTP server.
  knob("http.bodyLimit", "COFFER_BODY_LIMIT", "100kb", size),
  knob("http.headersTimeoutMs", "COFFER_HEADERS_TIMEOUT_MS", 10_000, integer(0)),
  knob("http.requestTimeoutMs", "COFFER_REQUEST_TIMEOUT_MS", 30_000, integer(0)),
  knob("http.keepAliveTimeoutMs", "COFFER_KEEP_ALIVE_TIMEOUT_MS", 5_000, integer(0)),
  knob("http.maxConnections", "COFFER_MAX_CONNECTIONS", 1024, integer(1)),
  // One GraphQL operation, and one token's request rate.
  knob("query.maxDepth", "COFFER_MAX_QUERY_DEPTH", 8, integer(0)),
  knob("query.maxAliases", "COFFER_MAX_ALIASES", 10, integer(0)),
  knob("query.maxCost", "COFFER_MAX_QUERY_COST", 500, integer(0)),
  knob("query.maxTokens", "COFFER_MAX_QUERY_TOKENS", 3000, integer(0)),
  knob("tokenRate.perSecond", "COFFER_TOKEN_RATE_PER_SECOND", 50, aboveZero),
  knob("tokenRate.burst", "COFFER_TOKEN_RATE_BURST", 200, integer(1)),
  // Subscriptions and the account streams behind them.
  knob("live.queuePerSubscription", "COFFER_LIVE_QUEUE", 1000, integer(1)),
  knob("live.subscriptionsPerSocket", "COFFER_LIVE_PER_SOCKET", 20, integer(0)),
  knob("live.subscriptionsPerToken", "COFFER_LIVE_PER_TOKEN", 200, integer(0)),
  knob("live.reconnectInitialMs", "COFFER_STREAM_RECONNECT_MS", 250, integer(1)),
  knob("live.reconnectMaxMs", "COFFER_STREAM_RECONNECT_MAX_MS", 30_000, integer(1)),
  // Every upstream call of a connection.
  knob("circuit.failureThreshold", "COFFER_CIRCUIT_FAILURES", 5, integer(1)),
  knob("circuit.openMs", "COFFER_CIRCUIT_OPEN_MS", 10_000, integer(0)),
  knob("readRetry.retries", "COFFER_READ_RETRIES", 2, integer(0)),
  knob("readRetry.baseDelayMs", "COFFER_READ_RETRY_DELAY_MS", 100, integer(0)),
  knob("readRetry.maxDelayMs", "COFFER_READ_RETRY_MAX_DELAY_MS", 2000, integer(0)),
  knob("readRetry.budgetMs", "COFFER_READ_RETRY_BUDGET_MS", 4000, integer(0)),
  // Transfers: reconciliation, claims, the asset-list check.
  knob("transfers.settleDelayMs", "COFFER_RECONCILE_SETTLE_MS", 60_000, integer(0)),
  knob("transfers.reconcileWindowMs", "COFFER_RECONCILE_WINDOW_MS", 120_000, integer(0)),
  knob("transfers.reconcileIntervalMs", "COFFER_RECONCILE_INTERVAL_MS", 30_000, integer(0)),
  knob("transfers.leaseMs", "COFFER_TRANSFER_LEASE_MS", 30_000, integer(3)),
  knob("transfers.assetListRetryMs", "COFFER_ASSET_LIST_RETRY_MS", 60_000, integer(0)),
  // Start-up: read every wallet once in the background (one dashboard's upstream calls).
  knob("startUp.readWallets", "COFFER_STARTUP_READS", true, flag),
] as const;

type AnyKnob = (typeof KNOBS)[number];
export type KnobKey = AnyKnob["key"];

/** One value per knob, by key. */
export type KnobValues = { readonly [E in AnyKnob as E["key"]]: E["fallback"] };

/** Where each value came from: a variable overrides the file, the file overrides the default. */
export type KnobSources = { readonly [K in KnobKey]: "default" | "file" | "variable" };

/** Every default, by key. */
export const DEFAULTS = Object.fromEntries(KNOBS.map((k) => [k.key, k.fallback])) as KnobValues;

/** The config-file sections that hold knobs, each with its knob names (`http` → bodyLimit, …). */
export const KNOB_SECTIONS: ReadonlyMap<string, readonly string[]> = KNOBS.reduce((sections, { key }) => {
  const dot = key.indexOf(".");
  if (dot > 0) sections.set(key.slice(0, dot), [...(sections.get(key.slice(0, dot)) ?? []), key.slice(dot + 1)]);
  return sections;
}, new Map<string, string[]>());

function fileValue(root: Readonly<Record<string, unknown>> | null, key: string): unknown {
  const dot = key.indexOf(".");
  if (!root) return undefined;
  if (dot < 0) return root[key];
  const section = root[key.slice(0, dot)];
  if (section === undefined) return undefined;
  if (typeof section !== "object" || section === null || Array.isArray(section)) {
    throw new ConfigError(key.slice(0, dot), `must be an object, got ${section === null ? "null" : Array.isArray(section) ? "an array" : typeof section}`);
  }
  return (section as Record<string, unknown>)[key.slice(dot + 1)];
}

/**
 * Every knob's value: its variable when set (not empty), else its key in the config file `root`
 * (null: no file), else its default. A bad value throws ConfigError naming the variable or the
 * key, in one line. Unknown keys are checked by the file's parser, which knows the other keys.
 */
export function resolveKnobs(root: Readonly<Record<string, unknown>> | null, env: Environment): { values: KnobValues; sources: KnobSources } {
  const values: Record<string, unknown> = {};
  const sources: Record<string, string> = {};
  for (const { key, variable, fallback, parser } of KNOBS as readonly Knob[]) {
    // The file's value is checked even when a variable overrides it: a typo never waits to bite.
    const json = fileValue(root, key);
    const fromFile = json === undefined ? undefined : parser.fromJson(json);
    if (json !== undefined && fromFile === undefined) throw new ConfigError(key, `must be ${parser.expected}, got ${JSON.stringify(json)}`);
    const text = env[variable]?.trim();
    const fromVariable = text ? parser.fromText(text) : undefined;
    if (text && fromVariable === undefined) throw new ConfigError(variable, `must be ${parser.expected}, got ${JSON.stringify(env[variable])}`);
    values[key] = fromVariable ?? fromFile ?? fallback;
    sources[key] = fromVariable !== undefined ? "variable" : fromFile !== undefined ? "file" : "default";
  }
  return { values: values as KnobValues, sources: sources as KnobSources };
}
