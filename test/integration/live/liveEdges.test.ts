import { afterEach, describe, expect, it } from "@jest/globals";
import WebSocket from "ws";
import { AccountType } from "../../../src/domain/enums.js";
import { BINANCE_ID } from "../../support/moneyCoffer.js";
import { mutateTransfer } from "../transfers/transferKit.js";
import { ACCOUNT_UPDATES, FULL_TOKEN, READ_TOKEN, startLiveWorld, subscribe, TRANSFER_UPDATES, type LiveWorld, type Received, type TransferUpdateMessage } from "./liveKit.js";

/** Issue 14: an UNKNOWN transfer's reconciliation on transferUpdates, slow consumers, subscription limits. */

let world: LiveWorld | null = null;
const open: Array<Received<unknown>> = [];
afterEach(async () => {
  for (const r of open.splice(0)) r.dispose();
  await world?.close();
  world = null;
});

async function until(what: string, check: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("live edges", () => {
  it("pushes both statuses of a transfer that ends UNKNOWN and is then reconciled CONFIRMED", async () => {
    // No history reads: they are GETs on the transfer path the one-shot fault below targets.
    world = await startLiveWorld({ timeoutMs: 1_000, coffer: { historyWatch: { intervalMs: 0 } } });
    const w = world;
    const transfers = subscribe<TransferUpdateMessage>(w.wsUrl, READ_TOKEN, TRANSFER_UPDATES, { filter: { connectionIds: [BINANCE_ID] } });
    open.push(transfers as Received<unknown>);
    await new Promise((r) => setTimeout(r, 300));
    const faults = w.sims.binance.faults;
    faults.timeouts = 1;
    faults.timeoutAfterProcessing = true;
    faults.only = /^\/sapi\/v1\/asset\/transfer$/;
    const result = await mutateTransfer(w.url, {
      connectionId: BINANCE_ID,
      asset: "USDT",
      amount: "2.5",
      from: { type: "SPOT" },
      to: { type: "FUNDING" },
      idempotencyKey: "live-unknown-1",
    });
    faults.only = null;
    const answer = result.data!.transfer.transfer;
    expect(answer.status).toBe("UNKNOWN");
    await transfers.waitFor("UNKNOWN", (m) => (m.some((x) => x.transferUpdates.status === "UNKNOWN") ? true : undefined));
    const settled = await w.coffer.transfers.reconcile(answer.id);
    expect(settled?.status).toBe("CONFIRMED");
    const seen = await transfers.waitFor("CONFIRMED", (m) => (m.some((x) => x.transferUpdates.status === "CONFIRMED") ? m : undefined));
    expect(seen.map((m) => m.transferUpdates.status)).toEqual(["PENDING", "UNKNOWN", "CONFIRMED"]);
    expect(new Set(seen.map((m) => m.transferUpdates.id))).toEqual(new Set([answer.id]));
  });

  it("cuts off a consumer that stops reading (close 4413) while its queue stays bounded", async () => {
    world = await startLiveWorld({ cacheTtlMs: 60_000, coffer: { liveLimits: { queuePerSubscription: 50 } } });
    const w = world;
    const socket = new WebSocket(w.wsUrl, "graphql-transport-ws");
    const closed = new Promise<number>((resolve) => socket.on("close", (code) => resolve(code)));
    await new Promise((resolve) => socket.on("open", resolve));
    socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${FULL_TOKEN}` } }));
    await new Promise((resolve) => socket.once("message", resolve));
    socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: ACCOUNT_UPDATES, variables: { filter: { connectionIds: [BINANCE_ID], types: ["SPOT"] } } } }));
    await until("the spot stream", () => w.sims.binance.streamSubscriptions.spot === 1 && w.coffer.live.accounts.watchedCount === 1);
    // The client stops reading: the kernel buffers fill, then Coffer's queue for it.
    (socket as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    const heapBefore = process.memoryUsage().heapUsed;
    for (let i = 0; i < 200_000 && w.coffer.live.accounts.watchedCount > 0; i++) {
      w.sims.binance.adjustBalance({ type: AccountType.SPOT }, "USDT", "0.00000001");
      if (i % 100 === 0) await new Promise((r) => setImmediate(r));
    }
    await until("the subscription ended", () => w.coffer.live.accounts.watchedCount === 0);
    const grown = process.memoryUsage().heapUsed - heapBefore;
    (socket as unknown as { _socket: { resume(): void } })._socket.resume();
    expect(await closed).toBe(4413);
    // Bounded: 50 queued updates, not the thousands produced (generous margin for GC timing).
    expect(grown).toBeLessThan(200 * 1024 * 1024);
  });

  it("refuses one subscription more than the per-socket limit with RATE_LIMITED", async () => {
    world = await startLiveWorld({ coffer: { liveLimits: { subscriptionsPerSocket: 2 } } });
    const w = world;
    const first = subscribe<TransferUpdateMessage>(w.wsUrl, READ_TOKEN, TRANSFER_UPDATES);
    open.push(first as Received<unknown>);
    const errors: unknown[] = [];
    first.client.subscribe({ query: TRANSFER_UPDATES }, { next: () => undefined, error: (e) => errors.push(e), complete: () => undefined });
    first.client.subscribe({ query: TRANSFER_UPDATES }, { next: () => undefined, error: (e) => errors.push(e), complete: () => undefined });
    await until("the refusal", () => errors.length === 1);
    expect(JSON.stringify(errors[0])).toContain("RATE_LIMITED");
  });
});
