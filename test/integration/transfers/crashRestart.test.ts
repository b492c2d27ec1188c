import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import { AccountType } from "../../../src/domain/enums.js";
import { createSqliteJournal } from "../../../src/transfers/sqliteJournal.js";
import { TransferByIdDocument, type TransferInput } from "../../generated/graphql.js";
import { buildCoffer, type CofferBuild } from "../../support/cofferChild.js";
import { BINANCE_ID, HTX_ID, MONEY_TOKEN, startMoneySimulators, type MoneySimulators } from "../../support/moneyCoffer.js";
import { startTestCoffer, type TestCofferChild } from "../../support/testCoffer.js";
import { postGraphql } from "../../support/postGraphql.js";
import { allTransfers, BINANCE_TRANSFER, HTX_TRANSFER, minus, mutateTransfer, plus, transferPosts, waitFor } from "./transferKit.js";

/**
 * Issue #6: Coffer SIGKILLed after the POST left and before the journal was updated, then
 * restarted on the same SQLite file, settles the transfer to CONFIRMED without a second POST.
 * Issue #11: the killed run's row is SENDING (marked just before the POST left); once its lease
 * runs out the restarted run settles it from the history. A run killed while a transfer waited
 * for HTX's rate budget (INTENT, never marked SENDING) leaves a row that becomes FAILED — never
 * sent, and never sent later either.
 *
 * Coffer runs as a child process (`node <build>/src/main.js`, COFFER_CONFIG = a config file
 * pointing at simulators that run in this test process). The window between "POST left" and
 * "journal updated" is held open deterministically: the simulator's `timeoutAfterProcessing`
 * fault makes it move the money and never answer, so the child sits waiting for the answer
 * (its timeout is 10 s) with only the INTENT row journaled; the test kills it as soon as the
 * simulator has recorded the POST. The restarted child gets COFFER_RECONCILE_SETTLE_MS = 10 min
 * (absence can never be taken as FAILED during the test), a 500 ms reconcile interval and a 2 s
 * lease (COFFER_TRANSFER_LEASE_MS), so the dead run's claim runs out quickly.
 */

let build: CofferBuild;
let dir: string;
let sims: MoneySimulators | null = null;
const children: TestCofferChild[] = [];

beforeAll(async () => {
  build = await buildCoffer();
  dir = mkdtempSync(join(tmpdir(), "coffer-crash-"));
}, 180_000);
afterAll(() => {
  build?.remove();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(async () => {
  for (const child of children.splice(0)) await child.close();
  await sims?.close();
  sims = null;
});

const RESTART_ENV = { COFFER_RECONCILE_SETTLE_MS: "600000", COFFER_RECONCILE_INTERVAL_MS: "500", COFFER_TRANSFER_LEASE_MS: "2000" };

/** A Coffer child process on the simulators and journal of this case (each run of a case on the same ones). */
function startRun(shared: MoneySimulators, journalPath: string): Promise<TestCofferChild> {
  return startTestCoffer({ world: { shared }, journal: `sqlite:${journalPath}`, timeoutMs: 10_000, child: { build, env: RESTART_ENV } });
}

const CASES = [
  {
    exchange: "Binance",
    path: BINANCE_TRANSFER,
    input: (key: string): TransferInput => ({
      connectionId: BINANCE_ID,
      asset: "USDT",
      amount: "321.12345678",
      from: { type: "SPOT" },
      to: { type: "FUNDING" },
      idempotencyKey: key,
    }),
    sim: (s: MoneySimulators) => s.binance,
    posts: (s: MoneySimulators) => transferPosts(s.binance, s.htx).binance,
    balances: (s: MoneySimulators) => ({ from: s.binance.balance({ type: AccountType.SPOT }, "USDT"), to: s.binance.balance({ type: AccountType.FUNDING }, "USDT") }),
  },
  {
    exchange: "HTX",
    path: HTX_TRANSFER,
    input: (key: string): TransferInput => ({ connectionId: HTX_ID, asset: "USDT", amount: "42.5", from: { type: "SPOT" }, to: { type: "USDM_FUTURES" }, idempotencyKey: key }),
    sim: (s: MoneySimulators) => s.htx,
    posts: (s: MoneySimulators) => transferPosts(s.binance, s.htx).htx,
    balances: (s: MoneySimulators) => ({ from: s.htx.spotBalance("usdt").trade, to: s.htx.contractBalance("USDT").marginBalance }),
  },
];

describe("SIGKILL between the POST and the journal update, then a restart on the same SQLite file", () => {
  for (const c of CASES) {
    it(`${c.exchange}: the SENDING row is reconciled to CONFIRMED once its lease ran out, no second POST, balances moved once`, async () => {
      sims = await startMoneySimulators();
      const journalPath = join(dir, `${c.exchange}.sqlite`);
      const sim = c.sim(sims);
      const before = c.balances(sims);
      const key = `crash-${c.exchange}`;
      const input = c.input(key);

      // Run 1: the transfer is sent; the simulator moves the money and never answers.
      const first = await startRun(sims, journalPath);
      children.push(first);
      sim.faults.timeouts = 1;
      sim.faults.timeoutAfterProcessing = true;
      sim.faults.only = new RegExp(`^${c.path.replace(/\//g, "\\/")}$`);
      const pending = mutateTransfer(first.url, input).catch((error: unknown) => error);
      await waitFor("the simulator to record the POST", () => (c.posts(sims!) === 1 ? true : undefined));
      const killed = await first.child.kill("SIGKILL");
      expect(killed.signal).toBe("SIGKILL");
      // The client lost its connection: no answer at all.
      // (fetch's TypeError comes from another realm than Jest's, hence no toBeInstanceOf.)
      expect(await pending).toMatchObject({ name: "TypeError", message: "fetch failed" });
      // The money moved once on the exchange...
      expect(c.balances(sims)).toEqual({ from: minus(before.from, input.amount), to: plus(before.to, input.amount) });
      // ...and the journal holds the row marked SENDING just before the POST left: the crash came
      // before the outcome was written.
      const journal = createSqliteJournal(journalPath);
      const rows = await journal.listUnsettled();
      await journal.close();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ idempotencyKey: key, status: "SENDING", exchangeTransferId: null, ownerId: expect.any(String), sentAt: expect.any(Number) });
      const id = rows[0]!.id;
      sim.faults.timeouts = 0;
      sim.faults.only = null;

      // Run 2, same journal: once the dead run's lease ran out, a reconciliation pass (at start-up
      // or the next timer pass) settles the row from the exchange's history.
      const second = await startRun(sims, journalPath);
      children.push(second);
      const settled = await waitFor("the restarted Coffer to settle the transfer", async () => {
        const result = await postGraphql(second.url, TransferByIdDocument, { id }, MONEY_TOKEN);
        const t = result.data?.transfer;
        return t && t.status !== "PENDING" ? t : undefined;
      });
      expect(settled).toMatchObject({ id, idempotencyKey: key, status: "CONFIRMED", source: "JOURNAL", amount: input.amount, exchangeTransferId: expect.stringMatching(/^\d+$/) });
      // Settled by a reconciliation pass (not by a later read): its log line says so.
      expect(second.child.output()).toMatch(new RegExp(`"transferId":"${id}"[^\\n]*"status":"CONFIRMED"[^\\n]*transfer reconciled`));

      // The same key again after the restart: a replay of the settled transfer, no POST.
      const replay = await mutateTransfer(second.url, input);
      expect(replay.errors).toBeUndefined();
      expect(replay.data!.transfer).toMatchObject({ replayed: true, transfer: { id, status: "CONFIRMED", exchangeTransferId: settled.exchangeTransferId } });

      // The history shows it once, as the journal's node.
      const listed = (await allTransfers(second.url)).filter((n) => n.exchangeTransferId === settled.exchangeTransferId);
      expect(listed).toEqual([expect.objectContaining({ id, source: "JOURNAL", status: "CONFIRMED" })]);

      // Never a second POST; the balances moved exactly once.
      expect(c.posts(sims)).toBe(1);
      expect(sim.calls.filter((call) => call.path === c.path && call.method === "POST")).toHaveLength(1);
      expect(c.balances(sims)).toEqual({ from: minus(before.from, input.amount), to: plus(before.to, input.amount) });
    }, 90_000);
  }
});

