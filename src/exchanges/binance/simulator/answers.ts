import type { Decimal } from "decimal.js";
import { Dec, formatDecimal, ZERO } from "../../../domain/decimal.js";
import { AccountType } from "../../../domain/enums.js";
import type { LedgerRow, SimLedger } from "./ledger.js";
import { DEFAULT_EXTRA_LISTED_COINS, type BinanceSimState, type SimMarginRisk, type SimWalletState } from "./state.js";

/**
 * The read endpoints' JSON bodies, built from the ledger in Binance's shapes: amounts as
 * strings with at least 8 decimals, as Binance writes them, and every digit the ledger holds.
 */

export function wireAmount(value: Decimal): string {
  return value.decimalPlaces() < 8 ? value.toFixed(8) : value.toFixed();
}

const w = wireAmount;
const total = (r: LedgerRow) => r.free.plus(r.locked);
const net = (r: LedgerRow) => total(r).minus(r.borrowed).minus(r.interest);
const TENTH = new Dec("0.1");
const ZERO_RISK: SimMarginRisk = {
  marginLevel: "999.00000000",
  totalAssetOfBtc: "0.00000000",
  totalLiabilityOfBtc: "0.00000000",
  totalNetAssetOfBtc: "0.00000000",
};

export function spotAccountBody(ledger: SimLedger, omitZero: boolean, uid: number) {
  const balances = ledger
    .rows({ type: AccountType.SPOT })
    .filter(([, r]) => !omitZero || !total(r).isZero())
    .map(([asset, r]) => ({ asset, free: w(r.free), locked: w(r.locked) }));
  return {
    makerCommission: 15,
    takerCommission: 15,
    buyerCommission: 0,
    sellerCommission: 0,
    commissionRates: { maker: "0.00150000", taker: "0.00150000", buyer: "0.00000000", seller: "0.00000000" },
    canTrade: true,
    canWithdraw: true,
    canDeposit: true,
    brokered: false,
    requireSelfTradePrevention: false,
    preventSor: false,
    updateTime: Date.now(),
    accountType: "SPOT",
    balances,
    permissions: ["SPOT"],
    uid,
  };
}

export function fundingBody(ledger: SimLedger, asset: string | null) {
  return ledger
    .rows({ type: AccountType.FUNDING })
    .filter(([a, r]) => (asset ? a === asset : !total(r).isZero()))
    .map(([a, r]) => ({ asset: a, free: w(r.free), locked: w(r.locked), freeze: "0", withdrawing: "0", btcValuation: "0" }));
}

function marginAssets(rows: Array<[string, LedgerRow]>) {
  return rows.map(([asset, r]) => ({
    asset,
    borrowed: w(r.borrowed),
    free: w(r.free),
    interest: w(r.interest),
    locked: w(r.locked),
    netAsset: w(net(r)),
  }));
}

export function crossMarginBody(ledger: SimLedger, state: BinanceSimState) {
  const risk = state.crossMarginRisk ?? ZERO_RISK;
  return {
    created: true,
    borrowEnabled: true,
    marginLevel: risk.marginLevel,
    collateralMarginLevel: risk.marginLevel,
    totalAssetOfBtc: risk.totalAssetOfBtc,
    totalLiabilityOfBtc: risk.totalLiabilityOfBtc,
    totalNetAssetOfBtc: risk.totalNetAssetOfBtc,
    TotalCollateralValueInUSDT: "0.00000000",
    totalOpenOrderLossInUSDT: "0.00000000",
    tradeEnabled: true,
    transferInEnabled: true,
    transferOutEnabled: true,
    accountType: state.crossMarginAccountType ?? "MARGIN_1",
    userAssets: marginAssets(ledger.rows({ type: AccountType.MARGIN_CROSS })),
  };
}

