import { AccountType, Exchange } from "../domain/enums.js";
import {
  DEFAULT_BINANCE_URLS,
  DEFAULT_HTX_URLS,
  type BinanceUrls,
  type CofferConfig,
  type ConnectionConfig,
  type CorsConfig,
  type HtxUrls,
  type TokenConfig,
} from "./config.types.js";
import { ConfigError } from "./configError.js";
import { KNOB_SECTIONS, KNOBS, resolveKnobs, type Environment, type KnobSources, type KnobValues } from "./knobs.js";

type Json = Record<string, unknown>;

const DEFAULT_TIMEOUT_MS = 10_000;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Unknown keys are an error: a typo must never silently change behaviour. */
function checkKeys(value: Json, where: string, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new ConfigError(`${where}${where ? "." : ""}${key}`, `unknown key (allowed here: ${allowed.join(", ")})`);
    }
  }
}

function object(value: unknown, key: string): Json {
  if (!isObject(value)) throw new ConfigError(key, `must be an object, got ${describe(value)}`);
  return value;
}

function string(value: unknown, key: string): string {
  if (typeof value !== "string" || value.trim() === "") throw new ConfigError(key, `must be a non-empty string, got ${describe(value)}`);
  return value;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "string" ? "a string" : typeof value;
}

/**
 * A credential is a literal or `env:NAME`. The value is read here and never echoed: errors
 * name the key and the variable, not what it holds.
 */
function credential(value: unknown, key: string, env: NodeJS.ProcessEnv): string {
  const text = string(value, key);
  if (!text.startsWith("env:")) return text;
  const name = text.slice(4);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ConfigError(key, `"env:" must be followed by a variable name`);
  const resolved = env[name];
  if (resolved === undefined || resolved === "") throw new ConfigError(key, `environment variable ${name} is not set`);
  return resolved;
}

function url(value: unknown, key: string): string {
  const text = string(value, key);
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new ConfigError(key, "must be an absolute http(s) URL");
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new ConfigError(key, "must be an http(s) URL");
  if (parsed.search || parsed.username || parsed.password) throw new ConfigError(key, "must not carry a query string or credentials");
  return text.replace(/\/+$/, "");
}

/** A stream URL: ws: or wss:, no query string or credentials. */
function wsUrl(value: unknown, key: string): string {
  const text = string(value, key);
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new ConfigError(key, "must be an absolute ws(s) URL");
  }
  if (parsed.protocol !== "wss:" && parsed.protocol !== "ws:") throw new ConfigError(key, "must be a ws(s) URL");
  if (parsed.search || parsed.username || parsed.password) throw new ConfigError(key, "must not carry a query string or credentials");
  return text.replace(/\/+$/, "");
}

/** The url keys that name a stream (ws:/wss:) rather than a REST host. */
const STREAM_URL_KEYS = new Set(["wsApi", "usdmWs", "coinmWs", "spotWs", "swapWs"]);

function urls<T extends object>(value: unknown, key: string, defaults: T): T {
  if (value === undefined) return defaults;
  const given = object(value, key);
  checkKeys(given, key, Object.keys(defaults));
  const out: Record<string, string> = { ...(defaults as Record<string, string>) };
  for (const [name, v] of Object.entries(given)) out[name] = STREAM_URL_KEYS.has(name) ? wsUrl(v, `${key}.${name}`) : url(v, `${key}.${name}`);
  return out as T;
}

function tokens(value: unknown): TokenConfig[] {
  if (!Array.isArray(value) || value.length === 0) throw new ConfigError("tokens", "must be a non-empty array of {name, sha256, scopes}");
  const names = new Set<string>();
  return value.map((raw, i) => {
    const key = `tokens[${i}]`;
    const token = object(raw, key);
    checkKeys(token, key, ["name", "sha256", "scopes"]);
    const name = string(token.name, `${key}.name`);
    if (names.has(name)) throw new ConfigError(`${key}.name`, `duplicate token name "${name}"`);
    names.add(name);
    const sha256 = string(token.sha256, `${key}.sha256`);
    if (!/^[0-9a-fA-F]{64}$/.test(sha256)) throw new ConfigError(`${key}.sha256`, "must be the 64-hex-digit SHA-256 of the token (not the token itself)");
    if (!Array.isArray(token.scopes) || token.scopes.length === 0) throw new ConfigError(`${key}.scopes`, 'must be a non-empty array of "read" / "transfer"');
    const scopes = token.scopes.map((s, j) => {
      if (s !== "read" && s !== "transfer") throw new ConfigError(`${key}.scopes[${j}]`, `must be "read" or "transfer", got ${JSON.stringify(s)}`);
      return s;
    });
    return { name, sha256: sha256.toLowerCase(), scopes };
  });
}

const BINANCE_TYPES = Object.values(AccountType);
const HTX_TYPES = [AccountType.SPOT, AccountType.USDM_FUTURES];

function accountTypes(value: unknown, key: string, supported: readonly AccountType[], exchange: string): AccountType[] | null {
  if (value === undefined) return null;
  if (!Array.isArray(value) || value.length === 0) throw new ConfigError(key, "must be a non-empty array of account types");
  return value.map((t, i) => {
    if (!supported.includes(t as AccountType)) {
      throw new ConfigError(`${key}[${i}]`, `${JSON.stringify(t)} is not an account type ${exchange} has (one of ${supported.join(", ")})`);
    }
    return t as AccountType;
  });
}

