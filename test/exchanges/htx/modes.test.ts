import { afterEach, describe, expect, it } from "@jest/globals";
import type { Balance } from "../../../src/domain/balance.js";
import { Dec, formatDecimal } from "../../../src/domain/decimal.js";
import { AccountType, Exchange, RiskLevel } from "../../../src/domain/enums.js";
import { UpstreamRejectedError } from "../../../src/domain/errors.js";
import type { MarginDetails } from "../../../src/domain/margin.js";
import { htxDemoState, htxV5DemoState } from "../../../src/exchanges/htx/simulator/demoState.js";
import type { HtxSimState } from "../../../src/exchanges/htx/simulator/state.js";
import { contractsToSpot, spotToContracts, startHtxKit, type HtxKit } from "./harness.js";

const key = (symbol: string | null) => ({ connectionId: "htx-test", exchange: Exchange.HTX, type: AccountType.USDM_FUTURES, symbol, subAccountEmail: null });
const str = (d: { toFixed(): string } | null) => (d === null ? null : formatDecimal(d as Dec));
const plus = (a: string, b: string) => new Dec(a).plus(b).toFixed();
const minus = (a: string, b: string) => new Dec(a).minus(b).toFixed();

const MODES: Record<string, () => HtxSimState> = {
  "v1 cross + isolated": htxDemoState,
  unified: () => ({ ...htxDemoState(), unified: true }),
  "V5 multi-assets collateral": htxV5DemoState,
};
/** The account-reading calls each mode makes, and must not make. */
const MODE_READS: Record<string, string[]> = {
  "v1 cross + isolated": ["/linear-swap-api/v1/swap_cross_account_info", "/linear-swap-api/v1/swap_account_info"],
  unified: ["/linear-swap-api/v3/unified_account_info"],
  "V5 multi-assets collateral": ["/v5/account/balance", "/v5/trade/position/opens"],
};
const ALL_READS = Object.values(MODE_READS).flat();

let kit: HtxKit | null = null;
afterEach(async () => {
  await kit?.close();
  kit = null;
});

async function margins(k: HtxKit, symbols: Array<string | null>): Promise<MarginDetails[]> {
  const answers = await k.connector.loadMargins(symbols.map(key));
  return answers.map((a) => {
    if (a instanceof Error || a === null) throw a ?? new Error("no margin");
    return a;
  });
}

