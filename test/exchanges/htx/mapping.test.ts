import { describe, expect, it } from "@jest/globals";
import type { Decimal } from "decimal.js";
import { parseJsonExact } from "../../../src/exchanges/kit/parseJsonExact.js";
import { contractBalanceOf, crossAccountOf, isolatedAccountsOf, unifiedAccountsOf } from "../../../src/exchanges/htx/contractMapping.js";
import { ledgerTransferOf } from "../../../src/exchanges/htx/historyMapping.js";
import { spotAccountIdOf, spotBalancesOf } from "../../../src/exchanges/htx/mapping.js";
import type { HtxCrossAccountWire, HtxIsolatedAccountWire, HtxLedgerRowWire, HtxUnifiedAccountWire } from "../../../src/exchanges/htx/wire.js";
import { wireOptionalDecimal } from "../../../src/exchanges/kit/wireValues.js";
import { formatDecimal, parseDecimal } from "../../../src/domain/decimal.js";
import { AccountType, Exchange, MarginMode, RiskLevel, TransferStatus } from "../../../src/domain/enums.js";
import { REF_ACCOUNTS, REF_ISOLATED_ACCOUNT_INFO, REF_LEDGER, REF_SPOT_BALANCE, SEED_CROSS_ACCOUNT_INFO } from "./seedExamples.js";

/** Every Decimal as its exact text, so expectations read like the wire. */
function plain(value: unknown): unknown {
  if (value && typeof value === "object" && "toFixed" in value && "isZero" in value) return formatDecimal(value as Decimal);
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}
const data = (text: string) => (parseJsonExact(text) as { data: unknown }).data;

const seedDetail = (contractCode: string, contractType: string, businessType: string) => ({
  symbol: "BTC",
  contractCode,
  contractType,
  businessType,
  pair: "BTC-USDT",
  leverage: "5",
  positionMargin: "0",
  frozenMargin: "0",
  availableMargin: "10000",
  unrealizedPnl: "0",
  liquidationPrice: null,
  adjustFactor: "0.04",
  crossMaxAvailable: null,
});

