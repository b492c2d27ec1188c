import { describe, expect, it } from "@jest/globals";
import { Dec } from "../../../src/domain/decimal.js";
import { AccountType, Exchange, TransferSource, TransferStatus } from "../../../src/domain/enums.js";
import type { ExchangeTransfer, TransferRecord } from "../../../src/domain/transfer.js";
import type { ExchangeConnector, TransferHistoryQuery } from "../../../src/exchanges/exchange.js";
import { createInProcessCofferEvents } from "../../../src/live/cofferEvents.js";
import { createHistoryWatcher } from "../../../src/live/historyWatcher.js";
import { silentLogger } from "../../../src/observability/logger.js";
import type { JournalEntry, JournalPageQuery } from "../../../src/transfers/journal.js";

const T0 = Date.parse("2026-03-01T10:00:00Z");

function transfer(exchangeTransferId: string, atMs: number, amount = "1", status = TransferStatus.CONFIRMED): ExchangeTransfer {
  return {
    connectionId: "c1",
    exchange: Exchange.BINANCE,
    exchangeTransferId,
    asset: "USDT",
    amount: new Dec(amount),
    from: { type: AccountType.SPOT, symbol: null },
    to: { type: AccountType.FUNDING, symbol: null },
    subAccountEmail: null,
    status,
    createdAt: new Date(atMs),
  };
}

/** A journal row: unsettled (no exchange id) or owning one. */
function row(amount: string, atMs: number, exchangeTransferId: string | null): JournalEntry {
  return {
    id: `j-${amount}-${atMs}`,
    connectionId: "c1",
    asset: "USDT",
    amount: new Dec(amount),
    createdAt: atMs,
    status: exchangeTransferId ? "CONFIRMED" : "SENDING",
    exchangeTransferId,
  } as unknown as JournalEntry;
}

function world() {
  let clock = T0;
  const history: ExchangeTransfer[] = [];
  const rows: JournalEntry[] = [];
  const queries: TransferHistoryQuery[] = [];
  const connector = {
    connectionId: "c1",
    async transferHistory(query: TransferHistoryQuery) {
      queries.push(query);
      return [...history];
    },
  } as unknown as ExchangeConnector;
  const journal = {
    async listPage(query: JournalPageQuery) {
      return rows.filter(
        (r) =>
          (!query.exchangeTransferIds || (r.exchangeTransferId !== null && query.exchangeTransferIds.includes(r.exchangeTransferId))) &&
          (!query.statuses || query.statuses.includes(r.status)) &&
          (query.since === undefined || r.createdAt >= query.since) &&
          (query.until === undefined || r.createdAt <= query.until),
      );
    },
  };
  const events = createInProcessCofferEvents();
  const published: TransferRecord[] = [];
  events.onTransfer((r) => published.push(r));
  // Timers are driven by hand: a long interval, and each read asked for through an account change.
  const watcher = createHistoryWatcher({ connectors: [connector], journal, events, logger: silentLogger, intervalMs: 3_600_000, afterChangeMs: 0, now: () => clock });
  const readNow = async () => {
    events.publishAccountChange({ key: { connectionId: "c1" } as never, reason: "STREAM", at: new Date(clock) });
    await new Promise((r) => setTimeout(r, 5));
    await watcher.idle();
  };
  return { history, rows, queries, published, watcher, readNow, advance: (ms: number) => (clock += ms) };
}

describe("historyWatcher", () => {
  it("reports a record made outside Coffer once, again when its status changes; not one that was there before, nor one the journal owns", async () => {
    const w = world();
    w.history.push(transfer("old", T0 - 1000));
    const release = w.watcher.acquire();
    await new Promise((r) => setTimeout(r, 5));
    await w.watcher.idle();
    expect(w.queries).toHaveLength(1);
    expect(w.published).toEqual([]);

    w.advance(1000);
    w.history.push(transfer("outside", T0 + 500, "2", TransferStatus.PENDING), transfer("mine", T0 + 600, "3"));
    w.rows.push(row("3", T0 + 550, "mine"));
    await w.readNow();
    expect(w.published.map((r) => [r.exchangeTransferId, r.status, r.source])).toEqual([["outside", "PENDING", TransferSource.EXCHANGE]]);
    expect(w.published[0]!.amount.toFixed()).toBe("2");

    await w.readNow();
    expect(w.published).toHaveLength(1);
    w.history.splice(1, 1, transfer("outside", T0 + 500, "2", TransferStatus.CONFIRMED));
    await w.readNow();
    expect(w.published.map((r) => [r.exchangeTransferId, r.status])).toEqual([
      ["outside", "PENDING"],
      ["outside", "CONFIRMED"],
    ]);
    release();
    await w.watcher.close();
  });

  it("holds back a record an unsettled journal row may own until that row settles: owned then, never reported", async () => {
    const w = world();
    const release = w.watcher.acquire();
    await new Promise((r) => setTimeout(r, 5));
    await w.watcher.idle();
    w.advance(1000);
    w.rows.push(row("5", T0 + 400, null));
    w.history.push(transfer("sent-by-coffer", T0 + 500, "5"));
    await w.readNow();
    expect(w.published).toEqual([]);
    // The outcome is written: the row owns the record.
    w.rows.splice(0, 1, row("5", T0 + 400, "sent-by-coffer"));
    await w.readNow();
    await w.readNow();
    expect(w.published).toEqual([]);
    release();
    await w.watcher.close();
  });

  it("reads only while held, through the subscribers' hub: the last listener gone, no more reads", async () => {
    const w = world();
    const events = createInProcessCofferEvents();
    const hub = w.watcher.watching(events);
    expect(w.queries).toHaveLength(0);
    const off1 = hub.onTransfer(() => undefined);
    const off2 = hub.onTransfer(() => undefined);
    await new Promise((r) => setTimeout(r, 5));
    await w.watcher.idle();
    expect(w.queries).toHaveLength(1);
    off1();
    off1();
    await w.readNow();
    expect(w.queries).toHaveLength(2);
    off2();
    await w.readNow();
    expect(w.queries).toHaveLength(2);
    await w.watcher.close();
  });
});
