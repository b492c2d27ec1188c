import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { startTestPostgres } from "../../support/postgresServer.js";
import type { TransferInput } from "../../generated/graphql.js";
import { BINANCE_ID, HTX_ID, startMoneyCoffer, type MoneyCoffer } from "../../support/moneyCoffer.js";
import { allTransfers, codeOf, mutateTransfer } from "./transferKit.js";

/**
 * Issue #6: every invalid input is refused with its code before anything happens: no call of
 * any kind reaches either simulator (not even a clock or balance read), and no journal row is
 * written (the history lists nothing new afterwards).
 */

let env: MoneyCoffer;
beforeAll(async () => {
  env = await startMoneyCoffer();
});
afterAll(async () => {
  await env?.close();
});

const binance = (over: Partial<TransferInput>): TransferInput => ({
  connectionId: BINANCE_ID,
  asset: "USDT",
  amount: "1",
  from: { type: "SPOT" },
  to: { type: "USDM_FUTURES" },
  idempotencyKey: `bad-${Math.random()}`,
  ...over,
});
const htx = (over: Partial<TransferInput>): TransferInput => ({
  connectionId: HTX_ID,
  asset: "USDT",
  amount: "1",
  from: { type: "SPOT" },
  to: { type: "USDM_FUTURES" },
  idempotencyKey: `bad-${Math.random()}`,
  ...over,
});

const INVALID: Array<[string, TransferInput, string]> = [
  ["Binance: negative amount", binance({ amount: "-1" }), "BAD_USER_INPUT"],
  ["Binance: zero amount", binance({ amount: "0" }), "BAD_USER_INPUT"],
  ["Binance: zero amount with decimals", binance({ amount: "0.00000000" }), "BAD_USER_INPUT"],
  ["Binance: 9 decimals", binance({ amount: "0.123456789" }), "BAD_USER_INPUT"],
  ["Binance: not an asset code", binance({ asset: "US-DT" }), "BAD_USER_INPUT"],
  ["Binance: empty asset", binance({ asset: "" }), "BAD_USER_INPUT"],
  ["Binance: MARGIN_ISOLATED without its symbol (to)", binance({ to: { type: "MARGIN_ISOLATED" } }), "BAD_USER_INPUT"],
  ["Binance: MARGIN_ISOLATED without its symbol (from)", binance({ from: { type: "MARGIN_ISOLATED" }, to: { type: "SPOT" } }), "BAD_USER_INPUT"],
  [
    "Binance: isolated ↔ isolated with one symbol",
    binance({ from: { type: "MARGIN_ISOLATED", symbol: "BTCUSDT" }, to: { type: "MARGIN_ISOLATED", symbol: "BTCUSDT" } }),
    "BAD_USER_INPUT",
  ],
  ["Binance: a symbol where none is taken", binance({ from: { type: "SPOT", symbol: "BTCUSDT" } }), "BAD_USER_INPUT"],
  ["Binance: unsupported route SPOT → SPOT", binance({ to: { type: "SPOT" } }), "UNSUPPORTED_ROUTE"],
  ["Binance: unsupported route COINM_FUTURES → PORTFOLIO_MARGIN", binance({ from: { type: "COINM_FUTURES" }, to: { type: "PORTFOLIO_MARGIN" } }), "UNSUPPORTED_ROUTE"],
  ["Binance: a subAccountEmail that is not an email", binance({ from: { type: "SPOT" }, to: { type: "MARGIN_CROSS" }, subAccountEmail: "not-an-email" }), "BAD_USER_INPUT"],
  ["Binance: blank key", binance({ idempotencyKey: "" }), "BAD_USER_INPUT"],
  ["Binance: whitespace key", binance({ idempotencyKey: "   " }), "BAD_USER_INPUT"],
  ["Binance: key of 256 characters", binance({ idempotencyKey: "k".repeat(256) }), "BAD_USER_INPUT"],
  ["Binance: key of 256 characters (multi-byte)", binance({ idempotencyKey: "€".repeat(256) }), "BAD_USER_INPUT"],
  ["HTX: negative amount", htx({ amount: "-0.5" }), "BAD_USER_INPUT"],
  ["HTX: zero amount", htx({ amount: "0" }), "BAD_USER_INPUT"],
  ["HTX: 9 decimals", htx({ amount: "1.000000001" }), "BAD_USER_INPUT"],
  ["HTX: an asset contract accounts do not hold", htx({ asset: "BTC" }), "BAD_USER_INPUT"],
  ["HTX: not an asset code", htx({ asset: "usdt!" }), "BAD_USER_INPUT"],
  ["HTX: MARGIN_ISOLATED (not an HTX wallet)", htx({ to: { type: "MARGIN_ISOLATED" } }), "UNSUPPORTED_ROUTE"],
  ["HTX: a contract symbol that is not a contract code", htx({ to: { type: "USDM_FUTURES", symbol: "BTCUSDT" } }), "BAD_USER_INPUT"],
  ["HTX: unsupported route SPOT → FUNDING", htx({ to: { type: "FUNDING" } }), "UNSUPPORTED_ROUTE"],
  ["HTX: unsupported route USDM_FUTURES → USDM_FUTURES", htx({ from: { type: "USDM_FUTURES" } }), "UNSUPPORTED_ROUTE"],
  ["HTX: a sub-account", htx({ subAccountEmail: "sub@example.com" }), "UNSUPPORTED_ROUTE"],
  ["HTX: blank key", htx({ idempotencyKey: "" }), "BAD_USER_INPUT"],
  ["HTX: key of 256 characters", htx({ idempotencyKey: "x".repeat(256) }), "BAD_USER_INPUT"],
  ["Binance: key with a lone surrogate", binance({ idempotencyKey: "\ud800-x" }), "BAD_USER_INPUT"],
  ["HTX: key with a lone surrogate", htx({ idempotencyKey: "x-\udbff" }), "BAD_USER_INPUT"],
  ["Binance: key with NUL", binance({ idempotencyKey: "a\u0000b" }), "BAD_USER_INPUT"],
  ["HTX: key with a C1 control", htx({ idempotencyKey: "a\u009bb" }), "BAD_USER_INPUT"],
  ["unknown connection", binance({ connectionId: "no-such-connection" }), "NOT_FOUND"],
  ["unknown connection (HTX-shaped input)", htx({ connectionId: "htx-other" }), "NOT_FOUND"],
];

