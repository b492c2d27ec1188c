import { afterEach, describe, expect, it } from "@jest/globals";
import { AccountType } from "../../../src/domain/enums.js";
import { TransferByIdDocument, type TransferInput } from "../../generated/graphql.js";
import { BINANCE_ID, HTX_ID, MONEY_TOKEN, startMoneyCoffer, type MoneyCoffer } from "../../support/moneyCoffer.js";
import { postGraphql } from "../../support/postGraphql.js";
import { applyHtxTransfer } from "../../../src/exchanges/htx/simulator/transfers.js";
import { BINANCE_TRANSFER, HTX_TRANSFER, minus, mutateTransfer, plus, transferPosts, waitFor } from "./transferKit.js";

/**
 * Issue #6: a timeout on the transfer is UNKNOWN (an answer, not an error), never resent, and
 * reconciliation settles it from the exchange's history: CONFIRMED when the exchange made the
 * transfer before going silent, FAILED once the settle delay has passed when it never made it.
 *
 * The connections' timeout is 1 s. The settle delay is 4 s (`transfers.settleDelayMs`, given to
 * createCoffer) so the FAILED case does not wait the 60 s default; the periodic reconciler
 * is off, so the test drives `coffer.transfers.reconcile(id)` itself (the service's own
 * follow-ups after an UNKNOWN may also run; both are serialized and give the same answer).
 */

const SETTLE_MS = 4_000;
let env: MoneyCoffer | null = null;
afterEach(async () => {
  await env?.close();
  env = null;
});

const CASES = [
  {
    exchange: "Binance",
    path: BINANCE_TRANSFER,
    input: (key: string): TransferInput => ({
      connectionId: BINANCE_ID,
      asset: "USDT",
      amount: "55.55",
      from: { type: "USDM_FUTURES" },
      to: { type: "SPOT" },
      idempotencyKey: key,
    }),
    posts: (e: MoneyCoffer) => transferPosts(e.sims.binance, e.sims.htx).binance,
    faults: (e: MoneyCoffer) => e.sims.binance.faults,
    balances: (e: MoneyCoffer) => ({
      from: e.sims.binance.balance({ type: AccountType.USDM_FUTURES }, "USDT"),
      to: e.sims.binance.balance({ type: AccountType.SPOT }, "USDT"),
    }),
  },
  {
    exchange: "HTX",
    path: HTX_TRANSFER,
    input: (key: string): TransferInput => ({ connectionId: HTX_ID, asset: "USDT", amount: "12.75", from: { type: "SPOT" }, to: { type: "USDM_FUTURES" }, idempotencyKey: key }),
    posts: (e: MoneyCoffer) => transferPosts(e.sims.binance, e.sims.htx).htx,
    faults: (e: MoneyCoffer) => e.sims.htx.faults,
    balances: (e: MoneyCoffer) => ({ from: e.sims.htx.spotBalance("usdt").trade, to: e.sims.htx.contractBalance("USDT").marginBalance }),
  },
];

async function timedOutTransfer(e: MoneyCoffer, c: (typeof CASES)[number], key: string, afterProcessing: boolean) {
  const faults = c.faults(e);
  faults.timeouts = 1;
  faults.timeoutAfterProcessing = afterProcessing;
  faults.only = new RegExp(`^${c.path.replace(/\//g, "\\/")}$`);
  const result = await mutateTransfer(e.url, c.input(key));
  faults.only = null;
  expect(faults.timeouts).toBe(0); // the fault hit the POST
  expect(result.errors).toBeUndefined();
  const answer = result.data!.transfer;
  expect(answer.replayed).toBe(false);
  expect(answer.transfer).toMatchObject({ status: "UNKNOWN", source: "JOURNAL", exchangeTransferId: null, idempotencyKey: key });
  expect(answer.transfer.failureReason).toMatch(/never sent again/);
  return answer.transfer;
}

