import type { Decimal } from "decimal.js";
import { Dec } from "../../domain/decimal.js";
import { RiskLevel, worseRiskLevel } from "../../domain/enums.js";

/**
 * HTX's contract risk figures on Coffer's one scale. Pure: the mapping passes the figures it
 * read, these functions judge them.
 *
 * HTX liquidates a USDT-margined position when maintenance margin reaches its equity ("margin
 * ratio exceeds 100%", https://www.htx.com/support/24959973437846; margin ratio = maintenance
 * margin / position equity, https://htx.com/support/104919792315746). The API's `risk_rate`
 * ("margin rate") is the older coverage figure, which is 0 at that same point: liquidation at
 * risk_rate ≤ 0. HTX's examples fix what it measures:
 * - isolated: margin_balance / (margin_position + margin_frozen) − adjust_factor
 *   (99.75505884 / 12.73 − 0.075 = 7.7612…, the swap_account_info example);
 * - cross: margin_balance / Σ(margin_position × adjust_factor) − 1
 *   (20.6034 / (19.30352 × 0.04) − 1 = 25.6834…, the accounts_cross push example).
 * Both reach 0 where equity equals the maintenance margin. HTX publishes no margin-call line for
 * contracts; Coffer uses the one it uses for Binance futures, maintenance margin at 80% of
 * equity, which is risk_rate ≤ 0.25 (cross) and risk_rate ≤ 0.25 × adjust_factor (isolated).
 */

const MARGIN_CALL_HEADROOM = new Dec("0.25");
/** Maintenance margin at 80% of equity: Coffer's margin-call line, the one it uses for Binance futures. */
const MARGIN_CALL_RATIO = new Dec("0.8");

/** A rate against its liquidation line (0) and margin-call line; no rate (no position) is UNKNOWN. */
function judge(riskRate: Decimal | null, marginCallLine: Decimal | null): RiskLevel {
  if (riskRate === null) return RiskLevel.UNKNOWN;
  if (riskRate.lessThanOrEqualTo(0)) return RiskLevel.LIQUIDATION;
  if (marginCallLine !== null && riskRate.lessThanOrEqualTo(marginCallLine)) return RiskLevel.MARGIN_CALL;
  return RiskLevel.SAFE;
}

/** The cross account (v1 swap_cross_account_info risk_rate, v3 unified cross_risk_rate). */
export function riskLevelOfCrossRate(riskRate: Decimal | null): RiskLevel {
  return judge(riskRate, MARGIN_CALL_HEADROOM);
}

/** An isolated contract account; without its adjust factor only the liquidation line is known. */
export function riskLevelOfIsolatedRate(riskRate: Decimal | null, adjustFactor: Decimal | null): RiskLevel {
  return judge(riskRate, adjustFactor === null ? null : adjustFactor.times(MARGIN_CALL_HEADROOM));
}

/**
 * Multi-Assets Collateral (V5) accounts report the modern figure: maintenance_margin_rate =
 * maintenance margin / equity, HTX's "margin ratio", liquidated when it exceeds 100%
 * (https://www.htx.com/support/24959973437846). Lines as for Binance futures: 1 liquidation,
 * 0.8 Coffer's margin call. No maintenance margin (no position) gives nothing to judge.
 */
export function riskLevelOfMaintenanceRatio(maintenanceMargin: Decimal | null, ratio: Decimal | null): RiskLevel {
  if (maintenanceMargin === null || ratio === null || maintenanceMargin.lessThanOrEqualTo(0)) return RiskLevel.UNKNOWN;
  if (ratio.lessThan(0) || ratio.greaterThanOrEqualTo(1)) return RiskLevel.LIQUIDATION;
  if (ratio.greaterThanOrEqualTo(MARGIN_CALL_RATIO)) return RiskLevel.MARGIN_CALL;
  return RiskLevel.SAFE;
}

/**
 * The V5 account `state` (GET /v5/account/balance): 1 NORMAL; 3 LIQUIDATING and 5 ADL (trading
 * and transfers stopped); 6 OPEN_LIMIT (orders cancelled for risk management, transfers out
 * refused). NORMAL says nothing beyond the ratio, so it is UNKNOWN here and the ratio decides.
 */
export function riskLevelOfV5State(state: string): RiskLevel {
  switch (state.toLowerCase()) {
    case "3":
    case "liquidating":
    case "5":
    case "adl":
      return RiskLevel.LIQUIDATION;
    case "6":
    case "open_limit":
      return RiskLevel.MARGIN_CALL;
    default:
      return RiskLevel.UNKNOWN;
  }
}

/** A V5 account: the worse of its state and its maintenance ratio. */
export function riskLevelOfV5Account(state: string, maintenanceMargin: Decimal | null, ratio: Decimal | null): RiskLevel {
  return worseRiskLevel(riskLevelOfV5State(state), riskLevelOfMaintenanceRatio(maintenanceMargin, ratio));
}

/**
 * An isolated V5 position group by its own equity (margin + unrealized PnL): HTX's margin ratio
 * = maintenance margin / position equity (https://htx.com/support/104919792315746). Equity at or
 * below zero with margin required is past liquidation.
 */
export function riskLevelOfPositionEquity(maintenanceMargin: Decimal | null, equity: Decimal | null): RiskLevel {
  if (maintenanceMargin === null || equity === null || maintenanceMargin.lessThanOrEqualTo(0)) return RiskLevel.UNKNOWN;
  if (equity.lessThanOrEqualTo(0)) return RiskLevel.LIQUIDATION;
  return riskLevelOfMaintenanceRatio(maintenanceMargin, maintenanceMargin.dividedBy(equity));
}
