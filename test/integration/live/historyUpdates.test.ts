import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { Dec } from "../../../src/domain/decimal.js";
import { AccountType } from "../../../src/domain/enums.js";
import type { TransferRequest } from "../../../src/domain/transfer.js";
import { exchangeRecordId } from "../../../src/transfers/transferIds.js";
import { BINANCE_ID, directConnectors, HTX_ID, MONEY_TOKEN } from "../../support/moneyCoffer.js";
import { mutateTransfer } from "../transfers/transferKit.js";
import { ACCOUNT_UPDATES, lastTotal, startLiveWorld, subscribe, TRANSFER_UPDATES, type AccountUpdateMessage, type LiveWorld, type TransferUpdateMessage } from "./liveKit.js";

/**
 * transferUpdates reports transfers seen only in an exchange's history (made outside Coffer),
 * as the contract says: once each, with the exchange's id, never a transfer Coffer made itself
 * a second time, and never one that was there before the subscription started. The wallet it
 * moved is re-read (POLL) long before its cache TTL would have it re-read.
 */

let world: LiveWorld;
let direct: ReturnType<typeof directConnectors>;
beforeAll(async () => {
  // A long TTL: the funding wallet (no stream) changes quickly only if the history read notices the transfer.
  world = await startLiveWorld({ cacheTtlMs: 60_000, coffer: { historyWatch: { intervalMs: 400, afterChangeMs: 200 } } });
  direct = directConnectors(world.sims);
}, 60_000);
afterAll(async () => {
  await direct?.close();
  await world?.close();
});

const request = (connectionId: string, amount: string, from: AccountType, to: AccountType): TransferRequest => ({
  connectionId,
  idempotencyKey: `outside-${connectionId}-${amount}-${from}-${to}`,
  asset: "USDT",
  amount: new Dec(amount),
  from: { type: from, symbol: null },
  to: { type: to, symbol: null },
  subAccountEmail: null,
});

const historyReads = () =>
  world.sims.binance.callsTo("/sapi/v1/asset/transfer", "GET").length + world.sims.htx.calls.filter((c) => c.method === "GET" && c.path === "/v2/account/ledger").length;

async function readsAtLeast(count: number): Promise<void> {
  const end = Date.now() + 20_000;
  while (historyReads() < count) {
    if (Date.now() > end) throw new Error(`history read ${historyReads()} times, expected ${count}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("transferUpdates and the exchanges' own history", () => {
  it("reports a transfer made outside Coffer once on each exchange, Coffer's own once, an older one never; the moved funding wallet is re-read (POLL)", async () => {
    const before = await direct.binance.transfer(request(BINANCE_ID, "0.5", AccountType.SPOT, AccountType.FUNDING));
    const transfers = subscribe<TransferUpdateMessage>(world.wsUrl, MONEY_TOKEN, TRANSFER_UPDATES);
    const accounts = subscribe<AccountUpdateMessage>(world.wsUrl, MONEY_TOKEN, ACCOUNT_UPDATES, { filter: { connectionIds: [BINANCE_ID], types: ["FUNDING"] } });
    try {
      await accounts.waitFor("the funding snapshot", (m) => (m.length >= 1 ? true : undefined));
      // The watch began with the subscription: its first read is done once each exchange was asked.
      const readsBefore = historyReads();
      await readsAtLeast(readsBefore + 2);
      await new Promise((r) => setTimeout(r, 300));

      const outsideBinance = await direct.binance.transfer(request(BINANCE_ID, "1.75", AccountType.SPOT, AccountType.FUNDING));
      const outsideHtx = await direct.htx.transfer(request(HTX_ID, "2.5", AccountType.SPOT, AccountType.USDM_FUTURES));
      const fundingAfter = world.sims.binance.balance({ type: AccountType.FUNDING }, "USDT");
      const made = await mutateTransfer(world.url, {
        connectionId: BINANCE_ID,
        asset: "USDT",
        amount: "1.25",
        from: { type: "SPOT" },
        to: { type: "MARGIN_CROSS" },
        idempotencyKey: "history-live-1",
      });
      expect(made.errors).toBeUndefined();
      const madeId = made.data!.transfer.transfer.id;

      const outsideIds = [exchangeRecordId(BINANCE_ID, outsideBinance.exchangeTransferId), exchangeRecordId(HTX_ID, outsideHtx.exchangeTransferId)];
      await transfers.waitFor("both outside transfers and Coffer's", (m) => {
        const ids = m.map((x) => x.transferUpdates.id);
        return outsideIds.every((id) => ids.includes(id)) && m.some((x) => x.transferUpdates.id === madeId && x.transferUpdates.status === "CONFIRMED") ? true : undefined;
      });
      await accounts.waitFor("funding's new balance", () => (lastTotal(accounts.messages, "FUNDING", "USDT", ["POLL"]) === fundingAfter ? true : undefined), 10_000);
      // Several more reads: nothing is reported twice.
      const settled = historyReads();
      await readsAtLeast(settled + 6);

      expect(transfers.errors).toEqual([]);
      const seen = transfers.messages.map((m) => m.transferUpdates);
      expect(seen.filter((t) => t.id === outsideIds[0])).toEqual([
        {
          id: outsideIds[0],
          status: "CONFIRMED",
          exchangeTransferId: outsideBinance.exchangeTransferId,
          asset: "USDT",
          amount: "1.75",
          from: { type: "SPOT" },
          to: { type: "FUNDING" },
        },
      ]);
      expect(seen.filter((t) => t.id === outsideIds[1])).toEqual([
        {
          id: outsideIds[1],
          status: "CONFIRMED",
          exchangeTransferId: outsideHtx.exchangeTransferId,
          asset: "USDT",
          amount: "2.5",
          from: { type: "SPOT" },
          to: { type: "USDM_FUTURES" },
        },
      ]);
      const mine = seen.filter((t) => t.id === madeId);
      expect(mine.map((t) => t.status)).toEqual(["PENDING", "CONFIRMED"]);
      // Coffer's own transfer is in Binance's history too, but only its journal node is reported.
      expect(seen.filter((t) => t.exchangeTransferId === mine[1]!.exchangeTransferId)).toHaveLength(1);
      // The one made before the subscription is not news.
      expect(seen.map((t) => t.exchangeTransferId)).not.toContain(before.exchangeTransferId);
      expect(seen).toHaveLength(4);
    } finally {
      transfers.dispose();
      accounts.dispose();
    }
    // The last subscriber gone, the histories are no longer read.
    await new Promise((r) => setTimeout(r, 600));
    const after = historyReads();
    await new Promise((r) => setTimeout(r, 1_500));
    expect(historyReads()).toBe(after);
  }, 90_000);
});
