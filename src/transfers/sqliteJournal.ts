import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { invariant } from "../domain/errors.js";
import type { JournalEntry, JournalListQuery, JournalPageQuery, TransferJournal, UnsettledQuery } from "./journal.js";
import { pageAcrossConnections, pageSql, type PageSqlDialect } from "./journalPageSql.js";
import { JOURNAL_COLUMN_COUNT, JOURNAL_COLUMNS, UNSETTLED_SQL, intentValues, rowToEntry, type JournalRow } from "./journalRows.js";

/**
 * Schema versions, applied in order on open. Never edit a shipped step; append a new one.
 * Amounts are TEXT (exact decimal text), times INTEGER epoch ms. Text compares with SQLite's
 * BINARY collation (byte for byte), so idempotency keys are exact.
 */
const MIGRATIONS: ReadonlyArray<string | ((db: Database.Database) => void)> = [
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
  addOwnership,
  // Keyset pages of one connection's history (listPage); (created_at, id) is coffer_transfers_created.
  `CREATE INDEX coffer_transfers_connection_created ON coffer_transfers (connection_id, created_at DESC, id DESC);`,
];

const STATUS_CHECK = "CHECK (status IN ('INTENT','SENDING','PENDING','CONFIRMED','FAILED','UNKNOWN'))";
const OWNERSHIP_COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ["owner_id", "TEXT"],
  ["lease_until", "INTEGER"],
  ["next_check_at", "INTEGER"],
  ["check_count", "INTEGER NOT NULL DEFAULT 0"],
];

/**
 * Version 2: the SENDING status and the ownership columns (owner, lease, next reconciliation
 * look, unresolved passes). Idempotent, so it is harmless on a table that has some of it.
 * SQLite cannot change a CHECK in place: the table is rebuilt from its own CREATE statement
 * with the new CHECK (every column, row and index kept), as SQLite's documentation describes.
 */
function addOwnership(db: Database.Database): void {
  const table = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'coffer_transfers'").get() as { sql: string } | undefined;
  invariant(table, "coffer_transfers is missing before migration 2");
  if (!table.sql.includes("'SENDING'")) {
    const check = /CHECK \(status IN \([^)]*\)\)/;
    if (!check.test(table.sql)) throw new Error("Journal migration: the status CHECK of coffer_transfers is not where it is expected");
    const create = table.sql.replace(check, STATUS_CHECK).replace(/^CREATE TABLE\s+"?coffer_transfers"?/, "CREATE TABLE coffer_transfers_next");
    const columns = (db.pragma("table_info(coffer_transfers)") as Array<{ name: string }>).map((c) => `"${c.name}"`).join(", ");
    const indexes = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'coffer_transfers' AND sql IS NOT NULL").all() as Array<{
      name: string;
      sql: string;
    }>;
    db.exec(create);
    db.exec(`INSERT INTO coffer_transfers_next (${columns}) SELECT ${columns} FROM coffer_transfers`);
    db.exec("DROP TABLE coffer_transfers");
    db.exec("ALTER TABLE coffer_transfers_next RENAME TO coffer_transfers");
    for (const index of indexes) if (index.name !== "coffer_transfers_unsettled") db.exec(index.sql);
  }
  const present = new Set((db.pragma("table_info(coffer_transfers)") as Array<{ name: string }>).map((c) => c.name));
  for (const [name, type] of OWNERSHIP_COLUMNS) if (!present.has(name)) db.exec(`ALTER TABLE coffer_transfers ADD COLUMN ${name} ${type}`);
  db.exec("DROP INDEX IF EXISTS coffer_transfers_unsettled");
  db.exec(`CREATE INDEX IF NOT EXISTS coffer_transfers_open ON coffer_transfers (connection_id, next_check_at) WHERE ${UNSETTLED_SQL}`);
}

/** SQLite's default limit of bound parameters is far above this; it keeps statements small. */
const IN_CHUNK = 500;

