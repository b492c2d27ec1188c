import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { Dec } from "../../../src/domain/decimal.js";
import { AccountType, Exchange } from "../../../src/domain/enums.js";
import type { JournalIntent, TransferJournal } from "../../../src/transfers/journal.js";
import { openJournal } from "../../../src/transfers/openJournal.js";
import { createPostgresJournal } from "../../../src/transfers/postgresJournal.js";
import { createSqliteJournal } from "../../../src/transfers/sqliteJournal.js";
import { startTestPostgres, type TestPostgres } from "../../support/postgresServer.js";

/**
 * One contract, two stores: every journal behaviour the service relies on, run against a real
 * SQLite file and a real PostgreSQL server (see test/support/postgresServer.ts).
 */
interface Store {
  /** A fresh, empty journal and a way to open another journal on the same storage. */
  fresh(): Promise<{ journal: TransferJournal; reopen: () => Promise<TransferJournal> }>;
}

const tmp = mkdtempSync(join(tmpdir(), "coffer-journal-"));
let postgres: TestPostgres | null = null;
let fileCounter = 0;

const stores: Array<[string, Store]> = [
  [
    "sqlite",
    {
      async fresh() {
        const path = join(tmp, `j${fileCounter++}`, "coffer.sqlite");
        return { journal: createSqliteJournal(path), reopen: async () => createSqliteJournal(path) };
      },
    },
  ],
  [
    "postgres",
    {
      async fresh() {
        if (!postgres) throw new Error("PostgreSQL test server did not start");
        const url = await postgres.createDatabase();
        return { journal: await createPostgresJournal(url), reopen: () => createPostgresJournal(url) };
      },
    },
  ],
];

beforeAll(async () => {
  postgres = await startTestPostgres();
}, 120_000);

afterAll(async () => {
  await postgres?.stop();
  rmSync(tmp, { recursive: true, force: true });
}, 60_000);

const T = 1_700_000_000_000;
let idCounter = 0;
function intent(over: Partial<JournalIntent> = {}): JournalIntent {
  const n = idCounter++;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    idempotencyKey: `key-${n}`,
    fingerprint: "fp-a",
    connectionId: "c1",
    exchange: Exchange.BINANCE,
    asset: "USDT",
    amount: new Dec("12.5"),
    from: { type: AccountType.SPOT, symbol: null },
    to: { type: AccountType.MARGIN_ISOLATED, symbol: "BTCUSDT" },
    subAccountEmail: null,
    createdAt: T,
    ...over,
  };
}

