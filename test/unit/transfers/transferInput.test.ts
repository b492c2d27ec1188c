import { describe, expect, it } from "@jest/globals";
import { Dec } from "../../../src/domain/decimal.js";
import { AccountType } from "../../../src/domain/enums.js";
import { ErrorCode } from "../../../src/domain/errors.js";
import { checkIdempotencyKey, normalizeTransferRequest } from "../../../src/transfers/transferInput.js";
import type { TransferRequest } from "../../../src/domain/transfer.js";

const input: TransferRequest = {
  connectionId: "c1",
  asset: " usdt ",
  amount: new Dec("1.5"),
  from: { type: AccountType.SPOT, symbol: null },
  to: { type: AccountType.MARGIN_ISOLATED, symbol: " btcusdt " },
  subAccountEmail: "",
  idempotencyKey: "k",
};

describe("checkIdempotencyKey", () => {
  it.each([["a"], ["x".repeat(255)], ["é".repeat(255)], [" key with spaces "], ["🔑".repeat(255)], ["e\u0301"], ["\ufffd"], ["\u00a0nbsp"]])("accepts %j", (key) => {
    expect(checkIdempotencyKey(key)).toBe(key);
  });
  it.each([[""], ["   "], ["\t\n"], ["x".repeat(256)]])("refuses %j", (key) => {
    expect(() => checkIdempotencyKey(key)).toThrow(expect.objectContaining({ code: ErrorCode.BAD_USER_INPUT }));
  });
  it.each<[string, string]>([
    ["\ud83d", "lone surrogate (U+D83D) at position 1"],
    ["🔑\ude11x", "lone surrogate (U+DE11) at position 2"],
    ["ab\u0000", "control character U+0000 at position 3"],
    ["a\nb", "control character U+000A at position 2"],
    ["a\u009fb", "control character U+009F at position 2"],
  ])("refuses %j, naming the character and where it is", (key, problem) => {
    expect(() => checkIdempotencyKey(key)).toThrow(expect.objectContaining({ code: ErrorCode.BAD_USER_INPUT, message: expect.stringContaining(problem) }));
  });
});

describe("normalizeTransferRequest", () => {
  it("upper-cases the asset and symbols, drops empty strings", () => {
    const request = normalizeTransferRequest(input);
    expect(request.asset).toBe("USDT");
    expect(request.from).toEqual({ type: AccountType.SPOT, symbol: null });
    expect(request.to).toEqual({ type: AccountType.MARGIN_ISOLATED, symbol: "BTCUSDT" });
    expect(request.subAccountEmail).toBeNull();
    expect(request.amount.toFixed()).toBe("1.5");
  });

  it.each<[string, Partial<TransferRequest>]>([
    ["zero", { amount: new Dec("0") }],
    ["negative", { amount: new Dec("-1") }],
    ["negative zero", { amount: new Dec("-0") }],
    ["NaN", { amount: new Dec(NaN) }],
    ["Infinity", { amount: new Dec(Infinity) }],
    ["blank asset", { asset: "  " }],
    ["asset with a symbol", { asset: "US$T" }],
    ["asset too long", { asset: "A".repeat(21) }],
    ["unknown account type", { from: { type: "WALLET" as AccountType, symbol: null } }],
  ])("refuses %s with BAD_USER_INPUT", (_name, change) => {
    expect(() => normalizeTransferRequest({ ...input, ...change })).toThrow(expect.objectContaining({ code: ErrorCode.BAD_USER_INPUT }));
  });

  // Unicode case mapping would turn each of these into a real code ("uſdt" → "USDT", "ß" → "SS").
  it.each<[string, Partial<TransferRequest>, string]>([
    ["long s in the asset", { asset: "uſdt" }, "asset"],
    ["sharp s as the asset", { asset: "ß" }, "asset"],
    ["dotless i in the asset", { asset: "ıota" }, "asset"],
    ["Kelvin sign in the asset", { asset: "\u212Asm" }, "asset"],
    ["full-width asset", { asset: "ＵＳＤＴ" }, "asset"],
    ["Cyrillic Т in the asset", { asset: "USD\u0422" }, "asset"],
    ["zero-width joiner in the asset", { asset: "US\u200DDT" }, "asset"],
    ["combining mark in the asset", { asset: "US\u0301DT" }, "asset"],
    ["tab after the asset", { asset: "USDT\t" }, "asset"],
    ["no-break space around the asset", { asset: "\u00A0USDT\u00A0" }, "asset"],
    ["long s in a symbol", { to: { type: AccountType.MARGIN_ISOLATED, symbol: "btcuſdt" } }, "to.symbol"],
    ["Cyrillic А in a symbol", { from: { type: AccountType.USDM_FUTURES, symbol: "BTC-USDT\u0410" } }, "from.symbol"],
    ["non-ASCII sub-account email", { subAccountEmail: "ſub@example.com" }, "subAccountEmail"],
  ])("refuses %s, naming the argument and the value", (_name, change, argumentName) => {
    expect(() => normalizeTransferRequest({ ...input, ...change })).toThrow(expect.objectContaining({ code: ErrorCode.BAD_USER_INPUT, argumentName }));
  });

  it("keeps a sub-account email as sent (ASCII spaces around it dropped)", () => {
    expect(normalizeTransferRequest({ ...input, subAccountEmail: " Sub_1@Example.com " }).subAccountEmail).toBe("Sub_1@Example.com");
  });
});
