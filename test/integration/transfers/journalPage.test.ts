import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import Database from "better-sqlite3";
import pg from "pg";
import { Dec } from "../../../src/domain/decimal.js";
import { AccountType, Exchange } from "../../../src/domain/enums.js";
import type { JournalEntry, JournalIntent, JournalPageQuery, TransferJournal } from "../../../src/transfers/journal.js";
import { pageSql, type PageSqlDialect } from "../../../src/transfers/journalPageSql.js";
import { createPostgresJournal, POSTGRES_PAGE_DIALECT } from "../../../src/transfers/postgresJournal.js";
import { createSqliteJournal, SQLITE_PAGE_DIALECT } from "../../../src/transfers/sqliteJournal.js";
import { bulkInsert, bulkRows } from "../../support/bulkJournal.js";
import { startTestPostgres, type TestPostgres } from "../../support/postgresServer.js";

/**
 * `listPage`, the keyset page the merged history reads, on a real SQLite file and a real
 * PostgreSQL server: its order and conditions, and that at 100,000 rows a page is read from an
 * index, about `limit` rows, never the whole table.
 */
const tmp = mkdtempSync(join(tmpdir(), "coffer-journal-page-"));
let postgres: TestPostgres | null = null;
let files = 0;

interface Store {
  readonly name: string;
  readonly dialect: PageSqlDialect;
  /** A fresh journal and its spec (for bulkInsert). */
  fresh(): Promise<{ journal: TransferJournal; spec: string }>;
  /** The plan of a page query: which indexes it reads, whether it sorts, how many rows its scans read (null: the store does not say). */
  plan(spec: string, query: JournalPageQuery, connectionId: string | null): Promise<{ indexes: string[]; sorts: boolean; scannedRows: number | null }>;
}

const stores: Store[] = [
  {
    name: "sqlite",
    dialect: SQLITE_PAGE_DIALECT,
    async fresh() {
      const spec = `sqlite:${join(tmp, `p${files++}.sqlite`)}`;
      return { journal: createSqliteJournal(spec.slice("sqlite:".length)), spec };
    },
    async plan(spec, query, connectionId) {
      const db = new Database(spec.slice("sqlite:".length), { readonly: true });
      try {
        const { sql, params } = pageSql(query, connectionId, SQLITE_PAGE_DIALECT);
        const steps = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>;
        const details = steps.map((s) => s.detail);
        return {
          indexes: details.flatMap((d) => [...d.matchAll(/INDEX (\w+)/g)].map((m) => m[1]!)),
          sorts: details.some((d) => d.includes("TEMP B-TREE")),
          scannedRows: null,
        };
      } finally {
        db.close();
      }
    },
  },
  {
    name: "postgres",
    dialect: POSTGRES_PAGE_DIALECT,
    async fresh() {
      if (!postgres) throw new Error("PostgreSQL test server did not start");
      const spec = await postgres.createDatabase();
      return { journal: await createPostgresJournal(spec), spec };
    },
    async plan(spec, query, connectionId) {
      const client = new pg.Client({ connectionString: spec });
      await client.connect();
      try {
        const { sql, params } = pageSql(query, connectionId, POSTGRES_PAGE_DIALECT);
        const result = await client.query<{ "QUERY PLAN": unknown }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
        type PlanNode = { "Node Type": string; "Index Name"?: string; "Actual Rows"?: number; "Rows Removed by Filter"?: number; Plans?: PlanNode[] };
        const root = (result.rows[0]!["QUERY PLAN"] as Array<{ Plan: PlanNode }>)[0]!.Plan;
        const nodes: PlanNode[] = [];
        const visit = (n: PlanNode) => {
          nodes.push(n);
          for (const child of n.Plans ?? []) visit(child);
        };
        visit(root);
        const scans = nodes.filter((n) => n["Node Type"].includes("Scan"));
        return {
          indexes: scans.flatMap((n) => (n["Index Name"] ? [n["Index Name"]] : [])),
          sorts: nodes.some((n) => n["Node Type"] === "Sort"),
          scannedRows: scans.reduce((sum, n) => sum + (n["Actual Rows"] ?? 0) + (n["Rows Removed by Filter"] ?? 0), 0),
        };
      } finally {
        await client.end();
      }
    },
  },
];

