import { afterEach, describe, expect, it } from "@jest/globals";
import { Dec } from "../../../src/domain/decimal.js";
import { AccountType } from "../../../src/domain/enums.js";
import { BINANCE_ID } from "../../support/moneyCoffer.js";
import {
  ACCOUNT_UPDATES,
  FULL_TOKEN,
  lastTotal,
  READ_TOKEN,
  startLiveWorld,
  streamsSettled,
  subscribe,
  type AccountUpdateMessage,
  type LiveWorld,
  type Received,
} from "./liveKit.js";

/**
 * Issue 14, Binance spot stream: one WebSocket API subscription per connection however many
 * clients subscribe, changes made at the simulator pushed as STREAM with exact balances, and a
 * dropped socket reconnected and resynced so the subscriber ends on the ledger's state.
 */

let world: LiveWorld | null = null;
const open: Array<Received<unknown>> = [];
afterEach(async () => {
  for (const r of open.splice(0)) r.dispose();
  await world?.close();
  world = null;
});

const SPOT = { filter: { connectionIds: [BINANCE_ID], types: ["SPOT"] } };

async function until(what: string, check: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("Binance spot stream", () => {
  it("pushes a change made at the exchange as STREAM with exact balances, the stream opened once", async () => {
    world = await startLiveWorld({ cacheTtlMs: 60_000 });
    const w = world;
    const frames: string[] = [];
    const updates = subscribe<AccountUpdateMessage>(w.wsUrl, READ_TOKEN, ACCOUNT_UPDATES, SPOT, frames);
    open.push(updates as Received<unknown>);
    await updates.waitFor("snapshot", (m) => (m.length ? true : undefined));
    await streamsSettled(w, BINANCE_ID, "BINANCE", ["SPOT"]);
    w.sims.binance.adjustBalance({ type: AccountType.SPOT }, "USDT", "7.000000000000000001");
    const expected = w.sims.binance.balance({ type: AccountType.SPOT }, "USDT");
    // The cache TTL is a minute: only the stream can bring this within the wait.
    await updates.waitFor("STREAM update", () => (lastTotal(updates.messages, "SPOT", "USDT", ["STREAM"]) === expected ? true : undefined));
    expect(w.sims.binance.streams.opened.wsApi).toBe(1);
    const secret = "money-e2e-binance-secret";
    for (const text of [...frames, ...w.logLines]) {
      expect(text).not.toContain(secret);
      expect(text).not.toMatch(/signature"?\s*[:=]\s*"?[0-9a-f]{64}/i);
    }
  });

  it("200 subscribers share one upstream stream and each gets every update", async () => {
    world = await startLiveWorld({ cacheTtlMs: 60_000 });
    const w = world;
    const clients = Array.from({ length: 200 }, () => subscribe<AccountUpdateMessage>(w.wsUrl, FULL_TOKEN, ACCOUNT_UPDATES, SPOT));
    open.push(...(clients as Array<Received<unknown>>));
    await until("every snapshot", () => clients.every((c) => c.messages.length >= 1), 60_000);
    await streamsSettled(w, BINANCE_ID, "BINANCE", ["SPOT"]);
    const amounts = ["1.5", "0.25", "-0.125"];
    for (const delta of amounts) {
      w.sims.binance.adjustBalance({ type: AccountType.SPOT }, "BTC", delta);
      const expected = w.sims.binance.balance({ type: AccountType.SPOT }, "BTC");
      await until(`every subscriber at BTC ${expected}`, () => clients.every((c) => lastTotal(c.messages, "SPOT", "BTC") === expected), 60_000);
    }
    for (const c of clients) expect(c.messages.map((m) => m.accountUpdates.reason)).toEqual(["SNAPSHOT", "STREAM", "STREAM", "STREAM"]);
    expect(w.sims.binance.streams.opened.wsApi).toBe(1);
    expect(w.sims.binance.streamSubscriptions.spot).toBe(1);
  });

  it("reconnects after the exchange drops the socket and ends on the exact ledger state, nothing repeated", async () => {
    world = await startLiveWorld({ cacheTtlMs: 60_000, coffer: { streamBackoff: { initialMs: 100, maxMs: 500 } } });
    const w = world;
    const updates = subscribe<AccountUpdateMessage>(w.wsUrl, READ_TOKEN, ACCOUNT_UPDATES, SPOT);
    open.push(updates as Received<unknown>);
    await updates.waitFor("snapshot", (m) => (m.length ? true : undefined));
    await until("the spot stream subscribed", () => w.sims.binance.streamSubscriptions.spot === 1);
    w.sims.binance.adjustBalance({ type: AccountType.SPOT }, "USDT", "1");
    w.sims.binance.streams.dropAll();
    // Changes while Coffer has no stream: only the resync after the reconnect can bring them.
    w.sims.binance.adjustBalance({ type: AccountType.SPOT }, "USDT", "2.5");
    w.sims.binance.adjustBalance({ type: AccountType.SPOT }, "ETH", "0.001");
    await until("the stream back", () => w.sims.binance.streamSubscriptions.spot === 2);
    w.sims.binance.adjustBalance({ type: AccountType.SPOT }, "USDT", "0.75");
    const usdt = w.sims.binance.balance({ type: AccountType.SPOT }, "USDT");
    const eth = w.sims.binance.balance({ type: AccountType.SPOT }, "ETH");
    await updates.waitFor("the ledger state", () =>
      lastTotal(updates.messages, "SPOT", "USDT") === usdt && lastTotal(updates.messages, "SPOT", "ETH") === eth ? true : undefined,
    );
    await new Promise((r) => setTimeout(r, 1_000));
    expect(lastTotal(updates.messages, "SPOT", "USDT")).toBe(usdt);
    // Nothing repeated: consecutive updates always differ.
    const states = updates.messages.map((m) => JSON.stringify(m.accountUpdates.account.balances));
    for (let i = 1; i < states.length; i++) expect(states[i]).not.toBe(states[i - 1]);
    expect(w.sims.binance.streams.opened.wsApi).toBe(2);
  });

  it("streams cross margin (listen token) and USDⓈ-M / COIN-M futures (listenKeys): a change at the exchange arrives as STREAM", async () => {
    world = await startLiveWorld({ cacheTtlMs: 60_000 });
    const w = world;
    const updates = subscribe<AccountUpdateMessage>(w.wsUrl, READ_TOKEN, ACCOUNT_UPDATES, {
      filter: { connectionIds: [BINANCE_ID], types: ["MARGIN_CROSS", "USDM_FUTURES", "COINM_FUTURES"] },
    });
    open.push(updates as Received<unknown>);
    await updates.waitFor("three snapshots", (m) => (m.length >= 3 ? true : undefined));
    await streamsSettled(w, BINANCE_ID, "BINANCE", ["MARGIN_CROSS", "USDM_FUTURES", "COINM_FUTURES"]);
    expect([w.sims.binance.streamSubscriptions.margin, w.sims.binance.streams.opened.usdm, w.sims.binance.streams.opened.coinm]).toEqual([1, 1, 1]);
    const cases: Array<[AccountType, string, string]> = [
      [AccountType.MARGIN_CROSS, "USDT", "5.000000000000000001"],
      [AccountType.USDM_FUTURES, "USDT", "6.25"],
      [AccountType.COINM_FUTURES, "BTC", "0.00000001"],
    ];
    for (const [type, asset, delta] of cases) {
      const before = lastTotal(updates.messages, type, asset) ?? "0";
      w.sims.binance.adjustBalance({ type }, asset, delta);
      const expected = new Dec(before).plus(delta).toFixed();
      await updates.waitFor(`${type} STREAM`, () => (lastTotal(updates.messages, type, asset, ["STREAM"]) === expected ? true : undefined));
    }
    expect(w.sims.binance.callsTo("/sapi/v1/userListenToken", "POST")).toHaveLength(1);
    expect(w.sims.binance.callsTo("/fapi/v1/listenKey", "POST")).toHaveLength(1);
    expect(w.sims.binance.callsTo("/dapi/v1/listenKey", "POST")).toHaveLength(1);
    for (const line of w.logLines) expect(line).not.toMatch(/listenKey=|listenToken"?:/);
  });

  it("takes a new listenKey when the exchange says the old one expired, and ends on the ledger state", async () => {
    // Keys live 1.5 s here and Coffer renews every 30 min: the key expires under the stream.
    world = await startLiveWorld({ cacheTtlMs: 60_000, binanceListenKeyTtlMs: 1_500, coffer: { streamBackoff: { initialMs: 100, maxMs: 500 } } });
    const w = world;
    const updates = subscribe<AccountUpdateMessage>(w.wsUrl, READ_TOKEN, ACCOUNT_UPDATES, { filter: { connectionIds: [BINANCE_ID], types: ["USDM_FUTURES"] } });
    open.push(updates as Received<unknown>);
    await updates.waitFor("snapshot", (m) => (m.length ? true : undefined));
    await streamsSettled(w, BINANCE_ID, "BINANCE", ["USDM_FUTURES"]);
    const before = lastTotal(updates.messages, "USDM_FUTURES", "USDT") ?? "0";
    await new Promise((r) => setTimeout(r, 2_000));
    // This change finds the key expired: the simulator sends listenKeyExpired instead of the update.
    w.sims.binance.adjustBalance({ type: AccountType.USDM_FUTURES }, "USDT", "1.5");
    await until("a second listenKey", () => w.sims.binance.callsTo("/fapi/v1/listenKey", "POST").length >= 2);
    const expected = new Dec(before).plus("1.5").toFixed();
    await updates.waitFor("the resynced state", () => (lastTotal(updates.messages, "USDM_FUTURES", "USDT") === expected ? true : undefined));
    expect(w.sims.binance.streams.opened.usdm).toBeGreaterThanOrEqual(2);
  });
});