export function isolatedBody(ledger: SimLedger, state: BinanceSimState, symbols: readonly string[] | null) {
  const chosen = Object.keys(state.isolated).filter((s) => !symbols || symbols.includes(s));
  let totalAsset: Decimal = ZERO;
  let totalLiability: Decimal = ZERO;
  const assets = chosen.map((symbol) => {
    const pair = state.isolated[symbol];
    const index = new Dec(pair.indexPrice);
    const side = (asset: string) => {
      const r = ledger.row({ type: AccountType.MARGIN_ISOLATED, symbol }, asset)!;
      // Value in BTC: the base is BTC itself, or the quote priced through the index of a BTC pair.
      const toBtc = (v: Decimal) => (asset === "BTC" ? v : pair.baseAsset === "BTC" && !index.isZero() ? v.dividedBy(index).toDecimalPlaces(8) : ZERO);
      totalAsset = totalAsset.plus(toBtc(total(r)));
      totalLiability = totalLiability.plus(toBtc(r.borrowed.plus(r.interest)));
      return {
        asset,
        borrowEnabled: true,
        borrowed: w(r.borrowed),
        free: w(r.free),
        interest: w(r.interest),
        locked: w(r.locked),
        netAsset: w(net(r)),
        netAssetOfBtc: w(toBtc(net(r))),
        repayEnabled: true,
        totalAsset: w(total(r)),
      };
    };
    return {
      baseAsset: side(pair.baseAsset),
      quoteAsset: side(pair.quoteAsset),
      symbol,
      isolatedCreated: true,
      enabled: true,
      marginLevel: pair.marginLevel,
      marginLevelStatus: pair.marginLevelStatus,
      marginRatio: pair.marginRatio ?? "10.00000000",
      indexPrice: pair.indexPrice,
      liquidatePrice: pair.liquidatePrice,
      liquidateRate: pair.liquidateRate ?? "0.00000000",
      tradeEnabled: true,
    };
  });
  return {
    assets,
    totalAssetOfBtc: w(totalAsset),
    totalLiabilityOfBtc: w(totalLiability),
    totalNetAssetOfBtc: w(totalAsset.minus(totalLiability)),
  };
}

/** The maintenance margin the state gives an asset, or a tenth of what its positions lock. */
function maintMarginOf(wallet: SimWalletState, asset: string, r: LedgerRow): Decimal {
  const given = wallet[asset]?.maintMargin;
  return given !== undefined ? new Dec(given) : r.locked.times(TENTH);
}

/** One futures asset: walletBalance = free + locked (locked = margin held), maxWithdrawAmount = free. */
function futuresAsset(asset: string, r: LedgerRow, wallet: SimWalletState) {
  const walletBalance = total(r);
  return {
    asset,
    walletBalance: w(walletBalance),
    unrealizedProfit: w(r.unrealizedProfit),
    marginBalance: w(walletBalance.plus(r.unrealizedProfit)),
    maintMargin: w(maintMarginOf(wallet, asset, r)),
    initialMargin: w(r.locked),
    positionInitialMargin: w(r.locked),
    openOrderInitialMargin: w(ZERO),
    crossWalletBalance: w(walletBalance),
    crossUnPnl: w(r.unrealizedProfit),
    availableBalance: w(r.free),
    maxWithdrawAmount: w(r.free),
    updateTime: Date.now(),
  };
}

export function usdmBody(ledger: SimLedger, state: BinanceSimState) {
  const rows = ledger.rows({ type: AccountType.USDM_FUTURES });
  const assets = rows.map(([asset, r]) => futuresAsset(asset, r, state.usdm));
  // Single-asset mode: the totals are the USDT asset's.
  const usdt = ledger.row({ type: AccountType.USDM_FUTURES }, "USDT");
  const z = { free: ZERO, locked: ZERO, borrowed: ZERO, interest: ZERO, unrealizedProfit: ZERO };
  const u = usdt ?? z;
  return {
    totalInitialMargin: w(u.locked),
    totalMaintMargin: w(maintMarginOf(state.usdm, "USDT", u as LedgerRow)),
    totalWalletBalance: w(total(u)),
    totalUnrealizedProfit: w(u.unrealizedProfit),
    totalMarginBalance: w(total(u).plus(u.unrealizedProfit)),
    totalPositionInitialMargin: w(u.locked),
    totalOpenOrderInitialMargin: w(ZERO),
    totalCrossWalletBalance: w(total(u)),
    totalCrossUnPnl: w(u.unrealizedProfit),
    availableBalance: w(u.free),
    maxWithdrawAmount: w(u.free),
    assets,
    positions: (state.usdmPositions ?? []).map((p) => ({
      symbol: p.symbol,
      positionSide: p.positionSide ?? "BOTH",
      positionAmt: p.positionAmt,
      unrealizedProfit: p.unrealizedProfit,
      isolatedMargin: p.isolatedMargin ?? "0",
      notional: p.notional,
      isolatedWallet: p.isolatedWallet ?? "0",
      initialMargin: p.initialMargin,
      maintMargin: p.maintMargin,
      updateTime: 0,
    })),
  };
}

