import type { AccountType } from "../domain/enums.js";
import type { ExchangePlugin } from "../exchanges/exchange.js";
import { EXCHANGE_PLUGINS } from "../exchanges/registry.js";
import type { CofferConfig, ConnectionBase, ConnectionConfig, CorsConfig, TokenConfig } from "./config.types.js";
import { checkConfigKeys, configObject, configString, describeConfigValue, parseConnectionKeys } from "./configValues.js";
import { ConfigError } from "./configError.js";
import { KNOB_SECTIONS, KNOBS, resolveKnobs, type Environment, type KnobSources, type KnobValues } from "./knobs.js";

const DEFAULT_TIMEOUT_MS = 10_000;

function tokens(value: unknown): TokenConfig[] {
  if (!Array.isArray(value) || value.length === 0) throw new ConfigError("tokens", "must be a non-empty array of {name, sha256, scopes}");
  const names = new Set<string>();
  return value.map((raw, i) => {
    const key = `tokens[${i}]`;
    const token = configObject(raw, key);
    checkConfigKeys(token, key, ["name", "sha256", "scopes"]);
    const name = configString(token.name, `${key}.name`);
    if (names.has(name)) throw new ConfigError(`${key}.name`, `duplicate token name "${name}"`);
    names.add(name);
    const sha256 = configString(token.sha256, `${key}.sha256`);
    if (!/^[0-9a-fA-F]{64}$/.test(sha256)) throw new ConfigError(`${key}.sha256`, "must be the 64-hex-digit SHA-256 of the token (not the token itself)");
    if (!Array.isArray(token.scopes) || token.scopes.length === 0) throw new ConfigError(`${key}.scopes`, 'must be a non-empty array of "read" / "transfer"');
    const scopes = (token.scopes as unknown[]).map((s, j) => {
      if (s !== "read" && s !== "transfer") throw new ConfigError(`${key}.scopes[${j}]`, `must be "read" or "transfer", got ${JSON.stringify(s)}`);
      return s;
    });
    return { name, sha256: sha256.toLowerCase(), scopes };
  });
}

function accountTypes(value: unknown, key: string, plugin: ExchangePlugin): AccountType[] | null {
  if (value === undefined) return null;
  if (!Array.isArray(value) || value.length === 0) throw new ConfigError(key, "must be a non-empty array of account types");
  return value.map((t, i) => {
    if (!plugin.accountTypes.includes(t as AccountType)) {
      throw new ConfigError(`${key}[${i}]`, `${JSON.stringify(t)} is not an account type ${plugin.displayName} has (one of ${plugin.accountTypes.join(", ")})`);
    }
    return t as AccountType;
  });
}

/** The common keys here; `credentials` and `urls` as the connection's exchange plugin declares them. */
function connection(raw: unknown, i: number, env: NodeJS.ProcessEnv): ConnectionConfig {
  const key = `connections[${i}]`;
  const c = configObject(raw, key);
  checkConfigKeys(c, key, ["id", "exchange", "label", "credentials", "urls", "accountTypes", "timeoutMs", "streams"]);
  if (c.streams !== undefined && typeof c.streams !== "boolean") throw new ConfigError(`${key}.streams`, `must be true or false, got ${JSON.stringify(c.streams)}`);
  const id = configString(c.id, `${key}.id`);
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new ConfigError(`${key}.id`, "must be 1-64 letters, digits, _ or -");
  const plugin: ExchangePlugin | undefined = EXCHANGE_PLUGINS.find((p) => p.exchange === c.exchange) as ExchangePlugin | undefined;
  if (!plugin) {
    const names = EXCHANGE_PLUGINS.map((p) => JSON.stringify(p.exchange));
    const choices = names.length > 1 ? `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}` : names.join("");
    throw new ConfigError(`${key}.exchange`, `must be ${choices}, got ${JSON.stringify(c.exchange)}`);
  }
  const base: ConnectionBase = {
    id,
    exchange: plugin.exchange,
    label: c.label === undefined || c.label === null ? null : configString(c.label, `${key}.label`),
    timeoutMs: c.timeoutMs === undefined ? DEFAULT_TIMEOUT_MS : positiveInt(c.timeoutMs, `${key}.timeoutMs`),
    accountTypes: null,
    ...(c.streams === undefined ? {} : { streams: c.streams as boolean }),
  };
  const { credentials, urls } = parseConnectionKeys(plugin.connectionKeys, c, key, env);
  return { ...base, credentials, urls, accountTypes: accountTypes(c.accountTypes, `${key}.accountTypes`, plugin) } as unknown as ConnectionConfig;
}

