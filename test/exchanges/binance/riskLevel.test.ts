import { describe, expect, it } from "@jest/globals";
import {
  crossMarginBarsOf,
  futuresMarginRatio,
  riskLevelOfAccountStatus,
  riskLevelOfFutures,
  riskLevelOfMarginLevel,
  riskLevelOfMarginStatus,
  riskLevelOfPortfolioMargin,
  riskLevelOfUniMmr,
} from "../../../src/exchanges/binance/riskLevel.js";
import { Dec, formatDecimal } from "../../../src/domain/decimal.js";
import { RiskLevel } from "../../../src/domain/enums.js";

const d = (text: string | null) => (text === null ? null : new Dec(text));
const { SAFE, MARGIN_CALL, LIQUIDATION, UNKNOWN } = RiskLevel;

describe("Binance risk on Coffer's scale", () => {
  it.each([
    ["EXCESSIVE", SAFE],
    ["NORMAL", SAFE],
    ["MARGIN_CALL", MARGIN_CALL],
    ["PRE_LIQUIDATION", LIQUIDATION],
    ["FORCE_LIQUIDATION", LIQUIDATION],
    ["SOMETHING_NEW", UNKNOWN],
    ["", UNKNOWN],
    [null, UNKNOWN],
  ])("isolated marginLevelStatus %s → %s", (status, level) => {
    expect(riskLevelOfMarginStatus(status)).toBe(level);
  });

  it.each([
    // accountType, margin level, liability (BTC), level
    ["MARGIN_1", "11.64", "0.1", SAFE],
    ["MARGIN_1", "1.30000001", "0.1", SAFE],
    ["MARGIN_1", "1.3", "0.1", MARGIN_CALL],
    ["MARGIN_1", "1.10000001", "0.1", MARGIN_CALL],
    ["MARGIN_1", "1.1", "0.1", LIQUIDATION],
    ["MARGIN_1", "0.5", "0.1", LIQUIDATION],
    [null, "1.2", "0.1", MARGIN_CALL],
    ["MARGIN_2", "1.05", "0.1", MARGIN_CALL],
    ["MARGIN_2", "1.0", "0.1", LIQUIDATION],
    // Nothing borrowed: Binance's 999 is a placeholder, nothing can be liquidated.
    ["MARGIN_1", "999", "0", UNKNOWN],
    ["MARGIN_1", null, "0.1", UNKNOWN],
    ["MARGIN_1", "2", null, UNKNOWN],
  ])("cross margin %s level %s with liability %s → %s", (accountType, level, liability, expected) => {
    expect(riskLevelOfMarginLevel(d(level), d(liability), crossMarginBarsOf(accountType))).toBe(expected);
  });

  it.each([
    // maintenance margin, margin balance, ratio, level
    ["72", "9964.88", "0.00722538", SAFE],
    ["79.99999999", "100", "0.8", SAFE],
    ["80", "100", "0.8", MARGIN_CALL],
    ["99.99", "100", "0.9999", MARGIN_CALL],
    ["100", "100", "1", LIQUIDATION],
    ["150", "100", "1.5", LIQUIDATION],
    ["5", "0", null, LIQUIDATION],
    ["5", "-3", null, LIQUIDATION],
    ["0", "100", "0", UNKNOWN],
    ["0", "0", null, UNKNOWN],
    [null, "100", null, UNKNOWN],
    ["1", null, null, UNKNOWN],
  ])("futures maint %s / balance %s → ratio %s, %s", (maint, balance, ratio, level) => {
    const r = futuresMarginRatio(d(maint), d(balance));
    expect(r === null ? null : formatDecimal(r)).toBe(ratio);
    expect(riskLevelOfFutures(d(maint), d(balance))).toBe(level);
  });

  it("rounds the margin ratio up at the 8th decimal, never showing it safer than it is", () => {
    expect(formatDecimal(futuresMarginRatio(new Dec("1"), new Dec("3"))!)).toBe("0.33333334");
  });

  it.each([
    ["5239.47894981", SAFE],
    ["1.50000001", SAFE],
    ["1.5", MARGIN_CALL],
    ["1.2", MARGIN_CALL],
    ["1.05000001", MARGIN_CALL],
    ["1.05", LIQUIDATION],
    ["0.9", LIQUIDATION],
    [null, UNKNOWN],
  ])("portfolio margin uniMMR %s → %s", (uniMMR, level) => {
    expect(riskLevelOfUniMmr(d(uniMMR))).toBe(level);
  });

  it.each([
    ["NORMAL", SAFE],
    ["MARGIN_CALL", MARGIN_CALL],
    ["SUPPLY_MARGIN", MARGIN_CALL],
    ["REDUCE_ONLY", MARGIN_CALL],
    ["ACTIVE_LIQUIDATION", LIQUIDATION],
    ["FORCE_LIQUIDATION", LIQUIDATION],
    ["BANKRUPTED", LIQUIDATION],
    ["?", UNKNOWN],
    [undefined, UNKNOWN],
  ])("portfolio margin accountStatus %s → %s", (status, level) => {
    expect(riskLevelOfAccountStatus(status)).toBe(level);
  });

  it.each([
    ["5.2", "NORMAL", SAFE],
    ["5.2", "REDUCE_ONLY", MARGIN_CALL],
    ["1.4", "NORMAL", MARGIN_CALL],
    ["1.01", "MARGIN_CALL", LIQUIDATION],
    ["3", "FORCE_LIQUIDATION", LIQUIDATION],
    [null, "NORMAL", SAFE],
    ["1.4", undefined, MARGIN_CALL],
    [null, undefined, UNKNOWN],
  ])("portfolio margin uniMMR %s with status %s → the worse: %s", (uniMMR, status, level) => {
    expect(riskLevelOfPortfolioMargin(d(uniMMR), status)).toBe(level);
  });
});
