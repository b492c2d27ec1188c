import type { Decimal } from "decimal.js";
import { makeBalance, type Balance } from "../../domain/balance.js";
import { asciiUpper } from "../../domain/asciiCase.js";
import { parseDecimal, parseOptionalDecimal } from "../../domain/decimal.js";
import { MarginMode, RiskLevel, worseRiskLevel } from "../../domain/enums.js";
import { emptyMarginDetails, type ContractMargin, type MarginDetails } from "../../domain/margin.js";
import {
  crossMarginBarsOf,
  futuresMarginRatio,
  riskLevelOfFutures,
  riskLevelOfMarginLevel,
  riskLevelOfMarginStatus,
  riskLevelOfPortfolioMargin,
  type MarginBars,
} from "./riskLevel.js";
import type {
  WireCoinInfo,
  WireCoinmAccount,
  WireCoinmPositionRisk,
  WireCrossMarginAccount,
  WireFundingAsset,
  WireFuturesAsset,
  WireIsolatedPair,
  WireMarginAsset,
  WireOptionsAccount,
  WireOptionsAsset,
  WirePortfolioMarginAccount,
  WirePortfolioMarginBalance,
  WireSpotAccount,
  WireSubAccountAssets,
  WireSubAccountMargin,
  WireUsdmAccount,
  WireUsdmPositionRisk,
  WireUsdmSymbolConfig,
} from "./wire.js";

/**
 * Binance wire shapes → domain Balance / MarginDetails (free, locked, borrowed, interest; total
 * and net derived as src/domain/balance.ts says). Pure and exact: every amount goes string →
 * Decimal with no number between.
 */

const dec = (text: string): Decimal => parseDecimal(text);
const optDec = (text: string | null | undefined): Decimal | null => parseOptionalDecimal(text);
const minDec = (a: Decimal, b: Decimal): Decimal => (a.lessThan(b) ? a : b);

/** Spot, funding, sub-account spot: free / locked, nothing borrowed. */
export function mapSpotAccount(wire: WireSpotAccount): Balance[] {
  return wire.balances.map((b) => makeBalance({ asset: b.asset, free: dec(b.free), locked: dec(b.locked) }));
}

export function mapFundingAssets(wire: readonly WireFundingAsset[]): Balance[] {
  return wire.map((b) => makeBalance({ asset: b.asset, free: dec(b.free), locked: dec(b.locked) }));
}

export function mapSubAccountAssets(wire: WireSubAccountAssets): Balance[] {
  return wire.balances.map((b) => makeBalance({ asset: b.asset, free: dec(b.free), locked: dec(b.locked) }));
}

/** Cross, isolated and sub-account margin rows: free / locked plus borrowed and interest. */
export function mapMarginAssets(assets: readonly WireMarginAsset[]): Balance[] {
  return assets.map((a) =>
    makeBalance({
      asset: a.asset,
      free: dec(a.free),
      locked: dec(a.locked),
      borrowed: dec(a.borrowed),
      interest: dec(a.interest),
    }),
  );
}

export function mapCrossMarginBalances(wire: WireCrossMarginAccount): Balance[] {
  return mapMarginAssets(wire.userAssets);
}

export function mapCrossMarginDetails(wire: WireCrossMarginAccount): MarginDetails {
  const marginLevel = optDec(wire.marginLevel);
  const totalLiabilityOfBtc = optDec(wire.totalLiabilityOfBtc);
  return {
    ...emptyMarginDetails(MarginMode.CROSS),
    marginLevel,
    totalAssetOfBtc: optDec(wire.totalAssetOfBtc),
    totalLiabilityOfBtc,
    totalNetAssetOfBtc: optDec(wire.totalNetAssetOfBtc),
    riskLevel: riskLevelOfMarginLevel(marginLevel, totalLiabilityOfBtc, crossMarginBarsOf(wire.accountType)),
  };
}

export function mapIsolatedPairBalances(pair: WireIsolatedPair): Balance[] {
  return mapMarginAssets([pair.baseAsset, pair.quoteAsset]);
}

