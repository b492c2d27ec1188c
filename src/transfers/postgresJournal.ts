import pg from "pg";
import { invariant } from "../domain/errors.js";
import type { Logger } from "../observability/logger.js";
import type { CompleteCondition, JournalEntry, JournalIntent, JournalListQuery, JournalOutcome, JournalPageQuery, TransferJournal, UnsettledQuery } from "./journal.js";
import { pageAcrossConnections, pageSql, type PageSqlDialect } from "./journalPageSql.js";
import { JOURNAL_COLUMN_COUNT, JOURNAL_COLUMNS, UNSETTLED_SQL, intentValues, rowToEntry, type JournalRow } from "./journalRows.js";

/**
 * Schema versions, applied in order on open under an advisory lock (several instances may
 * start at once). Never edit a shipped step; append a new one. Amounts are NUMERIC with no
 * fixed scale (exact; pg returns them as text), times BIGINT epoch ms.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE coffer_transfers (
     id TEXT PRIMARY KEY,
     idempotency_key TEXT NOT NULL UNIQUE,
     fingerprint TEXT NOT NULL,
     connection_id TEXT NOT NULL,
     exchange TEXT NOT NULL,
     asset TEXT NOT NULL,
     amount NUMERIC NOT NULL,
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
     created_at BIGINT NOT NULL,
     updated_at BIGINT NOT NULL,
     sent_at BIGINT
   );
   CREATE UNIQUE INDEX coffer_transfers_exchange_id ON coffer_transfers (connection_id, exchange_transfer_id)
     WHERE exchange_transfer_id IS NOT NULL;
   CREATE INDEX coffer_transfers_created ON coffer_transfers (created_at DESC, id DESC);
   CREATE INDEX coffer_transfers_unsettled ON coffer_transfers (status) WHERE status IN ('INTENT','PENDING','UNKNOWN');`,
  // 2: the SENDING status, the ownership columns (owner, lease, next reconciliation look,
  // unresolved passes), and idempotency keys compared byte for byte (COLLATE "C": never the
  // database's locale). Every statement is idempotent, so it is harmless on a table that has some of it.
  `ALTER TABLE coffer_transfers ADD COLUMN IF NOT EXISTS owner_id TEXT;
   ALTER TABLE coffer_transfers ADD COLUMN IF NOT EXISTS lease_until BIGINT;
   ALTER TABLE coffer_transfers ADD COLUMN IF NOT EXISTS next_check_at BIGINT;
   ALTER TABLE coffer_transfers ADD COLUMN IF NOT EXISTS check_count INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE coffer_transfers DROP CONSTRAINT IF EXISTS coffer_transfers_status_check;
   ALTER TABLE coffer_transfers ADD CONSTRAINT coffer_transfers_status_check
     CHECK (status IN ('INTENT','SENDING','PENDING','CONFIRMED','FAILED','UNKNOWN'));
   ALTER TABLE coffer_transfers ALTER COLUMN idempotency_key TYPE TEXT COLLATE "C";
   DROP INDEX IF EXISTS coffer_transfers_unsettled;
   CREATE INDEX IF NOT EXISTS coffer_transfers_open ON coffer_transfers (connection_id, next_check_at)
     WHERE status IN ('INTENT','SENDING','PENDING','UNKNOWN');`,
  // 3: keyset pages (listPage), ids in byte order as the page queries compare them.
  `CREATE INDEX coffer_transfers_page ON coffer_transfers (created_at, id COLLATE "C");
   CREATE INDEX coffer_transfers_connection_page ON coffer_transfers (connection_id, created_at, id COLLATE "C");`,
];

/** Any fixed number: the advisory lock that serializes migrations across instances. */
const MIGRATION_LOCK = 604_173_911;
/** Byte order for ids, as SQLite and JavaScript compare them (not the database's locale). */
const ORDER_NEWEST = 'ORDER BY created_at DESC, id COLLATE "C" DESC';
const SELECT = `SELECT ${JOURNAL_COLUMNS.replace("amount", "amount::text AS amount")} FROM coffer_transfers`;
/** How the page queries are written for PostgreSQL: ids in byte order, as coffer_transfers_page is built. */
export const POSTGRES_PAGE_DIALECT: PageSqlDialect = { placeholder: (n) => `$${n}`, select: SELECT, idExpr: 'id COLLATE "C"' };

