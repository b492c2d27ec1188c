import { describe, expect, it } from "@jest/globals";
import { ErrorCode } from "../../../src/domain/errors.js";
import { compareCursorKeys, decodeCursor, encodeCursor } from "../../../src/transfers/cursor.js";
import { exchangeRecordId, parseExchangeRecordId } from "../../../src/transfers/transferIds.js";

describe("cursor", () => {
  it.each([
    { createdAtMs: 0, id: "a" },
    { createdAtMs: 1_700_000_000_123, id: "5f0c1c2e-1d7e-4a0e-9f5e-000000000001" },
    { createdAtMs: 1, id: exchangeRecordId("binance-main", "123:456") },
  ])("round-trips %o", (key) => {
    const cursor = encodeCursor(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(key);
  });

  it.each([
    ["empty", ""],
    ["not base64url", "abc def"],
    ["random text", Buffer.from("hello").toString("base64url")],
    ["wrong prefix", Buffer.from('x1:[1,"a"]').toString("base64url")],
    ["broken JSON", Buffer.from("c1:[1,").toString("base64url")],
    ["time not an integer", Buffer.from('c1:[1.5,"a"]').toString("base64url")],
    ["empty id", Buffer.from('c1:[1,""]').toString("base64url")],
    ["three parts", Buffer.from('c1:[1,"a","b"]').toString("base64url")],
  ])("refuses %s with BAD_USER_INPUT", (_name, text) => {
    expect(() => decodeCursor(text)).toThrow(expect.objectContaining({ code: ErrorCode.BAD_USER_INPUT }));
  });

  it.each([
    [{ createdAtMs: 2, id: "a" }, { createdAtMs: 1, id: "z" }, -1],
    [{ createdAtMs: 1, id: "b" }, { createdAtMs: 1, id: "a" }, -1],
    [{ createdAtMs: 1, id: "a" }, { createdAtMs: 1, id: "a" }, 0],
    [{ createdAtMs: 1, id: "a" }, { createdAtMs: 2, id: "a" }, 1],
  ])("orders %o before/after %o as %d (newest first)", (a, b, sign) => {
    expect(Math.sign(compareCursorKeys(a, b))).toBe(sign);
  });
});

describe("exchange record ids", () => {
  it("are stable and reversible", () => {
    const id = exchangeRecordId("htx-main", "987654321");
    expect(id).toBe(exchangeRecordId("htx-main", "987654321"));
    expect(parseExchangeRecordId(id)).toEqual({ connectionId: "htx-main", exchangeTransferId: "987654321" });
  });
  it.each(["5f0c1c2e-1d7e-4a0e-9f5e-000000000001", "", "!!", Buffer.from('ex:["a"]').toString("base64url")])("are not confused with other text: %s", (text) => {
    expect(parseExchangeRecordId(text)).toBeNull();
  });
});
