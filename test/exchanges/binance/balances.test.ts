import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { AccountKey } from "../../../src/domain/accountKey.js";
import type { Balance } from "../../../src/domain/balance.js";
import { formatDecimal } from "../../../src/domain/decimal.js";
import { ALL_ACCOUNT_TYPES, AccountType, Exchange } from "../../../src/domain/enums.js";
import type { MarginDetails } from "../../../src/domain/margin.js";
import { binanceDemoState } from "../../../src/exchanges/binance/simulator/demoState.js";
import type { BinanceSimState, SimIsolatedPairState } from "../../../src/exchanges/binance/simulator/state.js";
import { CONNECTION_ID, paramsOf, startHarness, type Harness } from "./harness.js";

const T = AccountType;
const key = (type: AccountType, symbol: string | null = null, subAccountEmail: string | null = null): AccountKey => ({
  connectionId: CONNECTION_ID,
  exchange: Exchange.BINANCE,
  type,
  symbol,
  subAccountEmail,
});

/** Balance as plain strings, to compare exactly. */
function text(b: Balance) {
  return {
    asset: b.asset,
    free: formatDecimal(b.free),
    locked: formatDecimal(b.locked),
    borrowed: formatDecimal(b.borrowed),
    interest: formatDecimal(b.interest),
    total: formatDecimal(b.total),
    net: formatDecimal(b.net),
  };
}
const find = (list: readonly Balance[] | Error, asset: string) => {
  if (list instanceof Error) throw list;
  const b = list.find((x) => x.asset === asset);
  if (!b) throw new Error(`no ${asset}`);
  return text(b);
};
const str = (d: { toFixed(): string } | null) => (d === null ? null : d.toFixed());

/** The demo state plus enough isolated pairs to need two calls of five. */
function bigState(): BinanceSimState {
  const demo = binanceDemoState();
  const isolated: Record<string, SimIsolatedPairState> = { ...demo.isolated };
  for (const base of ["ADA", "DOT", "XRP", "LTC"]) {
    isolated[`${base}USDT`] = {
      baseAsset: base,
      quoteAsset: "USDT",
      assets: { [base]: { free: "10.000000000000000007" }, USDT: { free: "1" } },
      marginLevel: "999",
      marginLevelStatus: "EXCESSIVE",
      indexPrice: "1",
      liquidatePrice: "0",
    };
  }
  return { ...demo, isolated };
}