function callCount(): { binance: number; htx: number } {
  return { binance: env.sims.binance.calls.length, htx: env.sims.htx.calls.length };
}

describe("invalid transfer input", () => {
  it("refuses each with its code, with no upstream call and no journal row", async () => {
    // Something in the history first, so "nothing new" is a comparison with a non-empty list.
    const ok = await mutateTransfer(env.url, binance({ idempotencyKey: "valid-before" }));
    expect(ok.data!.transfer.transfer.status).toBe("CONFIRMED");
    const listedBefore = await allTransfers(env.url);
    expect(listedBefore.length).toBeGreaterThan(0);

    const calls = callCount();
    const answers: Array<[string, unknown, string | undefined]> = [];
    for (const [name, input, expected] of INVALID) {
      const result = await mutateTransfer(env.url, input);
      answers.push([name, codeOf(result), result.errors?.[0]?.message]);
      expect({ name, code: codeOf(result), data: result.data?.transfer ?? null }).toEqual({ name, code: expected, data: null });
    }
    // The same refusals all at once change nothing either.
    const burst = await Promise.all(INVALID.map(([, input]) => mutateTransfer(env.url, input)));
    expect(burst.map(codeOf)).toEqual(INVALID.map(([, , code]) => code));
    expect(callCount()).toEqual(calls);

    // No journal row: the history (journal merged with the exchanges) is exactly as before.
    const listedAfter = await allTransfers(env.url);
    expect(listedAfter.map((t) => t.id)).toEqual(listedBefore.map((t) => t.id));
  });

  it("accepts a key of exactly 255 characters (the boundary), once", async () => {
    const key = "€".repeat(255);
    const first = await mutateTransfer(env.url, htx({ idempotencyKey: key, amount: "0.01" }));
    expect(first.errors).toBeUndefined();
    expect(first.data!.transfer.transfer).toMatchObject({ status: "CONFIRMED", idempotencyKey: key });
  });
});

describe("idempotency keys that are not exact text, over HTTP on the PostgreSQL journal", () => {
  it("are BAD_USER_INPUT (HTTP 200, no 5xx), never merged with U+FFFD, nothing sent", async () => {
    const pg = await startTestPostgres();
    const onPg = await startMoneyCoffer({ journal: await pg.createDatabase() });
    try {
      const calls = onPg.sims.binance.calls.length;
      for (const key of ["\ud800-x", "\udbff-x", "a\u0000b", "a\u0085b"]) {
        const result = await mutateTransfer(onPg.url, binance({ idempotencyKey: key }));
        expect({ key, status: result.status, code: codeOf(result), message: result.errors?.[0]?.message }).toEqual({
          key,
          status: 200,
          code: "BAD_USER_INPUT",
          message: expect.stringMatching(/^idempotencyKey must be well-formed Unicode text without control characters: it holds/),
        });
      }
      expect(onPg.sims.binance.calls.length).toBe(calls);
      // The replacement character itself is an ordinary key: one transfer, then a replay of it.
      const first = await mutateTransfer(onPg.url, binance({ idempotencyKey: "\ufffd-x" }));
      expect(first.data!.transfer).toMatchObject({ replayed: false, transfer: { status: "CONFIRMED", idempotencyKey: "\ufffd-x" } });
    } finally {
      await onPg.close();
      await pg.stop();
    }
  }, 120_000);
});
