import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import type { JournalEntry, JournalIntent, JournalListQuery, JournalOutcome, JournalPageQuery, TransferJournal } from "./journal.js";
import { pageAcrossConnections, pageSql, type PageSqlDialect } from "./journalPageSql.js";
import { JOURNAL_COLUMNS, intentValues, rowToEntry, type JournalRow } from "./journalRows.js";

/**
 * Schema versions, applied in order on open. Never edit a shipped step; append a new one.
 * Amounts are TEXT (exact decimal text), times INTEGER epoch ms.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE coffer_transfers (
     id TEXT PRIMARY KEY,
     idempotency_key TEXT NOT NULL UNIQUE,
     fingerprint TEXT NOT NULL,
     connection_id TEXT NOT NULL,
     exchange TEXT NOT NULL,
     asset TEXT NOT NULL,
     amount TEXT NOT NULL,
     from_type TEXT NOT NULL,
     from_symbol TEXT,
     to_type TEXT NOT NULL,
     to_symbol TEXT,
     sub_account_email TEXT,
     status TEXT NOT NULL CHECK (status IN ('INTENT','PENDING','CONFIRMED','FAILED','UNKNOWN')),
     exchange_transfer_id TEXT,
     failure_code TEXT,
     failure_reason TEXT,
     failure_detail TEXT,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     sent_at INTEGER
   );
   CREATE UNIQUE INDEX coffer_transfers_exchange_id ON coffer_transfers (connection_id, exchange_transfer_id)
     WHERE exchange_transfer_id IS NOT NULL;
   CREATE INDEX coffer_transfers_created ON coffer_transfers (created_at DESC, id DESC);
   CREATE INDEX coffer_transfers_unsettled ON coffer_transfers (status) WHERE status IN ('INTENT','PENDING','UNKNOWN');`,
  // Keyset pages of one connection's history (listPage); (created_at, id) is coffer_transfers_created.
  `CREATE INDEX coffer_transfers_connection_created ON coffer_transfers (connection_id, created_at DESC, id DESC);`,
];

/** How the page queries are written for SQLite (ids compare byte-wise: BINARY collation). */
export const SQLITE_PAGE_DIALECT: PageSqlDialect = { placeholder: () => "?", select: `SELECT ${JOURNAL_COLUMNS} FROM coffer_transfers`, idExpr: "id" };

/** Prepared page statements kept, by SQL text (their shape varies with the filter's list lengths). */
const MAX_CACHED_STATEMENTS = 64;

const UNSETTLED_SQL = "status IN ('INTENT','PENDING','UNKNOWN')";

/**
 * The default journal: one SQLite file (better-sqlite3). WAL lets readers run beside the
 * writer, and busy_timeout makes a second process on the same file wait for the lock instead
 * of failing. The idempotency key is claimed with INSERT … ON CONFLICT DO NOTHING, which SQLite
 * runs atomically, so two claims of one key can never both win. `path` may be ":memory:";
 * the directory of a file path is created if missing.
 */
