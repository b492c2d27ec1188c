import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { Dec } from "../../../src/domain/decimal.js";
import { AccountType } from "../../../src/domain/enums.js";
import type { ExchangeTransfer, TransferRequest } from "../../../src/domain/transfer.js";
import type { BinanceSimState } from "../../../src/exchanges/binance/simulator/state.js";
import { CONNECTION_ID, paramsOf, startHarness, type Harness } from "./harness.js";

const T = AccountType;
const DAY = 24 * 60 * 60 * 1000;
const rich = { USDT: { free: "1000000" } };
const state: BinanceSimState = {
  spot: rich,
  funding: rich,
  crossMargin: rich,
  isolated: {
    BTCUSDT: {
      baseAsset: "BTC",
      quoteAsset: "USDT",
      assets: { USDT: { free: "1000" } },
      marginLevel: "999",
      marginLevelStatus: "EXCESSIVE",
      indexPrice: "60000",
      liquidatePrice: "0",
    },
  },
  usdm: rich,
  coinm: {},
  options: {},
  portfolioMargin: {},
  subAccounts: [{ email: "sub@example.com", spot: rich, margin: {} }],
};

function req(from: AccountType, to: AccountType, amount: string, symbols: { from?: string; to?: string } = {}, email: string | null = null): TransferRequest {
  return {
    connectionId: CONNECTION_ID,
    asset: "USDT",
    amount: new Dec(amount),
    from: { type: from, symbol: symbols.from ?? null },
    to: { type: to, symbol: symbols.to ?? null },
    subAccountEmail: email,
    idempotencyKey: "history-1",
  };
}

const describeTransfer = (t: ExchangeTransfer) =>
  `${t.exchangeTransferId} ${t.from.type}${t.from.symbol ? ":" + t.from.symbol : ""}>${t.to.type}${t.to.symbol ? ":" + t.to.symbol : ""} ${t.amount.toFixed()} ${t.status}`;

describe("Binance transfer history through the simulator", () => {
  let h: Harness;
  const expected: string[] = [];

  async function send(r: TransferRequest) {
    const receipt = await h.connector.transfer(r);
    const s = (ref: { type: AccountType; symbol: string | null }) => `${ref.type}${ref.symbol ? ":" + ref.symbol : ""}`;
    if (!r.subAccountEmail) expected.push(`${receipt.exchangeTransferId} ${s(r.from)}>${s(r.to)} ${r.amount.toFixed()} CONFIRMED`);
  }

  beforeAll(async () => {
    // 215 transfers of weight 900 exceed Binance's 180,000 UID budget a minute: scale it up on both sides.
    h = await startHarness({ state, limits: { sapiUid: 1_000_000 }, connectorOptions: { budgets: { sapiUid: 1_000_000 } } });
    // Older batch, later pushed 40 days back: spot → funding (universal history only) and spot → cross (both histories).
    for (let i = 1; i <= 60; i++) await send(req(T.SPOT, T.FUNDING, `1.${String(i).padStart(8, "0")}`));
    for (let i = 1; i <= 45; i++) await send(req(T.SPOT, T.MARGIN_CROSS, `2.${String(i).padStart(8, "0")}`));
    h.sim.shiftHistory(-40 * DAY);
    // Recent batch: > 100 of one universal type (two pages), isolated moves (margin history only), futures.
    for (let i = 1; i <= 105; i++) await send(req(T.SPOT, T.FUNDING, `3.${String(i).padStart(8, "0")}`));
    await send(req(T.MARGIN_CROSS, T.MARGIN_ISOLATED, "4.5", { to: "BTCUSDT" }));
    await send(req(T.MARGIN_ISOLATED, T.MARGIN_CROSS, "4.25", { from: "BTCUSDT" }));
    await send(req(T.SPOT, T.USDM_FUTURES, "5.125"));
    await send(req(T.MARGIN_CROSS, T.SPOT, "6"));
    // A sub-account margin transfer is the sub-account's history, not the master's.
    await send(req(T.SPOT, T.MARGIN_CROSS, "7", {}, "sub@example.com"));
  }, 30_000);
  afterAll(async () => {
    await h.close();
  });

  it("returns every transfer exactly once, with route, amount and status, across pages and 30-day windows", async () => {
    const now = Date.now();
    const history = await h.connector.transferHistory({ since: new Date(now - 60 * DAY), until: new Date(now + 1000) });
    const got = history.map(describeTransfer);
    expect(new Set(got).size).toBe(got.length);
    expect([...got].sort()).toEqual([...expected].sort());
    expect(history.every((t) => t.connectionId === CONNECTION_ID && t.exchange === "BINANCE")).toBe(true);
    // Newest first.
    const times = history.map((t) => t.createdAt.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const margin = h.sim.callsTo("/sapi/v1/margin/transfer").map(paramsOf);
    expect(margin.every((p) => Number(p.get("endTime")) - Number(p.get("startTime")) <= 30 * DAY)).toBe(true);
    expect(margin.length).toBeGreaterThanOrEqual(2);
    const universal = h.sim.callsTo("/sapi/v1/asset/transfer", "GET").map(paramsOf);
    expect(universal.filter((p) => p.get("type") === "MAIN_FUNDING").map((p) => p.get("current"))).toEqual(["1", "2"]);
    expect(universal.every((p) => p.get("size") === "100")).toBe(true);
    // Isolated types need symbols: they come from the margin history instead.
    expect(universal.some((p) => (p.get("type") ?? "").includes("ISOLATED"))).toBe(false);
  });

  it("honours the time range", async () => {
    const now = Date.now();
    const recent = await h.connector.transferHistory({ since: new Date(now - 10 * DAY), until: new Date(now + 1000) });
    expect(recent).toHaveLength(105 + 4);
  });

  it("skips the universal types of wallets the connection does not read", async () => {
    const r = await startHarness({ state, accountTypes: [T.SPOT, T.FUNDING] });
    try {
      await r.connector.transferHistory({ since: new Date(Date.now() - DAY), until: new Date() });
      const types = r.sim.callsTo("/sapi/v1/asset/transfer", "GET").map((c) => paramsOf(c).get("type"));
      expect(types.sort()).toEqual(["FUNDING_MAIN", "MAIN_FUNDING"]);
      expect(r.sim.callsTo("/sapi/v1/margin/transfer")).toHaveLength(0);
    } finally {
      await r.close();
    }
  });
});
