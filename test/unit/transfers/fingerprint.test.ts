import { describe, expect, it } from "@jest/globals";
import { Dec } from "../../../src/domain/decimal.js";
import { AccountType } from "../../../src/domain/enums.js";
import type { TransferRequest } from "../../../src/domain/transfer.js";
import { transferFingerprint } from "../../../src/transfers/fingerprint.js";

const base: TransferRequest = {
  connectionId: "c1",
  asset: "USDT",
  amount: new Dec("1"),
  from: { type: AccountType.SPOT, symbol: null },
  to: { type: AccountType.MARGIN_ISOLATED, symbol: "BTCUSDT" },
  subAccountEmail: null,
  idempotencyKey: "key-1",
};

describe("transferFingerprint", () => {
  const same: Array<[string, Partial<TransferRequest>]> = [
    ["trailing zeros", { amount: new Dec("1.000") }],
    ["lower-case asset", { asset: "usdt" }],
  ];
  it.each(same)("treats %s as the same input", (_name, change) => {
    expect(transferFingerprint({ ...base, ...change })).toBe(transferFingerprint(base));
  });

  const different: Array<[string, Partial<TransferRequest>]> = [
    ["another amount", { amount: new Dec("1.00000001") }],
    ["another asset", { asset: "BTC" }],
    ["another connection", { connectionId: "c2" }],
    ["another from type", { from: { type: AccountType.FUNDING, symbol: null } }],
    ["another to symbol", { to: { type: AccountType.MARGIN_ISOLATED, symbol: "ETHUSDT" } }],
    ["no to symbol", { to: { type: AccountType.MARGIN_ISOLATED, symbol: null } }],
    ["a sub-account", { subAccountEmail: "a@example.com" }],
  ];
  it.each(different)("tells %s apart", (_name, change) => {
    expect(transferFingerprint({ ...base, ...change })).not.toBe(transferFingerprint(base));
  });

  it("is a sha256 hex digest", () => {
    expect(transferFingerprint(base)).toMatch(/^[0-9a-f]{64}$/);
  });
});
