import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { Dec } from "../../../src/domain/decimal.js";
import type { JournalEntry } from "../../../src/transfers/journal.js";
import { createPostgresJournal } from "../../../src/transfers/postgresJournal.js";
import type { TransferInput } from "../../generated/graphql.js";
import { HTX_ID, startMoneyCoffer, type MoneyCoffer } from "../../support/moneyCoffer.js";
import { startTestPostgres, type TestPostgres } from "../../support/postgresServer.js";
import { codeOf, mutateTransfer, transferPosts } from "./transferKit.js";

/**
 * Issue #11, problem 1: two Coffer instances on one PostgreSQL journal, both reconciling every
 * 300 ms with a 2 s settle delay. 40 HTX transfers (and 3 the exchange refuses) are sent through
 * instance 1, where HTX's budget of one transfer a second queues them for ~50 s — far past the
 * settle delay. Instance 2 must not judge a row instance 1 holds: every transfer the simulator
 * executed is CONFIRMED in the journal and in its answer, every FAILED row is one the simulator
 * never executed, and no key moved money twice — checked against the simulator's own ledger.
 * Meanwhile the same keys are sent to instance 2 too: in progress, or a replay, never a POST.
 */

const SETTLE_MS = 2_000;
const COUNT = 40;
let pg: TestPostgres;
let one: MoneyCoffer | null = null;
let two: MoneyCoffer | null = null;
beforeAll(async () => {
  pg = await startTestPostgres();
}, 120_000);
afterAll(async () => {
  await two?.close();
  await one?.close();
  await pg?.stop();
}, 60_000);

const input = (n: number, amount: string): TransferInput => ({
  connectionId: HTX_ID,
  asset: "USDT",
  amount,
  from: { type: "SPOT" },
  to: { type: "USDM_FUTURES" },
  idempotencyKey: `two-instances-${n}`,
});

describe("two instances on one PostgreSQL journal, transfers queued on one of them", () => {
  it("every executed transfer is CONFIRMED (journal and answer), every FAILED one was never executed, no key moved money twice", async () => {
    const db = await pg.createDatabase();
    // Nobody dies here, so the lease only has to outlast the renewal gaps of a loaded machine
    // (renewed every third of it); at 3 s, event-loop stalls under CI load let two queued rows
    // expire (safely FAILED, never sent) and made the "all 40 executed" count flaky.
    const timings = { settleDelayMs: SETTLE_MS, reconcileIntervalMs: 300, leaseMs: 10_000 };
    one = await startMoneyCoffer({ journal: db, ...timings });
    two = await startMoneyCoffer({ journal: db, sims: one.sims, ...timings });
    const sims = one.sims;
    // 40 distinct amounts the exchange makes, and 3 it refuses (more than the spot wallet holds).
    const inputs = [...Array.from({ length: COUNT }, (_, n) => input(n, `0.5${String(n).padStart(3, "0")}1`)), ...[0, 1, 2].map((n) => input(COUNT + n, `100000.${n}1`))];
    const postsBefore = transferPosts(sims.binance, sims.htx).htx;

    let done = false;
    const answers = Promise.all(inputs.map((i) => mutateTransfer(one!.url, i))).finally(() => (done = true));
    // The same keys through instance 2 while instance 1 works through its queue.
    const fromTwo: Array<Awaited<ReturnType<typeof mutateTransfer>>> = [];
    while (!done) {
      await new Promise((r) => setTimeout(r, 1_500));
      fromTwo.push(...(await Promise.all([0, 13, 27, 39, 41].map((n) => mutateTransfer(two!.url, inputs[n]!)))));
    }
    const results = await answers;
    // Let both reconcilers run a few more passes over whatever they may still judge.
    await new Promise((r) => setTimeout(r, SETTLE_MS + 1_000));

    // Every request reached the exchange exactly once (one POST per key, refusals included).
    expect(transferPosts(sims.binance, sims.htx).htx - postsBefore).toBe(inputs.length);
    const executed = new Map(sims.htx.state.ledger.map((row) => [String(row.transactId), new Dec(row.transactAmt).abs().toFixed()]));
    const executedAmounts = [...executed.values()];
    // No key moved money twice: each amount is one key's, and appears at most once.
    expect(new Set(executedAmounts).size).toBe(executedAmounts.length);
    expect(executed.size).toBe(COUNT);

    const journal = await createPostgresJournal(db);
    let rows: JournalEntry[];
    try {
      rows = await journal.list({});
    } finally {
      await journal.close();
    }
    expect(rows).toHaveLength(inputs.length);
    const byKey = new Map(rows.map((r) => [r.idempotencyKey, r]));
    for (const [n, i] of inputs.entries()) {
      const row = byKey.get(i.idempotencyKey)!;
      const result = results[n]!;
      const made = executedAmounts.includes(new Dec(i.amount).toFixed());
      if (made) {
        // Executed → CONFIRMED in the journal and in the answer, with the exchange's own id.
        expect({ key: i.idempotencyKey, status: row.status, id: row.exchangeTransferId }).toEqual({
          key: i.idempotencyKey,
          status: "CONFIRMED",
          id: expect.any(String),
        });
        expect(executed.get(row.exchangeTransferId!)).toBe(new Dec(i.amount).toFixed());
        expect(result.data?.transfer.transfer).toMatchObject({ status: "CONFIRMED", exchangeTransferId: row.exchangeTransferId });
      } else {
        // Never executed → FAILED (the exchange's refusal), answered as that refusal.
        expect({ key: i.idempotencyKey, status: row.status }).toEqual({ key: i.idempotencyKey, status: "FAILED" });
        expect(codeOf(result)).toBe("INSUFFICIENT_BALANCE");
      }
    }
    expect(rows.filter((r) => r.status === "CONFIRMED")).toHaveLength(COUNT);
    // Instance 2 never answered for a queued transfer other than "in progress" or the journal's word.
    expect(fromTwo.length).toBeGreaterThan(0);
    for (const answer of fromTwo) {
      if (answer.errors) expect(["TRANSFER_IN_PROGRESS", "INSUFFICIENT_BALANCE"]).toContain(codeOf(answer));
      else expect(answer.data!.transfer).toMatchObject({ replayed: true, transfer: { status: "CONFIRMED" } });
    }
    expect(fromTwo.some((a) => codeOf(a) === "TRANSFER_IN_PROGRESS")).toBe(true);
  }, 180_000);
});
