import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import { AccountType } from "../../../src/domain/enums.js";
import type { TransferInput } from "../../generated/graphql.js";
import { BINANCE_ID, HTX_ID, startMoneyCoffer, type MoneyCoffer } from "../../support/moneyCoffer.js";
import { startTestPostgres, type TestPostgres } from "../../support/postgresServer.js";
import { allTransfers, codeOf, minus, mutateTransfer, plus, sameAmount, transferPosts, waitFor, type TransferNode } from "./transferKit.js";

/**
 * Issue #6: 50 concurrent `transfer` mutations with one idempotency key, over real HTTP into
 * one Coffer, move the money once. The simulators answer 300 ms late so the 50 requests really
 * overlap the one POST that is sent; the assertions are on the simulators' own call logs and
 * ledgers, not on anything Coffer says about itself.
 */

const CONCURRENT = 50;
let env: MoneyCoffer | null = null;
afterEach(async () => {
  await env?.close();
  env = null;
});

interface Wallets {
  read(): { from: string; to: string };
}

function binanceWallets(e: MoneyCoffer): Wallets {
  return { read: () => ({ from: e.sims.binance.balance({ type: AccountType.SPOT }, "USDT"), to: e.sims.binance.balance({ type: AccountType.USDM_FUTURES }, "USDT") }) };
}

function htxWallets(e: MoneyCoffer): Wallets {
  return { read: () => ({ from: e.sims.htx.spotBalance("usdt").trade, to: e.sims.htx.contractBalance("USDT").marginBalance }) };
}

const CASES = [
  {
    name: "Binance (POST /sapi/v1/asset/transfer, MAIN_UMFUTURE)",
    input: (key: string): TransferInput => ({
      connectionId: BINANCE_ID,
      asset: "USDT",
      amount: "12.3456789",
      from: { type: "SPOT" },
      to: { type: "USDM_FUTURES" },
      idempotencyKey: key,
    }),
    posts: (e: MoneyCoffer) => transferPosts(e.sims.binance, e.sims.htx).binance,
    wallets: binanceWallets,
  },
  {
    name: "HTX (POST /v2/account/transfer, spot → linear-swap cross)",
    input: (key: string): TransferInput => ({
      connectionId: HTX_ID,
      asset: "USDT",
      amount: "7.00000001",
      from: { type: "SPOT" },
      to: { type: "USDM_FUTURES" },
      idempotencyKey: key,
    }),
    posts: (e: MoneyCoffer) => transferPosts(e.sims.binance, e.sims.htx).htx,
    wallets: htxWallets,
  },
];

/** The 50-at-once check, shared by the SQLite and the PostgreSQL runs. */
async function fiftyAtOnce(e: MoneyCoffer, c: (typeof CASES)[number], key: string): Promise<TransferNode> {
  const wallets = c.wallets(e);
  const before = wallets.read();
  const postsBefore = c.posts(e);
  e.sims.binance.faults.latencyMs = 300;
  e.sims.htx.faults.latencyMs = 300;
  const input = c.input(key);
  const results = await Promise.all(Array.from({ length: CONCURRENT }, () => mutateTransfer(e.url, input)));
  e.sims.binance.faults.latencyMs = 0;
  e.sims.htx.faults.latencyMs = 0;

  for (const result of results) expect(result.errors).toBeUndefined();
  // Exactly one POST reached the exchange.
  expect(c.posts(e) - postsBefore).toBe(1);
  // All 50 answers name the same transfer with the same status; one sent it, 49 joined or replayed.
  const transfers = results.map((r) => r.data!.transfer.transfer);
  const first = transfers[0]!;
  expect(first.status).toBe("CONFIRMED");
  expect(first.exchangeTransferId).toMatch(/^\d+$/);
  for (const t of transfers) expect(t).toEqual(first);
  expect(results.filter((r) => r.data!.transfer.replayed === false)).toHaveLength(1);
  expect(results.filter((r) => r.data!.transfer.replayed === true)).toHaveLength(CONCURRENT - 1);
  // The balances moved once, exactly.
  const after = wallets.read();
  expect(sameAmount(after.from, minus(before.from, input.amount))).toBe(true);
  expect(sameAmount(after.to, plus(before.to, input.amount))).toBe(true);
  expect({ from: after.from, to: after.to }).toEqual({ from: minus(before.from, input.amount), to: plus(before.to, input.amount) });

  // A 51st call later is a replay from the journal, still no POST.
  const again = await mutateTransfer(e.url, input);
  expect(again.data!.transfer).toEqual({ replayed: true, transfer: first });
  expect(c.posts(e) - postsBefore).toBe(1);
  return first;
}

