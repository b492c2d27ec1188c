import { describe, expect, it } from "@jest/globals";
import { CallBudgetSpentError, createCallBudget, type CallBudget } from "../../../src/exchanges/kit/callBudget.js";
import { createHistoryWalk, windowedSource, type PageFetcher } from "../../../src/exchanges/kit/historyWalk.js";
import { RequestAbortedError } from "../../../src/exchanges/kit/httpClient.js";
import { Dec } from "../../../src/domain/decimal.js";
import { AccountType, Exchange, TransferStatus } from "../../../src/domain/enums.js";
import type { ExchangeTransfer } from "../../../src/domain/transfer.js";

const DAY = 24 * 60 * 60 * 1000;

function transfer(id: string, at: number, to = AccountType.FUNDING): ExchangeTransfer {
  return {
    connectionId: "c",
    exchange: Exchange.BINANCE,
    exchangeTransferId: id,
    asset: "USDT",
    amount: new Dec("1"),
    from: { type: AccountType.SPOT, symbol: null },
    to: { type: to, symbol: null },
    subAccountEmail: null,
    status: TransferStatus.CONFIRMED,
    createdAt: new Date(at),
  };
}

/** An exchange's history in memory: windows and pages like the real ones, every call logged. */
function fakeHistory(records: ExchangeTransfer[], pageSize: number, options: { budget?: CallBudget; order?: "newest" | "oldest" } = {}) {
  const calls: Array<{ start: number; end: number; offset: number }> = [];
  const fetch: PageFetcher<number> = async (start, end, token) => {
    options.budget?.take();
    const offset = token ?? 0;
    calls.push({ start, end, offset });
    const rows = records
      .filter((r) => r.createdAt.getTime() >= start && r.createdAt.getTime() <= end)
      .sort((a, b) => (options.order === "oldest" ? 1 : -1) * (a.createdAt.getTime() - b.createdAt.getTime()))
      .slice(offset, offset + pageSize);
    return { rows: rows.map((r) => ({ time: r.createdAt.getTime(), transfer: r })), next: rows.length < pageSize ? null : offset + pageSize };
  };
  return { calls, fetch };
}

const range = { since: 1, until: 100 * DAY };
const ids = (list: readonly ExchangeTransfer[]) => list.map((t) => t.exchangeTransferId);

