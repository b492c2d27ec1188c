import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import { AccountType } from "../../../src/domain/enums.js";
import type { TransferRecord } from "../../../src/domain/transfer.js";
import { BINANCE_ID, MONEY_TOKEN } from "../../support/moneyCoffer.js";
import { startTestPostgres, type TestPostgres } from "../../support/postgresServer.js";
import { startTestRedis, type TestRedis } from "../../support/redisServer.js";
import { startFleet, until, type Fleet } from "../../support/fleetCoffer.js";
import { mutateTransfer } from "../transfers/transferKit.js";
import { ACCOUNT_UPDATES, lastTotal, subscribe, TRANSFER_UPDATES, type AccountUpdateMessage, type Received, type TransferUpdateMessage } from "../live/liveKit.js";

/**
 * Live updates across a fleet: two Coffer instances on one simulator pair, one PostgreSQL
 * journal and one real Redis. A transfer made through instance A reaches the subscribers of
 * instance B (transferUpdates and the TRANSFER account updates, each once); with Redis stopped,
 * A's own subscribers still hear everything.
 */

let redis: TestRedis;
let pg: TestPostgres;
let fleet: Fleet | null = null;
const open: Array<Received<unknown>> = [];
beforeAll(async () => {
  [redis, pg] = await Promise.all([startTestRedis(), startTestPostgres()]);
}, 120_000);
afterEach(async () => {
  for (const r of open.splice(0)) r.dispose();
  await fleet?.close();
  fleet = null;
  const client = new Redis(redis.url);
  await client.flushall();
  client.disconnect();
}, 60_000);
afterAll(async () => {
  await redis?.stop();
  await pg?.stop();
}, 60_000);

function track<T>(r: Received<T>): Received<T> {
  open.push(r as Received<unknown>);
  return r;
}

const wsUrl = (url: string) => url.replace(/^http/, "ws") + "/graphql";
const WATCHED = { filter: { connectionIds: [BINANCE_ID], types: ["SPOT", "FUNDING"] } };

/** Every transfer event an instance's hub delivered, in order. */
function recordEvents(fleet: Fleet): TransferRecord[][] {
  return fleet.members.map((m) => {
    const seen: TransferRecord[] = [];
    m.coffer.live.events.onTransfer((r) => seen.push(r));
    return seen;
  });
}

/** The updates of one account type after the snapshots. */
const updatesOf = (messages: AccountUpdateMessage[], type: string) =>
  messages.filter((m) => m.accountUpdates.account.type === type && m.accountUpdates.account.subAccountEmail === null && m.accountUpdates.reason !== "SNAPSHOT");
const totalOf = (m: AccountUpdateMessage) => m.accountUpdates.account.balances.find((b) => b.asset === "USDT")?.total ?? "0";

