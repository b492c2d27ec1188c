/**
 * Binance's JSON shapes, exactly as the exchange sends them (Binance's API documentation for
 * each endpoint in binanceEndpoints.ts).
 * Amounts are strings; ids and times are numbers. Only the fields Coffer reads are typed;
 * nothing outside `connectors/binance/` imports these.
 */

export interface WireSpotBalance {
  asset: string;
  free: string;
  locked: string;
}

/** GET /api/v3/account */
export interface WireSpotAccount {
  balances: WireSpotBalance[];
}

/** POST /sapi/v1/asset/get-funding-asset (one element) */
export interface WireFundingAsset {
  asset: string;
  free: string;
  locked: string;
  freeze?: string;
  withdrawing?: string;
  btcValuation?: string;
}

export interface WireMarginAsset {
  asset: string;
  borrowed: string;
  free: string;
  interest: string;
  locked: string;
  netAsset: string;
}

/** GET /sapi/v1/margin/account */
export interface WireCrossMarginAccount {
  created?: boolean;
  /** MARGIN_1 = Cross Margin Classic, MARGIN_2 = Cross Margin Pro. */
  accountType?: string;
  marginLevel: string;
  totalAssetOfBtc: string;
  totalLiabilityOfBtc: string;
  totalNetAssetOfBtc: string;
  userAssets: WireMarginAsset[];
}

export interface WireIsolatedAsset extends WireMarginAsset {
  netAssetOfBtc: string;
  totalAsset: string;
  borrowEnabled?: boolean;
  repayEnabled?: boolean;
}

export interface WireIsolatedPair {
  symbol: string;
  baseAsset: WireIsolatedAsset;
  quoteAsset: WireIsolatedAsset;
  isolatedCreated?: boolean;
  enabled?: boolean;
  marginLevel: string;
  marginLevelStatus: string;
  marginRatio: string;
  indexPrice: string;
  liquidatePrice: string;
  liquidateRate: string;
  tradeEnabled?: boolean;
}

/** GET /sapi/v1/margin/isolated/account (totals may be absent when `symbols` is sent) */
export interface WireIsolatedAccount {
  assets: WireIsolatedPair[];
  totalAssetOfBtc?: string;
  totalLiabilityOfBtc?: string;
  totalNetAssetOfBtc?: string;
}

export interface WireFuturesAsset {
  asset: string;
  walletBalance: string;
  unrealizedProfit: string;
  marginBalance: string;
  maintMargin: string;
  initialMargin: string;
  positionInitialMargin: string;
  openOrderInitialMargin: string;
  crossWalletBalance: string;
  crossUnPnl: string;
  availableBalance: string;
  maxWithdrawAmount: string;
  updateTime?: number;
}

export interface WireUsdmPosition {
  symbol: string;
  positionSide: string;
  positionAmt: string;
  unrealizedProfit: string;
  isolatedMargin: string;
  notional: string;
  isolatedWallet: string;
  initialMargin: string;
  maintMargin: string;
  updateTime?: number;
}

/** GET /fapi/v3/account */
export interface WireUsdmAccount {
  totalInitialMargin: string;
  totalMaintMargin: string;
  totalWalletBalance: string;
  totalUnrealizedProfit: string;
  totalMarginBalance: string;
  totalPositionInitialMargin: string;
  totalOpenOrderInitialMargin: string;
  totalCrossWalletBalance: string;
  totalCrossUnPnl: string;
  availableBalance: string;
  maxWithdrawAmount: string;
  assets: WireFuturesAsset[];
  positions: WireUsdmPosition[];
}

export interface WireCoinmPosition {
  symbol: string;
  positionAmt: string;
  initialMargin: string;
  maintMargin: string;
  unrealizedProfit: string;
  positionInitialMargin: string;
  openOrderInitialMargin: string;
  leverage: string;
  isolated: boolean;
  positionSide: string;
  entryPrice: string;
  breakEvenPrice?: string;
  maxQty: string;
  notionalValue?: string;
  updateTime?: number;
}

/** GET /fapi/v3/positionRisk (one element; only symbols with a position or open orders). */
export interface WireUsdmPositionRisk {
  symbol: string;
  positionSide: string;
  positionAmt: string;
  entryPrice?: string;
  breakEvenPrice?: string;
  markPrice?: string;
  unRealizedProfit: string;
  /** "0" when the position cannot be liquidated. */
  liquidationPrice: string;
  isolatedMargin?: string;
  notional?: string;
  marginAsset?: string;
  isolatedWallet?: string;
  initialMargin?: string;
  maintMargin?: string;
  positionInitialMargin?: string;
  openOrderInitialMargin?: string;
  adl?: number;
  updateTime?: number;
}