function positiveInt(value: unknown, key: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) throw new ConfigError(key, `must be a positive integer, got ${JSON.stringify(value)}`);
  return value;
}

function journal(value: unknown): string {
  if (value === undefined) return "sqlite:./data/coffer.sqlite";
  const text = configString(value, "journal");
  if (text.startsWith("sqlite:") && text.length > "sqlite:".length) return text;
  if (/^postgres(ql)?:\/\//.test(text)) return text;
  throw new ConfigError("journal", 'must be "sqlite:<path>" or a postgres:// URL');
}

/** The keys of the file's top level that are not knob sections. */
const ROOT_KEYS = ["listen", "tokens", "connections", "journal", "cache", "cors", "trustedDocuments", "redis", "fleet"];

/** Sections holding other keys besides knobs; they check their own keys below. */
const MIXED_SECTIONS = new Set(["listen", "cache", "cors", "fleet"]);

/** A config file, validated, with every override applied; `knobs` holds every tuning knob. */
export interface ParsedConfigFile {
  readonly config: CofferConfig;
  readonly knobs: KnobValues;
}

/**
 * Validates a parsed config file and resolves `env:` credentials; every knob's variable in `env`
 * overrides its key (e.g. `COFFER_PORT` overrides `listen.port`). Throws ConfigError with one
 * line naming the first bad key or variable.
 */
export function parseConfigFile(raw: unknown, env: Environment): ParsedConfigFile {
  const root = configObject(raw, "(root)");
  const topLevelKnobs = KNOBS.map((k) => k.key).filter((key) => !key.includes("."));
  checkConfigKeys(root, "", [...ROOT_KEYS, ...topLevelKnobs, ...[...KNOB_SECTIONS.keys()].filter((s) => !MIXED_SECTIONS.has(s))]);
  for (const [section, names] of KNOB_SECTIONS) {
    if (!MIXED_SECTIONS.has(section) && root[section] !== undefined) checkConfigKeys(configObject(root[section], section), section, names);
  }
  checkConfigKeys(root.listen === undefined ? {} : configObject(root.listen, "listen"), "listen", ["host", "port"]);
  checkConfigKeys(root.cache === undefined ? {} : configObject(root.cache, "cache"), "cache", ["ttlMs"]);
  const { values: knobs, sources } = resolveKnobs(root, env);
  if (!Array.isArray(root.connections) || root.connections.length === 0) {
    throw new ConfigError("connections", "must be a non-empty array of exchange connections");
  }
  const connections = root.connections.map((c, i) => connection(c, i, env));
  const ids = new Set<string>();
  connections.forEach((c, i) => {
    if (ids.has(c.id)) throw new ConfigError(`connections[${i}].id`, `duplicate connection id "${c.id}"`);
    ids.add(c.id);
  });
  const journalUrl = journal(root.journal);
  const redisUrl = redis(root.redis);
  const fleetConfig = fleet(root.fleet, knobs, sources);
  if (redisUrl !== null && journalUrl.startsWith("sqlite:") && !fleetConfig.single) {
    throw new ConfigError(
      "journal",
      'several instances sharing Redis need one PostgreSQL journal (a postgres:// URL); a SQLite journal is one process\'s own. For a single instance with Redis set "fleet": { "single": true }',
    );
  }
  const config: CofferConfig = {
    listen: { host: knobs["listen.host"], port: knobs["listen.port"] },
    tokens: tokens(root.tokens),
    connections,
    journal: journalUrl,
    cache: { ttlMs: knobs["cache.ttlMs"] },
    cors: cors(root.cors, knobs["cors.maxAgeSeconds"]),
    trustedDocuments: trustedDocuments(root.trustedDocuments),
    redis: redisUrl,
    fleet: fleetConfig,
  };
  return { config, knobs };
}

/** The validated config alone (see parseConfigFile). */
export function parseConfig(raw: unknown, env: Environment): CofferConfig {
  return parseConfigFile(raw, env).config;
}

/**
 * `cors.origins` lists exact origins. `*` and `null` are refused: Coffer allows credentials,
 * which a wildcard must never be combined with, and `null` is what sandboxed frames and
 * local files send, so allowing it would allow any of them.
 */
function cors(value: unknown, maxAgeSeconds: number): CorsConfig {
  if (value === undefined) return { origins: [], maxAgeSeconds };
  const given = configObject(value, "cors");
  checkConfigKeys(given, "cors", ["origins", "maxAgeSeconds"]);
  if (given.origins === undefined) return { origins: [], maxAgeSeconds };
  if (!Array.isArray(given.origins)) throw new ConfigError("cors.origins", `must be an array of origins, got ${describeConfigValue(given.origins)}`);
  const origins = given.origins.map((raw, i) => origin(raw, `cors.origins[${i}]`));
  return { origins: [...new Set(origins)], maxAgeSeconds };
}

function origin(value: unknown, key: string): string {
  const text = configString(value, key);
  if (text === "*") throw new ConfigError(key, 'must be an exact origin: "*" is not allowed (Coffer allows credentials, which are never combined with a wildcard)');
  if (text === "null") throw new ConfigError(key, 'must be an exact origin: "null" would allow every sandboxed frame and local file');
  let parsed: URL | null = null;
  try {
    parsed = new URL(text);
  } catch {
    // reported below
  }
  if (!parsed || (parsed.protocol !== "https:" && parsed.protocol !== "http:") || parsed.origin !== text) {
    throw new ConfigError(
      key,
      `must be an origin like "https://app.example.com" or "http://localhost:5173" (scheme, lower-case host and port only; no path, no trailing slash), got ${JSON.stringify(text)}`,
    );
  }
  return text;
}

function trustedDocuments(value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== "boolean") throw new ConfigError("trustedDocuments", `must be true or false, got ${JSON.stringify(value)}`);
  return value;
}

