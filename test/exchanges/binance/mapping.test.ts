import { describe, expect, it } from "@jest/globals";
import * as map from "../../../src/exchanges/binance/mapping.js";
import type { Balance } from "../../../src/domain/balance.js";
import { formatDecimal } from "../../../src/domain/decimal.js";

const LONG = "123456789.123456789012345678";
const text = (b: Balance) => [b.asset, b.free, b.locked, b.borrowed, b.interest, b.total, b.net].map((v) => (typeof v === "string" ? v : formatDecimal(v))).join(" ");
const margin = (asset: string, free: string, locked: string, borrowed: string, interest: string) => ({
  asset,
  free,
  locked,
  borrowed,
  interest,
  netAsset: "0",
});
const futures = (asset: string, walletBalance: string, maxWithdrawAmount: string) => ({
  asset,
  walletBalance,
  maxWithdrawAmount,
  unrealizedProfit: "0",
  marginBalance: walletBalance,
  maintMargin: "0",
  initialMargin: "0",
  positionInitialMargin: "0",
  openOrderInitialMargin: "0",
  crossWalletBalance: walletBalance,
  crossUnPnl: "0",
  availableBalance: maxWithdrawAmount,
});

/** Wire → balances: [name, mapped, expected "asset free locked borrowed interest total net" lines]. */
const CASES: Array<[string, () => Balance[], string[]]> = [
  [
    "spot",
    () => map.mapSpotAccount({ balances: [{ asset: "btc", free: LONG, locked: "0.00000001" }] }),
    [`BTC ${LONG} 0.00000001 0 0 123456789.123456799012345678 123456789.123456799012345678`],
  ],
  ["funding", () => map.mapFundingAssets([{ asset: "USDT", free: "1", locked: "0", freeze: "0", withdrawing: "0" }]), ["USDT 1 0 0 0 1 1"]],
  [
    "sub-account spot",
    () => map.mapSubAccountAssets({ balances: [{ asset: "ETH", free: "0.000000000000000001", locked: "0" }] }),
    ["ETH 0.000000000000000001 0 0 0 0.000000000000000001 0.000000000000000001"],
  ],
  [
    "cross margin",
    () =>
      map.mapCrossMarginBalances({
        marginLevel: "2",
        totalAssetOfBtc: "0",
        totalLiabilityOfBtc: "0",
        totalNetAssetOfBtc: "0",
        userAssets: [margin("USDT", "100.5", "0.5", "50", "0.000000000000000001")],
      }),
    ["USDT 100.5 0.5 50 0.000000000000000001 101 50.999999999999999999"],
  ],
  [
    "USDⓈ-M / COIN-M asset: free = maxWithdrawAmount, total = walletBalance",
    () => map.mapFuturesAssets([futures("USDT", LONG, "100")]),
    [`USDT 100 123456689.123456789012345678 0 0 ${LONG} ${LONG}`],
  ],
  ["futures: maxWithdrawAmount above walletBalance is capped", () => map.mapFuturesAssets([futures("BTC", "1", "2")]), ["BTC 1 0 0 0 1 1"]],
  [
    "options: total = marginBalance, free = available",
    () =>
      map.mapOptionsBalances({
        asset: [{ asset: "USDT", marginBalance: "10099.448", equity: "10094.44662", available: "8725.92524", initialMargin: "0", maintMargin: "0", unrealizedPNL: "-5" }],
      }),
    ["USDT 8725.92524 1373.52276 0 0 10099.448 10099.448"],
  ],
  [
    "portfolio margin",
    () =>
      map.mapPortfolioMarginBalances([
        {
          asset: "USDT",
          totalWalletBalance: "122607.35137903",
          crossMarginAsset: "0",
          crossMarginBorrowed: "10",
          crossMarginFree: "0",
          crossMarginInterest: "0.1",
          crossMarginLocked: "3.5",
          umWalletBalance: "0",
          umUnrealizedPNL: "0",
          cmWalletBalance: "0",
          cmUnrealizedPNL: "0",
        },
      ]),
    ["USDT 122603.85137903 3.5 10 0.1 122607.35137903 122597.25137903"],
  ],
];

describe("Binance wire → Balance", () => {
  it.each(CASES)("%s", (_name, mapped, expected) => {
    expect(mapped().map(text)).toEqual(expected);
  });

  it("refuses non-decimal wire text instead of guessing", () => {
    expect(() => map.mapSpotAccount({ balances: [{ asset: "BTC", free: "1e-8", locked: "0" }] })).toThrow();
  });
});

