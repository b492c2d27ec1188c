import type { BinanceSimState } from "./state.js";

/**
 * A plausible Binance account for the sandbox: every wallet type, cross margin with a loan
 * and interest, three isolated pairs (one safe, one at its margin call, one past its
 * liquidation line), futures with positions and their risk, options, portfolio margin, two
 * sub-accounts, and public tickers. Some amounts carry 18 decimals so exactness shows end to end.
 */
export function binanceDemoState(): BinanceSimState {
  return {
    spot: {
      BTC: { free: "1.25000000", locked: "0.05000000" },
      ETH: { free: "12.123456789012345678", locked: "0" },
      USDT: { free: "25340.55000000", locked: "1200.00000000" },
      BNB: { free: "42.00000000" },
      SOL: { free: "0" },
    },
    funding: {
      USDT: { free: "1500.00000000", locked: "0" },
      BUSD: { free: "0.000000000000000001" },
    },
    crossMargin: {
      BTC: { free: "0.48000000", locked: "0.02000000", borrowed: "0.10000000", interest: "0.00012345" },
      USDT: { free: "8200.00000000", locked: "0", borrowed: "1500.00000000", interest: "1.234567890123456789" },
      ETH: { free: "3.00000000" },
    },
    crossMarginRisk: {
      marginLevel: "11.64405625",
      totalAssetOfBtc: "0.82728457",
      totalLiabilityOfBtc: "0.12633215",
      totalNetAssetOfBtc: "0.70095242",
    },
    isolated: {
      BTCUSDT: {
        baseAsset: "BTC",
        quoteAsset: "USDT",
        assets: {
          BTC: { free: "0.10000000", borrowed: "0.01000000", interest: "0.00000412" },
          USDT: { free: "3000.00000000", locked: "150.00000000" },
        },
        marginLevel: "9.87654321",
        marginLevelStatus: "EXCESSIVE",
        marginRatio: "10.00000000",
        indexPrice: "64250.12000000",
        liquidatePrice: "21034.50000000",
        liquidateRate: "0.00000000",
      },
      ETHUSDT: {
        baseAsset: "ETH",
        quoteAsset: "USDT",
        assets: {
          ETH: { free: "1.500000000000000001" },
          USDT: { free: "500.00000000", borrowed: "400.00000000", interest: "0.50000000" },
        },
        marginLevel: "1.42000000",
        marginLevelStatus: "MARGIN_CALL",
        marginRatio: "5.00000000",
        indexPrice: "3150.40000000",
        liquidatePrice: "2890.10000000",
      },
      // A pair past its liquidation line: 0.5 BNB (290 USDT at the index) against 290.25 owed.
      BNBUSDT: {
        baseAsset: "BNB",
        quoteAsset: "USDT",
        assets: { BNB: { free: "0.50000000" }, USDT: { free: "0", borrowed: "290.00000000", interest: "0.25000000" } },
        marginLevel: "0.99913867",
        marginLevelStatus: "FORCE_LIQUIDATION",
        marginRatio: "3.00000000",
        indexPrice: "580.00000000",
        liquidatePrice: "638.55000000",
        liquidateRate: "0.00000000",
      },
    },
    usdm: {
      USDT: { free: "9100.00000000", locked: "900.00000000", unrealizedProfit: "-35.12000000", maintMargin: "72.00000000" },
      BNB: { free: "0.50000000" },
    },
    usdmPositions: [
      {
        symbol: "BTCUSDT",
        positionAmt: "0.150",
        unrealizedProfit: "-40.12000000",
        initialMargin: "600.00000000",
        maintMargin: "48.00000000",
        notional: "9637.52000000",
        entryPrice: "64517.60000000",
        markPrice: "64250.13333333",
        liquidationPrice: "3123.45678901",
        leverage: "16",
      },
      {
        symbol: "ETHUSDT_250627",
        positionAmt: "-2.000",
        unrealizedProfit: "5.00000000",
        initialMargin: "300.00000000",
        maintMargin: "24.00000000",
        notional: "-6300.80000000",
        entryPrice: "3152.90000000",
        markPrice: "3150.40000000",
        liquidationPrice: "7771.25000000",
        leverage: "20",
      },
      { symbol: "SOLUSDT", positionAmt: "0.000", unrealizedProfit: "0", initialMargin: "0", maintMargin: "0", notional: "0" },
    ],
    coinm: {
      BTC: { free: "0.30000000", locked: "0.02000000", unrealizedProfit: "0.00150000", maintMargin: "0.00100000" },
    },
    coinmPositions: [
      {
        symbol: "BTCUSD_PERP",
        positionAmt: "20",
        unrealizedProfit: "0.00150000",
        initialMargin: "0.02000000",
        maintMargin: "0.00100000",
        leverage: "10",
        entryPrice: "63120.5",
        notionalValue: "0.03112000",
        markPrice: "64255.30000000",
        liquidationPrice: "6012.40000000",
      },
    ],
    options: {
      USDT: { free: "4200.00000000", locked: "800.00000000", unrealizedProfit: "-12.50000000" },
    },
    portfolioMargin: {
      USDT: { free: "10000.00000000", locked: "250.00000000", borrowed: "0", interest: "0" },
      BTC: { free: "0.200000000000000001", borrowed: "0.05000000", interest: "0.00001000" },
    },
    portfolioMarginAccount: {
      uniMMR: "5.23947894",
      accountEquity: "22750.12000000",
      actualEquity: "23011.70000000",
      accountInitialMargin: "1200.00000000",
      accountMaintMargin: "430.00000000",
      accountStatus: "NORMAL",
      virtualMaxWithdrawAmount: "18000.00000000",
      totalAvailableBalance: "21550.12000000",
      totalMarginOpenLoss: "0.00000000",
    },
    subAccounts: [
      {
        email: "trading-desk@example.com",
        subUserId: 400001,
        createTime: 1689000000000,
        spot: { USDT: { free: "5000.00000000" }, BTC: { free: "0.05000000", locked: "0.01000000" } },
        margin: { USDT: { free: "1000.00000000", borrowed: "200.00000000", interest: "0.01000000" } },
        marginRisk: {
          marginLevel: "6.10000000",
          totalAssetOfBtc: "0.01860000",
          totalLiabilityOfBtc: "0.00310000",
          totalNetAssetOfBtc: "0.01550000",
        },
      },
      {
        email: "market-maker@example.com",
        subUserId: 400002,
        createTime: 1699000000000,
        spot: { ETH: { free: "2.718281828459045235" }, USDT: { free: "750.00000000" }, TRY: { free: "250000.00000000" } },
        margin: { ETH: { free: "0.50000000" } },
      },
    ],
    // Prices cover every asset held: most directly (BTCUSDT), TRY only through the inverse pair
    // USDTTRY, BNB only through the bridge BNBBTC × BTCUSDT; BUSD's pair is in BREAK, so BUSD
    // has no price at all. TUSDT (T/USDT) must never be read as TUSD/T.
    tickers: [
      { base: "BTC", quote: "USDT", price: "64250.12000000" },
      { base: "ETH", quote: "USDT", price: "3150.40000000" },
      { base: "ETH", quote: "BTC", price: "0.04903400" },
      { base: "BNB", quote: "BTC", price: "0.00902700" },
      { base: "SOL", quote: "USDT", price: "142.37000000" },
      { base: "USDT", quote: "TRY", price: "41.23450000" },
      { base: "BTC", quote: "TRY", price: "2649325.81000000" },
      { base: "LTC", quote: "BTC", price: "0.00131200" },
      { base: "T", quote: "USDT", price: "0.01712000" },
      { base: "BUSD", quote: "USDT", price: "0.99980000", status: "BREAK" },
    ],
  };
}