export function mapIsolatedPairDetails(pair: WireIsolatedPair): MarginDetails {
  const base = pair.baseAsset;
  const quote = pair.quoteAsset;
  const btc = (a: typeof base, field: "totalAsset" | "netAssetOfBtc") => optDec(a[field]);
  const netBase = btc(base, "netAssetOfBtc");
  const netQuote = btc(quote, "netAssetOfBtc");
  return {
    ...emptyMarginDetails(MarginMode.ISOLATED, pair.symbol),
    marginAsset: quote.asset,
    marginLevel: optDec(pair.marginLevel),
    marginLevelStatus: pair.marginLevelStatus || null,
    liquidationPrice: optDec(pair.liquidatePrice),
    // The pair's own net worth in BTC; Binance reports totals only across all pairs.
    totalNetAssetOfBtc: netBase && netQuote ? netBase.plus(netQuote) : null,
    riskLevel: riskLevelOfMarginStatus(pair.marginLevelStatus),
  };
}

/** USDⓈ-M / COIN-M per-asset wallet: free = maxWithdrawAmount, total = walletBalance. */
export function mapFuturesAssets(assets: readonly WireFuturesAsset[]): Balance[] {
  return assets.map((a) => {
    const wallet = dec(a.walletBalance);
    const free = minDec(dec(a.maxWithdrawAmount), wallet);
    return makeBalance({ asset: a.asset, free, locked: wallet.minus(free) });
  });
}

/** "BTCUSDT" is perpetual; "BTCUSDT_250328" / "BTCUSD_250328" are quarterly; "BTCUSD_PERP" perpetual. */
export function describeContract(symbol: string): { contractType: string; businessType: string; pair: string | null } {
  const underscore = symbol.indexOf("_");
  if (underscore === -1) return { contractType: "swap", businessType: "swap", pair: null };
  const pair = symbol.slice(0, underscore);
  const suffix = symbol.slice(underscore + 1);
  if (suffix === "PERP") return { contractType: "swap", businessType: "swap", pair };
  return { contractType: "quarter", businessType: "futures", pair };
}

function isOpen(positionAmt: string): boolean {
  return !dec(positionAmt).isZero();
}

/** "BTCUSDT" long/short in hedge mode is one contract per side; one-way mode ("BOTH") is the symbol itself. */
function contractCodeOf(symbol: string, positionSide: string | undefined): string {
  return positionSide && positionSide !== "BOTH" ? `${symbol}:${positionSide}` : symbol;
}

/** Whether the account answer lists an open position, i.e. whether position risk is worth a call. */
export function hasOpenPositions(wire: { positions: ReadonlyArray<{ positionAmt: string }> }): boolean {
  return wire.positions.some((p) => isOpen(p.positionAmt));
}

/** Liquidation price by contract code; a position the risk answer does not list has none (null). */
function liquidationPrices(rows: ReadonlyArray<{ symbol: string; positionSide: string; liquidationPrice: string }>): Map<string, Decimal | null> {
  return new Map(rows.map((r) => [contractCodeOf(r.symbol, r.positionSide), optDec(r.liquidationPrice)]));
}

/** symbolConfig's leverage is a JSON number (an integer): read through its text, never as an amount. */
function leverageOf(value: number | string): Decimal {
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new TypeError(`leverage ${value} is not an integer`);
    return dec(String(value));
  }
  return dec(value);
}

/**
 * USDⓈ-M (GET /fapi/v3/account): totals are the account's (single-asset mode: USDT's). Each
 * open position gets its liquidation price from GET /fapi/v3/positionRisk and its leverage from
 * GET /fapi/v1/symbolConfig (v3 position reads carry no leverage); null when those answers do
 * not list it. riskRate = margin ratio (maintenance margin / margin balance).
 */
export function mapUsdmDetails(wire: WireUsdmAccount, risk: readonly WireUsdmPositionRisk[] = [], config: readonly WireUsdmSymbolConfig[] = []): MarginDetails {
  const liquidation = liquidationPrices(risk);
  const leverage = new Map(config.map((c) => [c.symbol, leverageOf(c.leverage)]));
  const contracts: ContractMargin[] = wire.positions
    .filter((p) => isOpen(p.positionAmt))
    .map((p) => {
      const isolated = optDec(p.isolatedWallet);
      const code = contractCodeOf(p.symbol, p.positionSide);
      return {
        symbol: p.symbol,
        contractCode: code,
        ...describeContract(p.symbol),
        leverage: leverage.get(p.symbol) ?? null,
        positionMargin: isolated && !isolated.isZero() ? optDec(p.isolatedMargin) : optDec(p.initialMargin),
        frozenMargin: null,
        availableMargin: null,
        unrealizedPnl: optDec(p.unrealizedProfit),
        liquidationPrice: liquidation.get(code) ?? null,
        adjustFactor: null,
        crossMaxAvailable: null,
      };
    });
  const maintenanceMargin = optDec(wire.totalMaintMargin);
  const marginBalance = optDec(wire.totalMarginBalance);
  return {
    ...emptyMarginDetails(MarginMode.CROSS),
    marginAsset: "USDT",
    marginBalance,
    marginStatic: optDec(wire.totalWalletBalance),
    positionMargin: optDec(wire.totalPositionInitialMargin),
    frozenMargin: optDec(wire.totalOpenOrderInitialMargin),
    availableMargin: optDec(wire.availableBalance),
    unrealizedPnl: optDec(wire.totalUnrealizedProfit),
    withdrawAvailable: optDec(wire.maxWithdrawAmount),
    maintenanceMargin,
    riskRate: futuresMarginRatio(maintenanceMargin, marginBalance),
    contracts,
    riskLevel: riskLevelOfFutures(maintenanceMargin, marginBalance),
  };
}

