import { describe, expect, it } from "@jest/globals";
import { Dec } from "../../../src/domain/decimal.js";
import { AccountType, Exchange, TransferStatus } from "../../../src/domain/enums.js";
import type { ExchangeTransfer } from "../../../src/domain/transfer.js";
import type { JournalEntry } from "../../../src/transfers/journal.js";
import { matchJournalToExchange } from "../../../src/transfers/matchJournalToExchange.js";
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

  it("breaks ties on time by the earlier record, then the smaller id", () => {
    const result = matchJournalToExchange(
      [entry("j1")],
      [record("x9", { createdAt: new Date(T + 1000) }), record("x2", { createdAt: new Date(T - 1000) }), record("x1", { createdAt: new Date(T - 1000) })],
      W,
    );
    expect(result.get("j1")?.exchangeTransferId).toBe("x1");
  });
});
