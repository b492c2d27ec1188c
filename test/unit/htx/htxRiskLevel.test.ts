import { describe, expect, it } from "@jest/globals";
import { riskLevelOfCrossRate, riskLevelOfIsolatedRate } from "../../../src/connectors/htx/htxRiskLevel.js";
import { Dec } from "../../../src/domain/decimal.js";
import { RiskLevel } from "../../../src/domain/enums.js";

const d = (text: string | null) => (text === null ? null : new Dec(text));
const { SAFE, MARGIN_CALL, LIQUIDATION, UNKNOWN } = RiskLevel;

describe("HTX risk_rate on Coffer's scale", () => {
  it.each([
    ["25.68347743773394", SAFE],
    ["0.25000001", SAFE],
    ["0.25", MARGIN_CALL],
    ["0.01", MARGIN_CALL],
    ["0", LIQUIDATION],
    ["-0.3", LIQUIDATION],
    [null, UNKNOWN],
  ])("cross risk_rate %s → %s", (rate, level) => {
    expect(riskLevelOfCrossRate(d(rate))).toBe(level);
  });

  it.each([
    // risk_rate, adjust_factor, level (margin call at 0.25 × adjust factor)
    ["7.761218290652003", "0.075", SAFE],
    ["0.01875001", "0.075", SAFE],
    ["0.01875", "0.075", MARGIN_CALL],
    ["0.001", "0.075", MARGIN_CALL],
    ["0", "0.075", LIQUIDATION],
    ["-1", "0.075", LIQUIDATION],
    ["0.001", null, SAFE],
    ["0", null, LIQUIDATION],
    [null, "0.05", UNKNOWN],
  ])("isolated risk_rate %s with adjust factor %s → %s", (rate, adjust, level) => {
    expect(riskLevelOfIsolatedRate(d(rate), d(adjust))).toBe(level);
  });
});
