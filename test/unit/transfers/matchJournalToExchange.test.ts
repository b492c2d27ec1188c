import { describe, expect, it } from "@jest/globals";
import { Dec } from "../../../src/domain/decimal.js";
import { AccountType, Exchange, TransferStatus } from "../../../src/domain/enums.js";
import type { ExchangeTransfer } from "../../../src/domain/transfer.js";
import type { JournalEntry } from "../../../src/transfers/journal.js";
import { matchJournalRows, matchJournalToExchange } from "../../../src/transfers/matchJournalToExchange.js";
import { exchangeRecordId } from "../../../src/transfers/transferIds.js";

const T = 1_700_000_000_000;

function entry(id: string, over: Partial<JournalEntry> = {}): JournalEntry {
  return {
    id,
    idempotencyKey: `key-${id}`,
    fingerprint: "f",
    connectionId: "c1",
    exchange: Exchange.BINANCE,
    asset: "USDT",
    amount: new Dec("10"),
    from: { type: AccountType.SPOT, symbol: null },
    to: { type: AccountType.MARGIN_ISOLATED, symbol: "BTCUSDT" },
    subAccountEmail: null,
    status: "UNKNOWN",
    exchangeTransferId: null,
    failureCode: null,
    failureReason: null,
    failureDetail: null,
    createdAt: T,
    updatedAt: T,
    sentAt: T,
    ownerId: null,
    leaseUntil: null,
    nextCheckAt: null,
    checkCount: 0,
    ...over,
  };
}

function record(exchangeTransferId: string, over: Partial<ExchangeTransfer> = {}): ExchangeTransfer {
  return {
    connectionId: "c1",
    exchange: Exchange.BINANCE,
    exchangeTransferId,
    asset: "USDT",
    amount: new Dec("10.000"),
    from: { type: AccountType.SPOT, symbol: null },
    to: { type: AccountType.MARGIN_ISOLATED, symbol: "BTCUSDT" },
    subAccountEmail: null,
    status: TransferStatus.CONFIRMED,
    createdAt: new Date(T + 500),
    ...over,
  };
}

const W = { windowMs: 60_000 };

