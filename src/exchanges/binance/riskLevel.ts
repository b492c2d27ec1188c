import { Decimal } from "decimal.js";
import { Dec } from "../../domain/decimal.js";
import { RiskLevel, worseRiskLevel } from "../../domain/enums.js";

/**
 * Binance's risk figures on Coffer's one scale (SAFE / MARGIN_CALL / LIQUIDATION / UNKNOWN),
 * each line taken from Binance's own documentation. Pure: the connector passes the figures it
 * read, these functions judge them.
 */

/**
 * Isolated margin's marginLevelStatus (GET /sapi/v1/margin/isolated/account): Binance judged
 * the pair itself. EXCESSIVE and NORMAL are above the margin-call line; PRE_LIQUIDATION and
 * FORCE_LIQUIDATION are at or past the liquidation line.
 * https://developers.binance.com/docs/margin_trading/account/Query-Isolated-Margin-Account-Info
 */
export function riskLevelOfMarginStatus(status: string | null | undefined): RiskLevel {
  switch (status) {
    case "EXCESSIVE":
    case "NORMAL":
      return RiskLevel.SAFE;
    case "MARGIN_CALL":
      return RiskLevel.MARGIN_CALL;
    case "PRE_LIQUIDATION":
    case "FORCE_LIQUIDATION":
      return RiskLevel.LIQUIDATION;
    default:
      return RiskLevel.UNKNOWN;
  }
}

/** The margin levels at or below which Binance calls for margin and liquidates a cross margin account. */
export interface MarginBars {
  readonly marginCallBar: Decimal;
  readonly forceLiquidationBar: Decimal;
}

/**
 * The main account's cross margin lines by account type (GET /sapi/v1/margin/account sends the
 * level, not the lines). Cross Margin Classic (MARGIN_1): margin call at margin level ≤ 1.3 (3x;
 * the 5x line, 1.16, is lower, so 1.3 warns no later than Binance), liquidation at ≤ 1.1
 * (https://www.binance.com/en/support/faq/360030493931). Cross Margin Pro (MARGIN_2):
 * liquidation at ≤ 1.0 (https://www.binance.com/en/support/faq/0b5441a1c1ff431bb2e135dfa8e6ffba);
 * Binance publishes no Pro margin-call line there, so the Classic 1.3 is kept (it warns earlier).
 */
export function crossMarginBarsOf(accountType: string | null | undefined): MarginBars {
  const marginCallBar = new Dec("1.3");
  return accountType === "MARGIN_2" ? { marginCallBar, forceLiquidationBar: new Dec("1.0") } : { marginCallBar, forceLiquidationBar: new Dec("1.1") };
}

/**
 * A cross margin account by its margin level and lines. With nothing borrowed Binance sends a
 * placeholder level (999) and there is nothing to liquidate: UNKNOWN, not SAFE.
 */
export function riskLevelOfMarginLevel(level: Decimal | null, liability: Decimal | null, bars: MarginBars): RiskLevel {
  if (level === null || liability === null || liability.isZero()) return RiskLevel.UNKNOWN;
  if (level.lessThanOrEqualTo(bars.forceLiquidationBar)) return RiskLevel.LIQUIDATION;
  if (level.lessThanOrEqualTo(bars.marginCallBar)) return RiskLevel.MARGIN_CALL;
  return RiskLevel.SAFE;
}

/**
 * Binance futures' margin ratio: maintenance margin / margin balance, the "Margin Ratio" of
 * Binance's USDⓈ-M and COIN-M screens; liquidation when it reaches 100%. Rounded up at the 8th
 * decimal (Binance writes 8), so the figure shown never looks safer than it is. Null when there
 * is nothing to divide by.
 */
export function futuresMarginRatio(maintenanceMargin: Decimal | null, marginBalance: Decimal | null): Decimal | null {
  if (maintenanceMargin === null || marginBalance === null || marginBalance.lessThanOrEqualTo(0)) return null;
  return maintenanceMargin.dividedBy(marginBalance).toDecimalPlaces(8, Decimal.ROUND_UP);
}

/** Binance liquidates a futures account whose margin ratio reaches 100%. */
export const FUTURES_LIQUIDATION_RATIO = new Dec(1);
/**
 * The margin-call line: Binance notifies a margin call (MARGIN_CALL user-data event) "when the
 * position risk ratio is too high" without publishing the number; 80% is the level Binance's app
 * offers for its margin-ratio alert and the one Coffer uses (also for HTX, translated there).
 */
export const FUTURES_MARGIN_CALL_RATIO = new Dec("0.8");

/**
 * A futures (or options) account by maintenance margin and margin balance, judged exactly (not
 * on the rounded ratio). No maintenance margin means no position: UNKNOWN. A balance at or
 * below zero with margin required is past liquidation.
 */
export function riskLevelOfFutures(maintenanceMargin: Decimal | null, marginBalance: Decimal | null): RiskLevel {
  if (maintenanceMargin === null || marginBalance === null || maintenanceMargin.lessThanOrEqualTo(0)) return RiskLevel.UNKNOWN;
  if (marginBalance.lessThanOrEqualTo(0)) return RiskLevel.LIQUIDATION;
  const ratio = maintenanceMargin.dividedBy(marginBalance);
  if (ratio.greaterThanOrEqualTo(FUTURES_LIQUIDATION_RATIO)) return RiskLevel.LIQUIDATION;
  if (ratio.greaterThanOrEqualTo(FUTURES_MARGIN_CALL_RATIO)) return RiskLevel.MARGIN_CALL;
  return RiskLevel.SAFE;
}

/**
 * Portfolio margin (GET /papi/v1/account). uniMMR: above 1.5 trade freely; 1.2–1.5 a margin
 * call reminder; 1.05–1.2 reduce-only; 1.05 and below liquidation
 * (https://www.binance.com/en/support/faq/binance-portfolio-margin-pro-maintenance-margin-ratio-calculation-5e33af8e6ac04d57a1d0a3398e0a0752).
 * accountStatus: NORMAL; MARGIN_CALL, SUPPLY_MARGIN, REDUCE_ONLY; ACTIVE_LIQUIDATION,
 * FORCE_LIQUIDATION, BANKRUPTED (https://developers.binance.com/docs/derivatives/portfolio-margin/account).
 * The worse of the two wins: the status can lag the ratio, never the other way round.
 */
export function riskLevelOfPortfolioMargin(uniMMR: Decimal | null, accountStatus: string | null | undefined): RiskLevel {
  return worseRiskLevel(riskLevelOfUniMmr(uniMMR), riskLevelOfAccountStatus(accountStatus));
}

export function riskLevelOfUniMmr(uniMMR: Decimal | null): RiskLevel {
  if (uniMMR === null) return RiskLevel.UNKNOWN;
  if (uniMMR.lessThanOrEqualTo("1.05")) return RiskLevel.LIQUIDATION;
  if (uniMMR.lessThanOrEqualTo("1.5")) return RiskLevel.MARGIN_CALL;
  return RiskLevel.SAFE;
}

export function riskLevelOfAccountStatus(accountStatus: string | null | undefined): RiskLevel {
  switch (accountStatus) {
    case "NORMAL":
      return RiskLevel.SAFE;
    case "MARGIN_CALL":
    case "SUPPLY_MARGIN":
    case "REDUCE_ONLY":
      return RiskLevel.MARGIN_CALL;
    case "ACTIVE_LIQUIDATION":
    case "FORCE_LIQUIDATION":
    case "BANKRUPTED":
      return RiskLevel.LIQUIDATION;
    default:
      return RiskLevel.UNKNOWN;
  }
}
