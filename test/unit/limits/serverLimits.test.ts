import { describe, expect, it } from "@jest/globals";
import { hardeningFromEnv } from "../../../src/settings/fromEnv.js";
import { DEFAULT_SERVER_LIMITS, httpServerOptions, resolveServerLimits } from "../../../src/server/serverLimits.js";

describe("server limits", () => {
  it("reads the COFFER_* variables; unset ones keep their defaults", () => {
    const env = { COFFER_HEADERS_TIMEOUT_MS: "2000", COFFER_REQUEST_TIMEOUT_MS: "7000", COFFER_KEEP_ALIVE_TIMEOUT_MS: "3000", COFFER_MAX_CONNECTIONS: "64" };
    expect(resolveServerLimits(hardeningFromEnv(env).serverLimits)).toEqual({ headersTimeoutMs: 2000, requestTimeoutMs: 7000, keepAliveTimeoutMs: 3000, maxConnections: 64 });
    expect(resolveServerLimits(hardeningFromEnv({ COFFER_MAX_CONNECTIONS: "8" }).serverLimits)).toEqual({ ...DEFAULT_SERVER_LIMITS, maxConnections: 8 });
    expect(resolveServerLimits(hardeningFromEnv({}).serverLimits)).toEqual(DEFAULT_SERVER_LIMITS);
  });

  it.each<[string, Record<string, string>]>([
    ["a negative timeout", { COFFER_REQUEST_TIMEOUT_MS: "-1" }],
    ["a word", { COFFER_KEEP_ALIVE_TIMEOUT_MS: "soon" }],
  ])("refuses %s in the environment", (_name, env) => {
    expect(() => hardeningFromEnv(env)).toThrow(/must be a non-negative number/);
  });

  it.each<[string, object]>([
    ["a fractional connection cap", { maxConnections: 1.5 }],
    ["no connections at all", { maxConnections: 0 }],
    ["a negative timeout", { headersTimeoutMs: -5 }],
  ])("refuses %s", (_name, partial) => {
    expect(() => resolveServerLimits(partial)).toThrow(RangeError);
  });

  it("never waits longer for headers than for the whole request, and checks timeouts often enough to keep a short one", () => {
    const short = httpServerOptions(resolveServerLimits({ headersTimeoutMs: 60_000, requestTimeoutMs: 1_000 }));
    expect(short.headersTimeout).toBe(1_000);
    expect(short.requestTimeout).toBe(1_000);
    expect(short.connectionsCheckingInterval).toBeLessThanOrEqual(1_000 / 2);
    const long = httpServerOptions(resolveServerLimits({ headersTimeoutMs: 20_000, requestTimeoutMs: 60_000, keepAliveTimeoutMs: 4_000 }));
    expect(long).toMatchObject({ headersTimeout: 20_000, requestTimeout: 60_000, keepAliveTimeout: 4_000 });
    expect(long.connectionsCheckingInterval).toBeLessThanOrEqual(1_000);
  });
});