/**
 * COIN-M (GET /dapi/v1/account) has no account totals: each coin is its own margin. The figures
 * come from the one coin that holds anything and stay null when several do (they cannot be
 * added up); the risk level is then the worst coin's. Liquidation prices from GET
 * /dapi/v1/positionRisk, leverage from the account's own position rows.
 */
export function mapCoinmDetails(wire: WireCoinmAccount, risk: readonly WireCoinmPositionRisk[] = []): MarginDetails {
  const held = wire.assets.filter((a) => !dec(a.walletBalance).isZero() || !dec(a.marginBalance).isZero());
  const only = held.length === 1 ? held[0] : null;
  const liquidation = liquidationPrices(risk);
  const contracts: ContractMargin[] = wire.positions
    .filter((p) => isOpen(p.positionAmt))
    .map((p) => {
      const code = contractCodeOf(p.symbol, p.positionSide);
      return {
        symbol: p.symbol,
        contractCode: code,
        ...describeContract(p.symbol),
        leverage: optDec(p.leverage),
        positionMargin: optDec(p.initialMargin),
        frozenMargin: optDec(p.openOrderInitialMargin),
        availableMargin: null,
        unrealizedPnl: optDec(p.unrealizedProfit),
        liquidationPrice: liquidation.get(code) ?? null,
        adjustFactor: null,
        crossMaxAvailable: null,
      };
    });
  const riskLevel = held.map((a) => riskLevelOfFutures(optDec(a.maintMargin), optDec(a.marginBalance))).reduce(worseRiskLevel, RiskLevel.UNKNOWN);
  const maintenanceMargin = only ? optDec(only.maintMargin) : null;
  const marginBalance = only ? optDec(only.marginBalance) : null;
  return {
    ...emptyMarginDetails(MarginMode.CROSS),
    marginAsset: only ? only.asset : null,
    marginBalance,
    marginStatic: only ? optDec(only.walletBalance) : null,
    positionMargin: only ? optDec(only.positionInitialMargin) : null,
    frozenMargin: only ? optDec(only.openOrderInitialMargin) : null,
    availableMargin: only ? optDec(only.availableBalance) : null,
    unrealizedPnl: only ? optDec(only.unrealizedProfit) : null,
    withdrawAvailable: only ? optDec(only.maxWithdrawAmount) : null,
    maintenanceMargin,
    riskRate: futuresMarginRatio(maintenanceMargin, marginBalance),
    contracts,
    riskLevel,
  };
}

/** Options: total = marginBalance (the wallet), free = available. */
export function mapOptionsBalances(wire: WireOptionsAccount): Balance[] {
  return wire.asset.map((a) => {
    const wallet = dec(a.marginBalance);
    const free = minDec(dec(a.available), wallet);
    return makeBalance({ asset: a.asset, free, locked: wallet.minus(free) });
  });
}

/**
 * Options: the USDT asset's figures. Its risk is judged like futures (maintenance margin against
 * equity, liquidation when the margin requirement reaches the equity).
 */
export function mapOptionsDetails(wire: WireOptionsAccount): MarginDetails {
  const main: WireOptionsAsset | undefined = wire.asset.find((a) => a.asset === "USDT") ?? wire.asset[0];
  if (!main) return emptyMarginDetails(MarginMode.CROSS);
  const maintenanceMargin = optDec(main.maintMargin);
  const equity = optDec(main.equity);
  return {
    ...emptyMarginDetails(MarginMode.CROSS),
    marginAsset: main.asset,
    marginBalance: equity,
    marginStatic: optDec(main.marginBalance),
    positionMargin: optDec(main.initialMargin),
    availableMargin: optDec(main.available),
    unrealizedPnl: optDec(main.unrealizedPNL),
    maintenanceMargin,
    riskLevel: riskLevelOfFutures(maintenanceMargin, equity),
  };
}