describe("wire → domain mappings", () => {
  it("HTX's documented cross account example maps field by field", () => {
    const account = crossAccountOf(data(SEED_CROSS_ACCOUNT_INFO) as HtxCrossAccountWire[]);
    expect(plain(account)).toEqual({
      symbol: null,
      balances: [{ asset: "USDT", free: "10000", locked: "0", borrowed: "0", interest: "0", total: "10000", net: "10000" }],
      margin: {
        mode: MarginMode.CROSS,
        symbol: null,
        marginAsset: "USDT",
        marginBalance: "10000",
        marginStatic: "10000",
        positionMargin: "0",
        frozenMargin: "0",
        availableMargin: null,
        unrealizedPnl: "0",
        withdrawAvailable: "10000",
        maintenanceMargin: null,
        riskRate: null,
        riskLevel: RiskLevel.UNKNOWN,
        marginLevel: null,
        marginLevelStatus: null,
        liquidationPrice: null,
        totalAssetOfBtc: null,
        totalLiabilityOfBtc: null,
        totalNetAssetOfBtc: null,
        positionMode: "dual_side",
        contracts: [
          seedDetail("BTC-USDT", "swap", "swap"),
          seedDetail("BTC-USDT-211217", "next_week", "futures"),
          seedDetail("BTC-USDT-211210", "this_week", "futures"),
          seedDetail("BTC-USDT-211231", "quarter", "futures"),
        ],
      },
    });
  });

  it("no cross rows → no cross account", () => {
    expect(crossAccountOf([])).toBeNull();
  });

  it("the isolated example maps to an ISOLATED account named by its contract code", () => {
    const [account] = isolatedAccountsOf(data(REF_ISOLATED_ACCOUNT_INFO) as HtxIsolatedAccountWire[]);
    expect(plain(account)).toEqual({
      symbol: "BTC-USDT",
      balances: [{ asset: "USDT", free: "87.02505884", locked: "12.73", borrowed: "0", interest: "0", total: "99.75505884", net: "99.75505884" }],
      margin: {
        mode: MarginMode.ISOLATED,
        symbol: "BTC-USDT",
        marginAsset: "USDT",
        marginBalance: "99.75505884",
        marginStatic: "99.75505884",
        positionMargin: "0",
        frozenMargin: "12.73",
        availableMargin: "87.02505884",
        unrealizedPnl: "0",
        withdrawAvailable: "87.02505884",
        maintenanceMargin: null,
        riskRate: "7.761218290652003",
        riskLevel: RiskLevel.SAFE,
        marginLevel: null,
        marginLevelStatus: null,
        liquidationPrice: null,
        totalAssetOfBtc: null,
        totalLiabilityOfBtc: null,
        totalNetAssetOfBtc: null,
        positionMode: "dual_side",
        contracts: [
          {
            symbol: "BTC",
            contractCode: "BTC-USDT",
            contractType: "swap",
            businessType: "swap",
            pair: null,
            leverage: "10",
            positionMargin: "0",
            frozenMargin: "12.73",
            availableMargin: "87.02505884",
            unrealizedPnl: "0",
            liquidationPrice: null,
            adjustFactor: "0.075",
            crossMaxAvailable: null,
          },
        ],
      },
    });
  });

  it("unified: one cross account per margin asset row, cross_future and cross_futures both read, isolated_swap without balances", () => {
    const rows = data(
      `{"data":[{"margin_asset":"USDT","margin_balance":100.10000000000000000555,"margin_static":100,"cross_margin_static":100,"cross_profit_unreal":0.1,"margin_frozen":5,"withdraw_available":80,"cross_risk_rate":null,"userId":null,
        "cross_swap":[{"symbol":"BTC","contract_code":"BTC-USDT","margin_mode":"cross","margin_available":80,"cross_max_available":"","lever_rate":5,"contract_type":"swap","business_type":"swap"}],
        "cross_future":[{"symbol":"BTC","contract_code":"BTC-USDT-210625","margin_mode":"cross","margin_available":80,"cross_max_available":12.5,"lever_rate":5,"contract_type":"quarter","business_type":"futures"}],
        "cross_futures":[{"symbol":"ETH","contract_code":"ETH-USDT-210625","margin_mode":"cross","margin_available":80,"cross_max_available":1,"lever_rate":3,"contract_type":"quarter","business_type":"futures"},{"symbol":"BTC","contract_code":"BTC-USDT-210625","margin_mode":"cross","margin_available":80,"cross_max_available":12.5,"lever_rate":5,"contract_type":"quarter","business_type":"futures"}],
        "isolated_swap":[{"symbol":"ETH","contract_code":"ETH-USDT","margin_mode":"isolated","margin_available":3,"withdraw_available":2.5,"lever_rate":10,"position_mode":"single_side"}]}]}`,
    ) as HtxUnifiedAccountWire[];
    const [cross, eth] = unifiedAccountsOf(rows);
    expect(plain(cross.balances)).toEqual([
      { asset: "USDT", free: "80", locked: "20.10000000000000000555", borrowed: "0", interest: "0", total: "100.10000000000000000555", net: "100.10000000000000000555" },
    ]);
    expect(cross.margin.mode).toBe(MarginMode.CROSS);
    expect(cross.margin.riskRate).toBeNull();
    expect(formatDecimal(cross.margin.unrealizedPnl!)).toBe("0.1");
    expect(cross.margin.contracts.map((c) => [c.contractCode, c.crossMaxAvailable && formatDecimal(c.crossMaxAvailable)])).toEqual([
      ["BTC-USDT", null],
      ["BTC-USDT-210625", "12.5"],
      ["ETH-USDT-210625", "1"],
    ]);
    expect(eth.symbol).toBe("ETH-USDT");
    expect(eth.balances).toEqual([]);
    expect(plain([eth.margin.mode, eth.margin.withdrawAvailable, eth.margin.positionMode, eth.margin.contracts[0].leverage])).toEqual([
      MarginMode.ISOLATED,
      "2.5",
      "single_side",
      "10",
    ]);
  });

  it("spot: trade + frozen rows per currency, the accounts list gives the spot id", () => {
    expect(spotAccountIdOf(data(REF_ACCOUNTS) as never)).toBe("10000001");
    expect(spotAccountIdOf([])).toBeNull();
    expect(plain(spotBalancesOf(data(REF_SPOT_BALANCE) as never))).toEqual([
      { asset: "USDT", free: "91.850043797676510303", locked: "5.160000000000000015", borrowed: "0", interest: "0", total: "97.010043797676510318", net: "97.010043797676510318" },
    ]);
  });

  it("contract balance: free = withdraw_available, locked = margin_balance − withdraw_available", () => {
    expect(plain(contractBalanceOf("usdt", parseDecimal("10"), parseDecimal("7.5")))).toMatchObject({ asset: "USDT", free: "7.5", locked: "2.5", total: "10" });
  });

  it.each<[unknown, string | null]>([
    [null, null],
    ["", null],
    [undefined, null],
    [parseJsonExact("0.10000000000000000555"), "0.10000000000000000555"],
    [parseJsonExact("1E-8"), "0.00000001"],
    [parseJsonExact("-3"), "-3"],
    ["12.50", "12.5"],
  ])("wire decimal %p → %p", (wire, expected) => {
    const value = wireOptionalDecimal(wire, "f");
    expect(value === null ? null : formatDecimal(value)).toBe(expected);
  });

  it("wire decimals refuse what is not a number", () => {
    expect(() => wireOptionalDecimal(true, "f")).toThrow(TypeError);
    expect(() => wireOptionalDecimal("abc", "f")).toThrow(TypeError);
  });
});

describe("ledger rows → ExchangeTransfer", () => {
  const row = (over: Record<string, string | number>) =>
    (
      data(
        `{"data":[${JSON.stringify({ accountId: 10000001, currency: "usdt", transactAmt: 10, transactType: "transfer", transferType: "spot-to-linear-swap", transactId: 176104252, transactTime: 1629882331066, transferer: 1, transferee: 2, ...over })}]}`,
      ) as HtxLedgerRowWire[]
    )[0];

  it("ignores transfer types other than spot ↔ linear-swap (the reference example)", () => {
    const [example] = data(REF_LEDGER) as HtxLedgerRowWire[];
    expect(ledgerTransferOf("htx-1", example)).toBeNull();
  });

  it.each([
    ["spot-to-linear-swap", -10.5, AccountType.SPOT, AccountType.USDM_FUTURES],
    ["linear-swap-to-spot", 10.5, AccountType.USDM_FUTURES, AccountType.SPOT],
  ])("%s with transactAmt %p", (transferType, amount, from, to) => {
    const transfer = ledgerTransferOf("htx-1", row({ transferType, transactAmt: amount }));
    expect(plain(transfer)).toEqual({
      connectionId: "htx-1",
      exchange: Exchange.HTX,
      exchangeTransferId: "176104252",
      asset: "USDT",
      amount: "10.5",
      from: { type: from, symbol: null },
      to: { type: to, symbol: null },
      subAccountEmail: null,
      status: TransferStatus.CONFIRMED,
      createdAt: "2021-08-25T09:05:31.066Z",
    });
  });
});