/** GET /fapi/v1/symbolConfig (one element): the leverage v3 position reads no longer carry. */
export interface WireUsdmSymbolConfig {
  symbol: string;
  marginType?: string;
  isAutoAddMargin?: string | boolean;
  leverage: number | string;
  maxNotionalValue?: string;
}

/** GET /dapi/v1/positionRisk (one element). */
export interface WireCoinmPositionRisk {
  symbol: string;
  positionAmt: string;
  entryPrice?: string;
  markPrice?: string;
  unRealizedProfit: string;
  liquidationPrice: string;
  leverage: string;
  marginType?: string;
  isolatedMargin?: string;
  positionSide: string;
  notionalValue?: string;
  updateTime?: number;
}

/** GET /dapi/v1/account */
export interface WireCoinmAccount {
  assets: WireFuturesAsset[];
  positions: WireCoinmPosition[];
}

export interface WireOptionsAsset {
  asset: string;
  marginBalance: string;
  equity: string;
  available: string;
  initialMargin: string;
  maintMargin: string;
  unrealizedPNL: string;
  adjustedEquity?: string;
}

/** GET /eapi/v1/marginAccount */
export interface WireOptionsAccount {
  asset: WireOptionsAsset[];
  greek?: unknown[];
  time?: number;
}

/** GET /papi/v1/balance (one element) */
export interface WirePortfolioMarginBalance {
  asset: string;
  totalWalletBalance: string;
  crossMarginAsset: string;
  crossMarginBorrowed: string;
  crossMarginFree: string;
  crossMarginInterest: string;
  crossMarginLocked: string;
  umWalletBalance: string;
  umUnrealizedPNL: string;
  cmWalletBalance: string;
  cmUnrealizedPNL: string;
  updateTime?: number;
  negativeBalance?: string;
}

/** GET /papi/v1/account */
export interface WirePortfolioMarginAccount {
  uniMMR: string;
  accountEquity: string;
  actualEquity: string;
  accountInitialMargin: string;
  accountMaintMargin: string;
  accountStatus: string;
  virtualMaxWithdrawAmount: string;
  totalAvailableBalance: string;
  totalMarginOpenLoss: string;
  updateTime?: number;
}

/** One of `subAccounts` in GET /sapi/v1/sub-account/list. */
export interface WireSubAccount {
  subUserId?: number;
  email: string;
  remark?: string;
  isFreeze: boolean;
  createTime: number;
  isManagedSubAccount?: boolean;
  isAssetManagementSubAccount?: boolean;
}

/** GET /sapi/v4/sub-account/assets */
export interface WireSubAccountAssets {
  balances: Array<{ asset: string; free: string; locked: string; freeze?: string; withdrawing?: string }>;
}

/** GET /sapi/v1/sub-account/margin/account */
export interface WireSubAccountMargin {
  email: string;
  marginLevel: string;
  totalAssetOfBtc: string;
  totalLiabilityOfBtc: string;
  totalNetAssetOfBtc: string;
  marginTradeCoeffVo?: { forceLiquidationBar: string; marginCallBar: string; normalBar: string };
  marginUserAssetVoList: WireMarginAsset[];
}

export interface WireUniversalHistoryRow {
  asset: string;
  amount: string;
  type: string;
  status: string;
  tranId: number;
  timestamp: number;
  fromSymbol?: string;
  toSymbol?: string;
}

/** GET /sapi/v1/asset/transfer */
export interface WireUniversalHistory {
  total: number;
  rows?: WireUniversalHistoryRow[];
}

export interface WireMarginHistoryRow {
  amount: string;
  asset: string;
  status: string;
  timestamp: number;
  txId: number;
  type: "ROLL_IN" | "ROLL_OUT" | string;
  transFrom?: string;
  transTo?: string;
  fromSymbol?: string;
  toSymbol?: string;
}

/** GET /sapi/v1/margin/transfer */
export interface WireMarginHistory {
  rows: WireMarginHistoryRow[];
  total: number;
}

/** GET /api/v3/ticker/price without a symbol: one element per pair; the price is a string. */
export interface WireTickerPrice {
  symbol: string;
  price: string;
}

/** GET /sapi/v1/capital/config/getall: one element per coin Binance supports (only `coin` is read). */
export interface WireCoinInfo {
  readonly coin: string;
}