export interface PostgresJournalOptions {
  /** Most connections the pool opens (default 10). */
  readonly maxConnections?: number;
  readonly logger?: Logger;
}

/**
 * The journal for several Coffer instances: one PostgreSQL table shared by all of them. The
 * idempotency key is claimed with INSERT … ON CONFLICT (idempotency_key) DO NOTHING RETURNING,
 * which PostgreSQL makes atomic across connections, so one instance's claim is every
 * instance's lock; every compare-and-set (markSending, a conditional complete) is one
 * UPDATE … WHERE, which PostgreSQL re-checks on the latest row version, so two instances can
 * never both win. Keys compare byte for byte (COLLATE "C"). Same semantics as the SQLite
 * journal; the schema is migrated on open.
 */
export async function createPostgresJournal(url: string, options: PostgresJournalOptions = {}): Promise<TransferJournal> {
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10 });
  // An idle client losing its server must not crash the process; the next query reconnects.
  pool.on("error", (error) => options.logger?.warn({ err: error.message }, "postgres journal connection lost"));
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }

  async function rows(sql: string, params: unknown[]): Promise<JournalEntry[]> {
    const result = await pool.query<JournalRow>(sql, params);
    return result.rows.map(rowToEntry);
  }
  async function one(sql: string, params: unknown[]): Promise<JournalEntry | null> {
    return (await rows(sql, params))[0] ?? null;
  }
  const placeholders = Array.from({ length: JOURNAL_COLUMN_COUNT }, (_, i) => `$${i + 1}`).join(", ");
  const returning = JOURNAL_COLUMNS.replace("amount", "amount::text AS amount");

  let closed = false;
  return {
    async begin(intent: JournalIntent) {
      const values = intentValues(intent);
      const inserted = await one(
        `INSERT INTO coffer_transfers (${JOURNAL_COLUMNS}) VALUES (${placeholders})
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING ${returning}`,
        values,
      );
      if (inserted) return { entry: inserted, created: true };
      // The key was taken by a committed row (a concurrent insert is waited for by the INSERT).
      const existing = await one(`${SELECT} WHERE idempotency_key = $1`, [intent.idempotencyKey]);
      invariant(existing, "idempotency key conflicted but no row holds it");
      return { entry: existing, created: false };
    },
    async markSending(id, claim) {
      return one(
        `UPDATE coffer_transfers SET status = 'SENDING', sent_at = $1, lease_until = $2, updated_at = $1
         WHERE id = $3 AND status = 'INTENT' AND owner_id = $4 RETURNING ${returning}`,
        [claim.sentAt, claim.leaseUntil, id, claim.ownerId],
      );
    },
    async renewLeases(ownerId, ids, leaseUntil) {
      if (ids.length === 0) return [];
      const result = await pool.query<{ id: string }>(
        `UPDATE coffer_transfers SET lease_until = $1 WHERE owner_id = $2 AND status IN ('INTENT','SENDING') AND id = ANY($3::text[]) RETURNING id`,
        [leaseUntil, ownerId, [...ids]],
      );
      return result.rows.map((r) => r.id);
    },
    async complete(id: string, outcome: JournalOutcome, onlyIf?: CompleteCondition) {
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
      const where = [`id = $8`, UNSETTLED_SQL];
      if (onlyIf?.statuses) {
        params.push([...onlyIf.statuses]);
        where.push(`status = ANY($${params.length}::text[])`);
      }
      if (onlyIf?.leaseExpiredAt !== undefined) {
        params.push(onlyIf.leaseExpiredAt);
        where.push(`(lease_until IS NULL OR lease_until <= $${params.length})`);
      }
      const updated = await one(
        `UPDATE coffer_transfers SET status = $1, exchange_transfer_id = $2, failure_code = $3, failure_reason = $4,
           failure_detail = $5, sent_at = COALESCE($6, sent_at), updated_at = $7, lease_until = NULL
         WHERE ${where.join(" AND ")} RETURNING ${returning}`,
        params,
      );
      if (updated) return { entry: updated, updated: true };
      const current = await one(`${SELECT} WHERE id = $1`, [id]);
      return current ? { entry: current, updated: false } : null;
    },
    async postponeCheck(id, nextCheckAt) {
      await pool.query(`UPDATE coffer_transfers SET next_check_at = $1, check_count = check_count + 1 WHERE id = $2 AND ${UNSETTLED_SQL}`, [nextCheckAt, id]);
    },
    get: (id) => one(`${SELECT} WHERE id = $1`, [id]),
    findByKey: (key) => one(`${SELECT} WHERE idempotency_key = $1`, [key]),
    findByExchangeTransferId: (connectionId, exchangeTransferId) => one(`${SELECT} WHERE connection_id = $1 AND exchange_transfer_id = $2`, [connectionId, exchangeTransferId]),
    findByExchangeTransferIds: (connectionId, exchangeTransferIds) =>
      exchangeTransferIds.length === 0
        ? Promise.resolve([])
        : rows(`${SELECT} WHERE connection_id = $1 AND exchange_transfer_id = ANY($2::text[])`, [connectionId, [...new Set(exchangeTransferIds)]]),
    async listUnsettled(query: UnsettledQuery = {}) {
      const where = [UNSETTLED_SQL];
      const params: unknown[] = [];
      if (query.dueAt !== undefined) {
        params.push(query.dueAt);
        where.push(`(lease_until IS NULL OR lease_until <= $${params.length}) AND (next_check_at IS NULL OR next_check_at <= $${params.length})`);
      }
      if (query.connectionIds) {
        if (query.connectionIds.length === 0) return [];
        params.push([...query.connectionIds]);
        where.push(`connection_id = ANY($${params.length}::text[])`);
      }
      return rows(`${SELECT} WHERE ${where.join(" AND ")} ORDER BY created_at ASC, id COLLATE "C" ASC`, params);
    },
    async list(query: JournalListQuery) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (query.since !== undefined) {
        params.push(query.since);
        where.push(`created_at >= $${params.length}`);
      }
      if (query.until !== undefined) {
        params.push(query.until);
        where.push(`created_at <= $${params.length}`);
      }
      if (query.connectionIds) {
        if (query.connectionIds.length === 0) return [];
        params.push([...query.connectionIds]);
        where.push(`connection_id = ANY($${params.length}::text[])`);
      }
      return rows(`${SELECT}${where.length > 0 ? ` WHERE ${where.join(" AND ")}` : ""} ${ORDER_NEWEST}`, params);
    },
    listPage: (query: JournalPageQuery) =>
      pageAcrossConnections(query, (connectionId) => {
        const { sql, params } = pageSql(query, connectionId, POSTGRES_PAGE_DIALECT);
        return rows(sql, params);
      }),
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await client.query("CREATE TABLE IF NOT EXISTS coffer_schema_version (version INTEGER NOT NULL)");
    const result = await client.query<{ version: number | null }>("SELECT MAX(version) AS version FROM coffer_schema_version");
    const current = result.rows[0]?.version ?? 0;
    for (let version = current + 1; version <= MIGRATIONS.length; version++) {
      await client.query(MIGRATIONS[version - 1]!);
      await client.query("INSERT INTO coffer_schema_version (version) VALUES ($1)", [version]);
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
