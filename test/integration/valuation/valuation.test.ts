import { afterEach, describe, expect, it } from "@jest/globals";
import { SANDBOX_TOKEN } from "../../../src/server/sandbox.js";
import { binanceDemoState } from "../../../src/exchanges/binance/simulator/demoState.js";
import { htxDemoState } from "../../../src/exchanges/htx/simulator/demoState.js";
import { countByEndpoint, minimumCalls, TICKER_ENDPOINTS, totalCalls } from "../../bench/dashboardMinimum.js";
import { PricesDocument, ValuedDashboardDocument, type ValuedDashboardQuery } from "../../generated/graphql.js";
import { postGraphql } from "../../support/postGraphql.js";
import { startSandboxCoffer, type SandboxCoffer } from "../../support/startSandboxCoffer.js";
import { exact, exchangesOf, expectedPrice, expectedValuation, holdingsOf, inverse18, type OracleExchange } from "../../support/valuationOracle.js";

const EVERYTHING = { filter: { includeSubAccounts: true } };
type Account = NonNullable<ValuedDashboardQuery["accounts"][number]>;

let env: SandboxCoffer | null = null;
afterEach(async () => {
  await env?.close();
  env = null;
});

/** The demo states, kept by the test: the simulators start from exactly these. */
function demo() {
  return { binanceState: binanceDemoState(), htxState: htxDemoState() };
}

const label = (a: Account) => `${a.exchange} ${a.type} ${a.symbol ?? ""} ${a.subAccountEmail ?? ""}`.trim();

/** Every account's value and every balance's value against the oracle's, in `quote`. */
function expectValuesMatch(accounts: readonly Account[], states: ReturnType<typeof demo>, quote: string, exchanges: readonly OracleExchange[]) {
  for (const account of accounts) {
    const expected = expectedValuation(holdingsOf(account, states.binanceState, states.htxState), quote, exchanges);
    expect({ account: label(account), total: account.value.total, net: account.value.net, unpriced: account.value.unpriced }).toEqual({
      account: label(account),
      ...expected,
    });
    expect(account.value.quote).toBe(quote);
    const holdings = holdingsOf(account, states.binanceState, states.htxState);
    for (const balance of account.balances) {
      const price = expectedPrice(balance.asset, quote, exchanges);
      const held = holdings.find((h) => h.asset === balance.asset)!;
      expect({ asset: balance.asset, value: balance.value }).toEqual({ asset: balance.asset, value: price ? held.total.times(price.price).toFixed() : null });
    }
  }
}

