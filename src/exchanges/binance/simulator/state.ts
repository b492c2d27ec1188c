import type { SimTicker } from "../../kit/simulator/simTicker.js";

/**
 * The starting state of a Binance simulator: every wallet's assets as decimal strings, plus
 * the risk figures Binance computes from prices the simulator does not model (margin levels,
 * BTC totals, positions), which it reports as given.
 */

/** One asset in one wallet. Transfers move `free`; `locked` is held by orders or positions. */
export interface SimAssetState {
  readonly free: string;
  readonly locked?: string;
  readonly borrowed?: string;
  readonly interest?: string;
  /** Futures / options / portfolio-margin: unrealized PnL of the asset. */
  readonly unrealizedProfit?: string;
  /** Futures / options: maintenance margin the asset's positions need (default: a tenth of `locked`). */
  readonly maintMargin?: string;
}

export type SimWalletState = Readonly<Record<string, SimAssetState>>;

export interface SimMarginRisk {
  readonly marginLevel: string;
  readonly totalAssetOfBtc: string;
  readonly totalLiabilityOfBtc: string;
  readonly totalNetAssetOfBtc: string;
}

export interface SimIsolatedPairState {
  readonly baseAsset: string;
  readonly quoteAsset: string;
  /** Keyed by the base and quote asset. */
  readonly assets: SimWalletState;
  readonly marginLevel: string;
  readonly marginLevelStatus: string;
  readonly marginRatio?: string;
  readonly indexPrice: string;
  readonly liquidatePrice: string;
  readonly liquidateRate?: string;
}

export interface SimUsdmPosition {
  readonly symbol: string;
  readonly positionSide?: string;
  readonly positionAmt: string;
  readonly unrealizedProfit: string;
  readonly initialMargin: string;
  readonly maintMargin: string;
  readonly notional: string;
  readonly isolatedMargin?: string;
  readonly isolatedWallet?: string;
  readonly entryPrice?: string;
  readonly markPrice?: string;
  /** Sent by position risk; absent → "0", Binance's "cannot be liquidated". */
  readonly liquidationPrice?: string;
  /** Sent by symbolConfig; absent → the symbol is not listed there. */
  readonly leverage?: string;
}

export interface SimCoinmPosition {
  readonly symbol: string;
  readonly positionSide?: string;
  readonly positionAmt: string;
  readonly unrealizedProfit: string;
  readonly initialMargin: string;
  readonly maintMargin: string;
  readonly leverage: string;
  readonly entryPrice: string;
  readonly isolated?: boolean;
  readonly notionalValue?: string;
  readonly markPrice?: string;
  /** Sent by position risk; absent → "0". */
  readonly liquidationPrice?: string;
}

export interface SimPortfolioMarginAccount {
  readonly uniMMR: string;
  readonly accountEquity: string;
  readonly actualEquity: string;
  readonly accountInitialMargin: string;
  readonly accountMaintMargin: string;
  readonly accountStatus: string;
  readonly virtualMaxWithdrawAmount: string;
  readonly totalAvailableBalance: string;
  readonly totalMarginOpenLoss: string;
}

export interface SimSubAccountState {
  readonly email: string;
  readonly subUserId?: number;
  readonly isFreeze?: boolean;
  readonly createTime?: number;
  readonly spot: SimWalletState;
  /** null: the sub-account has no margin account (-3003 on read). */
  readonly margin: SimWalletState | null;
  readonly marginRisk?: SimMarginRisk;
}

export interface BinanceSimState {
  readonly spot: SimWalletState;
  readonly funding: SimWalletState;
  readonly crossMargin: SimWalletState;
  readonly crossMarginRisk?: SimMarginRisk;
  /** MARGIN_1 (Cross Margin Classic, the default) or MARGIN_2 (Cross Margin Pro). */
  readonly crossMarginAccountType?: string;
  readonly isolated: Readonly<Record<string, SimIsolatedPairState>>;
  readonly usdm: SimWalletState;
  readonly usdmPositions?: readonly SimUsdmPosition[];
  readonly coinm: SimWalletState;
  readonly coinmPositions?: readonly SimCoinmPosition[];
  readonly options: SimWalletState;
  readonly portfolioMargin: SimWalletState;
  readonly portfolioMarginAccount?: SimPortfolioMarginAccount;
  readonly subAccounts: readonly SimSubAccountState[];
  /** What GET /api/v3/ticker/price quotes (none when absent). */
  readonly tickers?: readonly SimTicker[];
  /**
   * Coins the capital config list names besides every asset held in a wallet (default
   * DEFAULT_EXTRA_LISTED_COINS): listed coins nobody holds.
   */
  readonly listedAssets?: readonly string[];
}

/** Listed coins a state holds none of, unless it says otherwise. */
export const DEFAULT_EXTRA_LISTED_COINS: readonly string[] = ["ETH", "SOL", "XRP", "DOGE", "ADA", "DOT", "LTC", "TRX"];

/** A state with every wallet empty. */
export function emptyBinanceState(): BinanceSimState {
  return {
    spot: {},
    funding: {},
    crossMargin: {},
    isolated: {},
    usdm: {},
    coinm: {},
    options: {},
    portfolioMargin: {},
    subAccounts: [],
  };
}