describe("Binance wire → MarginDetails", () => {
  const s = (v: { toFixed(): string } | null) => (v === null ? null : v.toFixed());

  it("isolated pair: level, status, liquidation price, pair net in BTC", () => {
    const side = (asset: string, netAssetOfBtc: string) => ({ ...margin(asset, "1", "0", "0", "0"), netAssetOfBtc, totalAsset: "1" });
    const d = map.mapIsolatedPairDetails({
      symbol: "BTCUSDT",
      baseAsset: side("BTC", "0.1"),
      quoteAsset: side("USDT", "0.000000000000000002"),
      marginLevel: "1.42",
      marginLevelStatus: "MARGIN_CALL",
      marginRatio: "5",
      indexPrice: "60000",
      liquidatePrice: "21034.123456789012345678",
      liquidateRate: "0",
    });
    expect([d.mode, d.symbol, d.marginAsset, s(d.marginLevel), d.marginLevelStatus, s(d.liquidationPrice), s(d.totalNetAssetOfBtc)]).toEqual([
      "ISOLATED",
      "BTCUSDT",
      "USDT",
      "1.42",
      "MARGIN_CALL",
      "21034.123456789012345678",
      "0.100000000000000002",
    ]);
  });

  it("USDⓈ-M account: totals and one ContractMargin per open position", () => {
    const position = (symbol: string, positionAmt: string) => ({
      symbol,
      positionSide: "BOTH",
      positionAmt,
      unrealizedProfit: "-1.5",
      isolatedMargin: "0",
      notional: "0",
      isolatedWallet: "0",
      initialMargin: "12.5",
      maintMargin: "1",
    });
    const d = map.mapUsdmDetails({
      totalInitialMargin: "0",
      totalMaintMargin: "0",
      totalWalletBalance: "100",
      totalUnrealizedProfit: "-1.5",
      totalMarginBalance: "98.5",
      totalPositionInitialMargin: "12.5",
      totalOpenOrderInitialMargin: "2",
      totalCrossWalletBalance: "100",
      totalCrossUnPnl: "-1.5",
      availableBalance: "84",
      maxWithdrawAmount: "84",
      assets: [],
      positions: [position("BTCUSDT", "0.001"), position("ETHUSDT", "0.000")],
    });
    expect([s(d.marginBalance), s(d.marginStatic), s(d.unrealizedPnl), s(d.availableMargin), s(d.positionMargin), s(d.frozenMargin), s(d.withdrawAvailable)]).toEqual([
      "98.5",
      "100",
      "-1.5",
      "84",
      "12.5",
      "2",
      "84",
    ]);
    expect(d.contracts.map((c) => [c.symbol, c.contractType, s(c.positionMargin), s(c.unrealizedPnl)])).toEqual([["BTCUSDT", "swap", "12.5", "-1.5"]]);
  });

  it("USDⓈ-M risk: margin ratio, maintenance margin, and each position's leverage and liquidation price", () => {
    const position = (symbol: string, positionSide: string, positionAmt: string) => ({
      symbol,
      positionSide,
      positionAmt,
      unrealizedProfit: "3",
      isolatedMargin: "0",
      notional: "10",
      isolatedWallet: "0",
      initialMargin: "1",
      maintMargin: "0.1",
    });
    const account = {
      totalInitialMargin: "2",
      totalMaintMargin: "81.5",
      totalWalletBalance: "100",
      totalUnrealizedProfit: "0",
      totalMarginBalance: "100",
      totalPositionInitialMargin: "2",
      totalOpenOrderInitialMargin: "0",
      totalCrossWalletBalance: "100",
      totalCrossUnPnl: "0",
      availableBalance: "98",
      maxWithdrawAmount: "98",
      assets: [],
      positions: [position("BTCUSDT", "LONG", "0.5"), position("BTCUSDT", "SHORT", "-0.2"), position("ETHUSDT", "BOTH", "1")],
    };
    const risk = [
      { symbol: "BTCUSDT", positionSide: "LONG", positionAmt: "0.5", unRealizedProfit: "3", liquidationPrice: "40123.000000000000000001" },
      { symbol: "BTCUSDT", positionSide: "SHORT", positionAmt: "-0.2", unRealizedProfit: "3", liquidationPrice: "0" },
    ];
    const d = map.mapUsdmDetails(account, risk, [{ symbol: "BTCUSDT", leverage: 25 }]);
    expect([s(d.maintenanceMargin), s(d.riskRate), d.riskLevel]).toEqual(["81.5", "0.815", "MARGIN_CALL"]);
    expect(d.contracts.map((c) => [c.contractCode, s(c.leverage), s(c.liquidationPrice), s(c.unrealizedPnl)])).toEqual([
      ["BTCUSDT:LONG", "25", "40123.000000000000000001", "3"],
      ["BTCUSDT:SHORT", "25", "0", "3"],
      // Not in the risk answer, not in symbolConfig: null, never zero.
      ["ETHUSDT", null, null, "3"],
    ]);
    expect(map.hasOpenPositions(account)).toBe(true);
    expect(map.hasOpenPositions({ positions: [position("BTCUSDT", "BOTH", "0.000")] })).toBe(false);
  });

  it("COIN-M risk: one coin held gives the account's figures; two coins leave them null and take the worse level", () => {
    const coin = (asset: string, walletBalance: string, marginBalance: string, maintMargin: string) => ({
      ...futures(asset, walletBalance, walletBalance),
      marginBalance,
      maintMargin,
    });
    const positions = [
      {
        symbol: "BTCUSD_PERP",
        positionAmt: "20",
        initialMargin: "0.02",
        maintMargin: "0.001",
        unrealizedProfit: "0.0015",
        positionInitialMargin: "0.02",
        openOrderInitialMargin: "0",
        leverage: "10",
        isolated: false,
        positionSide: "BOTH",
        entryPrice: "63120.5",
        maxQty: "50",
      },
    ];
    const risk = [{ symbol: "BTCUSD_PERP", positionSide: "BOTH", positionAmt: "20", unRealizedProfit: "0.0015", liquidationPrice: "6012.4", leverage: "10" }];
    const one = map.mapCoinmDetails({ assets: [coin("BTC", "0.32", "0.3215", "0.001"), coin("ETH", "0", "0", "0")], positions }, risk);
    expect([one.marginAsset, s(one.maintenanceMargin), s(one.riskRate), one.riskLevel]).toEqual(["BTC", "0.001", "0.00311042", "SAFE"]);
    expect(one.contracts.map((c) => [c.contractCode, s(c.leverage), s(c.liquidationPrice)])).toEqual([["BTCUSD_PERP", "10", "6012.4"]]);
    const two = map.mapCoinmDetails({ assets: [coin("BTC", "0.32", "0.3215", "0.001"), coin("ETH", "2", "1", "0.9")], positions }, []);
    expect([two.marginAsset, two.maintenanceMargin, two.riskRate, two.marginBalance, two.riskLevel]).toEqual([null, null, null, null, "MARGIN_CALL"]);
    expect(two.contracts[0].liquidationPrice).toBeNull();
  });

  it("cross margin, isolated pair, portfolio margin and sub-account carry their risk level", () => {
    const cross = map.mapCrossMarginDetails({
      accountType: "MARGIN_1",
      marginLevel: "1.25",
      totalAssetOfBtc: "1.25",
      totalLiabilityOfBtc: "1",
      totalNetAssetOfBtc: "0.25",
      userAssets: [],
    });
    expect(cross.riskLevel).toBe("MARGIN_CALL");
    const pm = map.mapPortfolioMarginDetails({
      uniMMR: "1.04",
      accountEquity: "104",
      actualEquity: "104",
      accountInitialMargin: "150",
      accountMaintMargin: "100",
      accountStatus: "MARGIN_CALL",
      virtualMaxWithdrawAmount: "0",
      totalAvailableBalance: "0",
      totalMarginOpenLoss: "0",
    });
    expect([pm.riskLevel, s(pm.maintenanceMargin), s(pm.marginLevel)]).toEqual(["LIQUIDATION", "100", "1.04"]);
    const sub = map.mapSubAccountMarginDetails({
      email: "a@b.c",
      marginLevel: "1.5",
      totalAssetOfBtc: "1.5",
      totalLiabilityOfBtc: "1",
      totalNetAssetOfBtc: "0.5",
      marginTradeCoeffVo: { forceLiquidationBar: "1.1", marginCallBar: "1.5", normalBar: "2" },
      marginUserAssetVoList: [],
    });
    expect([sub.marginLevelStatus, sub.riskLevel]).toEqual(["MARGIN_CALL", "MARGIN_CALL"]);
  });

  it.each([
    ["BTCUSDT", "swap", "swap", null],
    ["BTCUSD_PERP", "swap", "swap", "BTCUSD"],
    ["BTCUSD_250627", "quarter", "futures", "BTCUSD"],
  ])("describeContract(%s)", (symbol, contractType, businessType, pair) => {
    expect(map.describeContract(symbol)).toEqual({ contractType, businessType, pair });
  });

  it.each([
    ["3", "EXCESSIVE"],
    ["2", "EXCESSIVE"],
    ["1.7", "NORMAL"],
    ["1.2", "MARGIN_CALL"],
    ["1.1", "FORCE_LIQUIDATION"],
  ])("sub-account margin level %s → %s (derived from the bars)", (level, status) => {
    const d = map.mapSubAccountMarginDetails({
      email: "a@b.c",
      marginLevel: level,
      totalAssetOfBtc: "1",
      totalLiabilityOfBtc: "0.5",
      totalNetAssetOfBtc: "0.5",
      marginTradeCoeffVo: { forceLiquidationBar: "1.1", marginCallBar: "1.5", normalBar: "2" },
      marginUserAssetVoList: [],
    });
    expect(d.marginLevelStatus).toBe(status);
  });
});
