import { describe, expect, it } from "@jest/globals";
import { DEFAULT_SERVER_LIMITS, httpServerOptions, resolveServerLimits } from "../../../src/server/serverLimits.js";

describe("server limits", () => {
  it("fills in the defaults of limits not given", () => {
    expect(resolveServerLimits({ maxConnections: 8 })).toEqual({ ...DEFAULT_SERVER_LIMITS, maxConnections: 8 });
    expect(resolveServerLimits({})).toEqual(DEFAULT_SERVER_LIMITS);
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