describe("Binance balances and margins through the simulator", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ state: bigState() });
  });
  afterAll(async () => {
    await h.close();
  });

  it("lists wallets that need no discovery without any call", async () => {
    const before = h.sim.calls.length;
    const keys = await h.connector.listAccounts({
      types: [T.SPOT, T.FUNDING, T.MARGIN_CROSS, T.USDM_FUTURES, T.COINM_FUTURES, T.OPTIONS, T.PORTFOLIO_MARGIN],
      includeSubAccounts: false,
    });
    expect(keys.map((k) => k.type)).toEqual([T.SPOT, T.FUNDING, T.MARGIN_CROSS, T.USDM_FUTURES, T.COINM_FUTURES, T.OPTIONS, T.PORTFOLIO_MARGIN]);
    expect(h.sim.calls.length).toBe(before);
  });

  it("discovers isolated pairs and sub-accounts", async () => {
    const keys = await h.connector.listAccounts({ types: ALL_ACCOUNT_TYPES, includeSubAccounts: true });
    const isolated = keys.filter((k) => k.type === T.MARGIN_ISOLATED).map((k) => k.symbol);
    expect(isolated).toEqual(["ADAUSDT", "BNBUSDT", "BTCUSDT", "DOTUSDT", "ETHUSDT", "LTCUSDT", "XRPUSDT"]);
    const subs = keys.filter((k) => k.subAccountEmail).map((k) => `${k.subAccountEmail} ${k.type}`);
    expect(subs).toEqual(["trading-desk@example.com SPOT", "trading-desk@example.com MARGIN_CROSS", "market-maker@example.com SPOT", "market-maker@example.com MARGIN_CROSS"]);
    const list = h.sim.callsTo("/sapi/v1/sub-account/list");
    expect(paramsOf(list[list.length - 1]).get("limit")).toBe("200");
    const discovery = h.sim.callsTo("/sapi/v1/margin/isolated/account");
    expect(paramsOf(discovery[discovery.length - 1]).get("symbols")).toBeNull();
  });

  it("honours config.accountTypes and makes no call for types not asked", async () => {
    const r = await startHarness({ state: bigState(), accountTypes: [T.SPOT, T.USDM_FUTURES] });
    try {
      const keys = await r.connector.listAccounts({ types: ALL_ACCOUNT_TYPES, includeSubAccounts: true });
      expect(keys.map((k) => `${k.type}${k.subAccountEmail ? " " + k.subAccountEmail : ""}`)).toEqual([
        "SPOT",
        "USDM_FUTURES",
        "SPOT trading-desk@example.com",
        "SPOT market-maker@example.com",
      ]);
      expect(r.sim.callsTo("/sapi/v1/margin/isolated/account")).toHaveLength(0);
      const [cross] = await r.connector.loadBalances([key(T.MARGIN_CROSS)]);
      expect(cross).toBeInstanceOf(Error);
      expect(r.sim.callsTo("/sapi/v1/margin/account")).toHaveLength(0);
    } finally {
      await r.close();
    }
  });

  it("round-trips every account type's balances exactly", async () => {
    const keys = [
      key(T.SPOT),
      key(T.FUNDING),
      key(T.MARGIN_CROSS),
      key(T.MARGIN_ISOLATED, "ETHUSDT"),
      key(T.USDM_FUTURES),
      key(T.COINM_FUTURES),
      key(T.OPTIONS),
      key(T.PORTFOLIO_MARGIN),
      key(T.SPOT, null, "market-maker@example.com"),
      key(T.MARGIN_CROSS, null, "trading-desk@example.com"),
    ];
    const [spot, funding, cross, isolated, usdm, coinm, options, pm, subSpot, subMargin] = await h.connector.loadBalances(keys);
    expect(find(spot, "ETH")).toEqual({
      asset: "ETH",
      free: "12.123456789012345678",
      locked: "0",
      borrowed: "0",
      interest: "0",
      total: "12.123456789012345678",
      net: "12.123456789012345678",
    });
    expect(find(spot, "USDT")).toMatchObject({ free: "25340.55", locked: "1200", total: "26540.55" });
    expect(find(funding, "BUSD")).toMatchObject({ free: "0.000000000000000001", total: "0.000000000000000001" });
    expect(find(cross, "USDT")).toEqual({
      asset: "USDT",
      free: "8200",
      locked: "0",
      borrowed: "1500",
      interest: "1.234567890123456789",
      total: "8200",
      net: "6698.765432109876543211",
    });
    expect(find(isolated, "ETH")).toMatchObject({ free: "1.500000000000000001", total: "1.500000000000000001" });
    expect(find(isolated, "USDT")).toMatchObject({ free: "500", borrowed: "400", interest: "0.5", net: "99.5" });
    // Futures: free = maxWithdrawAmount, total = walletBalance.
    expect(find(usdm, "USDT")).toMatchObject({ free: "9100", locked: "900", total: "10000" });
    expect(find(coinm, "BTC")).toMatchObject({ free: "0.3", locked: "0.02", total: "0.32" });
    expect(find(options, "USDT")).toMatchObject({ free: "4200", locked: "800", total: "5000" });
    expect(find(pm, "BTC")).toMatchObject({ free: "0.200000000000000001", borrowed: "0.05", interest: "0.00001", net: "0.149990000000000001" });
    expect(find(subSpot, "ETH")).toMatchObject({ free: "2.718281828459045235" });
    expect(find(subMargin, "USDT")).toMatchObject({ free: "1000", borrowed: "200", interest: "0.01", net: "799.99" });
  });

  it("reads N isolated pairs five symbols a call, and answers an unknown pair with its own error", async () => {
    h.cache.invalidate(CONNECTION_ID);
    const before = h.sim.callsTo("/sapi/v1/margin/isolated/account").length;
    const symbols = ["XRPUSDT", "ADAUSDT", "BTCUSDT", "DOTUSDT", "ETHUSDT", "LTCUSDT", "BNBUSDT", "NOPEUSDT"];
    const results = await h.connector.loadBalances(symbols.map((s) => key(T.MARGIN_ISOLATED, s)));
    const calls = h.sim.callsTo("/sapi/v1/margin/isolated/account").slice(before);
    expect(calls.map((c) => paramsOf(c).get("symbols"))).toEqual(["ADAUSDT,BNBUSDT,BTCUSDT,DOTUSDT,ETHUSDT", "LTCUSDT,NOPEUSDT,XRPUSDT"]);
    expect(find(results[0], "XRP")).toMatchObject({ free: "10.000000000000000007" });
    expect(results[7]).toBeInstanceOf(Error);
    expect((results[7] as { code?: string }).code).toBe("NOT_FOUND");
  });

  it("shares one upstream call between concurrent identical reads", async () => {
    h.cache.invalidate(CONNECTION_ID);
    const before = h.sim.callsTo("/api/v3/account").length;
    await Promise.all(Array.from({ length: 20 }, () => h.connector.loadBalances([key(T.SPOT)])));
    expect(h.sim.callsTo("/api/v3/account").length - before).toBe(1);
  });

  it("maps margin details of every margin-capable type", async () => {
    const keys = [
      key(T.SPOT),
      key(T.MARGIN_CROSS),
      key(T.MARGIN_ISOLATED, "ETHUSDT"),
      key(T.USDM_FUTURES),
      key(T.COINM_FUTURES),
      key(T.OPTIONS),
      key(T.PORTFOLIO_MARGIN),
      key(T.MARGIN_CROSS, null, "trading-desk@example.com"),
    ];
    const [spot, cross, isolated, usdm, coinm, options, pm, sub] = (await h.connector.loadMargins(keys)) as Array<MarginDetails | null>;
    expect(spot).toBeNull();
    expect(cross).toMatchObject({ mode: "CROSS" });
    expect([str(cross!.marginLevel), str(cross!.totalAssetOfBtc), str(cross!.totalLiabilityOfBtc), str(cross!.totalNetAssetOfBtc)]).toEqual([
      "11.64405625",
      "0.82728457",
      "0.12633215",
      "0.70095242",
    ]);
    expect(isolated).toMatchObject({ mode: "ISOLATED", symbol: "ETHUSDT", marginLevelStatus: "MARGIN_CALL", marginAsset: "USDT" });
    expect([str(isolated!.marginLevel), str(isolated!.liquidationPrice)]).toEqual(["1.42", "2890.1"]);
    expect(usdm).toMatchObject({ mode: "CROSS", marginAsset: "USDT" });
    expect([str(usdm!.marginBalance), str(usdm!.unrealizedPnl), str(usdm!.availableMargin), str(usdm!.positionMargin)]).toEqual(["9964.88", "-35.12", "9100", "900"]);
    expect(usdm!.contracts.map((c) => [c.symbol, c.contractType, c.businessType, str(c.positionMargin), str(c.unrealizedPnl)])).toEqual([
      ["BTCUSDT", "swap", "swap", "600", "-40.12"],
      ["ETHUSDT_250627", "quarter", "futures", "300", "5"],
    ]);
    expect(coinm).toMatchObject({ marginAsset: "BTC" });
    expect(coinm!.contracts.map((c) => [c.symbol, c.pair, str(c.leverage), str(c.positionMargin)])).toEqual([["BTCUSD_PERP", "BTCUSD", "10", "0.02"]]);
    expect([str(options!.marginBalance), str(options!.availableMargin), str(options!.unrealizedPnl)]).toEqual(["4987.5", "4200", "-12.5"]);
    expect([str(pm!.marginLevel), pm!.marginLevelStatus, str(pm!.marginBalance)]).toEqual(["5.23947894", "NORMAL", "22750.12"]);
    expect([str(sub!.marginLevel), sub!.marginLevelStatus]).toEqual(["6.1", "EXCESSIVE"]);
  });
});
