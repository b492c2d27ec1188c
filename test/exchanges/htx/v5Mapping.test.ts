import { describe, expect, it } from "@jest/globals";
import { parseJsonExact } from "../../../src/exchanges/kit/parseJsonExact.js";
import { assetModeOf, v5AccountsOf, v5BalanceOf } from "../../../src/exchanges/htx/v5Mapping.js";
import type { HtxV5AssetModeWire, HtxV5BalanceWire, HtxV5PositionWire } from "../../../src/exchanges/htx/wire.js";
import { formatDecimal } from "../../../src/domain/decimal.js";

const s = (v: { toFixed(): string } | null) => (v === null ? null : formatDecimal(v as never));
const wire = <T>(text: string) => parseJsonExact(text) as T;

/** GET /v5/account/balance, the page's own example (a negative USDT equity, BTC as collateral). */
const PAGE_BALANCE = `{"available_margin":"74997.0030803324","created_time":1736736784249,"details":[
 {"available":"-0.0050448676","created_time":1736756095314,"currency":"USDT","equity":"-0.0969198676","initial_margin":"2.8999998","initial_margin_rate":"-29.921623623844075494","maintenance_margin":"0.05437499625","maintenance_margin_rate":"-0.561030442947076415","profit_unreal":"-0.091875","voucher":"","voucher_value":"","withdraw_available":"123456","updated_time":1736995068674},
 {"available":"1","created_time":1736994815496,"currency":"BTC","equity":"1","initial_margin":"0","initial_margin_rate":"0","maintenance_margin":"0","maintenance_margin_rate":"0","profit_unreal":"0","voucher":"","voucher_value":"","withdraw_available":"123456","updated_time":1736994815496}],
 "equity":"74999.9030801324","initial_margin":"2.8999998","maintenance_margin":"0.05437499625","maintenance_margin_rate":"0.000000725000886893","profit_unreal":"-0.091875","state":"normal","voucher_value":"","updated_time":1736995068674}`;

describe("HTX V5 (Multi-Assets Collateral) wire → domain", () => {
  it.each([
    ['{"asset_mode":1}', "1"],
    ['{"assets_mode":0}', "0"],
    ['{"asset_mode":"1"}', "1"],
  ])("asset mode %s → %s", (text, mode) => {
    expect(assetModeOf(wire<HtxV5AssetModeWire>(text))).toBe(mode);
  });

  it("refuses an asset-mode answer without the field instead of guessing a mode", () => {
    expect(() => assetModeOf(wire<HtxV5AssetModeWire>("{}"))).toThrow(TypeError);
  });

  it.each([
    // equity, withdraw_available → free, locked, borrowed
    ['{"currency":"USDT","equity":"100.5","withdraw_available":"80"}', ["USDT", "80", "20.5", "0"]],
    // HTX's example sends a withdrawable above the equity: capped.
    ['{"currency":"BTC","equity":"1","withdraw_available":"123456"}', ["BTC", "1", "0", "0"]],
    ['{"currency":"ETH","equity":"2","withdraw_available":"-1"}', ["ETH", "0", "2", "0"]],
    // A negative equity is owed, not held.
    ['{"currency":"USDT","equity":"-0.0969198676","withdraw_available":"123456"}', ["USDT", "0", "0", "0.0969198676"]],
  ])("collateral %s", (text, expected) => {
    const b = v5BalanceOf(wire(text));
    expect([b.asset, s(b.free), s(b.locked), s(b.borrowed)]).toEqual(expected);
  });

  it("the page's example: one cross account, figures as sent, no position means nothing to judge", () => {
    const [cross, ...isolated] = v5AccountsOf(wire<HtxV5BalanceWire>(PAGE_BALANCE), []);
    expect(isolated).toEqual([]);
    expect([cross.symbol, s(cross.margin.marginBalance), s(cross.margin.maintenanceMargin), s(cross.margin.riskRate), cross.margin.riskLevel]).toEqual([
      null,
      "74999.9030801324",
      "0.05437499625",
      "0.000000725000886893",
      "SAFE",
    ]);
    expect(cross.balances.map((b) => [b.asset, s(b.total), s(b.net)])).toEqual([
      ["USDT", "0", "-0.0969198676"],
      ["BTC", "1", "1"],
    ]);
  });

  it("positions: cross ones on the account, isolated ones grouped per contract", () => {
    const position = (code: string, side: string, mode: string, extra = "") =>
      `{"contract_code":"${code}","position_side":"${side}","margin_mode":"${mode}","volume":"1","lever_rate":20,"liquidation_price":"","margin":"10","initial_margin":"10","maintenance_margin":"9","profit_unreal":"1.5","contract_type":"swap"${extra}}`;
    const positions = wire<HtxV5PositionWire[]>(
      `[${position("BTC-USDT", "long", "cross")},${position("ETH-USDT", "long", "isolated")},${position("ETH-USDT", "short", "isolated")},${position("BTC-USDT-260925", "both", "cross", ',"contract_type":"quarter"')}]`,
    );
    const [cross, eth] = v5AccountsOf(wire<HtxV5BalanceWire>(PAGE_BALANCE), positions);
    expect(cross.margin.contracts.map((c) => [c.contractCode, c.contractType, c.businessType, c.pair, s(c.leverage), c.liquidationPrice])).toEqual([
      ["BTC-USDT:LONG", "swap", "swap", "BTC-USDT", "20", null],
      ["BTC-USDT-260925", "quarter", "futures", "BTC-USDT", "20", null],
    ]);
    // Two sides of ETH-USDT: equity 2 × (10 + 1.5), maintenance 18 → 78% of equity, just short of the margin call.
    expect([eth.symbol, eth.margin.mode, s(eth.margin.marginBalance), s(eth.margin.maintenanceMargin), eth.margin.liquidationPrice, eth.margin.riskLevel]).toEqual([
      "ETH-USDT",
      "ISOLATED",
      "23",
      "18",
      null,
      "SAFE",
    ]);
    expect(eth.balances).toEqual([]);
  });
});
