import { afterEach, describe, expect, it } from "@jest/globals";
import { Decimal } from "decimal.js";
import type { AccountKey } from "../../../src/domain/accountKey.js";
import { Dec } from "../../../src/domain/decimal.js";
import { AccountType, Exchange, RiskLevel } from "../../../src/domain/enums.js";
import type { MarginDetails } from "../../../src/domain/margin.js";
import { binanceDemoState } from "../../../src/exchanges/binance/simulator/demoState.js";
import type { BinanceSimState, SimUsdmPosition } from "../../../src/exchanges/binance/simulator/state.js";
import { until } from "../../support/fleetCoffer.js";
import { CONNECTION_ID, startHarness, type Harness } from "./harness.js";

const key = (type: AccountType): AccountKey => ({ connectionId: CONNECTION_ID, exchange: Exchange.BINANCE, type, symbol: null, subAccountEmail: null });
const str = (d: { toFixed(): string } | null) => (d === null ? null : d.toFixed());
/** The margin ratio as Coffer defines it, computed here from the simulator's state. */
const ratio = (maint: string, balance: Decimal) => new Dec(maint).dividedBy(balance).toDecimalPlaces(8, Decimal.ROUND_UP).toFixed();

async function margin(h: Harness, type: AccountType): Promise<MarginDetails> {
  const [details] = await h.connector.loadMargins([key(type)]);
  if (details instanceof Error || details === null) throw details ?? new Error("no margin");
  return details;
}

