import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import Database from "better-sqlite3";
import pg from "pg";
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
  /**
   * Storage as the first released schema left it (version 1, no ownership columns), filled by
   * `sql`; `open` then opens the journal on it, which migrates it.
   */
  legacy(sql: string): Promise<{ open: () => Promise<TransferJournal>; query: (sql: string) => Promise<unknown[]> }>;
}

/** The version-1 schemas exactly as the first release created them (an existing database). */
const V1_SQLITE = `CREATE TABLE coffer_transfers (
     id TEXT PRIMARY KEY, idempotency_key TEXT NOT NULL UNIQUE, fingerprint TEXT NOT NULL, connection_id TEXT NOT NULL,
     exchange TEXT NOT NULL, asset TEXT NOT NULL, amount TEXT NOT NULL, from_type TEXT NOT NULL, from_symbol TEXT,
     to_type TEXT NOT NULL, to_symbol TEXT, sub_account_email TEXT,
     status TEXT NOT NULL CHECK (status IN ('INTENT','PENDING','CONFIRMED','FAILED','UNKNOWN')),
     exchange_transfer_id TEXT, failure_code TEXT, failure_reason TEXT, failure_detail TEXT,
     created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, sent_at INTEGER
   );
   CREATE UNIQUE INDEX coffer_transfers_exchange_id ON coffer_transfers (connection_id, exchange_transfer_id) WHERE exchange_transfer_id IS NOT NULL;
   CREATE INDEX coffer_transfers_created ON coffer_transfers (created_at DESC, id DESC);
   CREATE INDEX coffer_transfers_unsettled ON coffer_transfers (status) WHERE status IN ('INTENT','PENDING','UNKNOWN');
   CREATE TABLE coffer_schema_version (version INTEGER NOT NULL);
   INSERT INTO coffer_schema_version (version) VALUES (1);`;
