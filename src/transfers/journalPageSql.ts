import { invariant } from "../domain/errors.js";
import { MAX_JOURNAL_PAGE, type JournalEntry, type JournalPageQuery } from "./journal.js";

/**
 * The SQL of `listPage`, shared by the SQLite and PostgreSQL journals. Each store says how it
 * writes the n-th parameter, its SELECT, and the id expression whose order is byte-wise
 * (PostgreSQL: COLLATE "C", as its page index is built).
 */
export interface PageSqlDialect {
  /** The placeholder of the n-th parameter (1-based): "?" or "$n". */
  readonly placeholder: (n: number) => string;
  /** "SELECT <columns> FROM coffer_transfers". */
  readonly select: string;
  readonly idExpr: string;
}

/** The statement of one page query (one connection, or every one when `connectionId` is null). */
export function pageSql(query: JournalPageQuery, connectionId: string | null, dialect: PageSqlDialect): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return dialect.placeholder(params.length);
  };
  const where = pageConditions(query, connectionId, param, dialect.idExpr);
  const limit = param(query.limit);
  const sql = `${dialect.select}${where.length > 0 ? ` WHERE ${where.join(" AND ")}` : ""}` + ` ORDER BY created_at DESC, ${dialect.idExpr} DESC LIMIT ${limit}`;
  return { sql, params };
}

/** Checks the limit; BadUserInput never reaches here (the reader bounds it), so a bad one is our bug. */
function checkPageLimit(limit: number): void {
  invariant(Number.isInteger(limit) && limit >= 1 && limit <= MAX_JOURNAL_PAGE, `journal page limit ${limit} is not in 1..${MAX_JOURNAL_PAGE}`);
}

/** Whether some condition is an empty list (matches nothing: no query is needed). */
function matchesNothing(query: JournalPageQuery): boolean {
  return [query.connectionIds, query.exchanges, query.assets, query.statuses, query.exchangeTransferIds].some((list) => list !== undefined && list.length === 0);
}

/**
 * The WHERE conditions of one page query for one connection (or all when `connectionId` is
 * null). The keyset condition is a row comparison, which both stores answer from the index.
 */
function pageConditions(query: JournalPageQuery, connectionId: string | null, param: (value: unknown) => string, idExpr: string): string[] {
  const where: string[] = [];
  const list = (column: string, values: readonly unknown[]) => `${column} IN (${values.map((v) => param(v)).join(", ")})`;
  if (connectionId !== null) where.push(`connection_id = ${param(connectionId)}`);
  if (query.since !== undefined) where.push(`created_at >= ${param(query.since)}`);
  if (query.until !== undefined) where.push(`created_at <= ${param(query.until)}`);
  if (query.after) where.push(`(created_at, ${idExpr}) < (${param(query.after.createdAt)}, ${param(query.after.id)})`);
  if (query.exchanges) where.push(list("exchange", query.exchanges));
  if (query.assets) where.push(list("asset", query.assets));
  if (query.statuses) where.push(list("status", query.statuses));
  if (query.exchangeTransferIds) where.push(list("exchange_transfer_id", query.exchangeTransferIds));
  return where;
}

function newestFirst(a: JournalEntry, b: JournalEntry): number {
  if (a.createdAt !== b.createdAt) return b.createdAt - a.createdAt;
  return a.id === b.id ? 0 : a.id < b.id ? 1 : -1;
}

/**
 * The page over several connections: one indexed query per connection (each at most `limit`
 * rows, in order), merged here. One query with `connection_id IN (…)` would have to sort every
 * row of those connections in the window before it could stop.
 */
export async function pageAcrossConnections(query: JournalPageQuery, one: (connectionId: string | null) => Promise<JournalEntry[]>): Promise<JournalEntry[]> {
  checkPageLimit(query.limit);
  if (matchesNothing(query)) return [];
  const ids = query.connectionIds ? [...new Set(query.connectionIds)] : null;
  if (ids === null || ids.length === 1) return one(ids?.[0] ?? null);
  const pages = await Promise.all(ids.map((id) => one(id)));
  return pages.flat().sort(newestFirst).slice(0, query.limit);
}
