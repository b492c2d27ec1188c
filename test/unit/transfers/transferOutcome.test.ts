import { describe, expect, it } from "@jest/globals";
import { Dec } from "../../../src/domain/decimal.js";
import { AccountType, Exchange } from "../../../src/domain/enums.js";
import {
  AppError,
  BadUserInputError,
  ErrorCode,
  InsufficientBalanceError,
  RateLimitedError,
  UnsupportedRouteError,
  UpstreamRejectedError,
  UpstreamUnavailableError,
} from "../../../src/domain/errors.js";
import type { JournalEntry } from "../../../src/transfers/journal.js";
import { classifySendError, replayedFailure } from "../../../src/transfers/transferOutcome.js";

function failedEntry(error: AppError): JournalEntry {
  const sorted = classifySendError(error);
  if (sorted.kind !== "failed") throw new Error("expected failed");
  return {
    id: "j",
    idempotencyKey: "k",
    fingerprint: "f",
    connectionId: "c1",
    exchange: Exchange.BINANCE,
    asset: "USDT",
    amount: new Dec(1),
    from: { type: AccountType.SPOT, symbol: null },
    to: { type: AccountType.FUNDING, symbol: null },
    subAccountEmail: null,
    status: "FAILED",
    exchangeTransferId: null,
    failureCode: sorted.code,
    failureReason: sorted.reason,
    failureDetail: sorted.detail,
    createdAt: 1,
    updatedAt: 1,
    sentAt: 1,
    ownerId: null,
    leaseUntil: null,
    nextCheckAt: null,
    checkCount: 0,
  };
}

describe("classifySendError", () => {
  it.each<[string, unknown, "failed" | "unknown"]>([
    ["a refusal", new UpstreamRejectedError("c1", -3020, "no"), "failed"],
    ["insufficient balance", new InsufficientBalanceError("c1", -5002, "low"), "failed"],
    ["rate limited before sending", new RateLimitedError("slow down", "c1", 3), "failed"],
    ["never left", new UpstreamUnavailableError("refused", "c1", { outcomeUnknown: false }), "failed"],
    ["a late validation", new UnsupportedRouteError("no route"), "failed"],
    ["a timeout after sending", new UpstreamUnavailableError("timeout", "c1", { outcomeUnknown: true }), "unknown"],
    ["an unexpected bug", new TypeError("cannot read x of undefined"), "unknown"],
    ["a thrown string", "boom", "unknown"],
  ])("%s → %s", (_name, error, kind) => {
    expect(classifySendError(error).kind).toBe(kind);
  });
});

describe("replayedFailure", () => {
  it.each<[string, AppError]>([
    ["UPSTREAM_REJECTED", new UpstreamRejectedError("c1", -3020, "Transfer out amount > max")],
    ["INSUFFICIENT_BALANCE", new InsufficientBalanceError("c1", -5002, "Balance is insufficient.")],
    ["RATE_LIMITED", new RateLimitedError("slow down", "c1", 3)],
    ["UPSTREAM_UNAVAILABLE", new UpstreamUnavailableError("refused", "c1", { outcomeUnknown: false })],
    ["BAD_USER_INPUT", new BadUserInputError("too many decimals")],
  ])("rebuilds %s with the same class, code, message and fields", (_name, error) => {
    const rebuilt = replayedFailure(failedEntry(error));
    expect(rebuilt?.constructor).toBe(error.constructor);
    expect(rebuilt?.message).toBe(error.message);
    expect({ ...rebuilt }).toEqual({ ...error });
  });

  it("is null for a FAILED row the reconciler settled (no code) and for other statuses", () => {
    const entry = failedEntry(new UpstreamRejectedError("c1", 1, "x"));
    expect(replayedFailure({ ...entry, failureCode: null })).toBeNull();
    expect(replayedFailure({ ...entry, status: "CONFIRMED" })).toBeNull();
    expect(ErrorCode.UPSTREAM_REJECTED).toBe("UPSTREAM_REJECTED");
  });
});