describe("a transfer whose answer never comes (connection timeout 1 s)", () => {
  for (const c of CASES) {
    it(`${c.exchange}: the exchange made it → UNKNOWN, then CONFIRMED after reconciliation, one POST`, async () => {
      env = await startMoneyCoffer({ timeoutMs: 1_000, settleDelayMs: SETTLE_MS, reconcileIntervalMs: 0 });
      const before = c.balances(env);
      const input = c.input(`timeout-made-${c.exchange}`);
      const unknown = await timedOutTransfer(env, c, input.idempotencyKey, true);
      expect(c.posts(env)).toBe(1);
      expect(c.balances(env)).toEqual({ from: minus(before.from, input.amount), to: plus(before.to, input.amount) });

      // A replay while UNKNOWN answers UNKNOWN and sends nothing.
      const replay = await mutateTransfer(env.url, input);
      expect(replay.data!.transfer).toMatchObject({ replayed: true, transfer: { id: unknown.id, status: expect.stringMatching(/^(UNKNOWN|CONFIRMED)$/) } });

      const reconciled = await env.coffer.transfers.reconcile(unknown.id);
      expect(reconciled).toMatchObject({ id: unknown.id, status: "CONFIRMED", exchangeTransferId: expect.stringMatching(/^\d+$/) });
      const read = await postGraphql(env.url, TransferByIdDocument, { id: unknown.id }, MONEY_TOKEN);
      expect(read.data!.transfer).toMatchObject({ status: "CONFIRMED", exchangeTransferId: reconciled!.exchangeTransferId, failureReason: null });

      expect(c.posts(env)).toBe(1);
      expect(c.balances(env)).toEqual({ from: minus(before.from, input.amount), to: plus(before.to, input.amount) });
    }, 30_000);

    it(`${c.exchange}: the exchange never made it → UNKNOWN, then FAILED after the settle delay, one POST`, async () => {
      env = await startMoneyCoffer({ timeoutMs: 1_000, settleDelayMs: SETTLE_MS, reconcileIntervalMs: 0 });
      const before = c.balances(env);
      const input = c.input(`timeout-lost-${c.exchange}`);
      const sentBefore = Date.now();
      const unknown = await timedOutTransfer(env, c, input.idempotencyKey, false);
      expect(c.balances(env)).toEqual(before);

      // Reconciled at once: the history does not show it yet, and that proves nothing yet.
      // (Checked only when the settle delay has clearly not passed: a loaded machine may be slow.)
      const early = await env.coffer.transfers.reconcile(unknown.id);
      if (Date.now() - sentBefore < SETTLE_MS - 1_000) expect(early?.status).toBe("UNKNOWN");

      const failed = await waitFor(
        "the settle delay to pass and the row to settle",
        async () => {
          const t = await env!.coffer.transfers.reconcile(unknown.id);
          return t && t.status !== "UNKNOWN" ? t : undefined;
        },
        20_000,
        500,
      );
      expect(failed).toMatchObject({ id: unknown.id, status: "FAILED", exchangeTransferId: null });
      const read = await postGraphql(env.url, TransferByIdDocument, { id: unknown.id }, MONEY_TOKEN);
      expect(read.data!.transfer).toMatchObject({ status: "FAILED", failureReason: expect.stringMatching(/did not make this transfer/) });

      // The key stays used: a replay answers the FAILED record and sends nothing.
      const replay = await mutateTransfer(env.url, input);
      expect(replay.data?.transfer ?? null).toMatchObject({ replayed: true, transfer: { id: unknown.id, status: "FAILED" } });
      expect(c.posts(env)).toBe(1);
      expect(c.balances(env)).toEqual(before);
    }, 30_000);
  }
});

describe("an UNKNOWN transfer next to an identical one made outside Coffer", () => {
  it("HTX: two equally plausible records → the row stays UNKNOWN, says it is ambiguous, takes neither record", async () => {
    env = await startMoneyCoffer({ timeoutMs: 1_000, settleDelayMs: SETTLE_MS, reconcileIntervalMs: 0 });
    const c = CASES.find((x) => x.exchange === "HTX")!;
    const input = c.input("timeout-twin-HTX");
    const before = c.balances(env);
    const unknown = await timedOutTransfer(env, c, input.idempotencyKey, true);
    // The same transfer, made directly at the exchange a moment later (not through Coffer).
    const direct = applyHtxTransfer(
      env.sims.htx.state,
      JSON.stringify({ from: "spot", to: "linear-swap", currency: "usdt", amount: input.amount, "margin-account": "USDT" }),
      "application/json",
      Date.now(),
    );
    expect(direct).toHaveProperty("id");
    expect(c.balances(env)).toEqual({ from: minus(minus(before.from, input.amount), input.amount), to: plus(plus(before.to, input.amount), input.amount) });

    const reconciled = await env.coffer.transfers.reconcile(unknown.id);
    expect(reconciled).toMatchObject({ id: unknown.id, status: "UNKNOWN", exchangeTransferId: null });
    const read = await postGraphql(env.url, TransferByIdDocument, { id: unknown.id }, MONEY_TOKEN);
    expect(read.data!.transfer).toMatchObject({ status: "UNKNOWN", exchangeTransferId: null, failureReason: expect.stringMatching(/ambiguous/i) });

    // Past the settle delay it is still not guessed, nor judged absent: it stays UNKNOWN.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS + 200));
    const later = await env.coffer.transfers.reconcile(unknown.id);
    expect(later).toMatchObject({ status: "UNKNOWN", exchangeTransferId: null, failureReason: expect.stringMatching(/ambiguous/i) });
    expect(c.posts(env)).toBe(1);
  }, 30_000);

  it("HTX: the isolated symbol from the contract's financial record tells them apart → CONFIRMED with its own record", async () => {
    env = await startMoneyCoffer({ timeoutMs: 1_000, settleDelayMs: SETTLE_MS, reconcileIntervalMs: 0 });
    const c = CASES.find((x) => x.exchange === "HTX")!;
    const input: TransferInput = { ...c.input("timeout-isolated-HTX"), to: { type: "USDM_FUTURES", symbol: "BTC-USDT" } };
    const faults = c.faults(env);
    faults.timeouts = 1;
    faults.timeoutAfterProcessing = true;
    faults.only = new RegExp(`^${c.path.replace(/\//g, "\\/")}$`);
    const result = await mutateTransfer(env.url, input);
    faults.only = null;
    const unknown = result.data!.transfer.transfer;
    expect(unknown).toMatchObject({ status: "UNKNOWN", exchangeTransferId: null });
    const ledgerBefore = env.sims.htx.state.ledger.map((r) => r.transactId);
    // The same amount, made directly at the exchange a moment later, into the cross account.
    const direct = applyHtxTransfer(
      env.sims.htx.state,
      JSON.stringify({ from: "spot", to: "linear-swap", currency: "usdt", amount: input.amount, "margin-account": "USDT" }),
      "application/json",
      Date.now(),
    );
    expect(direct).toHaveProperty("id");
    const reconciled = await env.coffer.transfers.reconcile(unknown.id);
    expect(reconciled).toMatchObject({ id: unknown.id, status: "CONFIRMED" });
    expect(reconciled!.exchangeTransferId).not.toBe(String((direct as { id: number }).id));
    expect(ledgerBefore).toContain(Number(reconciled!.exchangeTransferId));
    expect(c.posts(env)).toBe(1);
  }, 30_000);
});
