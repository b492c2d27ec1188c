import { describe, expect, it } from "@jest/globals";
import { Dec } from "../../../src/domain/decimal.js";
import { AccountType, Exchange, TransferSource, TransferStatus } from "../../../src/domain/enums.js";
import type { TransferRecord } from "../../../src/domain/transfer.js";
import { decodeCursor } from "../../../src/transfers/cursor.js";
import { mergeTransferPages } from "../../../src/transfers/mergeTransferPages.js";
import { exchangeRecordId } from "../../../src/transfers/transferIds.js";

function node(source: TransferSource, id: string, at: number, exchangeTransferId: string | null, over: Partial<TransferRecord> = {}): TransferRecord {
  return {
    id: source === TransferSource.EXCHANGE ? exchangeRecordId("c1", exchangeTransferId!) : id,
    connectionId: "c1",
    exchange: Exchange.BINANCE,
    exchangeTransferId,
    asset: "USDT",
    amount: new Dec("1"),
    from: { type: AccountType.SPOT, symbol: null },
    to: { type: AccountType.FUNDING, symbol: null },
    subAccountEmail: null,
    status: TransferStatus.CONFIRMED,
    createdAt: new Date(at),
    source,
    idempotencyKey: source === TransferSource.JOURNAL ? `k-${id}` : null,
    failureReason: null,
    ...over,
  };
}
const J = (id: string, at: number, ex: string | null = null, over: Partial<TransferRecord> = {}) => node(TransferSource.JOURNAL, id, at, ex, over);
const X = (ex: string, at: number, over: Partial<TransferRecord> = {}) => node(TransferSource.EXCHANGE, "", at, ex, over);

describe("mergeTransferPages", () => {
  it("shows a journaled transfer and its exchange record as one node: the journal's", () => {
    const page = mergeTransferPages({ journal: [J("j1", 100, "x1")], exchange: [X("x1", 101), X("x2", 50)], after: null, first: 10 });
    expect(page.edges.map((e) => [e.node.id, e.node.source])).toEqual([
      ["j1", TransferSource.JOURNAL],
      [exchangeRecordId("c1", "x2"), TransferSource.EXCHANGE],
    ]);
  });

  it("hides exchange records claimed by journal rows outside the list", () => {
    const page = mergeTransferPages({ journal: [], exchange: [X("x1", 1)], claimed: new Set([exchangeRecordId("c1", "x1")]), after: null, first: 10 });
    expect(page.edges).toEqual([]);
  });

  it("keeps an exchange record read twice once", () => {
    const page = mergeTransferPages({ journal: [], exchange: [X("x1", 1), X("x1", 1)], after: null, first: 10 });
    expect(page.edges).toHaveLength(1);
  });

  it("orders newest first, ties by id descending", () => {
    const page = mergeTransferPages({ journal: [J("a", 5), J("b", 5), J("c", 9)], exchange: [X("x", 7)], after: null, first: 10 });
    expect(page.edges.map((e) => e.node.id)).toEqual(["c", exchangeRecordId("c1", "x"), "b", "a"]);
  });

  it("filters after de-duplication (the exchange copy of a filtered-out journal node stays hidden)", () => {
    const page = mergeTransferPages({
      journal: [J("j1", 10, "x1", { status: TransferStatus.PENDING })],
      exchange: [X("x1", 10)],
      include: (r) => r.status === TransferStatus.CONFIRMED,
      after: null,
      first: 10,
    });
    expect(page.edges).toEqual([]);
  });

  it("pages by position: every node once, in order, unaffected by newer arrivals", () => {
    const journal = Array.from({ length: 30 }, (_, i) => J(`j${String(i).padStart(2, "0")}`, 1000 + i * 10));
    const exchange = Array.from({ length: 30 }, (_, i) => X(`x${i}`, 1000 + i * 10 + (i % 3 === 0 ? 0 : 5)));
    const seen: string[] = [];
    let after = null;
    let rounds = 0;
    for (;;) {
      // A newer transfer arrives before every page.
      journal.push(J(`new${rounds}`, 5000 + rounds));
      const page = mergeTransferPages({ journal, exchange, after, first: 7 });
      seen.push(...page.edges.map((e) => e.node.id));
      rounds++;
      if (!page.pageInfo.hasNextPage) break;
      after = decodeCursor(page.pageInfo.endCursor!);
    }
    const expected = mergeTransferPages({ journal: journal.filter((j) => !j.id.startsWith("new") || j.id === "new0"), exchange, after: null, first: 200 });
    expect(seen).toEqual(expected.edges.map((e) => e.node.id));
    expect(new Set(seen).size).toBe(61);
  });

  it("says when there is no next page and gives null endCursor for an empty page", () => {
    expect(mergeTransferPages({ journal: [J("a", 1)], exchange: [], after: null, first: 1 }).pageInfo.hasNextPage).toBe(false);
    expect(mergeTransferPages({ journal: [], exchange: [], after: null, first: 1 }).pageInfo).toEqual({
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: null,
      endCursor: null,
    });
  });
});
