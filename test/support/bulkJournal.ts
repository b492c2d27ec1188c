import Database from "better-sqlite3";
import pg from "pg";
import type { Exchange } from "../../src/domain/enums.js";
import { createPostgresJournal } from "../../src/transfers/postgresJournal.js";
import { createSqliteJournal } from "../../src/transfers/sqliteJournal.js";
import { JOURNAL_COLUMN_COUNT, JOURNAL_COLUMNS } from "../../src/transfers/journalRows.js";

/**
 * Fills a journal with many settled rows fast — one transaction of plain INSERTs (SQLite) or
 * batched `unnest` INSERTs (PostgreSQL) on the real schema, which the journal itself creates
 * first — for tests and benchmarks of the history at scale.
 */
export interface BulkRow {
  readonly id: string;
  readonly connectionId: string;
  readonly exchange: Exchange;
  readonly asset: string;
  /** Exact decimal text. */
  readonly amount: string;
  readonly exchangeTransferId: string;
  readonly createdAt: number;
}

export interface BulkSpec {
  readonly count: number;
  readonly connections: ReadonlyArray<{ readonly id: string; readonly exchange: Exchange }>;
  /** The newest row's time (epoch ms); the others go back `stepMs` every `tie` rows. */
  readonly newest: number;
  readonly stepMs: number;
  /** Rows sharing each millisecond (exercises the id tie-break). */
  readonly tie?: number;
}

/** `count` CONFIRMED spot → funding rows, round-robin over the connections, ids in creation order. */
export function bulkRows(spec: BulkSpec): BulkRow[] {
  const tie = spec.tie ?? 1;
  return Array.from({ length: spec.count }, (_, i) => {
    const connection = spec.connections[i % spec.connections.length]!;
    return {
      id: `b0000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      connectionId: connection.id,
      exchange: connection.exchange,
      asset: i % 3 === 0 ? "BTC" : "USDT",
      amount: `1.${String(i).padStart(6, "0")}`,
      exchangeTransferId: `bulk-${i}`,
      createdAt: spec.newest - Math.floor(i / tie) * spec.stepMs,
    };
  });
}

function values(row: BulkRow): unknown[] {
  // In JOURNAL_COLUMNS order.
  return [
    row.id,
    `bulk-key-${row.id}`,
    "bulk",
    row.connectionId,
    row.exchange,
    row.asset,
    row.amount,
    "SPOT",
    null,
    "FUNDING",
    null,
    null,
    "CONFIRMED",
    row.exchangeTransferId,
    null,
    null,
    null,
    row.createdAt,
    row.createdAt,
    row.createdAt,
    null, // owner_id: settled rows keep no owner
    null, // lease_until
    null, // next_check_at
    0, // check_count
  ];
}

/** Inserts the rows into the journal `spec` names (`sqlite:<path>` or a postgres:// URL), creating its schema first. */
export async function bulkInsert(spec: string, rows: readonly BulkRow[]): Promise<void> {
  if (spec.startsWith("sqlite:")) {
    const path = spec.slice("sqlite:".length);
    await createSqliteJournal(path).close();
    const db = new Database(path);
    try {
      const insert = db.prepare(`INSERT INTO coffer_transfers (${JOURNAL_COLUMNS}) VALUES (${Array(JOURNAL_COLUMN_COUNT).fill("?").join(", ")})`);
      db.transaction(() => {
        for (const row of rows) insert.run(...values(row));
      })();
    } finally {
      db.close();
    }
    return;
  }
  await (await createPostgresJournal(spec)).close();
  const client = new pg.Client({ connectionString: spec });
  await client.connect();
  try {
    const types = [
      "text",
      "text",
      "text",
      "text",
      "text",
      "text",
      "numeric",
      "text",
      "text",
      "text",
      "text",
      "text",
      "text",
      "text",
      "text",
      "text",
      "text",
      "bigint",
      "bigint",
      "bigint",
      "text",
      "bigint",
      "bigint",
      "integer",
    ];
    const sql = `INSERT INTO coffer_transfers (${JOURNAL_COLUMNS}) SELECT * FROM unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(", ")})`;
    for (let start = 0; start < rows.length; start += 10_000) {
      const batch = rows.slice(start, start + 10_000).map(values);
      await client.query(
        sql,
        types.map((_, column) => batch.map((row) => row[column])),
      );
    }
    await client.query("ANALYZE coffer_transfers");
  } finally {
    await client.end();
  }
}