function redis(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = configString(value, "redis");
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new ConfigError("redis", 'must be a redis:// URL, e.g. "redis://127.0.0.1:6379/0"');
  }
  if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") throw new ConfigError("redis", 'must be a redis:// or rediss:// URL, e.g. "redis://127.0.0.1:6379/0"');
  if (!/^\/?\d*$/.test(parsed.pathname)) throw new ConfigError("redis", "the path must be a database number, e.g. /0");
  return text;
}

/** `fleet.size` is a knob; with `fleet.single` it is 1 unless given (and then it must be 1). */
function fleet(value: unknown, knobs: KnobValues, sources: KnobSources): { size: number; single: boolean } {
  const f = value === undefined ? {} : configObject(value, "fleet");
  checkConfigKeys(f, "fleet", ["size", "single"]);
  const single = f.single === undefined ? false : f.single;
  if (typeof single !== "boolean") throw new ConfigError("fleet.single", `must be true or false, got ${JSON.stringify(f.single)}`);
  const given = sources["fleet.size"];
  const size = single && given === "default" ? 1 : knobs["fleet.size"];
  if (single && size !== 1) {
    const name = given === "variable" ? KNOBS.find((k) => k.key === "fleet.size")!.variable : "fleet.size";
    throw new ConfigError(name, "must be 1 (or left out) when fleet.single is true");
  }
  return { size, single };
}