function connection(raw: unknown, i: number, env: NodeJS.ProcessEnv): ConnectionConfig {
  const key = `connections[${i}]`;
  const c = object(raw, key);
  checkKeys(c, key, ["id", "exchange", "label", "credentials", "urls", "accountTypes", "timeoutMs", "streams"]);
  if (c.streams !== undefined && typeof c.streams !== "boolean") throw new ConfigError(`${key}.streams`, `must be true or false, got ${JSON.stringify(c.streams)}`);
  const streams = c.streams === undefined ? {} : { streams: c.streams as boolean };
  const id = string(c.id, `${key}.id`);
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new ConfigError(`${key}.id`, "must be 1-64 letters, digits, _ or -");
  const label = c.label === undefined || c.label === null ? null : string(c.label, `${key}.label`);
  const timeoutMs = c.timeoutMs === undefined ? DEFAULT_TIMEOUT_MS : positiveInt(c.timeoutMs, `${key}.timeoutMs`);
  const creds = object(c.credentials, `${key}.credentials`);
  if (c.exchange === Exchange.BINANCE) {
    checkKeys(creds, `${key}.credentials`, ["apiKey", "apiSecret"]);
    return {
      id,
      exchange: Exchange.BINANCE,
      label,
      timeoutMs,
      credentials: {
        apiKey: credential(creds.apiKey, `${key}.credentials.apiKey`, env),
        apiSecret: credential(creds.apiSecret, `${key}.credentials.apiSecret`, env),
      },
      urls: urls<BinanceUrls>(c.urls, `${key}.urls`, DEFAULT_BINANCE_URLS),
      accountTypes: accountTypes(c.accountTypes, `${key}.accountTypes`, BINANCE_TYPES, "Binance"),
      ...streams,
    };
  }
  if (c.exchange === Exchange.HTX) {
    checkKeys(creds, `${key}.credentials`, ["accessKey", "secretKey"]);
    return {
      id,
      exchange: Exchange.HTX,
      label,
      timeoutMs,
      credentials: {
        accessKey: credential(creds.accessKey, `${key}.credentials.accessKey`, env),
        secretKey: credential(creds.secretKey, `${key}.credentials.secretKey`, env),
      },
      urls: urls<HtxUrls>(c.urls, `${key}.urls`, DEFAULT_HTX_URLS),
      accountTypes: accountTypes(c.accountTypes, `${key}.accountTypes`, HTX_TYPES, "HTX"),
      ...streams,
    };
  }
  throw new ConfigError(`${key}.exchange`, `must be "BINANCE" or "HTX", got ${JSON.stringify(c.exchange)}`);
}

function positiveInt(value: unknown, key: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) throw new ConfigError(key, `must be a positive integer, got ${JSON.stringify(value)}`);
  return value;
}

function journal(value: unknown): string {
  if (value === undefined) return "sqlite:./data/coffer.sqlite";
  const text = string(value, "journal");
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
  const root = object(raw, "(root)");
  const topLevelKnobs = KNOBS.map((k) => k.key).filter((key) => !key.includes("."));
  checkKeys(root, "", [...ROOT_KEYS, ...topLevelKnobs, ...[...KNOB_SECTIONS.keys()].filter((s) => !MIXED_SECTIONS.has(s))]);
  for (const [section, names] of KNOB_SECTIONS) {
    if (!MIXED_SECTIONS.has(section) && root[section] !== undefined) checkKeys(object(root[section], section), section, names);
  }
  checkKeys(root.listen === undefined ? {} : object(root.listen, "listen"), "listen", ["host", "port"]);
  checkKeys(root.cache === undefined ? {} : object(root.cache, "cache"), "cache", ["ttlMs"]);
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
  const given = object(value, "cors");
  checkKeys(given, "cors", ["origins", "maxAgeSeconds"]);
  if (given.origins === undefined) return { origins: [], maxAgeSeconds };
  if (!Array.isArray(given.origins)) throw new ConfigError("cors.origins", `must be an array of origins, got ${describe(given.origins)}`);
  const origins = given.origins.map((raw, i) => origin(raw, `cors.origins[${i}]`));
  return { origins: [...new Set(origins)], maxAgeSeconds };
}

function origin(value: unknown, key: string): string {
  const text = string(value, key);
  if (text === "*") throw new ConfigError(key, 'must be an exact origin: "*" is not allowed (Coffer allows credentials, which are never combined with a wildcard)');
  if (text === "null") throw new ConfigError(key, 'must be an exact origin: "null" would allow every sandboxed frame and local file');
  let parsed: URL | null = null;
  try {
    parsed = new URL(text);
  } catch {
    // reported below
  }
  if (!parsed || (parsed.protocol !== "https:" && parsed.protocol !== "http:") || parsed.origin !== text) {
    throw new ConfigError(key, `must be an origin like "https://app.example.com" or "http://localhost:5173" (scheme, lower-case host and port only; no path, no trailing slash), got ${JSON.stringify(text)}`);
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
  const text = string(value, "redis");
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
  const f = value === undefined ? {} : object(value, "fleet");
  checkKeys(f, "fleet", ["size", "single"]);
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
