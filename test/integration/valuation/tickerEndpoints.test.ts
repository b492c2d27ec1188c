import { afterEach, describe, expect, it } from "@jest/globals";
import { binanceDemoState } from "../../../src/exchanges/binance/simulator/demoState.js";
import { htxDemoState } from "../../../src/exchanges/htx/simulator/demoState.js";
import { startHarness, type Harness } from "../../exchanges/binance/harness.js";
import { startHtxKit, type HtxKit } from "../../exchanges/htx/harness.js";

/** The simulators' public ticker endpoints, on the wire and through the real connectors. */
let binance: Harness | null = null;
let htx: HtxKit | null = null;
afterEach(async () => {
  await binance?.close();
  await htx?.close();
  binance = null;
  htx = null;
});

describe("Binance GET /api/v3/ticker/price", () => {
  it("weighs 4 for every pair and 2 for one symbol in the /api IP budget, and drops pairs in another status", async () => {
    binance = await startHarness({ state: binanceDemoState() });
    const spot = binance.sim.urls.spot;
    const get = async (query: string) => {
      const response = await fetch(`${spot}/api/v3/ticker/price${query}`);
      return { status: response.status, weight: Number(response.headers.get("x-mbx-used-weight-1m")), body: (await response.json()) as unknown };
    };
    const all = await get("");
    expect(all.weight).toBe(4);
    expect(all.body).toEqual(
      expect.arrayContaining([
        { symbol: "BTCUSDT", price: "64250.12000000" },
        { symbol: "BUSDUSDT", price: "0.99980000" },
      ]),
    );
    const trading = await get("?symbolStatus=TRADING");
    expect(trading.weight).toBe(8);
    expect((trading.body as Array<{ symbol: string }>).map((t) => t.symbol)).not.toContain("BUSDUSDT");
    const one = await get("?symbol=ETHBTC");
    expect(one).toMatchObject({ weight: 10, body: { symbol: "ETHBTC", price: "0.04903400" } });
    const some = await get(`?symbols=${encodeURIComponent('["BTCUSDT","ETHUSDT"]')}`);
    expect(some).toMatchObject({ weight: 14, body: [{ symbol: "BTCUSDT" }, { symbol: "ETHUSDT" }] });
    expect(await get("?symbol=NOPEUSDT")).toMatchObject({ status: 400, body: { code: -1121 } });
    expect(await get("?symbol=BUSDUSDT&symbolStatus=TRADING")).toMatchObject({ status: 400, body: { code: -1220 } });
  });

  it("is refused with 429 once the /api budget is spent, and the connector reports RATE_LIMITED", async () => {
    binance = await startHarness({ state: binanceDemoState(), limits: { api: 6 }, connectorOptions: { readMaxWaitMs: 0, budgets: { api: 1000 } }, cacheTtlMs: 0 });
    await binance.connector.loadPrices!();
    await expect(binance.connector.loadPrices!()).rejects.toMatchObject({ code: "RATE_LIMITED" });
    expect(binance.sim.refusals.map((r) => r.status)).toEqual([429]);
  });
});

describe("HTX GET /market/tickers", () => {
  it("answers unsigned, with lower-case symbols and bare JSON numbers", async () => {
    htx = await startHtxKit({ sim: { state: htxDemoState() } });
    const response = await fetch(`${htx.sim.urls.spot}/market/tickers`);
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).toContain('"symbol":"ethbtc"');
    expect(text).toContain('"close":0.049034567890123456789');
    expect(text).toMatch(/^\{"status":"ok","ts":\d+,"data":\[/);
  });

  it("allows HTX's 4,500 calls per 5 minutes (scaled down here), then refuses, and the connector reports RATE_LIMITED", async () => {
    htx = await startHtxKit({
      sim: { state: htxDemoState(), limits: { marketTickers: { limit: 2, intervalMs: 60_000 } } },
      connector: { limits: { marketTickers: { limit: 100, intervalMs: 60_000 } }, rateLimitRetries: 0, readMaxWaitMs: 0 },
      ttlMs: 0,
    });
    const table = await htx.connector.loadPrices!();
    expect(table.pair("ETH", "BTC")?.last.toFixed()).toBe("0.049034567890123456789");
    await htx.connector.loadPrices!();
    await expect(htx.connector.loadPrices!()).rejects.toMatchObject({ code: "RATE_LIMITED" });
    // Market data needs no key: the connector sent none (and no clock sync call).
    const calls = htx.sim.calls.filter((c) => c.path === "/market/tickers");
    expect(calls).toHaveLength(3);
    expect(calls.every((c) => c.rawQuery === "")).toBe(true);
    expect(htx.sim.calls.some((c) => c.path === "/v1/common/timestamp")).toBe(false);
  });
});
