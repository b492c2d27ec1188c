import { MAX_JOURNAL_PAGE, type JournalEntry, type JournalPageQuery } from "./journal.js";

/**
 * The SQL of `listPage`, shared by the SQLite and PostgreSQL journals. Each store passes how it
 * writes a parameter and the id expression whose order is byte-wise (PostgreSQL: COLLATE "C").
 */
export interface PageSqlDialect {
  /** Registers a value and returns its placeholder ("?" or "$n"). */
  readonly param: (value: unknown) => string;
  readonly idExpr: string;
}

/** Checks the limit; BadUserInput never reaches here (the reader bounds it), so a bad one is our bug. */
export function checkPageLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_JOURNAL_PAGE) {
    throw new RangeError(`Invariant violation: journal page limit ${limit} is not in 1..${MAX_JOURNAL_PAGE}`);
  }
}

/** Whether some condition is an empty list (matches nothing: no query is needed). */
export function matchesNothing(query: JournalPageQuery): boolean {
  return [query.connectionIds, query.exchanges, query.assets, query.statuses, query.exchangeTransferIds].some((list) => list !== undefined && list.length === 0);
}

/**
 * The WHERE conditions of one page query for one connection (or all when `connectionId` is
 * null). The keyset condition is a row comparison, which both stores answer from the index.
 */
export function pageConditions(query: JournalPageQuery, connectionId: string | null, d: PageSqlDialect): string[] {
  const where: string[] = [];
  const list = (column: string, values: readonly unknown[]) => `${column} IN (${values.map((v) => d.param(v)).join(", ")})`;
  if (connectionId !== null) where.push(`connection_id = ${d.param(connectionId)}`);
  if (query.since !== undefined) where.push(`created_at >= ${d.param(query.since)}`);
  if (query.until !== undefined) where.push(`created_at <= ${d.param(query.until)}`);
  if (query.after) where.push(`(created_at, ${d.idExpr}) < (${d.param(query.after.createdAt)}, ${d.param(query.after.id)})`);
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
export async function pageAcrossConnections(
  query: JournalPageQuery,
  one: (connectionId: string | null) => Promise<JournalEntry[]>,
): Promise<JournalEntry[]> {
  checkPageLimit(query.limit);
  if (matchesNothing(query)) return [];
  const ids = query.connectionIds ? [...new Set(query.connectionIds)] : null;
  if (ids === null || ids.length === 1) return one(ids?.[0] ?? null);
  const pages = await Promise.all(ids.map((id) => one(id)));
  return pages.flat().sort(newestFirst).slice(0, query.limit);
}
