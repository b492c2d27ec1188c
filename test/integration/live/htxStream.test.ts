import { afterEach, describe, expect, it } from "@jest/globals";
import { Dec } from "../../../src/domain/decimal.js";
import { HTX_ID } from "../../support/moneyCoffer.js";
import { ACCOUNT_UPDATES, lastTotal, READ_TOKEN, startLiveWorld, streamsSettled, subscribe, type AccountUpdateMessage, type LiveWorld, type Received } from "./liveKit.js";

/**
 * Issue 14, HTX streams: spot `accounts.update#2` on /ws/v2 (text, action ping/pong) and the
 * USDT-M cross account on the linear-swap notification socket (gzip frames, op ping/pong), both
 * signed; a change made at the simulator arrives as STREAM with exact balances.
 */

let world: LiveWorld | null = null;
const open: Array<Received<unknown>> = [];
afterEach(async () => {
  for (const r of open.splice(0)) r.dispose();
  await world?.close();
  world = null;
});

async function until(what: string, check: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("HTX streams", () => {
  it("pushes spot and USDT-M cross changes made at the exchange as STREAM, exact, one stream each", async () => {
    world = await startLiveWorld({ cacheTtlMs: 60_000 });
    const w = world;
    const frames: string[] = [];
    const updates = subscribe<AccountUpdateMessage>(w.wsUrl, READ_TOKEN, ACCOUNT_UPDATES, { filter: { connectionIds: [HTX_ID], types: ["SPOT", "USDM_FUTURES"] } }, frames);
    open.push(updates as Received<unknown>);
    await streamsSettled(w, HTX_ID, "HTX", ["SPOT", "USDM_FUTURES"]);
    expect([w.sims.htx.streamSubscriptions.spot, w.sims.htx.streamSubscriptions.swap]).toEqual([1, 1]);
    const crossBefore = await updates.waitFor(
      "the cross snapshot",
      (m) =>
        m.find((x) => x.accountUpdates.account.type === "USDM_FUTURES" && x.accountUpdates.account.symbol === null)?.accountUpdates.account.balances.find((b) => b.asset === "USDT")
          ?.total,
    );

    w.sims.htx.adjustSpot("usdt", "4.200000000000000001");
    const spot = w.sims.htx.spotBalance("usdt");
    const spotTotal = new Dec(spot.trade).plus(spot.frozen).plus(spot.lock).toFixed();
    await updates.waitFor("spot STREAM", () => (lastTotal(updates.messages, "SPOT", "USDT", ["STREAM"]) === spotTotal ? true : undefined));

    w.sims.htx.adjustCross("3.5");
    const crossAfter = new Dec(crossBefore).plus("3.5").toFixed();
    await updates.waitFor("cross STREAM", (m) =>
      m.some(
        (x) =>
          x.accountUpdates.reason === "STREAM" &&
          x.accountUpdates.account.type === "USDM_FUTURES" &&
          x.accountUpdates.account.symbol === null &&
          x.accountUpdates.account.balances.find((b) => b.asset === "USDT")?.total === crossAfter,
      )
        ? true
        : undefined,
    );
    expect(w.sims.htx.streams.opened.htxSpot).toBe(1);
    expect(w.sims.htx.streams.opened.htxSwap).toBe(1);
    const secret = "money-e2e-htx-secret";
    for (const text of [...frames, ...w.logLines]) {
      expect(text).not.toContain(secret);
      expect(text).not.toMatch(/Signature|signature"/);
    }
  });

  it("resyncs spot after the exchange drops the sockets", async () => {
    world = await startLiveWorld({ cacheTtlMs: 60_000, coffer: { streamBackoff: { initialMs: 100, maxMs: 500 } } });
    const w = world;
    const updates = subscribe<AccountUpdateMessage>(w.wsUrl, READ_TOKEN, ACCOUNT_UPDATES, { filter: { connectionIds: [HTX_ID], types: ["SPOT"] } });
    open.push(updates as Received<unknown>);
    await updates.waitFor("snapshot", (m) => (m.length ? true : undefined));
    await until("the spot subscription", () => w.sims.htx.streamSubscriptions.spot === 1);
    w.sims.htx.streams.dropAll();
    w.sims.htx.adjustSpot("btc", "0.5");
    await until("the stream back", () => w.sims.htx.streamSubscriptions.spot === 2);
    w.sims.htx.adjustSpot("btc", "0.25");
    const b = w.sims.htx.spotBalance("btc");
    const total = new Dec(b.trade).plus(b.frozen).plus(b.lock).toFixed();
    await updates.waitFor("the ledger state", () => (lastTotal(updates.messages, "SPOT", "BTC") === total ? true : undefined));
    const states = updates.messages.map((m) => JSON.stringify(m.accountUpdates.account.balances));
    for (let i = 1; i < states.length; i++) expect(states[i]).not.toBe(states[i - 1]);
  });
});