describe("valuation against the simulators' own prices and balances", () => {
  it("values every demo account in USDT exactly, and the portfolio as the sum over accounts", async () => {
    const states = demo();
    env = await startSandboxCoffer(states);
    const result = await postGraphql(env.url, ValuedDashboardDocument, EVERYTHING, SANDBOX_TOKEN);
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
    const accounts = result.data!.accounts.map((a) => a!);
    expect(accounts.length).toBeGreaterThan(15);
    const exchanges = exchangesOf(states.binanceState, states.htxState);
    expectValuesMatch(accounts, states, "USDT", exchanges);

    // The portfolio is worth the sum of its accounts, to the last digit.
    const sum = (field: "total" | "net") => accounts.reduce((s, a) => s.plus(a.value[field]), exact(0)).toFixed();
    const portfolio = result.data!.portfolio.value;
    expect({ total: portfolio.total, net: portfolio.net }).toEqual({ total: sum("total"), net: sum("net") });
    expect(portfolio.unpriced).toEqual(["BUSD"]);
    expect(exact(portfolio.total).greaterThan(100_000)).toBe(true);
    // Binance's ticker/price carries no time: prices are dated when they arrived.
    expect(Date.now() - Date.parse(portfolio.pricedAt!)).toBeLessThan(120_000);
  });

  it("shows a direct, an inverse and a bridged price with their paths, and lists the asset with no price", async () => {
    const states = demo();
    env = await startSandboxCoffer(states);
    const result = await postGraphql(env.url, ValuedDashboardDocument, EVERYTHING, SANDBOX_TOKEN);
    expect(result.errors).toBeUndefined();
    const line = (asset: string) => result.data!.portfolio.assets.find((a) => a.asset === asset)!;
    const usdtTry = states.binanceState.tickers!.find((t) => t.base === "USDT" && t.quote === "TRY")!.price;
    const btcUsdt = states.binanceState.tickers!.find((t) => t.base === "BTC" && t.quote === "USDT")!.price;
    const bnbBtc = states.binanceState.tickers!.find((t) => t.base === "BNB" && t.quote === "BTC")!.price;

    expect(line("BTC").price).toMatchObject({ price: exact(btcUsdt).toFixed(), exchange: "BINANCE", path: ["BTCUSDT"], inverted: false });
    // TRY has only USDTTRY: 1 / 41.2345, rounded half-even to 18 significant digits.
    expect(line("TRY").price).toMatchObject({ price: inverse18(usdtTry), exchange: "BINANCE", path: ["USDTTRY"], inverted: true });
    expect(inverse18(usdtTry)).toBe("0.0242515369411536456");
    expect(line("TRY").value).toBe(exact(line("TRY").total).times(inverse18(usdtTry)).toFixed());
    // BNB has no USDT pair: BNBBTC × BTCUSDT.
    expect(line("BNB").price).toMatchObject({ price: exact(bnbBtc).times(btcUsdt).toFixed(), path: ["BNBBTC", "BTCUSDT"], inverted: false });
    // USDT is worth 1 USDT, from no exchange.
    expect(line("USDT").price).toMatchObject({ price: "1", exchange: null, path: [], inverted: false, at: null });
    // BUSD's only pair is in BREAK: no price, never zero.
    expect(line("BUSD")).toMatchObject({ price: null, value: null });
    const funding = result.data!.accounts.find((a) => a?.exchange === "BINANCE" && a.type === "FUNDING")!;
    expect(funding.value.unpriced).toEqual(["BUSD"]);
    expect(funding.balances.find((b) => b.asset === "BUSD")!.value).toBeNull();

    // Query.prices: HT only HTX quotes, through its bridge; an unknown asset is left out.
    const prices = await postGraphql(env.url, PricesDocument, { assets: ["ht", "BTC", "busd", "usdt", "NOPE"] }, SANDBOX_TOKEN);
    expect(prices.errors).toBeUndefined();
    const htBtc = states.htxState.tickers!.find((t) => t.base === "HT")!.price;
    const htxBtcUsdt = states.htxState.tickers!.find((t) => t.base === "BTC" && t.quote === "USDT")!.price;
    expect(prices.data!.prices.map((p) => p.asset)).toEqual(["HT", "BTC", "USDT"]);
    expect(prices.data!.prices[0]).toMatchObject({ exchange: "HTX", path: ["htbtc", "btcusdt"], price: exact(htBtc).times(htxBtcUsdt).toFixed(), quote: "USDT" });
    // HTX dates its tickers: the answer's ts.
    expect(Number.isNaN(Date.parse(prices.data!.prices[0].at!))).toBe(false);
  });

  it('values in any quote asset, any case: quote "btc" gives the totals converted by hand', async () => {
    const states = demo();
    env = await startSandboxCoffer(states);
    const result = await postGraphql(env.url, ValuedDashboardDocument, { ...EVERYTHING, quote: "btc" }, SANDBOX_TOKEN);
    expect(result.errors).toBeUndefined();
    const accounts = result.data!.accounts.map((a) => a!);
    const exchanges = exchangesOf(states.binanceState, states.htxState);
    expectValuesMatch(accounts, states, "BTC", exchanges);
    const portfolio = result.data!.portfolio;
    expect(portfolio.value.quote).toBe("BTC");
    // By hand: each asset's sum × its BTC price.
    const byHand = portfolio.assets.reduce((sum, line) => {
      const price = expectedPrice(line.asset, "BTC", exchanges);
      return price ? sum.plus(exact(line.total).times(price.price)) : sum;
    }, exact(0));
    expect(portfolio.value.total).toBe(byHand.toFixed());
    // USDT in BTC is the inverse of BTCUSDT; BTC itself is 1.
    const usdt = portfolio.assets.find((a) => a.asset === "USDT")!.price!;
    const btcUsdt = states.binanceState.tickers!.find((t) => t.base === "BTC" && t.quote === "USDT")!.price;
    expect(usdt).toMatchObject({ quote: "BTC", path: ["BTCUSDT"], inverted: true, price: inverse18(btcUsdt) });
    expect(portfolio.assets.find((a) => a.asset === "BTC")!.value).toBe(portfolio.assets.find((a) => a.asset === "BTC")!.total);
  });

  it("refuses a non-ASCII quote with BAD_USER_INPUT before any upstream call", async () => {
    env = await startSandboxCoffer(demo());
    const callsAtStart = env.sandbox.binance.calls.length + env.sandbox.htx.calls.length; // the start-up warm-up's
    for (const quote of ["ütc", "ＵＳＤＴ", "US DT", ""]) {
      const result = await postGraphql(env.url, PricesDocument, { assets: ["BTC"], quote }, SANDBOX_TOKEN);
      expect(result.errors?.map((e) => e.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
    }
    expect(env.sandbox.binance.calls.length + env.sandbox.htx.calls.length).toBe(callsAtStart);
    // In a dashboard, the value fields answer BAD_USER_INPUT and no ticker is read.
    const dashboard = await postGraphql(env.url, ValuedDashboardDocument, { quote: "ßtc" }, SANDBOX_TOKEN);
    expect(dashboard.status).toBe(200);
    expect(new Set(dashboard.errors!.map((e) => e.extensions?.code))).toEqual(new Set(["BAD_USER_INPUT"]));
    expect(dashboard.errors!.some((e) => e.path?.join(".") === "portfolio.value")).toBe(true);
    const tickerCalls = [...env.sandbox.binance.calls, ...env.sandbox.htx.calls].filter((c) => /ticker/.test(c.path));
    expect(tickerCalls).toEqual([]);
  });
});

describe("upstream calls of a dashboard with values", () => {
  it("makes exactly the dashboard's minimum plus one ticker call per exchange", async () => {
    const states = demo();
    env = await startSandboxCoffer(states);
    const result = await postGraphql(env.url, ValuedDashboardDocument, EVERYTHING, SANDBOX_TOKEN);
    expect(result.errors).toBeUndefined();
    const minimum = minimumCalls(states.binanceState, states.htxState, { valued: true });
    expect(minimum.binance[TICKER_ENDPOINTS.binance]).toBe(1);
    expect(minimum.htx[TICKER_ENDPOINTS.htx]).toBe(1);
    expect(countByEndpoint(env.sandbox.binance.calls)).toEqual(minimum.binance);
    expect(countByEndpoint(env.sandbox.htx.calls)).toEqual(minimum.htx);
    // Public market data: no key, no signature.
    const [htxTickers] = env.sandbox.htx.calls.filter((c) => c.path === "/market/tickers");
    expect(htxTickers.rawQuery).toBe("");
    const [binanceTickers] = env.sandbox.binance.calls.filter((c) => c.path === "/api/v3/ticker/price");
    expect(binanceTickers.rawQuery).toBe("symbolStatus=TRADING");
  });

  it("answers 100 identical valued dashboards at once with no more upstream calls than one", async () => {
    env = await startSandboxCoffer({ ...demo(), cacheTtlMs: 30_000 });
    const results = await Promise.all(Array.from({ length: 100 }, () => postGraphql(env!.url, ValuedDashboardDocument, EVERYTHING, SANDBOX_TOKEN)));
    for (const result of results) expect(result.errors).toBeUndefined();
    const first = JSON.stringify(results[0].data);
    expect(results.every((r) => JSON.stringify(r.data) === first)).toBe(true);
    const minimum = minimumCalls(binanceDemoState(), htxDemoState(), { valued: true });
    expect(env.sandbox.binance.calls.length).toBe(totalCalls(minimum.binance));
    expect(env.sandbox.htx.calls.length).toBe(totalCalls(minimum.htx));
  });
});

describe("one exchange's tickers failing", () => {
  it("keeps Binance-priced values when HTX's tickers fail, with located UPSTREAM_UNAVAILABLE errors and HTTP 200", async () => {
    const states = demo();
    env = await startSandboxCoffer(states);
    env.sandbox.htx.faults.only = /^\/market\/tickers$/;
    env.sandbox.htx.faults.fail5xx = 1_000;
    const result = await postGraphql(env.url, ValuedDashboardDocument, EVERYTHING, SANDBOX_TOKEN);
    expect(result.status).toBe(200);
    const accounts = result.data!.accounts;
    expect(accounts.every((a) => a !== null)).toBe(true);
    // Every value is what Binance's prices alone give.
    expectValuesMatch(
      accounts.map((a) => a!),
      states,
      "USDT",
      exchangesOf(states.binanceState, null),
    );

    // The errors sit exactly where HTX might have priced what Binance could not (BUSD).
    const expectedPaths: Array<Array<string | number>> = [];
    accounts.forEach((a, i) => {
      if (a!.value.unpriced.length > 0) expectedPaths.push(["accounts", i, "value"]);
      a!.balances.forEach((b, j) => {
        if (b.value === null) expectedPaths.push(["accounts", i, "balances", j, "value"]);
      });
    });
    result.data!.portfolio.assets.forEach((line, k) => {
      if (line.price === null) expectedPaths.push(["portfolio", "assets", k, "price"], ["portfolio", "assets", k, "value"]);
    });
    expectedPaths.push(["portfolio", "value"]);
    expect(expectedPaths.length).toBeGreaterThan(3);
    const key = (path: ReadonlyArray<string | number>) => path.join(".");
    expect(result.errors!.map((e) => key(e.path!)).sort()).toEqual(expectedPaths.map(key).sort());
    for (const error of result.errors!) {
      expect(error.extensions).toMatchObject({ code: "UPSTREAM_UNAVAILABLE", connectionId: "htx-sandbox" });
    }
    expect(result.data!.portfolio.value.unpriced).toEqual(["BUSD"]);
  });

  it("takes prices from HTX when Binance's tickers fail, and says so where it did", async () => {
    const states = demo();
    env = await startSandboxCoffer(states);
    env.sandbox.binance.faults.only = /^\/api\/v3\/ticker\/price$/;
    env.sandbox.binance.faults.fail5xx = 1_000;
    const result = await postGraphql(env.url, PricesDocument, { assets: ["ETH", "BNB"], quote: "BTC" }, SANDBOX_TOKEN);
    expect(result.status).toBe(200);
    // HTX's ethbtc has more digits than a float holds: read exactly from the JSON number.
    const ethBtc = states.htxState.tickers!.find((t) => t.base === "ETH" && t.quote === "BTC")!.price;
    expect(result.data!.prices).toEqual([expect.objectContaining({ asset: "ETH", price: ethBtc, exchange: "HTX", path: ["ethbtc"] })]);
    expect(ethBtc).toBe("0.049034567890123456789");
    expect(result.errors!.map((e) => [e.path, e.extensions?.code, e.extensions?.connectionId])).toEqual([[["prices"], "UPSTREAM_UNAVAILABLE", "binance-sandbox"]]);
  });
});