describe("SIGKILL while a transfer waits for HTX's rate budget (never sent), then a restart", () => {
  it("HTX: the queued row becomes FAILED (never sent), no POST for it, ever; the transfer before it stands", async () => {
    // HTX allows this key one transfer a minute: after the first, Coffer's limiter (taught by
    // HTX's rate headers) holds the second for a minute, unsent, with its INTENT row journaled.
    sims = await startMoneySimulators({ htxLimits: { transfer: { limit: 1, intervalMs: 60_000 } } });
    const c = CASES[1]!;
    const journalPath = join(dir, "queued.sqlite");
    const before = c.balances(sims);
    const first = await startRun(sims, journalPath);
    children.push(first);
    const sent = await mutateTransfer(first.url, c.input("queued-first"));
    expect(sent.data!.transfer.transfer.status).toBe("CONFIRMED");
    const queuedInput = { ...c.input("queued-second"), amount: "3.25" };
    const pending = mutateTransfer(first.url, queuedInput).catch((error: unknown) => error);
    const journal = createSqliteJournal(journalPath);
    const queued = await waitFor("the second transfer's row", async () => (await journal.findByKey("queued-second")) ?? undefined);
    expect(queued).toMatchObject({ status: "INTENT", ownerId: expect.any(String), sentAt: null });
    await first.child.kill("SIGKILL");
    expect(await pending).toMatchObject({ name: "TypeError", message: "fetch failed" });
    expect(c.posts(sims)).toBe(1);
    expect((await journal.get(queued.id))!.status).toBe("INTENT");
    await journal.close();

    const second = await startRun(sims, journalPath);
    children.push(second);
    const failed = await waitFor("the restarted Coffer to settle the queued row", async () => {
      const result = await postGraphql(second.url, TransferByIdDocument, { id: queued.id }, MONEY_TOKEN);
      const t = result.data?.transfer;
      return t && t.status !== "PENDING" ? t : undefined;
    });
    expect(failed).toMatchObject({ id: queued.id, status: "FAILED", exchangeTransferId: null, failureReason: expect.stringMatching(/^Never sent/) });
    // A replay of its key answers that record; the exchange never saw it.
    const replay = await mutateTransfer(second.url, queuedInput);
    expect(replay.data!.transfer).toMatchObject({ replayed: true, transfer: { id: queued.id, status: "FAILED" } });
    expect(c.posts(sims)).toBe(1);
    expect(sims.htx.state.ledger).toHaveLength(1);
    expect(c.balances(sims)).toEqual({ from: minus(before.from, "42.5"), to: plus(before.to, "42.5") });
  }, 120_000);
});