beforeAll(async () => {
  postgres = await startTestPostgres();
}, 120_000);
afterAll(async () => {
  await postgres?.stop();
  rmSync(tmp, { recursive: true, force: true });
}, 60_000);

const T = 1_700_000_000_000;
let keys = 0;
function intent(id: string, createdAt: number, over: Partial<JournalIntent> = {}): JournalIntent {
  return {
    id,
    idempotencyKey: `page-key-${keys++}`,
    fingerprint: "fp",
    connectionId: "c1",
    exchange: Exchange.BINANCE,
    asset: "USDT",
    amount: new Dec("1"),
    from: { type: AccountType.SPOT, symbol: null },
    to: { type: AccountType.FUNDING, symbol: null },
    subAccountEmail: null,
    createdAt,
    ...over,
  };
}

/** History order as JavaScript compares: createdAt desc, then id desc by code unit. */
const newestFirst = (a: { createdAt: number; id: string }, b: { createdAt: number; id: string }) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

async function walk(journal: TransferJournal, query: Omit<JournalPageQuery, "after">): Promise<JournalEntry[]> {
  const all: JournalEntry[] = [];
  for (;;) {
    const last = all[all.length - 1];
    const page = await journal.listPage({ ...query, after: last ? { createdAt: last.createdAt, id: last.id } : null });
    expect(page.length).toBeLessThanOrEqual(query.limit);
    all.push(...page);
    if (page.length < query.limit) return all;
  }
}