/** How the page queries are written for SQLite (ids compare byte-wise: BINARY collation). */
export const SQLITE_PAGE_DIALECT: PageSqlDialect = { placeholder: () => "?", select: `SELECT ${JOURNAL_COLUMNS} FROM coffer_transfers`, idExpr: "id" };

/** Prepared page statements kept, by SQL text (their shape varies with the filter's list lengths). */
const MAX_CACHED_STATEMENTS = 64;

/**
 * The default journal: one SQLite file (better-sqlite3). WAL lets readers run beside the
 * writer, and busy_timeout makes a second process on the same file wait for the lock instead
 * of failing. The idempotency key is claimed with INSERT … ON CONFLICT DO NOTHING, and every
 * compare-and-set (markSending, a conditional complete) is one UPDATE … WHERE inside an
 * immediate transaction, so two writers can never both win. `path` may be ":memory:"; the
 * directory of a file path is created if missing.
 */
export function createSqliteJournal(path: string): TransferJournal {
  if (path !== ":memory:" && !path.startsWith("file:")) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 5000");
  db.pragma("synchronous = NORMAL");
  migrate(db);

  const insert = db.prepare(
    `INSERT INTO coffer_transfers (${JOURNAL_COLUMNS}) VALUES (${Array(JOURNAL_COLUMN_COUNT).fill("?").join(", ")}) ON CONFLICT (idempotency_key) DO NOTHING`,
  );
  const byId = db.prepare<[string], JournalRow>(`SELECT ${JOURNAL_COLUMNS} FROM coffer_transfers WHERE id = ?`);
  const byKey = db.prepare<[string], JournalRow>(`SELECT ${JOURNAL_COLUMNS} FROM coffer_transfers WHERE idempotency_key = ?`);
  const byExchangeId = db.prepare<[string, string], JournalRow>(`SELECT ${JOURNAL_COLUMNS} FROM coffer_transfers WHERE connection_id = ? AND exchange_transfer_id = ?`);
  const sending = db.prepare(
    `UPDATE coffer_transfers SET status = 'SENDING', sent_at = ?, lease_until = ?, updated_at = ?
     WHERE id = ? AND status = 'INTENT' AND owner_id = ?`,
  );
  const postpone = db.prepare(`UPDATE coffer_transfers SET next_check_at = ?, check_count = check_count + 1 WHERE id = ? AND ${UNSETTLED_SQL}`);

  const begin = db.transaction((values: unknown[], key: string) => {
    const inserted = insert.run(...values).changes === 1;
    const row = byKey.get(key);
    invariant(row, "journal row missing right after its insert");
    return { entry: rowToEntry(row), created: inserted };
  });
  const complete = db.transaction((id: string, outcome: Parameters<TransferJournal["complete"]>[1], onlyIf: Parameters<TransferJournal["complete"]>[2]) => {
    // The unique index is the backstop; this check states the rule in the error and does not
    // depend on the row being updatable (a settled row changes nothing and would raise nothing).
    if (outcome.exchangeTransferId) {
      const current = byId.get(id);
      const owner = current ? byExchangeId.get(current.connection_id, outcome.exchangeTransferId) : undefined;
      if (owner && owner.id !== id) {
        throw new Error(`Journal rule: exchange transfer ${outcome.exchangeTransferId} of ${owner.connection_id} already belongs to transfer ${owner.id}, not ${id}`);
      }
    }
    const where = [`id = ?`, UNSETTLED_SQL];
    const params: unknown[] = [
      outcome.status,
      outcome.exchangeTransferId ?? null,
      outcome.failureCode ?? null,
      outcome.failureReason ?? null,
      outcome.failureDetail ? JSON.stringify(outcome.failureDetail) : null,
      outcome.sentAt ?? null,
      outcome.updatedAt,
      id,
    ];
    if (onlyIf?.statuses) {
      if (onlyIf.statuses.length === 0) where.push("0");
      else where.push(`status IN (${onlyIf.statuses.map(() => "?").join(", ")})`);
      params.push(...onlyIf.statuses);
    }
    if (onlyIf?.leaseExpiredAt !== undefined) {
      where.push("(lease_until IS NULL OR lease_until <= ?)");
      params.push(onlyIf.leaseExpiredAt);
    }
    const changed =
      db
        .prepare(
          `UPDATE coffer_transfers SET status = ?, exchange_transfer_id = ?, failure_code = ?, failure_reason = ?, failure_detail = ?,
             sent_at = COALESCE(?, sent_at), updated_at = ?, lease_until = NULL WHERE ${where.join(" AND ")}`,
        )
        .run(...params).changes === 1;
    const row = byId.get(id);
    return row ? { entry: rowToEntry(row), updated: changed } : null;
  });
  const renew = db.transaction((ownerId: string, ids: readonly string[], leaseUntil: number) => {
    const renewed: string[] = [];
    for (let i = 0; i < ids.length; i += IN_CHUNK) {
      const chunk = ids.slice(i, i + IN_CHUNK);
      const rows = db
        .prepare(`UPDATE coffer_transfers SET lease_until = ? WHERE owner_id = ? AND status IN ('INTENT','SENDING') AND id IN (${chunk.map(() => "?").join(", ")}) RETURNING id`)
        .all(leaseUntil, ownerId, ...chunk) as Array<{ id: string }>;
      renewed.push(...rows.map((r) => r.id));
    }
    return renewed;
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
      const values = intentValues(intent);
      return begin.immediate(values, intent.idempotencyKey);
    },
    async markSending(id, claim) {
      const changed = sending.run(claim.sentAt, claim.leaseUntil, claim.sentAt, id, claim.ownerId).changes === 1;
      if (!changed) return null;
      const row = byId.get(id);
      return row ? rowToEntry(row) : null;
    },
    async renewLeases(ownerId, ids, leaseUntil) {
      if (ids.length === 0) return [];
      return renew.immediate(ownerId, ids, leaseUntil);
    },
    async complete(id, outcome, onlyIf) {
      return complete.immediate(id, outcome, onlyIf);
    },
    async postponeCheck(id, nextCheckAt) {
      postpone.run(nextCheckAt, id);
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
    async findByExchangeTransferIds(connectionId, exchangeTransferIds) {
      const found: JournalEntry[] = [];
      const ids = [...new Set(exchangeTransferIds)];
      for (let i = 0; i < ids.length; i += IN_CHUNK) {
        const chunk = ids.slice(i, i + IN_CHUNK);
        const rows = db
          .prepare(`SELECT ${JOURNAL_COLUMNS} FROM coffer_transfers WHERE connection_id = ? AND exchange_transfer_id IN (${chunk.map(() => "?").join(", ")})`)
          .all(connectionId, ...chunk) as JournalRow[];
        found.push(...rows.map(rowToEntry));
      }
      return found;
    },
    async listUnsettled(query: UnsettledQuery = {}) {
      const where = [UNSETTLED_SQL];
      const params: unknown[] = [];
      if (query.dueAt !== undefined) {
        where.push("(lease_until IS NULL OR lease_until <= ?) AND (next_check_at IS NULL OR next_check_at <= ?)");
        params.push(query.dueAt, query.dueAt);
      }
      if (query.connectionIds) {
        if (query.connectionIds.length === 0) return [];
        where.push(`connection_id IN (${query.connectionIds.map(() => "?").join(", ")})`);
        params.push(...query.connectionIds);
      }
      const sql = `SELECT ${JOURNAL_COLUMNS} FROM coffer_transfers WHERE ${where.join(" AND ")} ORDER BY created_at ASC, id ASC`;
      return (db.prepare(sql).all(...params) as JournalRow[]).map(rowToEntry);
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
      const sql = `SELECT ${JOURNAL_COLUMNS} FROM coffer_transfers` + (where.length > 0 ? ` WHERE ${where.join(" AND ")}` : "") + " ORDER BY created_at DESC, id DESC";
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
      const step = MIGRATIONS[version - 1]!;
      if (typeof step === "string") db.exec(step);
      else step(db);
      db.prepare("INSERT INTO coffer_schema_version (version) VALUES (?)").run(version);
    }
  }).immediate();
}
