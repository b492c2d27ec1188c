import { afterEach, describe, expect, it } from "@jest/globals";
import { AccountType } from "../../../src/domain/enums.js";
import { BINANCE_ID } from "../../support/moneyCoffer.js";
import { mutateTransfer } from "../transfers/transferKit.js";
import {
  ACCOUNT_UPDATES,
  FULL_TOKEN,
  lastTotal,
  NO_READ_TOKEN,
  READ_TOKEN,
  startLiveWorld,
  subscribe,
  TRANSFER_UPDATES,
  type AccountUpdateMessage,
  type LiveWorld,
  type Received,
  type TransferUpdateMessage,
} from "./liveKit.js";

/**
 * Issue 14, transport: graphql-ws on /graphql with the token in connection_init, one SNAPSHOT
 * per selected account, TRANSFER updates of both accounts a transfer moved, transferUpdates at
 * each status, POLL for a wallet with no stream, and the close codes.
 */

let world: LiveWorld | null = null;
const open: Array<Received<unknown>> = [];
afterEach(async () => {
  for (const r of open.splice(0)) r.dispose();
  await world?.close();
  world = null;
});

function track<T>(r: Received<T>): Received<T> {
  open.push(r as Received<unknown>);
  return r;
}

describe("live subscriptions (graphql-ws)", () => {
  it("sends one SNAPSHOT per account, then the two accounts a transfer moved, with exact balances", async () => {
    // A long TTL: only the transfer (or the spot stream) can bring the change within the wait.
    world = await startLiveWorld({ cacheTtlMs: 60_000 });
    const w = world;
    const updates = track(subscribe<AccountUpdateMessage>(w.wsUrl, READ_TOKEN, ACCOUNT_UPDATES, { filter: { connectionIds: [BINANCE_ID], types: ["SPOT", "FUNDING"] } }));
    const snapshots = await updates.waitFor("two snapshots", (m) => (m.length >= 2 ? m : undefined));
    expect(snapshots.map((m) => m.accountUpdates.reason)).toEqual(["SNAPSHOT", "SNAPSHOT"]);
    expect(new Set(snapshots.map((m) => m.accountUpdates.account.type))).toEqual(new Set(["SPOT", "FUNDING"]));
    expect(lastTotal(updates.messages, "SPOT", "USDT")).toBe(w.sims.binance.balance({ type: AccountType.SPOT }, "USDT"));

    const transfers = track(subscribe<TransferUpdateMessage>(w.wsUrl, READ_TOKEN, TRANSFER_UPDATES, { filter: { connectionIds: [BINANCE_ID] } }));
    await new Promise((r) => setTimeout(r, 300)); // the transfer subscription is registered
    const result = await mutateTransfer(w.url, {
      connectionId: BINANCE_ID,
      asset: "USDT",
      amount: "1.25",
      from: { type: "SPOT" },
      to: { type: "FUNDING" },
      idempotencyKey: "live-1",
    });
    expect(result.errors).toBeUndefined();
    const spotAfter = w.sims.binance.balance({ type: AccountType.SPOT }, "USDT");
    const fundingAfter = w.sims.binance.balance({ type: AccountType.FUNDING }, "USDT");
    await updates.waitFor("both accounts after the transfer", () =>
      lastTotal(updates.messages, "SPOT", "USDT") === spotAfter && lastTotal(updates.messages, "FUNDING", "USDT") === fundingAfter ? true : undefined,
    );
    const after = updates.messages.slice(2).map((m) => m.accountUpdates.reason);
    expect(after.every((r) => r === "TRANSFER" || r === "STREAM" || r === "POLL")).toBe(true);
    expect(after).toContain("TRANSFER");
    // No repeated state: consecutive updates of an account always differ.
    for (const type of ["SPOT", "FUNDING"]) {
      const states = updates.messages.filter((m) => m.accountUpdates.account.type === type).map((m) => JSON.stringify(m.accountUpdates.account.balances));
      for (let i = 1; i < states.length; i++) expect(states[i]).not.toBe(states[i - 1]);
    }

    const statuses = await transfers.waitFor("PENDING then CONFIRMED", (m) => (m.some((x) => x.transferUpdates.status === "CONFIRMED") ? m : undefined));
    expect(statuses.map((m) => m.transferUpdates.status)).toEqual(["PENDING", "CONFIRMED"]);
    expect(statuses[1].transferUpdates).toMatchObject({ asset: "USDT", amount: "1.25", from: { type: "SPOT" }, to: { type: "FUNDING" } });
  });

  it("re-reads a wallet without a stream (funding) and pushes its change as POLL within TTL + 1 s", async () => {
    world = await startLiveWorld({ cacheTtlMs: 1_000 });
    const w = world;
    const updates = track(subscribe<AccountUpdateMessage>(w.wsUrl, FULL_TOKEN, ACCOUNT_UPDATES, { filter: { connectionIds: [BINANCE_ID], types: ["FUNDING"] } }));
    await updates.waitFor("snapshot", (m) => (m.length ? true : undefined));
    w.sims.binance.adjustBalance({ type: AccountType.FUNDING }, "USDT", "3.000000001");
    const expected = w.sims.binance.balance({ type: AccountType.FUNDING }, "USDT");
    await updates.waitFor("POLL", () => (lastTotal(updates.messages, "FUNDING", "USDT", ["POLL"]) === expected ? true : undefined), 2_000 + 5_000);
    // Nothing changed after: no further message for the account.
    await new Promise((r) => setTimeout(r, 2_500));
    expect(updates.messages.map((m) => m.accountUpdates.reason)).toEqual(["SNAPSHOT", "POLL"]);
  });

  it("re-reads a sub-account wallet and pushes its change as POLL within TTL + 1 s", async () => {
    world = await startLiveWorld({ cacheTtlMs: 1_000 });
    const w = world;
    const email = "trading-desk@example.com";
    const updates = track(
      subscribe<AccountUpdateMessage>(w.wsUrl, FULL_TOKEN, ACCOUNT_UPDATES, { filter: { connectionIds: [BINANCE_ID], types: ["SPOT"], includeSubAccounts: true } }),
    );
    const subSnapshot = await updates.waitFor("the sub-account snapshot", (m) => m.find((x) => x.accountUpdates.account.subAccountEmail === email));
    expect(subSnapshot.accountUpdates.reason).toBe("SNAPSHOT");
    w.sims.binance.adjustBalance({ type: AccountType.SPOT, subAccountEmail: email }, "USDT", "0.123456789");
    const expected = w.sims.binance.balance({ type: AccountType.SPOT, subAccountEmail: email }, "USDT");
    const polled = await updates.waitFor(
      "the sub-account POLL",
      (m) => m.find((x) => x.accountUpdates.account.subAccountEmail === email && x.accountUpdates.reason === "POLL"),
      2_000 + 5_000,
    );
    expect(polled.accountUpdates.account.balances.find((b) => b.asset === "USDT")?.total).toBe(expected);
  });

  it("closes 4401 without a token or with an unknown one, 4403 without the read scope", async () => {
    world = await startLiveWorld();
    const w = world;
    expect(await track(subscribe(w.wsUrl, null, TRANSFER_UPDATES)).closed).toBe(4401);
    expect(await track(subscribe(w.wsUrl, "not-a-token", TRANSFER_UPDATES)).closed).toBe(4401);
    expect(await track(subscribe(w.wsUrl, NO_READ_TOKEN, TRANSFER_UPDATES)).closed).toBe(4403);
  });
});
