import { describe, expect, it } from "@jest/globals";
import { parseConfig } from "../../../src/settings/parseConfig.js";
import { ConfigError } from "../../../src/settings/configError.js";

const SHA = "a".repeat(64);
const SECRET = "super-secret-value-123";

function valid(): Record<string, any> {
  return {
    listen: { host: "127.0.0.1", port: 4000 },
    tokens: [{ name: "dashboard", sha256: SHA, scopes: ["read"] }],
    connections: [
      {
        id: "binance-main",
        exchange: "BINANCE",
        label: "Binance main",
        credentials: { apiKey: "env:BINANCE_API_KEY", apiSecret: "env:BINANCE_API_SECRET" },
      },
      { id: "htx-main", exchange: "HTX", credentials: { accessKey: "ak", secretKey: SECRET } },
    ],
  };
}

const env = { BINANCE_API_KEY: "key-from-env", BINANCE_API_SECRET: SECRET };

function problem(raw: unknown, environment: NodeJS.ProcessEnv = env): ConfigError {
  try {
    parseConfig(raw, environment);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("parseConfig", () => {
  it("reads a valid file, resolves env: credentials and fills defaults", () => {
    const config = parseConfig(valid(), env);
    const binance = config.connections[0];
    expect(binance.exchange).toBe("BINANCE");
    expect(binance.credentials).toEqual({ apiKey: "key-from-env", apiSecret: SECRET });
    expect(binance.exchange === "BINANCE" && binance.urls.usdm).toBe("https://fapi.binance.com");
    expect(config.connections[1].exchange === "HTX" && config.connections[1].urls.swap).toBe("https://api.hbdm.com");
    expect(config.journal).toBe("sqlite:./data/coffer.sqlite");
    expect(config.cache.ttlMs).toBe(2000);
    expect(config.connections[0].accountTypes).toBeNull();
  });

  it("reads the stream URLs (defaults: the real ones) and streams: false", () => {
    const raw = valid();
    raw.connections[0].urls = { wsApi: "ws://127.0.0.1:9000/ws-api/v3" };
    raw.connections[1].streams = false;
    const config = parseConfig(raw, env);
    const [binance, htx] = config.connections;
    expect(binance.exchange === "BINANCE" && [binance.urls.wsApi, binance.urls.usdmWs, binance.urls.coinmWs]).toEqual([
      "ws://127.0.0.1:9000/ws-api/v3",
      "wss://fstream.binance.com",
      "wss://dstream.binance.com",
    ]);
    expect(htx.exchange === "HTX" && [htx.urls.spotWs, htx.urls.swapWs]).toEqual(["wss://api.huobi.pro/ws/v2", "wss://api.hbdm.com/linear-swap-notification"]);
    expect(binance.streams).toBeUndefined();
    expect(htx.streams).toBe(false);
  });

  it("lets COFFER_PORT override listen.port", () => {
    expect(parseConfig(valid(), { ...env, COFFER_PORT: "5055" }).listen.port).toBe(5055);
  });

  it.each<[string, (c: Record<string, any>) => void, NodeJS.ProcessEnv, string]>([
    ["an unknown top-level key", (c) => (c.tokns = []), env, "config: tokns: unknown key"],
    ["an unknown connection key", (c) => (c.connections[0].urll = {}), env, "config: connections[0].urll: unknown key"],
    ["a missing env variable", () => undefined, { BINANCE_API_KEY: "k" }, "config: connections[0].credentials.apiSecret: environment variable BINANCE_API_SECRET is not set"],
    ["an unknown exchange", (c) => (c.connections[1].exchange = "KRAKEN"), env, 'config: connections[1].exchange: must be "BINANCE" or "HTX"'],
    ["a plain token instead of its hash", (c) => (c.tokens[0].sha256 = "my-token"), env, "config: tokens[0].sha256: must be the 64-hex-digit SHA-256"],
    ["an unknown scope", (c) => (c.tokens[0].scopes = ["admin"]), env, 'config: tokens[0].scopes[0]: must be "read" or "transfer"'],
    ["a duplicate connection id", (c) => (c.connections[1].id = "binance-main"), env, 'config: connections[1].id: duplicate connection id "binance-main"'],
    ["a bad url", (c) => (c.connections[0].urls = { spot: "not a url" }), env, "config: connections[0].urls.spot: must be an absolute http(s) URL"],
    ["an unknown url key", (c) => (c.connections[0].urls = { swap: "https://x" }), env, "config: connections[0].urls.swap: unknown key"],
    ["an account type HTX lacks", (c) => (c.connections[1].accountTypes = ["FUNDING"]), env, 'config: connections[1].accountTypes[0]: "FUNDING" is not an account type HTX has'],
    ["a bad journal", (c) => (c.journal = "mysql://x"), env, "config: journal: must be"],
    ["a bad port", (c) => (c.listen.port = 70000), env, "config: listen.port: must be a port number"],
    ["no connections", (c) => (c.connections = []), env, "config: connections: must be a non-empty array"],
    ["a negative cache ttl", (c) => (c.cache = { ttlMs: -1 }), env, "config: cache.ttlMs: must be a non-negative integer"],
    ["a stream url that is not ws(s)", (c) => (c.connections[0].urls = { wsApi: "https://ws-api.binance.com" }), env, "config: connections[0].urls.wsApi: must be a ws(s) URL"],
    ["an HTX stream key on Binance", (c) => (c.connections[0].urls = { spotWs: "wss://x" }), env, "config: connections[0].urls.spotWs: unknown key"],
    ["a streams flag that is not a boolean", (c) => (c.connections[1].streams = "off"), env, "config: connections[1].streams: must be true or false"],
  ])("stops on %s with one line naming the key", (_name, mutate, environment, expected) => {
    const raw = valid();
    mutate(raw);
    const error = problem(raw, environment);
    expect(error.message.startsWith(expected)).toBe(true);
    expect(error.message).not.toContain("\n");
    expect(error.message).not.toContain(SECRET);
  });

  it("never prints a credential, even when the credential is what is wrong", () => {
    const raw = valid();
    raw.connections[1].credentials = { accessKey: SECRET, secretKey: 42 };
    const error = problem(raw);
    expect(error.message).toContain("connections[1].credentials.secretKey");
    expect(error.message).not.toContain(SECRET);
  });
});