describe("50 concurrent mutations with one idempotency key (SQLite journal)", () => {
  for (const c of CASES) {
    it(`${c.name}: one POST, 50 agreeing answers, balances moved once`, async () => {
      env = await startMoneyCoffer();
      const transfer = await fiftyAtOnce(env, c, `fifty-${c.input("").connectionId}`);
      // The history shows it once, as the journal's node carrying the exchange's id.
      const listed = (await allTransfers(env.url)).filter((n) => n.exchangeTransferId === transfer.exchangeTransferId);
      expect(listed).toEqual([expect.objectContaining({ id: transfer.id, source: "JOURNAL", status: "CONFIRMED" })]);
    });

    it(`${c.name}: the same key with a different amount is IDEMPOTENCY_CONFLICT and sends nothing`, async () => {
      env = await startMoneyCoffer();
      const key = `conflict-${c.input("").connectionId}`;
      const first = await mutateTransfer(env.url, c.input(key));
      expect(first.errors).toBeUndefined();
      const posts = c.posts(env);
      const balances = c.wallets(env).read();
      const other = { ...c.input(key), amount: "1.5" };
      // Alone, and 10 at once (the in-flight path and the journal path give the same answer).
      const conflicts = await Promise.all(Array.from({ length: 10 }, () => mutateTransfer(env!.url, other)));
      for (const conflict of conflicts) {
        expect(codeOf(conflict)).toBe("IDEMPOTENCY_CONFLICT");
        expect(conflict.data ?? null).toBeNull();
      }
      expect(c.posts(env)).toBe(posts);
      expect(c.wallets(env).read()).toEqual(balances);
      // The original is untouched and still replays.
      const replay = await mutateTransfer(env.url, c.input(key));
      expect(replay.data!.transfer).toEqual({ replayed: true, transfer: first.data!.transfer.transfer });
    });

    it(`${c.name}: a conflicting amount sent while the first is still in flight is refused too`, async () => {
      env = await startMoneyCoffer();
      const key = `conflict-inflight-${c.input("").connectionId}`;
      const posts = c.posts(env);
      // The simulators hold every answer 1 s: once the POST has arrived, the first call is
      // certainly still in flight when the conflicting one comes.
      env.sims.binance.faults.latencyMs = 1_000;
      env.sims.htx.faults.latencyMs = 1_000;
      let settled = false;
      const original = mutateTransfer(env.url, c.input(key)).finally(() => (settled = true));
      await waitFor("the first call's POST to reach the simulator", () => (c.posts(env!) > posts ? true : undefined));
      const conflict = await mutateTransfer(env.url, { ...c.input(key), amount: "2" });
      const answeredInFlight = !settled;
      const done = await original;
      expect(answeredInFlight).toBe(true);
      expect(codeOf(conflict)).toBe("IDEMPOTENCY_CONFLICT");
      expect(done.errors).toBeUndefined();
      expect(c.posts(env) - posts).toBe(1);
    });
  }
});

describe("the same, with the PostgreSQL journal", () => {
  let pg: TestPostgres;
  beforeAll(async () => {
    pg = await startTestPostgres();
  }, 120_000);
  afterAll(async () => {
    await pg?.stop();
  });

  for (const c of CASES) {
    it(`${c.name}: one POST, 50 agreeing answers, balances moved once; conflict sends nothing`, async () => {
      env = await startMoneyCoffer({ journal: await pg.createDatabase() });
      const key = `pg-fifty-${c.input("").connectionId}`;
      await fiftyAtOnce(env, c, key);
      const posts = c.posts(env);
      const conflict = await mutateTransfer(env.url, { ...c.input(key), amount: "3" });
      expect(codeOf(conflict)).toBe("IDEMPOTENCY_CONFLICT");
      expect(c.posts(env)).toBe(posts);
    });
  }

  it("two Coffers sharing one PostgreSQL journal: 50 calls split between them, still one POST", async () => {
    const db = await pg.createDatabase();
    env = await startMoneyCoffer({ journal: db });
    const second = await startMoneyCoffer({ journal: db, sims: env.sims });
    try {
      const c = CASES[0]!;
      const input = c.input("pg-two-instances");
      const posts = c.posts(env);
      const before = c.wallets(env).read();
      env.sims.binance.faults.latencyMs = 300;
      const urls = [env.url, second.url];
      const results = await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => mutateTransfer(urls[i % 2]!, input)));
      env.sims.binance.faults.latencyMs = 0;
      // The instance that did not send it cannot wait on the other's call: it answers
      // TRANSFER_IN_PROGRESS (ask again) or, once settled, the replay. Never a second POST.
      const answered = results.filter((r) => !r.errors);
      expect(
        results
          .filter((r) => r.errors)
          .map(codeOf)
          .filter((code) => code !== "TRANSFER_IN_PROGRESS"),
      ).toEqual([]);
      expect(answered.length).toBeGreaterThan(0);
      const ids = new Set(answered.map((r) => r.data!.transfer.transfer.id));
      expect(ids.size).toBe(1);
      expect(answered.filter((r) => !r.data!.transfer.replayed)).toHaveLength(1);
      expect(c.posts(env) - posts).toBe(1);
      // Asked again, both instances answer the one transfer.
      for (const url of urls) {
        const replay = await mutateTransfer(url, input);
        expect(replay.data!.transfer).toMatchObject({ replayed: true, transfer: { id: [...ids][0], status: "CONFIRMED" } });
      }
      expect(c.posts(env) - posts).toBe(1);
      expect(c.wallets(env).read()).toEqual({ from: minus(before.from, input.amount), to: plus(before.to, input.amount) });
    } finally {
      await second.close();
    }
  });
});