const position = (overrides: Partial<SimUsdmPosition> & Pick<SimUsdmPosition, "symbol" | "positionAmt">): SimUsdmPosition => ({
  unrealizedProfit: "0",
  initialMargin: "10",
  maintMargin: "1",
  notional: "100",
  ...overrides,
});

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe("Binance USDⓈ-M risk through the simulator", () => {
  it("fills margin balance, maintenance margin, margin ratio and each position's leverage and liquidation price from the state, exactly", async () => {
    const demo = binanceDemoState();
    const state: BinanceSimState = {
      ...demo,
      usdm: { USDT: { free: "100.000000000000000001", locked: "900", unrealizedProfit: "-0.5", maintMargin: "850.123456789012345678" } },
      usdmPositions: [
        position({ symbol: "BTCUSDT", positionSide: "LONG", positionAmt: "0.5", unrealizedProfit: "-0.5", leverage: "50", liquidationPrice: "61234.567890123456789012" }),
        position({ symbol: "BTCUSDT", positionSide: "SHORT", positionAmt: "-0.1", leverage: "50", liquidationPrice: "70001.1" }),
        // No leverage in symbolConfig, no liquidation price in position risk (Binance sends "0").
        position({ symbol: "XRPUSDT", positionAmt: "1000" }),
        position({ symbol: "SOLUSDT", positionAmt: "0.000", leverage: "3" }),
      ],
    };
    h = await startHarness({ state });
    const d = await margin(h, AccountType.USDM_FUTURES);
    const balance = new Dec("100.000000000000000001").plus("900").plus("-0.5");
    expect([str(d.marginBalance), str(d.maintenanceMargin), str(d.riskRate), str(d.availableMargin)]).toEqual([
      balance.toFixed(),
      "850.123456789012345678",
      ratio("850.123456789012345678", balance),
      "100.000000000000000001",
    ]);
    // 850.12 of 999.5: past Binance's 80% margin-call line, short of 100%.
    expect(d.riskLevel).toBe(RiskLevel.MARGIN_CALL);
    expect(d.contracts.map((c) => [c.contractCode, str(c.leverage), str(c.liquidationPrice), str(c.unrealizedPnl)])).toEqual([
      ["BTCUSDT:LONG", "50", "61234.567890123456789012", "-0.5"],
      ["BTCUSDT:SHORT", "50", "70001.1", "0"],
      ["XRPUSDT", null, "0", "0"],
    ]);
    expect(h.sim.callsTo("/fapi/v3/positionRisk")).toHaveLength(1);
    expect(h.sim.callsTo("/fapi/v1/symbolConfig")).toHaveLength(1);
  });

  it("reads position risk only while the account holds a position (the first read of a process guesses it does)", async () => {
    const demo = binanceDemoState();
    h = await startHarness({ state: { ...demo, usdmPositions: [position({ symbol: "BTCUSDT", positionAmt: "0", leverage: "5" })] } });
    const first = await margin(h, AccountType.USDM_FUTURES);
    expect(first.contracts).toEqual([]);
    expect(str(first.maintenanceMargin)).toBe(new Dec(demo.usdm.USDT.maintMargin!).toFixed());
    // Nothing known yet: the risk reads were asked for with the account read, on the guess of a
    // position (they may still be on their way: the answer did not wait for them).
    await until("the guessed risk reads arrive", () => h!.sim.callsTo("/fapi/v1/symbolConfig").length === 1, 5000);
    expect(h.sim.callsTo("/fapi/v3/positionRisk")).toHaveLength(1);
    expect(h.sim.callsTo("/fapi/v1/symbolConfig")).toHaveLength(1);
    h.cache.invalidate(CONNECTION_ID);
    const second = await margin(h, AccountType.USDM_FUTURES);
    expect(second.contracts).toEqual([]);
    // The flat account is known now: no risk read.
    expect(h.sim.callsTo("/fapi/v3/account")).toHaveLength(2);
    expect(h.sim.callsTo("/fapi/v3/positionRisk")).toHaveLength(1);
    expect(h.sim.callsTo("/fapi/v1/symbolConfig")).toHaveLength(1);
  });

  it("a position opened after a flat read is read with its risk (one step later); while it is open the risk leaves with the account read", async () => {
    const demo = binanceDemoState();
    const state: BinanceSimState = { ...demo, usdmPositions: [] };
    h = await startHarness({ state });
    expect((await margin(h, AccountType.USDM_FUTURES)).contracts).toEqual([]);
    (state as { usdmPositions: BinanceSimState["usdmPositions"] }).usdmPositions = [
      position({ symbol: "BTCUSDT", positionAmt: "0.5", leverage: "20", liquidationPrice: "51000.5" }),
    ];
    h.cache.invalidate(CONNECTION_ID);
    h.sim.faults.latencyMs = 150;
    const opened = await margin(h, AccountType.USDM_FUTURES);
    expect(opened.contracts.map((c) => [c.contractCode, str(c.leverage), str(c.liquidationPrice)])).toEqual([["BTCUSDT", "20", "51000.5"]]);
    const arrivals = (path: string) => h!.sim.callsTo(path).map((c) => c.at);
    // Flat before: the risk read waited for the account's answer.
    expect(arrivals("/fapi/v3/positionRisk").at(-1)!).toBeGreaterThanOrEqual(arrivals("/fapi/v3/account").at(-1)! + 150);
    h.cache.invalidate(CONNECTION_ID);
    const again = await margin(h, AccountType.USDM_FUTURES);
    expect(again.contracts).toEqual(opened.contracts);
    // Open before: the risk and leverage reads arrived before the account's answer could leave.
    expect(arrivals("/fapi/v3/positionRisk").at(-1)!).toBeLessThan(arrivals("/fapi/v3/account").at(-1)! + 150);
    expect(arrivals("/fapi/v1/symbolConfig").at(-1)!).toBeLessThan(arrivals("/fapi/v3/account").at(-1)! + 150);
  });

  it("an account read that fails drops the guess: a key that cannot read futures is not charged risk reads again", async () => {
    h = await startHarness({ state: binanceDemoState() });
    h.sim.faults.fail5xx = 100;
    h.sim.faults.only = /^\/fapi\/v3\/account$/;
    expect(await h.connector.loadMargins([key(AccountType.USDM_FUTURES)]).then(([d]) => d)).toBeInstanceOf(Error);
    await until("the guessed risk read arrives", () => h!.sim.callsTo("/fapi/v3/positionRisk").length === 1, 5000);
    h.cache.invalidate(CONNECTION_ID);
    expect(await h.connector.loadMargins([key(AccountType.USDM_FUTURES)]).then(([d]) => d)).toBeInstanceOf(Error);
    await new Promise((resolve) => setTimeout(resolve, 300)); // room for a risk read that should not come
    expect(h.sim.callsTo("/fapi/v3/positionRisk")).toHaveLength(1);
  });

  it("balances and margins of one batch share the account read and its position risk", async () => {
    h = await startHarness({ state: binanceDemoState() });
    await Promise.all([h.connector.loadBalances([key(AccountType.USDM_FUTURES)]), h.connector.loadMargins([key(AccountType.USDM_FUTURES)]), margin(h, AccountType.USDM_FUTURES)]);
    expect(h.sim.callsTo("/fapi/v3/account")).toHaveLength(1);
    expect(h.sim.callsTo("/fapi/v3/positionRisk")).toHaveLength(1);
    expect(h.sim.callsTo("/fapi/v1/symbolConfig")).toHaveLength(1);
  });
});