const V1_POSTGRES = V1_SQLITE.replace("amount TEXT NOT NULL", "amount NUMERIC NOT NULL").replace(
  "created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, sent_at INTEGER",
  "created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, sent_at BIGINT",
);
/** Rows the old release wrote: an intent it may have sent, an UNKNOWN, a CONFIRMED. */
const V1_ROWS = `INSERT INTO coffer_transfers (id, idempotency_key, fingerprint, connection_id, exchange, asset, amount, from_type, to_type, status,
     exchange_transfer_id, failure_reason, created_at, updated_at, sent_at) VALUES
   ('old-intent', 'old-k1', 'fp', 'c1', 'BINANCE', 'USDT', '1.5', 'SPOT', 'FUNDING', 'INTENT', NULL, NULL, 1000, 1000, NULL),
   ('old-unknown', 'old-k2', 'fp', 'c1', 'BINANCE', 'USDT', '2.5', 'SPOT', 'FUNDING', 'UNKNOWN', NULL, 'timeout', 2000, 2001, 2000),
   ('old-done', 'old-k3', 'fp', 'c1', 'BINANCE', 'USDT', '3.5', 'SPOT', 'FUNDING', 'CONFIRMED', 'x-1', NULL, 3000, 3001, 3000);`;

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
      async legacy(sql) {
        const path = join(tmp, `legacy${fileCounter++}.sqlite`);
        const db = new Database(path);
        db.exec(V1_SQLITE);
        db.exec(sql);
        // An index some other change added before this migration: the rebuild must keep it.
        db.exec("CREATE INDEX coffer_transfers_extra ON coffer_transfers (connection_id, created_at)");
        db.close();
        return {
          open: async () => createSqliteJournal(path),
          async query(text) {
            const raw = new Database(path, { readonly: true });
            try {
              return raw.prepare(text).all();
            } finally {
              raw.close();
            }
          },
        };
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
      async legacy(sql) {
        if (!postgres) throw new Error("PostgreSQL test server did not start");
        const url = await postgres.createDatabase();
        const run = async (text: string) => {
          const client = new pg.Client({ connectionString: url });
          await client.connect();
          try {
            return (await client.query(text)).rows as unknown[];
          } finally {
            await client.end();
          }
        };
        await run(V1_POSTGRES);
        await run(sql);
        await run("CREATE INDEX coffer_transfers_extra ON coffer_transfers (connection_id, created_at)");
        return { open: () => createPostgresJournal(url), query: run };
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

  describe("ownership", () => {
    const owner = (over: Partial<JournalIntent> = {}) => intent({ ownerId: "owner-a", leaseUntil: T + 1_000, ...over });

    it("begin writes the owner and lease; nothing planned yet", async () => {
      const { journal } = await fresh();
      const { entry } = await journal.begin(owner());
      expect(entry).toMatchObject({ status: "INTENT", ownerId: "owner-a", leaseUntil: T + 1_000, nextCheckAt: null, checkCount: 0, sentAt: null });
    });

    it("markSending is a compare-and-set from INTENT by its owner, once", async () => {
      const { journal } = await fresh();
      const i = owner();
      await journal.begin(i);
      expect(await journal.markSending(i.id, { ownerId: "owner-b", sentAt: T + 5, leaseUntil: T + 2_000 })).toBeNull();
      const marked = await journal.markSending(i.id, { ownerId: "owner-a", sentAt: T + 5, leaseUntil: T + 2_000 });
      expect(marked).toMatchObject({ status: "SENDING", sentAt: T + 5, leaseUntil: T + 2_000, updatedAt: T + 5 });
      expect(await journal.markSending(i.id, { ownerId: "owner-a", sentAt: T + 6, leaseUntil: T + 2_000 })).toBeNull();
      // Even with its lease run out, an owned INTENT is still its owner's to send (nobody took it).
      const late = owner();
      await journal.begin(late);
      expect(await journal.markSending(late.id, { ownerId: "owner-a", sentAt: T + 50_000, leaseUntil: T + 51_000 })).toMatchObject({ status: "SENDING" });
      // A row without owner (written before ownership existed) is nobody's to mark.
      const legacy = intent();
      await journal.begin(legacy);
      expect(await journal.markSending(legacy.id, { ownerId: "owner-a", sentAt: T, leaseUntil: T })).toBeNull();
      expect(await journal.markSending("no-such-id", { ownerId: "owner-a", sentAt: T, leaseUntil: T })).toBeNull();
    });

    it("a reconciler's takeover and the owner's mark race: exactly one wins, every time", async () => {
      const { journal } = await fresh();
      for (let round = 0; round < 20; round++) {
        const i = owner({ leaseUntil: T });
        await journal.begin(i);
        const [marked, failed] = await Promise.all([
          journal.markSending(i.id, { ownerId: "owner-a", sentAt: T + 10, leaseUntil: T + 1_000 }),
          journal.complete(i.id, { status: "FAILED", failureReason: "never sent", updatedAt: T + 10 }, { statuses: ["INTENT"], leaseExpiredAt: T + 10 }),
        ]);
        const row = (await journal.get(i.id))!;
        if (marked) {
          expect(failed!.updated).toBe(false);
          expect(row.status).toBe("SENDING");
        } else {
          expect(failed!.updated).toBe(true);
          expect(row.status).toBe("FAILED");
        }
      }
    });

    it("renewLeases extends only the owner's rows that are still INTENT or SENDING", async () => {
      const { journal } = await fresh();
      const [a, b, c, d] = [owner(), owner(), owner(), owner({ ownerId: "owner-b" })];
      for (const i of [a, b, c, d]) await journal.begin(i!);
      await journal.markSending(b!.id, { ownerId: "owner-a", sentAt: T, leaseUntil: T + 1_000 });
      await journal.complete(c!.id, { status: "CONFIRMED", exchangeTransferId: "c", updatedAt: T });
      const renewed = await journal.renewLeases("owner-a", [a!.id, b!.id, c!.id, d!.id, "gone"], T + 9_000);
      expect(renewed.sort()).toEqual([a!.id, b!.id].sort());
      expect((await journal.get(a!.id))!.leaseUntil).toBe(T + 9_000);
      expect((await journal.get(b!.id))!.leaseUntil).toBe(T + 9_000);
      expect((await journal.get(c!.id))!.leaseUntil).toBeNull(); // complete dropped it
      expect((await journal.get(d!.id))!.leaseUntil).toBe(T + 1_000);
      expect(await journal.renewLeases("owner-a", [], T)).toEqual([]);
    });

    it("complete's conditions: status and lease are checked in the same write", async () => {
      const { journal } = await fresh();
      const i = owner({ leaseUntil: T + 1_000 });
      await journal.begin(i);
      const fail = { status: "FAILED" as const, failureReason: "absent", updatedAt: T + 2 };
      expect(await journal.complete(i.id, fail, { leaseExpiredAt: T + 999 })).toMatchObject({ updated: false, entry: { status: "INTENT" } });
      expect(await journal.complete(i.id, fail, { statuses: ["UNKNOWN", "SENDING"] })).toMatchObject({ updated: false });
      expect(await journal.complete(i.id, fail, { statuses: ["INTENT"], leaseExpiredAt: T + 1_000 })).toMatchObject({
        updated: true,
        entry: { status: "FAILED", leaseUntil: null },
      });
    });

    it("listUnsettled({ dueAt }) leaves out live leases and rows planned for later; SENDING is unsettled", async () => {
      const { journal } = await fresh();
      const live = owner({ leaseUntil: T + 1_000, createdAt: T + 1 });
      const expired = owner({ leaseUntil: T - 1, createdAt: T + 2 });
      const sending = owner({ leaseUntil: T - 1, createdAt: T + 3 });
      const later = intent({ createdAt: T + 4 });
      const due = intent({ createdAt: T + 5 });
      const other = intent({ createdAt: T + 6, connectionId: "c2" });
      for (const i of [live, expired, sending, later, due, other]) await journal.begin(i);
      await journal.markSending(sending.id, { ownerId: "owner-a", sentAt: T - 10, leaseUntil: T - 1 });
      await journal.complete(later.id, { status: "UNKNOWN", updatedAt: T });
      await journal.postponeCheck(later.id, T + 500);
      await journal.complete(due.id, { status: "UNKNOWN", updatedAt: T });
      await journal.postponeCheck(due.id, T);
      expect((await journal.listUnsettled()).map((e) => e.id)).toEqual([live, expired, sending, later, due, other].map((i) => i.id));
      expect((await journal.listUnsettled({ dueAt: T })).map((e) => e.id)).toEqual([expired.id, sending.id, due.id, other.id]);
      expect((await journal.listUnsettled({ dueAt: T + 1_000 })).map((e) => e.id)).toEqual([live, expired, sending, later, due, other].map((i) => i.id));
      expect((await journal.listUnsettled({ dueAt: T, connectionIds: ["c2"] })).map((e) => e.id)).toEqual([other.id]);
      expect(await journal.listUnsettled({ connectionIds: [] })).toEqual([]);
      expect((await journal.get(sending.id))!.status).toBe("SENDING");
    });

    it("postponeCheck plans the next look and counts the pass, on unsettled rows only", async () => {
      const { journal } = await fresh();
      const [a, b] = [intent(), intent()];
      await journal.begin(a);
      await journal.begin(b);
      await journal.postponeCheck(a.id, T + 100);
      await journal.postponeCheck(a.id, T + 300);
      await journal.complete(b.id, { status: "CONFIRMED", exchangeTransferId: "b", updatedAt: T });
      await journal.postponeCheck(b.id, T + 100);
      expect(await journal.get(a.id)).toMatchObject({ nextCheckAt: T + 300, checkCount: 2 });
      expect(await journal.get(b.id)).toMatchObject({ nextCheckAt: null, checkCount: 0 });
    });

    it("findByExchangeTransferIds answers only the rows of that connection holding those ids", async () => {
      const { journal } = await fresh();
      const [a, b, c] = [intent(), intent(), intent({ connectionId: "c2" })];
      for (const i of [a, b, c]) await journal.begin(i);
      await journal.complete(a.id, { status: "CONFIRMED", exchangeTransferId: "x1", updatedAt: T });
      await journal.complete(b.id, { status: "PENDING", exchangeTransferId: "x2", updatedAt: T });
      await journal.complete(c.id, { status: "CONFIRMED", exchangeTransferId: "x1", updatedAt: T });
      const found = await journal.findByExchangeTransferIds("c1", ["x1", "x2", "x3", "x1"]);
      expect(found.map((e) => e.id).sort()).toEqual([a.id, b.id].sort());
      expect(await journal.findByExchangeTransferIds("c1", [])).toEqual([]);
      const many = Array.from({ length: 1_200 }, (_, n) => `y${n}`).concat("x2");
      expect((await journal.findByExchangeTransferIds("c1", many)).map((e) => e.id)).toEqual([b.id]);
    });
  });

  describe("idempotency keys are exact text", () => {
    it.each([
      ["a lone high surrogate", "\ud800-x"],
      ["another lone high surrogate", "\udbff-x"],
      ["a lone low surrogate", "x-\udc00"],
      ["NUL", "a\u0000b"],
      ["a C0 control", "a\u001bb"],
      ["DEL", "a\u007f"],
      ["a C1 control", "a\u0085b"],
    ])("begin refuses a key with %s and writes nothing", async (_what, key) => {
      const { journal } = await fresh();
      await expect(journal.begin(intent({ idempotencyKey: key }))).rejects.toThrow(/idempotency key must be exact text/);
      expect(await journal.list({})).toEqual([]);
    });

    it("keys that a locale, a normalization or a lossy encoding could merge stay distinct", async () => {
      const { journal } = await fresh();
      const keys = ["\ufffd-x", "é", "e\u0301", "\u212b", "\u00c5", "A\u030a", "ß", "ss", "a", "A", "ﬁ", "fi", "🔑", "k\u200b"];
      const ids: string[] = [];
      for (const key of keys) {
        const { entry, created } = await journal.begin(intent({ idempotencyKey: key }));
        expect(created).toBe(true);
        expect(entry.idempotencyKey).toBe(key);
        ids.push(entry.id);
      }
      for (const [n, key] of keys.entries()) expect((await journal.findByKey(key))!.id).toBe(ids[n]);
      expect(new Set(ids).size).toBe(keys.length);
    });
  });

  it("migrates an existing version-1 database: rows, meaning and other indexes kept, new columns and SENDING usable", async () => {
    const legacy = await store.legacy(V1_ROWS);
    const journal = await legacy.open();
    opened.push(journal);
    expect(await journal.get("old-intent")).toMatchObject({ status: "INTENT", ownerId: null, leaseUntil: null, nextCheckAt: null, checkCount: 0, sentAt: null });
    expect(await journal.get("old-unknown")).toMatchObject({ status: "UNKNOWN", failureReason: "timeout", sentAt: 2000, createdAt: 2000, updatedAt: 2001 });
    expect(await journal.get("old-done")).toMatchObject({ status: "CONFIRMED", exchangeTransferId: "x-1" });
    expect((await journal.get("old-unknown"))!.amount.toFixed()).toBe("2.5");
    expect((await journal.listUnsettled({ dueAt: 0 })).map((e) => e.id)).toEqual(["old-intent", "old-unknown"]);
    // The new status and columns work on the migrated table.
    const i = intent({ ownerId: "o", leaseUntil: T });
    await journal.begin(i);
    expect(await journal.markSending(i.id, { ownerId: "o", sentAt: T, leaseUntil: T + 1 })).toMatchObject({ status: "SENDING" });
    await journal.postponeCheck("old-unknown", 5_000);
    expect(await journal.get("old-unknown")).toMatchObject({ nextCheckAt: 5_000, checkCount: 1 });
    // The unique rules survived.
    expect((await journal.begin(intent({ idempotencyKey: "old-k1" }))).created).toBe(false);
    await expect(journal.complete("old-unknown", { status: "CONFIRMED", exchangeTransferId: "x-1", updatedAt: 1 })).rejects.toThrow();
    const indexes = JSON.stringify(
      await legacy.query(
        _name === "sqlite"
          ? "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'coffer_transfers'"
          : "SELECT indexname AS name FROM pg_indexes WHERE tablename = 'coffer_transfers'",
      ),
    );
    expect(indexes).toContain("coffer_transfers_extra");
    expect(indexes).toContain("coffer_transfers_exchange_id");
    expect(indexes).toContain("coffer_transfers_open");
    expect(indexes).not.toContain("coffer_transfers_unsettled");
    if (_name === "postgres") {
      // Keys compare byte for byte, whatever the database's locale.
      const collation = await legacy.query("SELECT collation_name FROM information_schema.columns WHERE table_name = 'coffer_transfers' AND column_name = 'idempotency_key'");
      expect(collation).toEqual([{ collation_name: "C" }]);
    }
    // Opening again runs nothing more.
    const again = await legacy.open();
    opened.push(again);
    expect((await again.get(i.id))!.status).toBe("SENDING");
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