describe.each(stores)("$name journal pages", (store) => {
  const opened: TransferJournal[] = [];
  afterAll(async () => {
    for (const j of opened) await j.close();
  });
  async function fresh() {
    const f = await store.fresh();
    opened.push(f.journal);
    return f;
  }

  it("walks every row once, newest first, ties broken by the ids' byte order", async () => {
    const { journal } = await fresh();
    // Same millisecond, ids whose byte order differs from a locale's ("B" < "_" < "a").
    const ids = ["a-1", "B-1", "_-1", "z-1", "0-1", "A-2", "b-2"];
    const rows = ids.map((id, i) => intent(id, T + (i < 5 ? 0 : 10)));
    for (const r of rows) await journal.begin(r);
    const expected = [...rows].sort(newestFirst).map((r) => r.id);
    expect(expected).toEqual(["b-2", "A-2", "z-1", "a-1", "_-1", "B-1", "0-1"]);
    expect((await walk(journal, { limit: 2 })).map((e) => e.id)).toEqual(expected);
    expect((await walk(journal, { limit: 100 })).map((e) => e.id)).toEqual(expected);
  });

  it("applies each condition, merging connections in order", async () => {
    const { journal } = await fresh();
    const rows = [
      intent("r1", T + 1, { connectionId: "c1" }),
      intent("r2", T + 2, { connectionId: "c2", exchange: Exchange.HTX, asset: "BTC" }),
      intent("r3", T + 3, { connectionId: "c3" }),
      intent("r4", T + 4, { connectionId: "c1", asset: "BTC" }),
      intent("r5", T + 5, { connectionId: "c2", exchange: Exchange.HTX }),
      intent("r6", T + 6, { connectionId: "c1" }),
    ];
    for (const r of rows) await journal.begin(r);
    await journal.complete("r4", { status: "CONFIRMED", exchangeTransferId: "x4", updatedAt: T });
    await journal.complete("r5", { status: "FAILED", updatedAt: T });
    await journal.complete("r6", { status: "CONFIRMED", exchangeTransferId: "x6", updatedAt: T });
    const ids = async (query: Omit<JournalPageQuery, "limit">, limit = 10) => (await journal.listPage({ ...query, limit })).map((e) => e.id);

    expect(await ids({})).toEqual(["r6", "r5", "r4", "r3", "r2", "r1"]);
    expect(await ids({}, 2)).toEqual(["r6", "r5"]);
    expect(await ids({ since: T + 2, until: T + 4 })).toEqual(["r4", "r3", "r2"]);
    expect(await ids({ after: { createdAt: T + 4, id: "r4" } })).toEqual(["r3", "r2", "r1"]);
    expect(await ids({ connectionIds: ["c1", "c2"] })).toEqual(["r6", "r5", "r4", "r2", "r1"]);
    expect(await ids({ connectionIds: ["c1", "c2"] }, 3)).toEqual(["r6", "r5", "r4"]);
    expect(await ids({ connectionIds: ["c2", "c1"], after: { createdAt: T + 5, id: "r5" } }, 2)).toEqual(["r4", "r2"]);
    expect(await ids({ exchanges: [Exchange.HTX] })).toEqual(["r5", "r2"]);
    expect(await ids({ assets: ["BTC"] })).toEqual(["r4", "r2"]);
    expect(await ids({ statuses: ["INTENT"] })).toEqual(["r3", "r2", "r1"]);
    expect(await ids({ statuses: ["CONFIRMED", "FAILED"] })).toEqual(["r6", "r5", "r4"]);
    expect(await ids({ connectionIds: ["c1"], exchangeTransferIds: ["x4", "x6", "nope"] })).toEqual(["r6", "r4"]);
    expect(await ids({ connectionIds: ["c2"], exchangeTransferIds: ["x4"] })).toEqual([]);
    expect(await ids({ connectionIds: [] })).toEqual([]);
    expect(await ids({ statuses: [] })).toEqual([]);
  });

  it("reads a page of 100,000 rows from its index: about `limit` rows, no sort of the table", async () => {
    const { journal, spec } = await fresh();
    const rows = bulkRows({
      count: 100_000,
      connections: [
        { id: "bin", exchange: Exchange.BINANCE },
        { id: "htx", exchange: Exchange.HTX },
      ],
      newest: T,
      stepMs: 1000,
      tie: 4,
    });
    await bulkInsert(spec, rows);
    const ordered = [...rows].sort(newestFirst);

    const deep = ordered[60_000]!;
    const after = { createdAt: deep.createdAt, id: deep.id };
    const page = await journal.listPage({ after, limit: 51 });
    expect(page.map((e) => e.id)).toEqual(ordered.slice(60_001, 60_052).map((r) => r.id));
    const htx = ordered.filter((r) => r.connectionId === "htx");
    const htxPage = await journal.listPage({ connectionIds: ["htx"], since: T - 50_000_000, after, limit: 51 });
    expect(htxPage.map((e) => e.id)).toEqual(
      htx
        .filter((r) => newestFirst(r, deep) > 0 && r.createdAt >= T - 50_000_000)
        .slice(0, 51)
        .map((r) => r.id),
    );

    const all = await store.plan(spec, { after, limit: 51 }, null);
    expect(all.sorts).toBe(false);
    expect(all.indexes.length).toBeGreaterThan(0);
    const one = await store.plan(spec, { connectionIds: ["htx"], since: T - 50_000_000, after, limit: 51 }, "htx");
    expect(one.sorts).toBe(false);
    expect(one.indexes.length).toBeGreaterThan(0);
    // PostgreSQL counts the rows its scans read (returned and filtered out): about a page, not the table.
    if (all.scannedRows !== null) expect(all.scannedRows).toBeLessThanOrEqual(51);
    if (one.scannedRows !== null) expect(one.scannedRows).toBeLessThanOrEqual(3 * 51);
  }, 120_000);
});
