import type { Decimal } from "decimal.js";
import { makeBalance, type Balance } from "../../domain/balance.js";
import { ZERO } from "../../domain/decimal.js";
import { MarginMode } from "../../domain/enums.js";
import { emptyMarginDetails, type ContractMargin, type MarginDetails } from "../../domain/margin.js";
import type { HtxContractAccount } from "./contractMapping.js";
import { riskLevelOfPositionEquity, riskLevelOfV5Account } from "./riskLevel.js";
import type { HtxV5AssetModeWire, HtxV5BalanceDetailWire, HtxV5BalanceWire, HtxV5PositionWire } from "./wire.js";
import { wireArray, wireDecimal, wireIdText, wireOptionalDecimal, wireOptionalString, wireString } from "../kit/wireValues.js";

/**
 * HTX's Multi-Assets Collateral (V5) USDT-M account: one account holding several currencies as
 * collateral (GET /v5/account/balance) and its open positions, cross or isolated (GET
 * /v5/trade/position/opens). Shown with the same words as the other modes: the account is the
 * cross USDM_FUTURES account; each contract with isolated positions is an isolated account
 * with margin figures but no Balance (its margin already sits in the account's equity).
 */

/** Multi-Assets Collateral mode in GET /v5/account/asset_mode. */
export const MULTI_ASSETS_MODE = "1";

/** The asset mode ("0" single-asset, "1" multi-assets) from either spelling of the field. */
export function assetModeOf(data: HtxV5AssetModeWire): string {
  const value = data.asset_mode ?? data.assets_mode;
  if (value === undefined) throw new TypeError("HTX field asset_mode is missing");
  return wireIdText(value, "asset_mode");
}

const opt = wireOptionalDecimal;
const minDec = (a: Decimal, b: Decimal): Decimal => (a.lessThan(b) ? a : b);
const maxDec = (a: Decimal, b: Decimal): Decimal => (a.greaterThan(b) ? a : b);

/**
 * One collateral currency: total = equity (it carries unrealized PnL, as margin_balance does
 * in the other modes), free = withdraw_available (at most the equity), locked = the rest. A
 * negative equity is a debt: nothing held, the shortfall borrowed.
 */
export function v5BalanceOf(detail: HtxV5BalanceDetailWire): Balance {
  const asset = wireString(detail.currency, "currency");
  const equity = wireDecimal(detail.equity, "equity");
  if (equity.isNegative()) return makeBalance({ asset, free: ZERO, locked: ZERO, borrowed: equity.negated() });
  const withdrawable = wireDecimal(detail.withdraw_available, "withdraw_available");
  const free = minDec(maxDec(withdrawable, ZERO), equity);
  return makeBalance({ asset, free, locked: equity.minus(free) });
}

/** "BTC-USDT" / "BTC-USDT-260925": a hedge-mode side gets its own code, as Binance's positions do. */
export function v5ContractOf(position: HtxV5PositionWire): ContractMargin {
  const code = wireString(position.contract_code, "contract_code").toUpperCase();
  const side = wireString(position.position_side, "position_side").toLowerCase();
  const contractType = wireOptionalString(position.contract_type) ?? "swap";
  return {
    symbol: code.split("-")[0],
    contractCode: side === "long" || side === "short" ? `${code}:${side.toUpperCase()}` : code,
    contractType,
    businessType: contractType === "swap" ? "swap" : "futures",
    pair: code.split("-").slice(0, 2).join("-"),
    leverage: opt(position.lever_rate, "lever_rate"),
    positionMargin: opt(position.initial_margin, "initial_margin") ?? opt(position.margin, "margin"),
    frozenMargin: null,
    availableMargin: null,
    unrealizedPnl: opt(position.profit_unreal, "profit_unreal"),
    liquidationPrice: opt(position.liquidation_price, "liquidation_price"),
    adjustFactor: null,
    crossMaxAvailable: null,
  };
}

const sum = (values: ReadonlyArray<Decimal | null>): Decimal | null => (values.some((v) => v === null) ? null : values.reduce<Decimal>((a, b) => a.plus(b!), ZERO));

/** The contract accounts of a V5 user. */
export function v5AccountsOf(balance: HtxV5BalanceWire, positions: readonly HtxV5PositionWire[]): HtxContractAccount[] {
  const state = typeof balance.state === "string" ? balance.state : wireIdText(balance.state, "state");
  const isIsolated = (p: HtxV5PositionWire) => wireString(p.margin_mode, "margin_mode").toLowerCase() === "isolated";
  const maintenanceMargin = opt(balance.maintenance_margin, "maintenance_margin");
  const ratio = opt(balance.maintenance_margin_rate, "maintenance_margin_rate");
  const cross: HtxContractAccount = {
    symbol: null,
    balances: wireArray<HtxV5BalanceDetailWire>(balance.details, "details").map(v5BalanceOf),
    margin: {
      ...emptyMarginDetails(MarginMode.CROSS, null),
      marginAsset: "USDT",
      marginBalance: opt(balance.equity, "equity"),
      positionMargin: opt(balance.initial_margin, "initial_margin"),
      availableMargin: opt(balance.available_margin, "available_margin"),
      unrealizedPnl: opt(balance.profit_unreal, "profit_unreal"),
      maintenanceMargin,
      riskRate: ratio,
      contracts: positions.filter((p) => !isIsolated(p)).map(v5ContractOf),
      riskLevel: riskLevelOfV5Account(state, maintenanceMargin, ratio),
    },
  };
  const byContract = new Map<string, HtxV5PositionWire[]>();
  for (const p of positions.filter(isIsolated)) {
    const code = wireString(p.contract_code, "contract_code").toUpperCase();
    byContract.set(code, [...(byContract.get(code) ?? []), p]);
  }
  const isolated = [...byContract].map(([code, rows]): HtxContractAccount => {
    const margin = sum(rows.map((p) => opt(p.margin, "margin") ?? opt(p.initial_margin, "initial_margin")));
    const pnl = sum(rows.map((p) => opt(p.profit_unreal, "profit_unreal")));
    const maintenance = sum(rows.map((p) => opt(p.maintenance_margin, "maintenance_margin")));
    const equity = margin && pnl ? margin.plus(pnl) : null;
    const details: MarginDetails = {
      ...emptyMarginDetails(MarginMode.ISOLATED, code),
      marginAsset: wireOptionalString(rows[0].margin_currency) ?? "USDT",
      marginBalance: equity,
      positionMargin: margin,
      unrealizedPnl: pnl,
      maintenanceMargin: maintenance,
      liquidationPrice: rows.length === 1 ? opt(rows[0].liquidation_price, "liquidation_price") : null,
      contracts: rows.map(v5ContractOf),
      riskLevel: riskLevelOfPositionEquity(maintenance, equity),
    };
    return { symbol: code, balances: [], margin: details };
  });
  return [cross, ...isolated];
}