describe("live updates across a fleet", () => {
  it("a transfer through instance A reaches a subscriber on B: PENDING then CONFIRMED once, each moved account's new balance once (TRANSFER)", async () => {
    // A long TTL: without the fleet's events, B would only notice the unstreamed funding wallet after a minute.
    fleet = await startFleet({ redisUrl: redis.url, journal: await pg.createDatabase(), size: 2, cacheTtlMs: 60_000 });
    const [a, b] = fleet.members as [Fleet["members"][number], Fleet["members"][number]];
    const events = recordEvents(fleet);
    const accountsOnB = track(subscribe<AccountUpdateMessage>(wsUrl(b.url), MONEY_TOKEN, ACCOUNT_UPDATES, WATCHED));
    await accountsOnB.waitFor("two snapshots on B", (m) => (m.length >= 2 ? m : undefined));
    const transfersOnB = track(subscribe<TransferUpdateMessage>(wsUrl(b.url), MONEY_TOKEN, TRANSFER_UPDATES, { filter: { connectionIds: [BINANCE_ID] } }));
    const transfersOnA = track(subscribe<TransferUpdateMessage>(wsUrl(a.url), MONEY_TOKEN, TRANSFER_UPDATES, { filter: { connectionIds: [BINANCE_ID] } }));
    await new Promise((r) => setTimeout(r, 300)); // both transfer subscriptions are registered

    const result = await mutateTransfer(a.url, {
      connectionId: BINANCE_ID,
      asset: "USDT",
      amount: "1.25",
      from: { type: "SPOT" },
      to: { type: "FUNDING" },
      idempotencyKey: "fleet-live-1",
    });
    expect(result.errors).toBeUndefined();
    const spotAfter = fleet.sims.binance.balance({ type: AccountType.SPOT }, "USDT");
    const fundingAfter = fleet.sims.binance.balance({ type: AccountType.FUNDING }, "USDT");
    await accountsOnB.waitFor("both accounts' new balances on B", () =>
      lastTotal(accountsOnB.messages, "SPOT", "USDT") === spotAfter && lastTotal(accountsOnB.messages, "FUNDING", "USDT") === fundingAfter ? true : undefined,
    );
    for (const sub of [transfersOnB, transfersOnA]) {
      await sub.waitFor("CONFIRMED", (m) => (m.some((x) => x.transferUpdates.status === "CONFIRMED") ? true : undefined));
    }
    // Room for a duplicate (an echo through Redis) to arrive before counting.
    await new Promise((r) => setTimeout(r, 1000));

    for (const sub of [transfersOnB, transfersOnA]) {
      expect(sub.errors).toEqual([]);
      expect(sub.messages.map((m) => m.transferUpdates.status)).toEqual(["PENDING", "CONFIRMED"]);
      expect(sub.messages[1]!.transferUpdates).toMatchObject({ asset: "USDT", amount: "1.25", from: { type: "SPOT" }, to: { type: "FUNDING" } });
      expect(sub.messages[1]!.transferUpdates.exchangeTransferId).not.toBeNull();
    }
    // Each instance's hub heard each status once: nothing echoed back or passed on again.
    const id = transfersOnA.messages[0]!.transferUpdates.id;
    for (const seen of events) expect(seen.filter((r) => r.id === id).map((r) => r.status)).toEqual(["PENDING", "CONFIRMED"]);
    const onB = events[1]!.find((r) => r.id === id && r.status === "CONFIRMED")!;
    expect(onB.amount.toFixed()).toBe("1.25");
    expect(onB.createdAt).toEqual(events[0]!.find((r) => r.id === id)!.createdAt);

    // The funding wallet has no stream: its change can only come from the transfer event, once.
    const funding = updatesOf(accountsOnB.messages, "FUNDING");
    expect(funding.map((m) => [m.accountUpdates.reason, totalOf(m)])).toEqual([["TRANSFER", fundingAfter]]);
    // Spot may hear it first from its own stream; either way its new balance arrives once, and TRANSFER is among the reasons.
    const spot = updatesOf(accountsOnB.messages, "SPOT");
    expect(spot.filter((m) => totalOf(m) === spotAfter)).toHaveLength(1);
    expect(accountsOnB.messages.slice(2).map((m) => m.accountUpdates.reason)).toContain("TRANSFER");
    expect(accountsOnB.errors).toEqual([]);
  }, 90_000);

  it("with Redis stopped, a subscriber on the instance that made the transfer still hears it", async () => {
    fleet = await startFleet({ redisUrl: redis.url, journal: await pg.createDatabase(), size: 2, cacheTtlMs: 60_000 });
    const [a, b] = fleet.members as [Fleet["members"][number], Fleet["members"][number]];
    const events = recordEvents(fleet);
    await redis.kill();
    try {
      await until("both instances degraded", () => a.coffer.fleet?.mode === "degraded" && b.coffer.fleet?.mode === "degraded");
      const accountsOnA = track(subscribe<AccountUpdateMessage>(wsUrl(a.url), MONEY_TOKEN, ACCOUNT_UPDATES, WATCHED));
      await accountsOnA.waitFor("two snapshots on A", (m) => (m.length >= 2 ? m : undefined));
      const transfersOnA = track(subscribe<TransferUpdateMessage>(wsUrl(a.url), MONEY_TOKEN, TRANSFER_UPDATES, { filter: { connectionIds: [BINANCE_ID] } }));
      await new Promise((r) => setTimeout(r, 300));

      const result = await mutateTransfer(a.url, {
        connectionId: BINANCE_ID,
        asset: "USDT",
        amount: "2.5",
        from: { type: "SPOT" },
        to: { type: "FUNDING" },
        idempotencyKey: "fleet-live-2",
      });
      expect(result.errors).toBeUndefined();
      const fundingAfter = fleet.sims.binance.balance({ type: AccountType.FUNDING }, "USDT");
      await transfersOnA.waitFor("CONFIRMED on A", (m) => (m.some((x) => x.transferUpdates.status === "CONFIRMED") ? true : undefined));
      await accountsOnA.waitFor("funding's new balance on A", () => (lastTotal(accountsOnA.messages, "FUNDING", "USDT") === fundingAfter ? true : undefined));
      await new Promise((r) => setTimeout(r, 1000));

      expect(transfersOnA.messages.map((m) => m.transferUpdates.status)).toEqual(["PENDING", "CONFIRMED"]);
      expect(updatesOf(accountsOnA.messages, "FUNDING").map((m) => [m.accountUpdates.reason, totalOf(m)])).toEqual([["TRANSFER", fundingAfter]]);
      // The local fallback of the bus does not make A hear its own events twice; B, cut off, hears nothing.
      const id = transfersOnA.messages[0]!.transferUpdates.id;
      expect(events[0]!.filter((r) => r.id === id).map((r) => r.status)).toEqual(["PENDING", "CONFIRMED"]);
      expect(events[1]!.filter((r) => r.id === id)).toEqual([]);
    } finally {
      await redis.restart();
    }
  }, 90_000);
});