describe("HTX USDT-M accounts in every mode, the mode detected from HTX's answers", () => {
  it.each(Object.keys(MODES))("%s: reads its own endpoints only, each account with a risk level", async (mode) => {
    const state = MODES[mode]();
    kit = await startHtxKit({ sim: { state } });
    const keys = await kit.connector.listAccounts({ types: [AccountType.USDM_FUTURES], includeSubAccounts: false });
    const symbols = keys.map((k) => k.symbol);
    const expectedSymbols = state.v5
      ? [null, ...new Set(state.v5.positions.filter((p) => p.margin_mode === "isolated").map((p) => p.contract_code))]
      : [null, ...state.isolated.map((a) => a.contract_code)];
    expect(symbols).toEqual(expectedSymbols);
    const details = await margins(kit, symbols);
    for (const d of details) expect(Object.values(RiskLevel)).toContain(d.riskLevel);
    // The cross account's money and risk figure, exactly as the mode's endpoint holds them.
    const [crossBalances] = await kit.connector.loadBalances([key(null)]);
    const usdt = (crossBalances as Balance[]).find((b) => b.asset === "USDT")!;
    const v5Usdt = state.v5?.details.find((d) => d.currency === "USDT");
    expect([str(usdt.total), str(details[0].riskRate)]).toEqual(
      v5Usdt ? [new Dec(v5Usdt.equity).toFixed(), state.v5!.maintenance_margin_rate] : [new Dec(state.cross.margin_balance).toFixed(), state.cross.risk_rate],
    );
    if (!state.v5 && !state.unified) {
      expect(details.slice(1).map((d) => str(d.riskRate))).toEqual(state.isolated.map((a) => (a.risk_rate === null ? null : new Dec(a.risk_rate).toFixed())));
    }
    const paths = new Set(kit.sim.calls.map((c) => c.path));
    expect(paths.has("/v5/account/asset_mode")).toBe(true);
    for (const path of ALL_READS) expect([path, paths.has(path)]).toEqual([path, MODE_READS[mode].includes(path)]);
  });

  it("V5: balances per collateral currency, exactly: total = equity, free = withdraw_available", async () => {
    const state = htxV5DemoState();
    kit = await startHtxKit({ sim: { state } });
    const [cross, isolated] = await kit.connector.loadBalances([key(null), key("ETH-USDT")]);
    const text = (b: Balance) => [b.asset, str(b.free), str(b.locked), str(b.total), str(b.borrowed)];
    expect((cross as Balance[]).map(text)).toEqual(
      state.v5!.details.map((d) => [d.currency, new Dec(d.withdraw_available).toFixed(), minus(d.equity, d.withdraw_available), new Dec(d.equity).toFixed(), "0"]),
    );
    // Isolated margin is inside the account's equity: no second Balance for it.
    expect(isolated).toEqual([]);
  });

  it("V5: account risk figures and positions from the state, exactly", async () => {
    const state = htxV5DemoState();
    const v5 = state.v5!;
    kit = await startHtxKit({ sim: { state } });
    const [cross, eth] = await margins(kit, [null, "ETH-USDT"]);
    expect([str(cross.marginBalance), str(cross.maintenanceMargin), str(cross.riskRate), str(cross.positionMargin), str(cross.availableMargin), str(cross.unrealizedPnl)]).toEqual([
      v5.equity,
      v5.maintenance_margin,
      v5.maintenance_margin_rate,
      v5.initial_margin,
      v5.available_margin,
      v5.profit_unreal,
    ]);
    expect(cross.riskLevel).toBe(RiskLevel.SAFE);
    const [btc, ethShort] = v5.positions;
    expect(cross.contracts.map((c) => [c.contractCode, str(c.leverage), str(c.liquidationPrice), str(c.positionMargin), str(c.unrealizedPnl)])).toEqual([
      [`${btc.contract_code}:LONG`, btc.lever_rate, btc.liquidation_price, btc.initial_margin, btc.profit_unreal],
    ]);
    expect([eth.mode, eth.symbol, str(eth.marginBalance), str(eth.maintenanceMargin), str(eth.liquidationPrice), eth.riskLevel]).toEqual([
      "ISOLATED",
      "ETH-USDT",
      plus(ethShort.margin, ethShort.profit_unreal),
      ethShort.maintenance_margin,
      ethShort.liquidation_price,
      RiskLevel.SAFE,
    ]);
    expect(eth.contracts.map((c) => [c.contractCode, str(c.leverage)])).toEqual([["ETH-USDT:SHORT", ethShort.lever_rate]]);
  });

  it.each([
    ["liquidating", "0.005675897", RiskLevel.LIQUIDATION],
    ["adl", "0.005675897", RiskLevel.LIQUIDATION],
    ["open_limit", "0.005675897", RiskLevel.MARGIN_CALL],
    ["normal", "0.85", RiskLevel.MARGIN_CALL],
    ["normal", "1.02", RiskLevel.LIQUIDATION],
  ])("V5: state %s with maintenance ratio %s → %s", async (accountState, ratio, level) => {
    const state = htxV5DemoState();
    kit = await startHtxKit({ sim: { state: { ...state, v5: { ...state.v5!, state: accountState, maintenance_margin_rate: ratio } } } });
    const [cross] = await margins(kit, [null]);
    expect([cross.riskLevel, str(cross.riskRate)]).toEqual([level, ratio]);
  });

  const callsTo = (k: HtxKit, path: string) => k.sim.calls.filter((c) => c.path === path);

  it.each(Object.keys(MODES))("%s: once the mode is known (start-up or a read), its reads leave with the probes, not after them", async (mode) => {
    kit = await startHtxKit({ sim: { state: MODES[mode]() }, ttlMs: 50 });
    await kit.connector.prepare!();
    expect(MODE_READS[mode].flatMap((path) => callsTo(kit!, path))).toEqual([]); // start-up probes, reads nothing
    await new Promise((resolve) => setTimeout(resolve, 120));
    kit.sim.faults.latencyMs = 150;
    await kit.connector.loadBalances([key(null)]);
    const probed = callsTo(kit, "/v5/account/asset_mode").at(-1)!.at;
    for (const path of MODE_READS[mode]) expect(callsTo(kit, path).at(-1)!.at).toBeLessThan(probed + 150);
    // No other mode's reads were guessed.
    expect(ALL_READS.filter((path) => !MODE_READS[mode].includes(path)).flatMap((path) => callsTo(kit!, path))).toEqual([]);
  });

  it("follows a switch of mode on HTX's side without any configuration", async () => {
    kit = await startHtxKit({ sim: { state: htxDemoState() }, ttlMs: 50 });
    const before = await kit.connector.listAccounts({ types: [AccountType.USDM_FUTURES], includeSubAccounts: false });
    expect(before.map((k) => k.symbol)).toEqual([null, "BTC-USDT", "ETH-USDT", "XRP-USDT"]);
    kit.sim.state.v5 = htxV5DemoState().v5;
    await new Promise((resolve) => setTimeout(resolve, 120));
    const after = await kit.connector.listAccounts({ types: [AccountType.USDM_FUTURES], includeSubAccounts: false });
    expect(after.map((k) => k.symbol)).toEqual([null, "ETH-USDT"]);
    // And back: the guessed V5 reads are dropped, the accounts are the v1 ones again.
    kit.sim.state.v5 = undefined;
    await new Promise((resolve) => setTimeout(resolve, 120));
    const back = await kit.connector.listAccounts({ types: [AccountType.USDM_FUTURES], includeSubAccounts: false });
    expect(back.map((k) => k.symbol)).toEqual([null, "BTC-USDT", "ETH-USDT", "XRP-USDT"]);
  });
});