export function coinmBody(ledger: SimLedger, state: BinanceSimState) {
  return {
    assets: ledger.rows({ type: AccountType.COINM_FUTURES }).map(([asset, r]) => futuresAsset(asset, r, state.coinm)),
    positions: (state.coinmPositions ?? []).map((p) => ({
      symbol: p.symbol,
      positionAmt: p.positionAmt,
      initialMargin: p.initialMargin,
      maintMargin: p.maintMargin,
      unrealizedProfit: p.unrealizedProfit,
      positionInitialMargin: p.initialMargin,
      openOrderInitialMargin: "0",
      leverage: p.leverage,
      isolated: p.isolated ?? false,
      positionSide: p.positionSide ?? "BOTH",
      entryPrice: p.entryPrice,
      breakEvenPrice: p.entryPrice,
      maxQty: "50",
      updateTime: 0,
      notionalValue: p.notionalValue ?? "0",
    })),
    canDeposit: true,
    canTrade: true,
    canWithdraw: true,
    feeTier: 2,
    updateTime: 0,
  };
}

/** GET /fapi/v3/positionRisk: the open positions only, as v3 answers ("only symbol that has position or open orders"). */
export function usdmPositionRiskBody(state: BinanceSimState, symbol: string | null) {
  return (state.usdmPositions ?? [])
    .filter((p) => !new Dec(p.positionAmt).isZero() && (!symbol || p.symbol === symbol))
    .map((p) => ({
      symbol: p.symbol,
      positionSide: p.positionSide ?? "BOTH",
      positionAmt: p.positionAmt,
      entryPrice: p.entryPrice ?? "0",
      breakEvenPrice: p.entryPrice ?? "0",
      markPrice: p.markPrice ?? "0",
      unRealizedProfit: p.unrealizedProfit,
      liquidationPrice: p.liquidationPrice ?? "0",
      isolatedMargin: p.isolatedMargin ?? "0",
      notional: p.notional,
      marginAsset: "USDT",
      isolatedWallet: p.isolatedWallet ?? "0",
      initialMargin: p.initialMargin,
      maintMargin: p.maintMargin,
      positionInitialMargin: p.initialMargin,
      openOrderInitialMargin: "0",
      adl: 1,
      bidNotional: "0",
      askNotional: "0",
      updateTime: 0,
    }));
}

/** GET /fapi/v1/symbolConfig: the symbols the state gives a leverage; leverage is a JSON integer there. */
export function usdmSymbolConfigBody(state: BinanceSimState, symbol: string | null) {
  const seen = new Set<string>();
  return (state.usdmPositions ?? [])
    .filter((p) => p.leverage !== undefined && (!symbol || p.symbol === symbol) && !seen.has(p.symbol) && seen.add(p.symbol))
    .map((p) => ({
      symbol: p.symbol,
      marginType: p.isolatedWallet && !new Dec(p.isolatedWallet).isZero() ? "ISOLATED" : "CROSSED",
      isAutoAddMargin: "false",
      leverage: Number(p.leverage),
      maxNotionalValue: "1000000",
    }));
}

/** GET /dapi/v1/positionRisk */
export function coinmPositionRiskBody(state: BinanceSimState) {
  return (state.coinmPositions ?? []).map((p) => ({
    symbol: p.symbol,
    positionAmt: p.positionAmt,
    entryPrice: p.entryPrice,
    breakEvenPrice: p.entryPrice,
    markPrice: p.markPrice ?? "0",
    unRealizedProfit: p.unrealizedProfit,
    liquidationPrice: p.liquidationPrice ?? "0",
    leverage: p.leverage,
    maxQty: "50",
    marginType: p.isolated ? "isolated" : "cross",
    isolatedMargin: "0",
    isAutoAddMargin: "false",
    positionSide: p.positionSide ?? "BOTH",
    notionalValue: p.notionalValue ?? "0",
    isolatedWallet: "0",
    updateTime: 0,
  }));
}