describe("matchJournalToExchange", () => {
  it.each<[string, Partial<ExchangeTransfer>, boolean]>([
    ["the same transfer (amount with trailing zeros)", {}, true],
    ["another asset", { asset: "BTC" }, false],
    ["the asset in lower case", { asset: "usdt" }, true],
    ["another amount", { amount: new Dec("10.00000001") }, false],
    ["another from type", { from: { type: AccountType.FUNDING, symbol: null } }, false],
    ["another to type", { to: { type: AccountType.MARGIN_CROSS, symbol: null } }, false],
    ["another symbol", { to: { type: AccountType.MARGIN_ISOLATED, symbol: "ETHUSDT" } }, false],
    ["no symbol in the history (HTX ledger)", { to: { type: AccountType.MARGIN_ISOLATED, symbol: null } }, true],
    ["the symbol spelled BTC-USDT", { to: { type: AccountType.MARGIN_ISOLATED, symbol: "btc-usdt" } }, true],
    ["another connection", { connectionId: "c2" }, false],
    ["a sub-account the row did not name", { subAccountEmail: "s@example.com" }, false],
    ["59 s later", { createdAt: new Date(T + 59_000) }, true],
    ["61 s later", { createdAt: new Date(T + 61_000) }, false],
    ["a little earlier (clock skew)", { createdAt: new Date(T - 2_000) }, true],
  ])("%s → match %s", (_name, change, expected) => {
    const result = matchJournalToExchange([entry("j1")], [record("x1", change)], W);
    expect(result.has("j1")).toBe(expected);
  });

  it("uses the send time when the row has one, else the creation time", () => {
    const late = record("x1", { createdAt: new Date(T + 100_000) });
    expect(matchJournalToExchange([entry("j1", { sentAt: T + 90_000 })], [late], W).get("j1")?.exchangeTransferId).toBe("x1");
    expect(matchJournalToExchange([entry("j1", { sentAt: null })], [late], W).has("j1")).toBe(false);
  });

  it("never gives one exchange record to two rows; the older row takes the nearer record", () => {
    const rows = [entry("j2", { createdAt: T + 30_000, sentAt: T + 30_000 }), entry("j1")];
    const records = [record("x2", { createdAt: new Date(T + 30_100) }), record("x1", { createdAt: new Date(T + 100) })];
    const result = matchJournalToExchange(rows, records, W);
    expect(result.get("j1")?.exchangeTransferId).toBe("x1");
    expect(result.get("j2")?.exchangeTransferId).toBe("x2");
  });

  it("leaves a row unmatched when its only candidate is owned by another row", () => {
    const claimed = new Set([exchangeRecordId("c1", "x1")]);
    expect(matchJournalToExchange([entry("j1")], [record("x1")], { ...W, claimed }).size).toBe(0);
  });

  it("with two rows and one record, matches only one", () => {
    const result = matchJournalToExchange([entry("j1"), entry("j2", { createdAt: T + 1, sentAt: T + 1 })], [record("x1")], W);
    expect(result.size).toBe(1);
    expect(result.get("j1")?.exchangeTransferId).toBe("x1");
  });

  it("does not guess between records equally near in time: the row is ambiguous, unmatched", () => {
    const result = matchJournalRows(
      [entry("j1")],
      [record("x9", { createdAt: new Date(T + 1000) }), record("x2", { createdAt: new Date(T - 1000) }), record("x1", { createdAt: new Date(T - 1000) })],
      W,
    );
    expect(result.matched.size).toBe(0);
    expect(
      result.ambiguous
        .get("j1")
        ?.map((r) => r.exchangeTransferId)
        .sort(),
    ).toEqual(["x1", "x2", "x9"]);
  });

  // One row sent at T; candidate records (same asset, amount, route) at the given offsets.
  it.each<[string, number[], string | "ambiguous" | null]>([
    ["one record", [200], "x0"],
    ["the nearer of two, by more than the margin", [200, 30_000], "x0"],
    ["the nearer of two, even when it came first in time", [40_000, -300], "x1"],
    ["two records 1 s apart (an identical transfer made outside Coffer)", [50, 1_050], "ambiguous"],
    ["two records at the same instant", [500, 500], "ambiguous"],
    ["two records just inside the margin", [0, 4_999], "ambiguous"],
    ["two records exactly the margin apart", [0, 5_000], "x0"],
    ["the second one outside the window", [100, 61_000], "x0"],
    ["none inside the window", [-61_000, 61_000], null],
  ])("%s → %s", (_name, offsets, expected) => {
    const records = offsets.map((o, i) => record(`x${i}`, { createdAt: new Date(T + o) }));
    const result = matchJournalRows([entry("j1")], records, { ...W, clearMarginMs: 5_000 });
    if (expected === "ambiguous") {
      expect(result.matched.has("j1")).toBe(false);
      expect(result.ambiguous.has("j1")).toBe(true);
    } else {
      expect(result.matched.get("j1")?.exchangeTransferId ?? null).toBe(expected);
      expect(result.ambiguous.has("j1")).toBe(false);
    }
  });

  it("a record nearer to another unsettled row is that row's, not a rival: two rows 1 s apart take one record each", () => {
    const rows = [entry("j1"), entry("j2", { createdAt: T + 1_000, sentAt: T + 1_000 })];
    const records = [record("x1", { createdAt: new Date(T + 50) }), record("x2", { createdAt: new Date(T + 1_050) })];
    const result = matchJournalRows(rows, records, W);
    expect(result.matched.get("j1")?.exchangeTransferId).toBe("x1");
    expect(result.matched.get("j2")?.exchangeTransferId).toBe("x2");
    expect(result.ambiguous.size).toBe(0);
  });

  it("a rival another row already owns does not make the row ambiguous", () => {
    const claimed = new Set([exchangeRecordId("c1", "x2")]);
    const records = [record("x1", { createdAt: new Date(T + 50) }), record("x2", { createdAt: new Date(T + 900) })];
    expect(matchJournalRows([entry("j1")], records, { ...W, claimed }).matched.get("j1")?.exchangeTransferId).toBe("x1");
  });

  it.each<[string, string | null, string | null, boolean, boolean]>([
    // journal symbol, record symbol, history names symbols exactly, → match
    ["an exact history: isolated symbol equal", "BTC-USDT", "BTC-USDT", true, true],
    ["an exact history: another isolated symbol", "BTC-USDT", "ETH-USDT", true, false],
    ["an exact history: cross (null) is not an isolated row", "BTC-USDT", null, true, false],
    ["an exact history: cross matches a cross row", null, null, true, true],
    ["an exact history: an isolated record is not a cross row", null, "BTC-USDT", true, false],
    ["an inexact history: null matches on type only", "BTC-USDT", null, false, true],
  ])("%s", (_name, journalSymbol, recordSymbol, exact, expected) => {
    const to = (symbol: string | null) => ({ type: AccountType.USDM_FUTURES, symbol });
    const result = matchJournalRows([entry("j1", { to: to(journalSymbol) })], [record("x1", { to: to(recordSymbol), symbolsExact: exact })], W);
    expect(result.matched.has("j1")).toBe(expected);
  });

  it("an exact symbol tells two otherwise identical records apart (no ambiguity)", () => {
    const to = (symbol: string | null) => ({ type: AccountType.USDM_FUTURES, symbol });
    const records = [record("x1", { to: to("ETH-USDT"), symbolsExact: true }), record("x2", { to: to("BTC-USDT"), symbolsExact: true, createdAt: new Date(T + 600) })];
    const result = matchJournalRows([entry("j1", { to: to("BTC-USDT") })], records, W);
    expect(result.matched.get("j1")?.exchangeTransferId).toBe("x2");
    expect(result.ambiguous.size).toBe(0);
  });
});