/** Portfolio margin: total = totalWalletBalance, locked = crossMarginLocked, plus the cross-margin debt. */
export function mapPortfolioMarginBalances(wire: readonly WirePortfolioMarginBalance[]): Balance[] {
  return wire.map((b) => {
    const total = dec(b.totalWalletBalance);
    const locked = dec(b.crossMarginLocked);
    return makeBalance({
      asset: b.asset,
      free: total.minus(locked),
      locked,
      borrowed: dec(b.crossMarginBorrowed),
      interest: dec(b.crossMarginInterest),
    });
  });
}

/**
 * Portfolio margin account-level risk (USD figures): uniMMR is its margin level (equity /
 * maintenance margin), accountStatus its status word.
 */
export function mapPortfolioMarginDetails(wire: WirePortfolioMarginAccount): MarginDetails {
  const uniMMR = optDec(wire.uniMMR);
  return {
    ...emptyMarginDetails(MarginMode.CROSS),
    marginAsset: "USD",
    marginBalance: optDec(wire.accountEquity),
    positionMargin: optDec(wire.accountInitialMargin),
    availableMargin: optDec(wire.totalAvailableBalance),
    withdrawAvailable: optDec(wire.virtualMaxWithdrawAmount),
    maintenanceMargin: optDec(wire.accountMaintMargin),
    marginLevel: uniMMR,
    marginLevelStatus: wire.accountStatus || null,
    riskLevel: riskLevelOfPortfolioMargin(uniMMR, wire.accountStatus),
  };
}

export function mapSubAccountMarginBalances(wire: WireSubAccountMargin): Balance[] {
  return mapMarginAssets(wire.marginUserAssetVoList);
}

/**
 * Sub-account cross margin. Binance sends the level and its bars, not a status word; the status
 * is derived from the bars (derived, not sent by Binance).
 */
export function mapSubAccountMarginDetails(wire: WireSubAccountMargin): MarginDetails {
  const level = optDec(wire.marginLevel);
  const totalLiabilityOfBtc = optDec(wire.totalLiabilityOfBtc);
  // The sub-account's own lines when Binance sends them, the documented ones otherwise.
  const bars: MarginBars = wire.marginTradeCoeffVo
    ? { marginCallBar: dec(wire.marginTradeCoeffVo.marginCallBar), forceLiquidationBar: dec(wire.marginTradeCoeffVo.forceLiquidationBar) }
    : crossMarginBarsOf(null);
  return {
    ...emptyMarginDetails(MarginMode.CROSS),
    marginLevel: level,
    marginLevelStatus: level && wire.marginTradeCoeffVo ? marginStatusFromBars(level, wire.marginTradeCoeffVo) : null,
    totalAssetOfBtc: optDec(wire.totalAssetOfBtc),
    totalLiabilityOfBtc,
    totalNetAssetOfBtc: optDec(wire.totalNetAssetOfBtc),
    riskLevel: riskLevelOfMarginLevel(level, totalLiabilityOfBtc, bars),
  };
}

export function marginStatusFromBars(level: Decimal, bars: { forceLiquidationBar: string; marginCallBar: string; normalBar: string }): string {
  if (level.greaterThanOrEqualTo(dec(bars.normalBar))) return "EXCESSIVE";
  // Binance calls for margin at a level at or below the margin-call bar.
  if (level.greaterThan(dec(bars.marginCallBar))) return "NORMAL";
  if (level.greaterThan(dec(bars.forceLiquidationBar))) return "MARGIN_CALL";
  return "FORCE_LIQUIDATION";
}

/** The coin codes of the capital config list, upper-case (Binance's own spelling). */
export function mapCoinList(coins: readonly WireCoinInfo[]): ReadonlySet<string> {
  // An empty list would refuse every asset: it is an answer Coffer cannot use, not a fact.
  if (!Array.isArray(coins) || coins.length === 0) throw new TypeError("coin list is not a non-empty array");
  const set = new Set<string>();
  // `as`: Array.isArray above narrows the readonly array to any[].
  for (const c of coins as readonly WireCoinInfo[]) {
    if (typeof c?.coin !== "string" || c.coin === "") throw new TypeError("coin without a code");
    set.add(asciiUpper(c.coin));
  }
  return set;
}
