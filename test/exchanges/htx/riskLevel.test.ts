import { describe, expect, it } from "@jest/globals";
import { riskLevelOfCrossRate, riskLevelOfIsolatedRate, riskLevelOfPositionEquity, riskLevelOfV5Account } from "../../../src/exchanges/htx/riskLevel.js";
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

  it.each([
    // state, maintenance margin, maintenance_margin_rate, level
    ["normal", "120.5", "0.005675897", SAFE],
    ["normal", "120.5", "0.79999999", SAFE],
    ["normal", "120.5", "0.8", MARGIN_CALL],
    ["normal", "120.5", "1", LIQUIDATION],
    ["normal", "120.5", "-0.5", LIQUIDATION],
    ["normal", "0", "0", UNKNOWN],
    ["normal", null, null, UNKNOWN],
    ["open_limit", "120.5", "0.01", MARGIN_CALL],
    ["6", "120.5", "0.01", MARGIN_CALL],
    ["liquidating", "120.5", "0.01", LIQUIDATION],
    ["3", "0", "0", LIQUIDATION],
    ["adl", "120.5", "0.01", LIQUIDATION],
    ["5", "120.5", "0.9", LIQUIDATION],
  ])("V5 account state %s, maintenance %s, ratio %s → %s", (state, maintenance, ratio, level) => {
    expect(riskLevelOfV5Account(state, d(maintenance), d(ratio))).toBe(level);
  });

  it.each([
    // maintenance margin, position equity (margin + unrealized PnL), level
    ["40.5", "507.5", SAFE],
    ["40", "50", MARGIN_CALL],
    ["50", "50", LIQUIDATION],
    ["5", "0", LIQUIDATION],
    ["5", "-1", LIQUIDATION],
    ["0", "50", UNKNOWN],
    [null, "50", UNKNOWN],
  ])("V5 isolated position maintenance %s of equity %s → %s", (maintenance, equity, level) => {
    expect(riskLevelOfPositionEquity(d(maintenance), d(equity))).toBe(level);
  });
});
