import { describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import { ConfigError } from "../../../src/settings/configError.js";
import { DEFAULTS, KNOBS, type KnobKey } from "../../../src/settings/knobs.js";
import { parseConfigFile } from "../../../src/settings/parseConfig.js";
import { readSettings } from "../../../src/settings/readSettings.js";
import { DEFAULT_TUNING } from "../../../src/settings/tuning.js";

/**
 * Every knob: its key, its variable, its default (listed here once), a value given as the
 * variable's text and what it reads as (the same value in the file), and a bad text and a bad
 * file value (null: the variable has no bad text).
 */
const ROWS: ReadonlyArray<[KnobKey, string, unknown, string, unknown, string | null, unknown]> = [
  ["listen.host", "COFFER_HOST", "127.0.0.1", "0.0.0.0", "0.0.0.0", null, ""],
  ["listen.port", "COFFER_PORT", 4000, "5055", 5055, "70000", 70000],
  ["logLevel", "LOG_LEVEL", "info", "debug", "debug", "loud", "loud"],
  ["cache.ttlMs", "COFFER_CACHE_TTL_MS", 2000, "0", 0, "-1", -1],
  ["cors.maxAgeSeconds", "COFFER_CORS_MAX_AGE_SECONDS", 600, "60", 60, "1m", -5],
  ["fleet.size", "COFFER_FLEET_SIZE", 2, "3", 3, "0", 0],
  ["http.bodyLimit", "COFFER_BODY_LIMIT", "100kb", "2mb", "2mb", "lots", "lots"],
  ["http.headersTimeoutMs", "COFFER_HEADERS_TIMEOUT_MS", 10_000, "2000", 2000, "soon", 1.5],
  ["http.requestTimeoutMs", "COFFER_REQUEST_TIMEOUT_MS", 30_000, "7000", 7000, "-1", -1],
  ["http.keepAliveTimeoutMs", "COFFER_KEEP_ALIVE_TIMEOUT_MS", 5_000, "3000", 3000, "3s", "3000"],
  ["http.maxConnections", "COFFER_MAX_CONNECTIONS", 1024, "64", 64, "0", 0],
  ["query.maxDepth", "COFFER_MAX_QUERY_DEPTH", 8, "4", 4, "deep", 2.5],
  ["query.maxAliases", "COFFER_MAX_ALIASES", 10, "0", 0, "-1", -1],
  ["query.maxCost", "COFFER_MAX_QUERY_COST", 500, "1000", 1000, "1e3", true],
  ["query.maxTokens", "COFFER_MAX_QUERY_TOKENS", 3000, "500", 500, "many", null],
  ["tokenRate.perSecond", "COFFER_TOKEN_RATE_PER_SECOND", 50, "0.5", 0.5, "0", 0],
  ["tokenRate.burst", "COFFER_TOKEN_RATE_BURST", 200, "10", 10, "0", 0.5],
  ["live.queuePerSubscription", "COFFER_LIVE_QUEUE", 1000, "50", 50, "0", 0],
  ["live.subscriptionsPerSocket", "COFFER_LIVE_PER_SOCKET", 20, "3", 3, "x", -1],
  ["live.subscriptionsPerToken", "COFFER_LIVE_PER_TOKEN", 200, "9", 9, "-9", "9"],
  ["live.reconnectInitialMs", "COFFER_STREAM_RECONNECT_MS", 250, "100", 100, "0", 0],
  ["live.reconnectMaxMs", "COFFER_STREAM_RECONNECT_MAX_MS", 30_000, "500", 500, "0", 0],
  ["circuit.failureThreshold", "COFFER_CIRCUIT_FAILURES", 5, "3", 3, "0", 0],
  ["circuit.openMs", "COFFER_CIRCUIT_OPEN_MS", 10_000, "1000", 1000, "1s", -1],
  ["readRetry.retries", "COFFER_READ_RETRIES", 2, "0", 0, "two", -1],
  ["readRetry.baseDelayMs", "COFFER_READ_RETRY_DELAY_MS", 100, "50", 50, "-50", -50],
  ["readRetry.maxDelayMs", "COFFER_READ_RETRY_MAX_DELAY_MS", 2000, "500", 500, "x", -1],
  ["readRetry.budgetMs", "COFFER_READ_RETRY_BUDGET_MS", 4000, "1000", 1000, "x", -1],
  ["transfers.settleDelayMs", "COFFER_RECONCILE_SETTLE_MS", 60_000, "600000", 600_000, "10m", -1],
  ["transfers.reconcileWindowMs", "COFFER_RECONCILE_WINDOW_MS", 120_000, "1000", 1000, "x", -1],
  ["transfers.reconcileIntervalMs", "COFFER_RECONCILE_INTERVAL_MS", 30_000, "0", 0, "x", -1],
  ["transfers.leaseMs", "COFFER_TRANSFER_LEASE_MS", 30_000, "2000", 2000, "2", 2],
  ["transfers.assetListRetryMs", "COFFER_ASSET_LIST_RETRY_MS", 60_000, "0", 0, "x", -1],
  ["startUp.readWallets", "COFFER_STARTUP_READS", true, "false", false, "no", "false"],
];

const SHA = "a".repeat(64);

/** A valid file with `value` at the knob's key. */
function file(key?: string, value?: unknown): Record<string, unknown> {
  const root: Record<string, any> = {
    tokens: [{ name: "dashboard", sha256: SHA, scopes: ["read"] }],
    connections: [{ id: "htx-main", exchange: "HTX", credentials: { accessKey: "ak", secretKey: "sk" } }],
  };
  if (key === undefined) return root;
  const [section, name] = key.includes(".") ? key.split(".") : [null, key];
  if (section === null) root[name!] = value;
  else root[section] = { ...root[section], [name!]: value };
  return root;
}

function problem(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("settings: every knob", () => {
  it("has a row here, and the rows' defaults are the settings' defaults", () => {
    expect(ROWS.map(([key, variable]) => [key, variable])).toEqual(KNOBS.map((k) => [k.key, k.variable]));
    expect(Object.fromEntries(ROWS.map(([key, , fallback]) => [key, fallback]))).toEqual(DEFAULTS);
    expect(new Set(KNOBS.map((k) => k.variable)).size).toBe(KNOBS.length);
  });

  it("takes its default with neither key nor variable, in the file and in the sandbox", () => {
    expect(parseConfigFile(file(), {}).knobs).toEqual(DEFAULTS);
    expect(readSettings({}).knobs).toEqual(DEFAULTS);
    expect(readSettings({}).config).toBeNull();
    expect(readSettings({}).tuning).toEqual(DEFAULT_TUNING);
  });

  it.each(ROWS)("%s: the key sets it, %s overrides the key", (key, variable, fallback, text, value) => {
    expect(parseConfigFile(file(key, value), {}).knobs[key]).toEqual(value);
    expect(parseConfigFile(file(), { [variable]: text }).knobs[key]).toEqual(value);
    expect(parseConfigFile(file(key, fallback), { [variable]: text }).knobs[key]).toEqual(value);
    expect(readSettings({ [variable]: text }).knobs[key]).toEqual(value);
    // An empty variable is an unset one.
    expect(parseConfigFile(file(key, value), { [variable]: "" }).knobs[key]).toEqual(value);
  });

  it.each(ROWS.filter((row) => row[5] !== null))("%s: a bad %s is one line naming the variable", (_key, variable, _fallback, _text, _value, bad) => {
    for (const message of [problem(() => readSettings({ [variable]: bad! })), problem(() => parseConfigFile(file(), { [variable]: bad! }))]) {
      expect([message.startsWith(`config: ${variable}: must be `), message.endsWith(`, got ${JSON.stringify(bad)}`)]).toEqual([true, true]);
      expect(message).not.toContain("\n");
    }
  });

  it.each(ROWS)("%s: a bad value in the file is one line naming the key, even when %s is set", (key, variable, _fallback, text, _value, _bad, badJson) => {
    for (const env of [{}, { [variable]: text }]) {
      const message = problem(() => parseConfigFile(file(key, badJson), env));
      expect(message.startsWith(`config: ${key}: must be `)).toBe(true);
      expect(message).not.toContain("\n");
    }
  });

  it("every knob is a row of the README's configuration table: key, variable, default", () => {
    const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf("## Configuration"), readme.indexOf("\n## ", readme.indexOf("## Configuration") + 1));
    const rows = section.split("\n").filter((line) => line.startsWith("| `"));
    for (const { key, variable, fallback } of KNOBS) {
      const row = rows.find((line) => line.startsWith(`| \`${key}\` |`));
      expect([key, row?.split(" | ")[1]]).toEqual([key, `\`${variable}\``]);
      const shown = row!.split(" | ")[2]!.replace(/`/g, "");
      expect([key, shown === String(fallback) || shown.startsWith(`${String(fallback)} `)]).toEqual([key, true]);
    }
  });
});

describe("settings: the file's knob sections", () => {
  it.each<[string, Record<string, unknown>, string]>([
    [
      "an unknown knob in a knob section",
      { http: { maxConection: 5 } },
      "config: http.maxConection: unknown key (allowed here: bodyLimit, headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs, maxConnections)",
    ],
    ["a knob section that is no object", { readRetry: 3 }, "config: readRetry: must be an object, got number"],
    ["an unknown top-level key", { htttp: {} }, "config: htttp: unknown key"],
    ["an unknown listen key", { listen: { hots: "x" } }, "config: listen.hots: unknown key"],
  ])("%s is one line naming it", (_name, extra, expected) => {
    expect(problem(() => parseConfigFile({ ...file(), ...extra }, {})).startsWith(expected)).toBe(true);
  });

  it("keeps today's file valid: the port as digits in a string, cors and fleet as before", () => {
    const parsed = parseConfigFile({ ...file(), listen: { host: "0.0.0.0", port: "4100" }, cors: { origins: ["https://a.example"], maxAgeSeconds: 30 } }, {});
    expect(parsed.config.listen).toEqual({ host: "0.0.0.0", port: 4100 });
    expect(parsed.config.cors).toEqual({ origins: ["https://a.example"], maxAgeSeconds: 30 });
  });

  it("with fleet.single the size is 1 unless given, and a variable giving another names itself", () => {
    const single = { ...file(), redis: "redis://127.0.0.1:6379/0", fleet: { single: true } };
    expect(parseConfigFile(single, {}).config.fleet).toEqual({ size: 1, single: true });
    expect(parseConfigFile(single, { COFFER_FLEET_SIZE: "1" }).config.fleet).toEqual({ size: 1, single: true });
    expect(problem(() => parseConfigFile(single, { COFFER_FLEET_SIZE: "3" }))).toBe("config: COFFER_FLEET_SIZE: must be 1 (or left out) when fleet.single is true");
    expect(parseConfigFile(file(), { COFFER_FLEET_SIZE: "4" }).config.fleet).toEqual({ size: 4, single: false });
  });

  it("puts the knobs where the config and createCoffer take them", () => {
    const settings = readSettings(
      { COFFER_CONFIG: "/etc/coffer.json", COFFER_PORT: "0", COFFER_READ_RETRIES: "0", COFFER_RECONCILE_SETTLE_MS: "5000", NODE_ENV: "production" },
      () => JSON.stringify({ ...file(), cache: { ttlMs: 50 }, live: { queuePerSubscription: 7 }, readRetry: { retries: 4, budgetMs: 900 } }),
    );
    expect(settings.config?.listen.port).toBe(0);
    expect(settings.config?.cache.ttlMs).toBe(50);
    expect(settings.tuning.readRetry).toEqual({ ...DEFAULT_TUNING.readRetry, retries: 0, budgetMs: 900 });
    expect(settings.tuning.liveLimits.queuePerSubscription).toBe(7);
    expect(settings.tuning.reconcile.settleDelayMs).toBe(5000);
    expect(settings.tuning.warmUpReads).toBe(true);
    expect(readSettings({ COFFER_STARTUP_READS: "0" }).tuning.warmUpReads).toBe(false);
    expect(settings.production).toBe(true);
    expect(readSettings({ NODE_ENV: "development" }).production).toBe(false);
  });

  it("names COFFER_CONFIG when the file cannot be read, and never echoes a file that is not JSON", () => {
    const missing = () => {
      throw Object.assign(new Error("no such file"), { code: "ENOENT" });
    };
    expect(problem(() => readSettings({ COFFER_CONFIG: "/nope.json" }, missing))).toBe("config: COFFER_CONFIG: cannot read /nope.json: ENOENT");
    const message = problem(() => readSettings({ COFFER_CONFIG: "/x.json" }, () => '{"apiSecret": "hunter2hunter2" oops}'));
    expect(message.startsWith("config: (file): /x.json is not valid JSON")).toBe(true);
    expect(message).not.toContain("hunter2");
  });
});
