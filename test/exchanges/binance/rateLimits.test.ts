import { afterEach, describe, expect, it } from "@jest/globals";
import type { SnapshotCache } from "../../../src/cache/snapshotCache.js";
import { createBinanceConnector } from "../../../src/exchanges/binance/connector.js";
import type { AccountKey } from "../../../src/domain/accountKey.js";
import { Dec } from "../../../src/domain/decimal.js";
import { AccountType, Exchange } from "../../../src/domain/enums.js";
import { createLogger } from "../../../src/observability/logger.js";
import { binanceDemoState } from "../../../src/exchanges/binance/simulator/demoState.js";
import { CONNECTION_ID, startHarness, type Harness } from "./harness.js";

const spotKey: AccountKey = { connectionId: CONNECTION_ID, exchange: Exchange.BINANCE, type: AccountType.SPOT, symbol: null, subAccountEmail: null };

/** A cache that shares nothing, so every read reaches the exchange (to load the limiter). */
const noCache: SnapshotCache = {
  get: (_connectionId, _key, load) => load(),
  peek: () => undefined,
  invalidate: () => undefined,
  stats: { hits: 0, misses: 0, coalesced: 0 },
};

describe("Binance rate limits against the simulator", () => {
  let h: Harness | null = null;
  afterEach(async () => {
    await h?.close();
    h = null;
  });

  it("500 calls issued at once queue inside the budget and never draw a 429", async () => {
    // 4-second windows of 5000 weight; GET /api/v3/account weighs 20, so 500 calls (10,000)
    // need 2 windows. Windows much longer than the send/arrival skew of a loaded CI machine
    // (the limiter's default 1 s slack) keep this a test of the limiter, not of the scheduler.
    // A generous timeout: 250 calls released together by one window are answered one after the
    // other by the in-process simulator; on a loaded machine the last ones take seconds.
    h = await startHarness({ state: binanceDemoState(), limits: { api: 5000, intervalMs: 4000 }, timeoutMs: 30_000 });
    const connector = createBinanceConnector(
      h.config,
      { cache: noCache, logger: createLogger({ level: "silent" }) },
      { budgets: { api: 5000, intervalMs: 4000 }, readMaxWaitMs: 30_000 },
    );
    try {
      const results = await Promise.all(Array.from({ length: 500 }, () => connector.loadBalances([spotKey])));
      expect(results.flat().filter((r) => r instanceof Error)).toEqual([]);
      // 10,000 weight against 5000 a window, and the simulator refused nothing: the limiter
      // spread the calls over windows (the simulator answers 429 to any call over its budget).
      expect(h.sim.callsTo("/api/v3/account")).toHaveLength(500);
      expect(h.sim.refusals).toEqual([]);
    } finally {
      await connector.close();
    }
  }, 45_000);

  // A short Retry-After waited out with no call inside it, and a long one reported RATE_LIMITED
  // for the same wallet: the connector contract's "rate limits". Binance's is IP-wide: every
  // other wallet and a transfer wait too.
  it("a Retry-After longer than a caller will wait blocks every wallet and transfers, sending nothing more", async () => {
    h = await startHarness({ state: binanceDemoState(), cacheTtlMs: 0, connectorOptions: { readMaxWaitMs: 2000 } });
    await h.connector.loadBalances([spotKey]);
    h.sim.forceRateLimit(30);
    const [first] = await h.connector.loadBalances([spotKey]);
    expect(first).toMatchObject({ code: "RATE_LIMITED", retryAfterSeconds: 30, connectionId: CONNECTION_ID });
    const calls = h.sim.calls.length;
    const [second] = await h.connector.loadBalances([{ ...spotKey, type: AccountType.USDM_FUTURES }]);
    expect(second).toMatchObject({ code: "RATE_LIMITED" });
    await expect(
      h.connector.transfer({
        connectionId: CONNECTION_ID,
        asset: "USDT",
        amount: new Dec("1"),
        from: { type: AccountType.SPOT, symbol: null },
        to: { type: AccountType.FUNDING, symbol: null },
        subAccountEmail: null,
        idempotencyKey: "rate-1",
      }),
    ).rejects.toMatchObject({ code: "RATE_LIMITED" });
    expect(h.sim.calls.length).toBe(calls);
    expect(h.sim.refusals.map((r) => r.status)).toEqual([429]);
  });

  it("the simulator bans (418) a client that keeps calling after a 429", async () => {
    h = await startHarness({ state: binanceDemoState(), limits: { api: 40, intervalMs: 60_000 } });
    const headers = { "X-MBX-APIKEY": "whatever" };
    const url = `${h.sim.urls.spot}/api/v3/time`;
    const statuses: number[] = [];
    for (let i = 0; i < 43; i++) statuses.push((await fetch(url, { headers })).status);
    expect(statuses.slice(0, 40).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(40)).toEqual([429, 418, 418]);
    const answer = await fetch(url);
    expect(answer.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await answer.json()).toMatchObject({ code: -1003 });
  });

  it("on /sapi the simulator answers 429 again, counting down, and never bans (Binance's /sapi rule)", async () => {
    // GET /sapi/v1/margin/account has an IP budget of its own, weight 10: 3 calls fit in 30.
    // Weight is charged before the signature is checked, so unsigned calls load the budget.
    h = await startHarness({ state: binanceDemoState(), limits: { sapiIp: 30, intervalMs: 60_000 } });
    const url = `${h.sim.urls.spot}/sapi/v1/margin/account`;
    const answers: Array<{ status: number; retryAfter: number }> = [];
    for (let i = 0; i < 7; i++) {
      const answer = await fetch(url, { headers: { "X-MBX-APIKEY": "whatever" } });
      answers.push({ status: answer.status, retryAfter: Number(answer.headers.get("retry-after")) });
    }
    expect(answers.slice(0, 3).every((a) => a.status !== 429 && a.status !== 418)).toBe(true);
    expect(answers.slice(3).map((a) => a.status)).toEqual([429, 429, 429, 429]);
    for (const a of answers.slice(3)) expect(a.retryAfter).toBeGreaterThan(0);
    expect(h.sim.refusals.map((r) => r.status)).toEqual([429, 429, 429, 429]);
  });
});