describe("history walk", () => {
  it("reads windows newest first and stops once enough is known; what it reports is exact", async () => {
    // One record a day, days 1..99.
    const records = Array.from({ length: 99 }, (_, i) => transfer(`d${i + 1}`, (i + 1) * DAY));
    const h = fakeHistory(records, 4);
    const walk = createHistoryWalk({ range, sources: [windowedSource(range, 10 * DAY, h.fetch)], where: "test" });
    await walk.more(5);
    // Window (90d, 100d]: 9 records → pages of 4, 4 (5 known beyond the first page's edge).
    expect(h.calls.map((c) => [c.end, c.offset])).toEqual([
      [100 * DAY, 0],
      [100 * DAY, 4],
    ]);
    expect(ids(walk.transfers)).toEqual(["d99", "d98", "d97", "d96", "d95", "d94", "d93"]);
    expect(walk.knownAfter).toBe(92 * DAY);
    expect(walk.done).toBe(false);
    // Every record newer than knownAfter is there, nothing older.
    expect(walk.transfers.every((t) => t.createdAt.getTime() > walk.knownAfter)).toBe(true);

    await walk.more(Infinity);
    expect(walk.done).toBe(true);
    expect(ids(walk.transfers)).toEqual(ids([...records].reverse()));
    expect(new Set(h.calls.map((c) => c.end)).size).toBe(10);
    expect(h.calls.every((c) => c.end - c.start < 10 * DAY)).toBe(true);
  });

  it("reads on from the source that knows least; a record both hold is the first source's", async () => {
    const universal = fakeHistory([transfer("x", 50 * DAY), transfer("u1", 80 * DAY), transfer("u2", 20 * DAY)], 10);
    const margin = fakeHistory([transfer("x", 50 * DAY, AccountType.MARGIN_CROSS), transfer("m1", 95 * DAY)], 10);
    const walk = createHistoryWalk({
      range,
      sources: [windowedSource(range, Infinity, universal.fetch), windowedSource(range, 30 * DAY, margin.fetch)],
      where: "test",
    });
    await walk.more(2);
    // Both asked at first: the universal history is read to its end, the margin one's newest window.
    expect([universal.calls.length, margin.calls.length]).toEqual([1, 1]);
    expect(ids(walk.transfers)).toEqual(["m1", "u1"]);
    expect(walk.knownAfter).toBe(70 * DAY);
    // Further back, only the margin history is asked.
    await walk.more(1);
    expect([universal.calls.length, margin.calls.length]).toEqual([1, 2]);
    expect(ids(walk.transfers)).toEqual(["m1", "u1", "x"]);
    await walk.more(Infinity);
    expect(ids(walk.transfers)).toEqual(["m1", "u1", "x", "u2"]);
    expect(walk.transfers.find((t) => t.exchangeTransferId === "x")!.to.type).toBe(AccountType.FUNDING);
  });

  it("counts a window whose pages come out of order as known only once it is read to its end", async () => {
    const records = Array.from({ length: 6 }, (_, i) => transfer(`r${i}`, (91 + i) * DAY));
    const h = fakeHistory(records, 2, { order: "oldest" });
    const walk = createHistoryWalk({ range, sources: [windowedSource(range, 10 * DAY, h.fetch)], where: "test" });
    await walk.more(1);
    expect(h.calls).toHaveLength(4); // 3 pages of the window, its end seen on the third (2 + 2 + 2 + 0 rows)
    expect(ids(walk.transfers)).toEqual(["r5", "r4", "r3", "r2", "r1", "r0"]);
    expect(walk.knownAfter).toBe(range.until - 10 * DAY);
  });

  it("stops at the call budget, keeping what it read; it never calls past it", async () => {
    const records = Array.from({ length: 99 }, (_, i) => transfer(`d${i + 1}`, (i + 1) * DAY));
    const budget = createCallBudget(3);
    const h = fakeHistory(records, 4, { budget });
    const walk = createHistoryWalk({ range, sources: [windowedSource(range, 10 * DAY, h.fetch)], where: "test" });
    await expect(walk.more(50)).rejects.toBeInstanceOf(CallBudgetSpentError);
    expect(h.calls).toHaveLength(3);
    expect(budget.used).toBe(3);
    expect(ids(walk.transfers)).toEqual(["d99", "d98", "d97", "d96", "d95", "d94", "d93", "d92", "d91"]);
    await expect(walk.more(1)).rejects.toBeInstanceOf(CallBudgetSpentError);
    expect(h.calls).toHaveLength(3);
  });

  it("asks for nothing once its signal has fired", async () => {
    const records = Array.from({ length: 99 }, (_, i) => transfer(`d${i + 1}`, (i + 1) * DAY));
    const h = fakeHistory(records, 4);
    const controller = new AbortController();
    const walk = createHistoryWalk({ range, sources: [windowedSource(range, 10 * DAY, h.fetch)], signal: controller.signal, where: "test" });
    await walk.more(1);
    const before = h.calls.length;
    controller.abort();
    await expect(walk.more(Infinity)).rejects.toBeInstanceOf(RequestAbortedError);
    expect(h.calls).toHaveLength(before);
  });

  it("an empty range is read without a call", async () => {
    const h = fakeHistory([transfer("a", 5)], 4);
    const empty = { since: 10, until: 9 };
    const walk = createHistoryWalk({ range: empty, sources: [windowedSource(empty, 10, h.fetch)], where: "test" });
    await walk.more(Infinity);
    expect(walk.done).toBe(true);
    expect(walk.transfers).toEqual([]);
    expect(h.calls).toEqual([]);
  });
});