export function createSqliteJournal(path: string): TransferJournal {
  if (path !== ":memory:" && !path.startsWith("file:")) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 5000");
  db.pragma("synchronous = NORMAL");
  migrate(db);

  const insert = db.prepare(
    `INSERT INTO coffer_transfers (${JOURNAL_COLUMNS}) VALUES (${Array(20).fill("?").join(", ")}) ON CONFLICT (idempotency_key) DO NOTHING`,
  );
  const byId = db.prepare<[string], JournalRow>(`SELECT ${JOURNAL_COLUMNS} FROM coffer_transfers WHERE id = ?`);
  const byKey = db.prepare<[string], JournalRow>(`SELECT ${JOURNAL_COLUMNS} FROM coffer_transfers WHERE idempotency_key = ?`);
  const byExchangeId = db.prepare<[string, string], JournalRow>(
    `SELECT ${JOURNAL_COLUMNS} FROM coffer_transfers WHERE connection_id = ? AND exchange_transfer_id = ?`,
  );
  const unsettled = db.prepare<[], JournalRow>(
    `SELECT ${JOURNAL_COLUMNS} FROM coffer_transfers WHERE ${UNSETTLED_SQL} ORDER BY created_at ASC, id ASC`,
  );
  const update = db.prepare(
    `UPDATE coffer_transfers SET status = ?, exchange_transfer_id = ?, failure_code = ?, failure_reason = ?, failure_detail = ?,
       sent_at = COALESCE(?, sent_at), updated_at = ? WHERE id = ? AND ${UNSETTLED_SQL}`,
  );

  const begin = db.transaction((intent: JournalIntent) => {
    const inserted = insert.run(...intentValues(intent)).changes === 1;
    const row = byKey.get(intent.idempotencyKey);
    if (!row) throw new Error("Invariant violation: journal row missing right after its insert");
    return { entry: rowToEntry(row), created: inserted };
  });
  const complete = db.transaction((id: string, outcome: JournalOutcome) => {
    // The unique index is the backstop; this check states the rule in the error and does not
    // depend on the row being updatable (a settled row changes nothing and would raise nothing).
    if (outcome.exchangeTransferId) {
      const current = byId.get(id);
      const owner = current ? byExchangeId.get(current.connection_id, outcome.exchangeTransferId) : undefined;
      if (owner && owner.id !== id) {
        throw new Error(
          `Journal rule: exchange transfer ${outcome.exchangeTransferId} of ${owner.connection_id} already belongs to transfer ${owner.id}, not ${id}`,
        );
      }
    }
    const changed =
      update.run(
        outcome.status,
        outcome.exchangeTransferId ?? null,
        outcome.failureCode ?? null,
        outcome.failureReason ?? null,
        outcome.failureDetail ? JSON.stringify(outcome.failureDetail) : null,
        outcome.sentAt ?? null,
        outcome.updatedAt,
        id,
      ).changes === 1;
    const row = byId.get(id);
    return row ? { entry: rowToEntry(row), updated: changed } : null;
  });

  const pageStatements = new Map<string, Database.Statement>();
  function pageStatement(sql: string): Database.Statement {
    let statement = pageStatements.get(sql);
    if (!statement) {
      if (pageStatements.size >= MAX_CACHED_STATEMENTS) pageStatements.clear();
      statement = db.prepare(sql);
      pageStatements.set(sql, statement);
    }
    return statement;
  }

  let closed = false;
  return {
    async begin(intent) {
      return begin.immediate(intent);
    },
    async complete(id, outcome) {
      return complete.immediate(id, outcome);
    },
    async get(id) {
      const row = byId.get(id);
      return row ? rowToEntry(row) : null;
    },
    async findByKey(key) {
      const row = byKey.get(key);
      return row ? rowToEntry(row) : null;
    },
    async findByExchangeTransferId(connectionId, exchangeTransferId) {
      const row = byExchangeId.get(connectionId, exchangeTransferId);
      return row ? rowToEntry(row) : null;
    },
    async listUnsettled() {
      return unsettled.all().map(rowToEntry);
    },
    async list(query: JournalListQuery): Promise<JournalEntry[]> {
      const where: string[] = [];
      const params: unknown[] = [];
      if (query.since !== undefined) {
        where.push("created_at >= ?");
        params.push(query.since);
      }
      if (query.until !== undefined) {
        where.push("created_at <= ?");
        params.push(query.until);
      }
      if (query.connectionIds) {
        if (query.connectionIds.length === 0) return [];
        where.push(`connection_id IN (${query.connectionIds.map(() => "?").join(", ")})`);
        params.push(...query.connectionIds);
      }
      const sql =
        `SELECT ${JOURNAL_COLUMNS} FROM coffer_transfers` +
        (where.length > 0 ? ` WHERE ${where.join(" AND ")}` : "") +
        " ORDER BY created_at DESC, id DESC";
      return (db.prepare(sql).all(...params) as JournalRow[]).map(rowToEntry);
    },
    async listPage(query: JournalPageQuery): Promise<JournalEntry[]> {
      return pageAcrossConnections(query, async (connectionId) => {
        const { sql, params } = pageSql(query, connectionId, SQLITE_PAGE_DIALECT);
        return (pageStatement(sql).all(...params) as JournalRow[]).map(rowToEntry);
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}

function migrate(db: Database.Database): void {
  db.exec("CREATE TABLE IF NOT EXISTS coffer_schema_version (version INTEGER NOT NULL)");
  db.transaction(() => {
    const row = db.prepare("SELECT MAX(version) AS version FROM coffer_schema_version").get() as { version: number | null };
    const current = row.version ?? 0;
    for (let version = current + 1; version <= MIGRATIONS.length; version++) {
      db.exec(MIGRATIONS[version - 1]!);
      db.prepare("INSERT INTO coffer_schema_version (version) VALUES (?)").run(version);
    }
  }).immediate();
}
