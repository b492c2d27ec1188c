import type { Decimal } from "decimal.js";
import { Dec } from "../../domain/decimal.js";
import { RiskLevel } from "../../domain/enums.js";

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
