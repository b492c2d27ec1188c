import { describe, expect, it } from "@jest/globals";
import { Dec } from "../../../src/domain/decimal.js";
import { AccountType, Exchange, TransferSource, TransferStatus } from "../../../src/domain/enums.js";
import type { TransferRecord } from "../../../src/domain/transfer.js";
import { decodeTransferEvent, encodeTransferEvent, TransferEventFormatError } from "../../../src/live/transferEventCodec.js";

const base: TransferRecord = {
  id: "t-1",
  connectionId: "binance-main",
  exchange: Exchange.BINANCE,
  exchangeTransferId: null,
  asset: "USDT",
  amount: new Dec("1.25"),
  from: { type: AccountType.SPOT, symbol: null },
  to: { type: AccountType.FUNDING, symbol: null },
  subAccountEmail: null,
  status: TransferStatus.PENDING,
  createdAt: new Date("2026-03-01T10:20:30.123Z"),
  source: TransferSource.JOURNAL,
  idempotencyKey: "key-1",
  failureReason: null,
};

/** Each case changes what a lossy codec would get wrong: digits past a double, tiny and huge amounts, nulls, symbols, dates. */
const cases: Array<[string, Partial<TransferRecord>]> = [
  ["a plain pending transfer", {}],
  ["digits a double cannot hold", { amount: new Dec("0.10000000000000000555") }],
  ["18 decimals", { amount: new Dec("0.000000000000000001") }],
  ["a large amount with decimals", { amount: new Dec("123456789012345678901234.5678") }],
  ["confirmed with an exchange id", { status: TransferStatus.CONFIRMED, exchangeTransferId: "987654321098765432" }],
  ["failed with a reason", { status: TransferStatus.FAILED, failureReason: 'refused: "insufficient" ✓' }],
  [
    "isolated sides, a sub-account, HTX, no key",
    {
      exchange: Exchange.HTX,
      from: { type: AccountType.MARGIN_ISOLATED, symbol: "BTCUSDT" },
      to: { type: AccountType.SPOT, symbol: null },
      subAccountEmail: "sub@example.com",
      idempotencyKey: null,
    },
  ],
  ["an exchange-sourced record, an early date", { source: TransferSource.EXCHANGE, createdAt: new Date(0), status: TransferStatus.UNKNOWN }],
];

describe("transferEventCodec", () => {
  it.each(cases)("round-trips %s exactly", (_name, change) => {
    const record = { ...base, ...change } as TransferRecord;
    const back = decodeTransferEvent(encodeTransferEvent({ origin: "instance-a", record }));
    expect(back.origin).toBe("instance-a");
    expect(back.record.amount.toFixed()).toBe(record.amount.toFixed());
    expect(back.record.amount.eq(record.amount)).toBe(true);
    expect(back.record.createdAt.toISOString()).toBe(record.createdAt.toISOString());
    expect({ ...back.record, amount: null, createdAt: null }).toEqual({ ...record, amount: null, createdAt: null });
  });

  it("writes the amount and the date as text, never as a JSON number", () => {
    const text = encodeTransferEvent({ origin: "a", record: { ...base, amount: new Dec("0.10000000000000000555") } });
    expect(text).toContain('"amount":"0.10000000000000000555"');
    expect(text).toContain('"createdAt":"2026-03-01T10:20:30.123Z"');
  });

  const good = JSON.parse(encodeTransferEvent({ origin: "a", record: base })) as { record: Record<string, unknown> };
  const broken: Array<[string, string]> = [
    ["not JSON", "{"],
    ["another version", JSON.stringify({ ...good, v: 2 })],
    ["an amount as a number", JSON.stringify({ ...good, record: { ...good.record, amount: 1.25 } })],
    ["an amount in exponent form", JSON.stringify({ ...good, record: { ...good.record, amount: "1e3" } })],
    ["an unknown status", JSON.stringify({ ...good, record: { ...good.record, status: "DONE" } })],
    ["an unknown account type", JSON.stringify({ ...good, record: { ...good.record, from: { type: "MOON", symbol: null } } })],
    ["a bad date", JSON.stringify({ ...good, record: { ...good.record, createdAt: "yesterday" } })],
    ["no origin", JSON.stringify({ ...good, origin: undefined })],
  ];
  it.each(broken)("refuses %s", (_name, text) => {
    expect(() => decodeTransferEvent(text)).toThrow(TransferEventFormatError);
  });
});
