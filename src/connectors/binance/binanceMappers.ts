import type { Decimal } from "decimal.js";
import { makeBalance, type Balance } from "../../domain/balance.js";
import { parseDecimal, parseOptionalDecimal } from "../../domain/decimal.js";
import { MarginMode } from "../../domain/enums.js";
import { emptyMarginDetails, type ContractMargin, type MarginDetails } from "../../domain/margin.js";
import type {
  WireCoinmAccount,
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
} from "./binanceWire.js";

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
  return {
    ...emptyMarginDetails(MarginMode.CROSS),
    marginLevel: optDec(wire.marginLevel),
    totalAssetOfBtc: optDec(wire.totalAssetOfBtc),
    totalLiabilityOfBtc: optDec(wire.totalLiabilityOfBtc),
    totalNetAssetOfBtc: optDec(wire.totalNetAssetOfBtc),
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

export function mapUsdmDetails(wire: WireUsdmAccount): MarginDetails {
  const contracts: ContractMargin[] = wire.positions
    .filter((p) => isOpen(p.positionAmt))
    .map((p) => {
      const isolated = optDec(p.isolatedWallet);
      return {
        symbol: p.symbol,
        contractCode: p.positionSide && p.positionSide !== "BOTH" ? `${p.symbol}:${p.positionSide}` : p.symbol,
        ...describeContract(p.symbol),
        leverage: null,
        positionMargin: isolated && !isolated.isZero() ? optDec(p.isolatedMargin) : optDec(p.initialMargin),
        frozenMargin: null,
        availableMargin: null,
        unrealizedPnl: optDec(p.unrealizedProfit),
        liquidationPrice: null,
        adjustFactor: null,
        crossMaxAvailable: null,
      };
    });
  return {
    ...emptyMarginDetails(MarginMode.CROSS),
    marginAsset: "USDT",
    marginBalance: optDec(wire.totalMarginBalance),
    marginStatic: optDec(wire.totalWalletBalance),
    positionMargin: optDec(wire.totalPositionInitialMargin),
    frozenMargin: optDec(wire.totalOpenOrderInitialMargin),
    availableMargin: optDec(wire.availableBalance),
    unrealizedPnl: optDec(wire.totalUnrealizedProfit),
    withdrawAvailable: optDec(wire.maxWithdrawAmount),
    contracts,
  };
}

/**
 * COIN-M has no account totals (each coin is its own margin); the figures are filled from the
 * one coin that holds anything, and left null when several do (they cannot be added up).
 */
export function mapCoinmDetails(wire: WireCoinmAccount): MarginDetails {
  const held = wire.assets.filter((a) => !dec(a.walletBalance).isZero() || !dec(a.marginBalance).isZero());
  const only = held.length === 1 ? held[0] : null;
  const contracts: ContractMargin[] = wire.positions
    .filter((p) => isOpen(p.positionAmt))
    .map((p) => ({
      symbol: p.symbol,
      contractCode: p.positionSide && p.positionSide !== "BOTH" ? `${p.symbol}:${p.positionSide}` : p.symbol,
      ...describeContract(p.symbol),
      leverage: optDec(p.leverage),
      positionMargin: optDec(p.initialMargin),
      frozenMargin: optDec(p.openOrderInitialMargin),
      availableMargin: null,
      unrealizedPnl: optDec(p.unrealizedProfit),
      liquidationPrice: null,
      adjustFactor: null,
      crossMaxAvailable: null,
    }));
  return {
    ...emptyMarginDetails(MarginMode.CROSS),
    marginAsset: only ? only.asset : null,
    marginBalance: only ? optDec(only.marginBalance) : null,
    marginStatic: only ? optDec(only.walletBalance) : null,
    positionMargin: only ? optDec(only.positionInitialMargin) : null,
    frozenMargin: only ? optDec(only.openOrderInitialMargin) : null,
    availableMargin: only ? optDec(only.availableBalance) : null,
    unrealizedPnl: only ? optDec(only.unrealizedProfit) : null,
    withdrawAvailable: only ? optDec(only.maxWithdrawAmount) : null,
    contracts,
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

export function mapOptionsDetails(wire: WireOptionsAccount): MarginDetails {
  const main: WireOptionsAsset | undefined = wire.asset.find((a) => a.asset === "USDT") ?? wire.asset[0];
  if (!main) return emptyMarginDetails(MarginMode.CROSS);
  return {
    ...emptyMarginDetails(MarginMode.CROSS),
    marginAsset: main.asset,
    marginBalance: optDec(main.equity),
    marginStatic: optDec(main.marginBalance),
    positionMargin: optDec(main.initialMargin),
    availableMargin: optDec(main.available),
    unrealizedPnl: optDec(main.unrealizedPNL),
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

/** Portfolio margin account-level risk (USD figures): uniMMR is its margin level. */
export function mapPortfolioMarginDetails(wire: WirePortfolioMarginAccount): MarginDetails {
  return {
    ...emptyMarginDetails(MarginMode.CROSS),
    marginAsset: "USD",
    marginBalance: optDec(wire.accountEquity),
    positionMargin: optDec(wire.accountInitialMargin),
    availableMargin: optDec(wire.totalAvailableBalance),
    withdrawAvailable: optDec(wire.virtualMaxWithdrawAmount),
    marginLevel: optDec(wire.uniMMR),
    marginLevelStatus: wire.accountStatus || null,
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
  return {
    ...emptyMarginDetails(MarginMode.CROSS),
    marginLevel: level,
    marginLevelStatus: level && wire.marginTradeCoeffVo ? marginStatusFromBars(level, wire.marginTradeCoeffVo) : null,
    totalAssetOfBtc: optDec(wire.totalAssetOfBtc),
    totalLiabilityOfBtc: optDec(wire.totalLiabilityOfBtc),
    totalNetAssetOfBtc: optDec(wire.totalNetAssetOfBtc),
  };
}

export function marginStatusFromBars(
  level: Decimal,
  bars: { forceLiquidationBar: string; marginCallBar: string; normalBar: string },
): string {
  if (level.greaterThanOrEqualTo(dec(bars.normalBar))) return "EXCESSIVE";
  if (level.greaterThanOrEqualTo(dec(bars.marginCallBar))) return "NORMAL";
  if (level.greaterThan(dec(bars.forceLiquidationBar))) return "MARGIN_CALL";
  return "FORCE_LIQUIDATION";
}