describe("Binance COIN-M risk through the simulator", () => {
  it("one coin held: its margin balance, maintenance margin, margin ratio; liquidation price per position", async () => {
    const demo = binanceDemoState();
    h = await startHarness({ state: demo });
    const d = await margin(h, AccountType.COINM_FUTURES);
    const btc = demo.coinm.BTC;
    const balance = new Dec(btc.free).plus(btc.locked!).plus(btc.unrealizedProfit!);
    expect([d.marginAsset, str(d.marginBalance), str(d.maintenanceMargin), str(d.riskRate), d.riskLevel]).toEqual([
      "BTC",
      balance.toFixed(),
      new Dec(btc.maintMargin!).toFixed(),
      ratio(btc.maintMargin!, balance),
      RiskLevel.SAFE,
    ]);
    const [p] = demo.coinmPositions!;
    expect(d.contracts.map((c) => [c.contractCode, str(c.leverage), str(c.liquidationPrice)])).toEqual([
      [p.symbol, new Dec(p.leverage).toFixed(), new Dec(p.liquidationPrice!).toFixed()],
    ]);
    expect(h.sim.callsTo("/dapi/v1/positionRisk")).toHaveLength(1);
  });

  it("two coins held: the account figures stay null (coins do not add up), the level is the worse coin's", async () => {
    const demo = binanceDemoState();
    h = await startHarness({
      state: {
        ...demo,
        coinm: { ...demo.coinm, ETH: { free: "0.1", locked: "0.9", unrealizedProfit: "-0.05", maintMargin: "0.95" } },
      },
    });
    const d = await margin(h, AccountType.COINM_FUTURES);
    expect([d.marginAsset, d.marginBalance, d.maintenanceMargin, d.riskRate]).toEqual([null, null, null, null]);
    // ETH: 0.95 needed of 0.95 equity, a margin ratio of 100%.
    expect(d.riskLevel).toBe(RiskLevel.LIQUIDATION);
  });
});

describe("Binance portfolio margin risk through the simulator", () => {
  it.each([
    ["5.23947894", "NORMAL", RiskLevel.SAFE],
    ["1.31", "MARGIN_CALL", RiskLevel.MARGIN_CALL],
    ["1.1", "NORMAL", RiskLevel.MARGIN_CALL],
    ["1.04", "REDUCE_ONLY", RiskLevel.LIQUIDATION],
    ["2.5", "FORCE_LIQUIDATION", RiskLevel.LIQUIDATION],
  ])("uniMMR %s with accountStatus %s → %s, with equity and maintenance margin as sent", async (uniMMR, accountStatus, level) => {
    const demo = binanceDemoState();
    const account = { ...demo.portfolioMarginAccount!, uniMMR, accountStatus, accountMaintMargin: "430.000000000000000001" };
    h = await startHarness({ state: { ...demo, portfolioMarginAccount: account } });
    const d = await margin(h, AccountType.PORTFOLIO_MARGIN);
    expect([str(d.marginLevel), d.marginLevelStatus, str(d.maintenanceMargin), str(d.marginBalance), d.riskRate, d.riskLevel]).toEqual([
      new Dec(uniMMR).toFixed(),
      accountStatus,
      "430.000000000000000001",
      new Dec(account.accountEquity).toFixed(),
      null,
      level,
    ]);
  });
});