describe("HTX spot ↔ USDT-M transfers in every mode move exactly the amount", () => {
  it.each(["v1 cross + isolated", "unified"])("%s: cross and isolated accounts", async (mode) => {
    kit = await startHtxKit({ sim: { state: MODES[mode]() } });
    const spot0 = kit.sim.spotBalance("usdt").trade;
    const cross0 = kit.sim.contractBalance("USDT").marginBalance;
    const btc0 = kit.sim.contractBalance("BTC-USDT").marginBalance;
    await kit.connector.transfer(spotToContracts("12.34567891"));
    await kit.connector.transfer(spotToContracts("0.00012345", "BTC-USDT"));
    await kit.connector.transfer(contractsToSpot("2.5"));
    expect(kit.sim.contractBalance("USDT").marginBalance).toBe(plus(cross0, minus("12.34567891", "2.5")));
    expect(kit.sim.contractBalance("BTC-USDT").marginBalance).toBe(plus(btc0, "0.00012345"));
    expect(kit.sim.spotBalance("usdt").trade).toBe(minus(spot0, plus("12.34567891", minus("0.00012345", "2.5"))));
  });

  it("V5: the collateral account gains and gives back exactly the amount; Coffer shows it at once", async () => {
    kit = await startHtxKit({ sim: { state: htxV5DemoState() } });
    const usdt = () => kit!.sim.state.v5!.details.find((d) => d.currency === "USDT")!;
    const spot0 = kit.sim.spotBalance("usdt").trade;
    const equity0 = usdt().equity;
    const withdraw0 = usdt().withdraw_available;
    await kit.connector.loadBalances([key(null)]); // a cached snapshot the transfer must drop
    await kit.connector.transfer(spotToContracts("12.34567891"));
    await kit.connector.transfer(contractsToSpot("0.00012345"));
    const moved = minus("12.34567891", "0.00012345");
    expect([usdt().equity, usdt().withdraw_available]).toEqual([plus(equity0, moved), plus(withdraw0, moved)]);
    expect(kit.sim.spotBalance("usdt").trade).toBe(minus(spot0, moved));
    const [cross] = await kit.connector.loadBalances([key(null)]);
    expect(str((cross as Balance[]).find((b) => b.asset === "USDT")!.total)).toBe(plus(equity0, moved));
    const posts = kit.sim.calls.filter((c) => c.path === "/v2/account/transfer");
    expect(posts.map((c) => JSON.parse(c.body)["margin-account"])).toEqual(["USDT", "USDT"]);
  });

  it("V5: an isolated contract is no wallet of its own, so HTX refuses a transfer to it and nothing moves", async () => {
    kit = await startHtxKit({ sim: { state: htxV5DemoState() } });
    const spot0 = kit.sim.spotBalance("usdt").trade;
    await expect(kit.connector.transfer(spotToContracts("1", "ETH-USDT"))).rejects.toBeInstanceOf(UpstreamRejectedError);
    expect(kit.sim.spotBalance("usdt").trade).toBe(spot0);
  });
});