export function optionsBody(ledger: SimLedger, state: BinanceSimState) {
  return {
    asset: ledger.rows({ type: AccountType.OPTIONS }).map(([asset, r]) => ({
      asset,
      marginBalance: w(total(r)),
      equity: w(total(r).plus(r.unrealizedProfit)),
      available: w(r.free),
      initialMargin: w(r.locked),
      maintMargin: w(maintMarginOf(state.options, asset, r)),
      unrealizedPNL: w(r.unrealizedProfit),
      adjustedEquity: w(total(r).plus(r.unrealizedProfit)),
    })),
    greek: [{ underlying: "BTCUSDT", delta: "0", gamma: "0", theta: "0", vega: "0" }],
    time: Date.now(),
    canTrade: true,
    canDeposit: true,
    canWithdraw: true,
    reduceOnly: false,
  };
}

export function portfolioBalanceBody(ledger: SimLedger, asset: string | null) {
  return ledger
    .rows({ type: AccountType.PORTFOLIO_MARGIN })
    .filter(([a]) => !asset || a === asset)
    .map(([a, r]) => ({
      asset: a,
      totalWalletBalance: w(total(r)),
      crossMarginAsset: w(total(r)),
      crossMarginBorrowed: w(r.borrowed),
      crossMarginFree: w(r.free),
      crossMarginInterest: w(r.interest),
      crossMarginLocked: w(r.locked),
      umWalletBalance: w(ZERO),
      umUnrealizedPNL: w(r.unrealizedProfit),
      cmWalletBalance: w(ZERO),
      cmUnrealizedPNL: w(ZERO),
      updateTime: Date.now(),
      negativeBalance: w(ZERO),
    }));
}

export function portfolioAccountBody(state: BinanceSimState) {
  return {
    uniMMR: "5239.47894981",
    accountEquity: "0.00000000",
    actualEquity: "0.00000000",
    accountInitialMargin: "0.00000000",
    accountMaintMargin: "0.00000000",
    accountStatus: "NORMAL",
    virtualMaxWithdrawAmount: "0.00000000",
    totalAvailableBalance: "0.00000000",
    totalMarginOpenLoss: "0.00000000",
    ...state.portfolioMarginAccount,
    updateTime: Date.now(),
  };
}

export function subAccountMarginBody(ledger: SimLedger, email: string, risk: SimMarginRisk | undefined) {
  const r = risk ?? ZERO_RISK;
  return {
    email,
    marginLevel: r.marginLevel,
    totalAssetOfBtc: r.totalAssetOfBtc,
    totalLiabilityOfBtc: r.totalLiabilityOfBtc,
    totalNetAssetOfBtc: r.totalNetAssetOfBtc,
    marginTradeCoeffVo: { forceLiquidationBar: "1.10000000", marginCallBar: "1.50000000", normalBar: "2.00000000" },
    marginUserAssetVoList: marginAssets(ledger.rows({ type: AccountType.MARGIN_CROSS, subAccountEmail: email })),
  };
}

export function subAccountAssetsBody(ledger: SimLedger, email: string) {
  return {
    balances: ledger.rows({ type: AccountType.SPOT, subAccountEmail: email }).map(([asset, r]) => ({ freeze: "0", withdrawing: "0", asset, free: w(r.free), locked: w(r.locked) })),
  };
}

/**
 * GET /sapi/v1/capital/config/getall: one entry per listed coin (every held asset and the
 * state's extra listings), with the spot free/locked Binance reports beside it.
 */
export function coinListBody(ledger: SimLedger, state: BinanceSimState): unknown[] {
  const coins = [...new Set([...ledger.assets(), ...(state.listedAssets ?? DEFAULT_EXTRA_LISTED_COINS)])].sort();
  return coins.map((coin) => {
    const row = ledger.row({ type: AccountType.SPOT }, coin);
    return {
      coin,
      depositAllEnable: true,
      withdrawAllEnable: true,
      name: coin,
      free: row ? formatDecimal(row.free) : "0",
      locked: row ? formatDecimal(row.locked) : "0",
      freeze: "0",
      withdrawing: "0",
      ipoing: "0",
      ipoable: "0",
      storage: "0",
      isLegalMoney: false,
      trading: true,
      networkList: [],
    };
  });
}