describe.each(stores)("%s journal", (_name, store) => {
  let opened: TransferJournal[] = [];
  async function fresh() {
    const f = await store.fresh();
    opened.push(f.journal);
    return {
      journal: f.journal,
      reopen: async () => {
        const j = await f.reopen();
        opened.push(j);
        return j;
      },
    };
  }
  afterAll(async () => {
    for (const j of opened) await j.close();
    opened = [];
  });

  it("begin claims a new key and writes an INTENT row", async () => {
    const { journal } = await fresh();
    const i = intent();
    const { entry, created } = await journal.begin(i);
    expect(created).toBe(true);
    expect(entry).toMatchObject({ id: i.id, idempotencyKey: i.idempotencyKey, status: "INTENT", exchangeTransferId: null, sentAt: null, createdAt: T, updatedAt: T });
    expect(entry.amount.toFixed()).toBe("12.5");
    expect(entry.to).toEqual({ type: AccountType.MARGIN_ISOLATED, symbol: "BTCUSDT" });
    expect(await journal.get(i.id)).toEqual(entry);
    expect(await journal.findByKey(i.idempotencyKey)).toEqual(entry);
  });

  it("begin with a taken key returns the existing row untouched", async () => {
    const { journal } = await fresh();
    const first = intent({ idempotencyKey: "same" });
    await journal.begin(first);
    const second = await journal.begin(intent({ idempotencyKey: "same", fingerprint: "fp-b", amount: new Dec("99") }));
    expect(second.created).toBe(false);
    expect(second.entry.id).toBe(first.id);
    expect(second.entry.fingerprint).toBe("fp-a");
    expect(second.entry.amount.toFixed()).toBe("12.5");
  });

  it("lets exactly one of 25 concurrent begins with one key win", async () => {
    const { journal } = await fresh();
    const results = await Promise.all(Array.from({ length: 25 }, () => journal.begin(intent({ idempotencyKey: "race" }))));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.entry.id)).size).toBe(1);
  });

  it.each(["0.000000000000000001", "123456789012345678901234567890.123456789012345678", "1", "7.1"])("keeps the amount %s exact", async (text) => {
    const { journal } = await fresh();
    const i = intent({ amount: new Dec(text) });
    await journal.begin(i);
    expect((await journal.get(i.id))!.amount.toFixed()).toBe(text);
  });

  it("stores a 255-character unicode key exactly", async () => {
    const { journal } = await fresh();
    const key = "ключ-🔑-".repeat(40).slice(0, 255);
    const i = intent({ idempotencyKey: key });
    await journal.begin(i);
    expect((await journal.findByKey(key))!.id).toBe(i.id);
    expect(await journal.findByKey(key + " ")).toBeNull();
  });

  it("complete writes an outcome once; a settled row is never rewritten", async () => {
    const { journal } = await fresh();
    const i = intent();
    await journal.begin(i);
    const done = await journal.complete(i.id, { status: "CONFIRMED", exchangeTransferId: "tx-1", sentAt: T + 5, updatedAt: T + 10 });
    expect(done).toMatchObject({ updated: true, entry: { status: "CONFIRMED", exchangeTransferId: "tx-1", sentAt: T + 5, updatedAt: T + 10 } });
    const late = await journal.complete(i.id, { status: "FAILED", failureReason: "late", updatedAt: T + 20 });
    expect(late).toMatchObject({ updated: false, entry: { status: "CONFIRMED", exchangeTransferId: "tx-1", failureReason: null } });
    expect(await journal.complete("no-such-id", { status: "FAILED", updatedAt: T })).toBeNull();
  });

  it("moves UNKNOWN on to a final status and keeps sent_at when the outcome has none", async () => {
    const { journal } = await fresh();
    const i = intent();
    await journal.begin(i);
    await journal.complete(i.id, { status: "UNKNOWN", failureReason: "timeout", sentAt: T + 1, updatedAt: T + 2 });
    const after = await journal.complete(i.id, { status: "CONFIRMED", exchangeTransferId: "tx-9", updatedAt: T + 3 });
    expect(after?.entry).toMatchObject({ status: "CONFIRMED", sentAt: T + 1, failureReason: null, exchangeTransferId: "tx-9" });
    expect((await journal.findByExchangeTransferId("c1", "tx-9"))!.id).toBe(i.id);
    expect(await journal.findByExchangeTransferId("c2", "tx-9")).toBeNull();
  });

  it("keeps the failure code, reason and detail", async () => {
    const { journal } = await fresh();
    const i = intent();
    await journal.begin(i);
    await journal.complete(i.id, {
      status: "FAILED",
      failureCode: "UPSTREAM_REJECTED",
      failureReason: "The exchange refused",
      failureDetail: { exchangeCode: "-3020", exchangeMessage: "nope" },
      updatedAt: T + 1,
    });
    expect(await journal.get(i.id)).toMatchObject({
      status: "FAILED",
      failureCode: "UPSTREAM_REJECTED",
      failureReason: "The exchange refused",
      failureDetail: { exchangeCode: "-3020", exchangeMessage: "nope" },
    });
  });

  it("refuses to give one exchange transfer id of a connection to two rows", async () => {
    const { journal } = await fresh();
    const a = intent();
    const b = intent();
    const c = intent({ connectionId: "c2" });
    for (const i of [a, b, c]) await journal.begin(i);
    await journal.complete(a.id, { status: "CONFIRMED", exchangeTransferId: "dup", updatedAt: T });
    await expect(journal.complete(b.id, { status: "CONFIRMED", exchangeTransferId: "dup", updatedAt: T })).rejects.toThrow();
    await expect(journal.complete(c.id, { status: "CONFIRMED", exchangeTransferId: "dup", updatedAt: T })).resolves.toMatchObject({ updated: true });
  });

  it("lists unsettled rows oldest first and a window newest first", async () => {
    const { journal } = await fresh();
    const rows = [
      intent({ createdAt: T + 30 }),
      intent({ createdAt: T + 10 }),
      intent({ createdAt: T + 20, connectionId: "c2" }),
      intent({ createdAt: T + 40 }),
      intent({ createdAt: T + 20 }),
    ];
    for (const r of rows) await journal.begin(r);
    await journal.complete(rows[0]!.id, { status: "CONFIRMED", exchangeTransferId: "a", updatedAt: T });
    await journal.complete(rows[1]!.id, { status: "UNKNOWN", updatedAt: T });
    await journal.complete(rows[3]!.id, { status: "PENDING", exchangeTransferId: "b", updatedAt: T });
    expect((await journal.listUnsettled()).map((e) => e.createdAt)).toEqual([T + 10, T + 20, T + 20, T + 40]);

    const all = await journal.list({});
    expect(all.map((e) => e.id)).toEqual([rows[3]!.id, rows[0]!.id, rows[4]!.id, rows[2]!.id, rows[1]!.id]);
    expect((await journal.list({ since: T + 20, until: T + 30 })).map((e) => e.createdAt)).toEqual([T + 30, T + 20, T + 20]);
    expect((await journal.list({ connectionIds: ["c2"] })).map((e) => e.id)).toEqual([rows[2]!.id]);
    expect(await journal.list({ connectionIds: [] })).toEqual([]);
  });

  it("keeps everything across close and reopen (migration runs again harmlessly)", async () => {
    const { journal, reopen } = await fresh();
    const i = intent({ idempotencyKey: "persist" });
    await journal.begin(i);
    await journal.complete(i.id, { status: "CONFIRMED", exchangeTransferId: "p1", updatedAt: T + 1 });
    await journal.close();
    const again = await reopen();
    expect(await again.findByKey("persist")).toMatchObject({ id: i.id, status: "CONFIRMED", exchangeTransferId: "p1" });
    expect((await again.begin(intent({ idempotencyKey: "persist" }))).created).toBe(false);
  });
});

describe("sqlite journal specifics", () => {
  it("creates the directory of its file and runs in WAL mode", async () => {
    const path = join(tmp, "deep", "er", "coffer.sqlite");
    const journal = await openJournal(`sqlite:${path}`);
    await journal.begin(intent());
    expect(existsSync(path)).toBe(true);
    expect(existsSync(`${path}-wal`)).toBe(true);
    await journal.close();
  });

  it("works in memory", async () => {
    const journal = await openJournal("sqlite::memory:");
    expect((await journal.begin(intent())).created).toBe(true);
    await journal.close();
  });

  it("two journals on one file share the key lock (two processes' view)", async () => {
    const path = join(tmp, "shared", "coffer.sqlite");
    const a = createSqliteJournal(path);
    const b = createSqliteJournal(path);
    const results = await Promise.all([a.begin(intent({ idempotencyKey: "k" })), b.begin(intent({ idempotencyKey: "k" }))]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    await a.close();
    await b.close();
  });

  it("refuses a journal setting that is neither sqlite: nor postgres://", async () => {
    await expect(openJournal("mysql://x")).rejects.toThrow(/sqlite:<path>/);
  });
});
