import { ConfigError } from "./configError.js";

/** A parsed JSON object of the config file. */
export type ConfigObject = Record<string, unknown>;

function isObject(value: unknown): value is ConfigObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** How a value is named in an error: its kind, never its content (it may be a secret). */
export function describeConfigValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "string" ? "a string" : typeof value;
}

/** Unknown keys are an error: a typo must never silently change behaviour. */
export function checkConfigKeys(value: ConfigObject, where: string, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new ConfigError(`${where}${where ? "." : ""}${key}`, `unknown key (allowed here: ${allowed.join(", ")})`);
    }
  }
}

export function configObject(value: unknown, key: string): ConfigObject {
  if (!isObject(value)) throw new ConfigError(key, `must be an object, got ${describeConfigValue(value)}`);
  return value;
}

export function configString(value: unknown, key: string): string {
  if (typeof value !== "string" || value.trim() === "") throw new ConfigError(key, `must be a non-empty string, got ${describeConfigValue(value)}`);
  return value;
}

/**
 * A credential is a literal or `env:NAME`. The value is read here and never echoed: errors
 * name the key and the variable, not what it holds.
 */
export function configCredential(value: unknown, key: string, env: Readonly<Record<string, string | undefined>>): string {
  const text = configString(value, key);
  if (!text.startsWith("env:")) return text;
  const name = text.slice(4);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ConfigError(key, `"env:" must be followed by a variable name`);
  const resolved = env[name];
  if (resolved === undefined || resolved === "") throw new ConfigError(key, `environment variable ${name} is not set`);
  return resolved;
}

/**
 * A connection's `credentials` object: exactly `names`, each a literal or `env:NAME`.
 * The result has the same keys.
 */
export function configCredentials<K extends string>(value: unknown, key: string, names: readonly K[], env: Readonly<Record<string, string | undefined>>): Record<K, string> {
  const given = configObject(value, key);
  checkConfigKeys(given, key, names);
  const out = {} as Record<K, string>;
  for (const name of names) out[name] = configCredential(given[name], `${key}.${name}`, env);
  return out;
}

/** An absolute URL of one of `protocols`, without query string or credentials; trailing slashes dropped. */
function endpointUrl(value: unknown, key: string, protocols: readonly string[], kind: string): string {
  const text = configString(value, key);
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new ConfigError(key, `must be an absolute ${kind} URL`);
  }
  if (!protocols.includes(parsed.protocol)) throw new ConfigError(key, `must be ${kind.startsWith("h") ? "an" : "a"} ${kind} URL`);
  if (parsed.search || parsed.username || parsed.password) throw new ConfigError(key, "must not carry a query string or credentials");
  return text.replace(/\/+$/, "");
}

/**
 * A connection's `urls` object: any subset of the exchange's hosts (the rest keep their
 * defaults). Keys listed in `streamKeys` name a stream (ws:/wss:), the others a REST host.
 */
export function configUrls(value: unknown, key: string, defaults: object, streamKeys: ReadonlySet<string>): Record<string, string> {
  if (value === undefined) return { ...(defaults as Record<string, string>) };
  const given = configObject(value, key);
  checkConfigKeys(given, key, Object.keys(defaults));
  const out: Record<string, string> = { ...(defaults as Record<string, string>) };
  for (const [name, v] of Object.entries(given)) {
    out[name] = streamKeys.has(name) ? endpointUrl(v, `${key}.${name}`, ["wss:", "ws:"], "ws(s)") : endpointUrl(v, `${key}.${name}`, ["https:", "http:"], "http(s)");
  }
  return out;
}

/** The exchange-specific keys of a connection entry, as a plugin declares them. */
export interface ConnectionKeySpec {
  readonly credentials: readonly string[];
  /** Every host key with its default (the real exchange's). */
  readonly defaultUrls: object;
  readonly streamUrls: readonly string[];
}

/** Validates a connection entry's `credentials` and `urls` against what its exchange declares. */
export function parseConnectionKeys(
  spec: ConnectionKeySpec,
  entry: ConfigObject,
  key: string,
  env: Readonly<Record<string, string | undefined>>,
): { credentials: Record<string, string>; urls: Record<string, string> } {
  return {
    credentials: configCredentials(entry.credentials, `${key}.credentials`, spec.credentials, env),
    urls: configUrls(entry.urls, `${key}.urls`, spec.defaultUrls, new Set(spec.streamUrls)),
  };
}
