import { setMaxListeners } from "node:events";
import { CallBudgetSpentError, createCallBudget, type CallBudget } from "../exchanges/kit/callBudget.js";
import type { ExchangeConnector, TransferHistoryWalk } from "../exchanges/exchange.js";
import { RequestAbortedError } from "../exchanges/kit/httpClient.js";
import { BadUserInputError, UpstreamError, UpstreamUnavailableError } from "../domain/errors.js";
import type { ExchangeTransfer, TransferRecord } from "../domain/transfer.js";
import type { ConnectorRegistry } from "./connectorRegistry.js";
import { compareCursorKeys, decodeCursor, positionBefore, type CursorKey } from "./cursor.js";
import { DEFAULT_PAGE_SIZE, MAX_HISTORY_CALLS_PER_QUERY, MAX_PAGE_SIZE } from "./historyLimits.js";
import { MAX_JOURNAL_PAGE, UNSETTLED_STATUSES, mayHaveBeenSent, type JournalEntry, type TransferJournal } from "./journal.js";
import { matchJournalToExchange } from "./matchJournalToExchange.js";
import { cursorKeyOf, mergeTransferPages, type TransferEdge, type TransferPage } from "./mergeTransferPages.js";
import type { Reconciler } from "./reconciler.js";
import { exchangeRecord, journalRecord } from "./records.js";
import { journalConditions, matchesTransferFilter, type TransferHistoryFilter } from "./transferFilter.js";
import { exchangeRecordId, parseExchangeRecordId } from "./transferIds.js";

export { DEFAULT_HISTORY_WINDOW_MS, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./historyLimits.js";

export interface HistoryQuery {
  readonly filter?: TransferHistoryFilter | null;
  readonly first?: number | null;
  readonly after?: string | null;
  /** Relay's backward paging: the `last` nodes just newer than `before` (not with `first`). */
  readonly last?: number | null;
  readonly before?: string | null;
  /** The asking request's end: every upstream call of the read stops with it. */
  readonly signal?: AbortSignal;
}

/**
 * A page of the merged history, plus one error per connection whose history could not be read:
 * the page still holds every other source (and that connection's journaled transfers), and the
 * resolver reports these errors next to the data, as for any partial result. A page that met
 * the call cap before it was full has fewer nodes, `hasNextPage` true, and an `endCursor` that
 * continues where the reading stopped.
 */
export interface HistoryPage extends TransferPage {
  readonly errors: UpstreamError[];
  /**
   * How many nodes the filtered history holds, only when this read saw every one of them anyway
   * (counting otherwise means reading every exchange's whole history): a `first` page without
   * `after`/`before` that has no next page, or a `last` page without `after`/`before` (which
   * reads the whole window). Null otherwise, and whenever a connection's history failed.
   */
  readonly totalCount: number | null;
}

export interface HistoryReaderDeps {
  readonly journal: TransferJournal;
  readonly connectors: ConnectorRegistry;
  readonly reconciler: Reconciler;
  readonly now: () => number;
  readonly windowMs: number;
  readonly historyWindowMs: number;
  /** Upstream calls one read may make (default MAX_HISTORY_CALLS_PER_QUERY). */
  readonly maxCalls?: number;
}

export interface HistoryReader {
  history(query: HistoryQuery): Promise<HistoryPage>;
  get(id: string, options?: { readonly signal?: AbortSignal }): Promise<TransferRecord | null>;
}

function asUpstreamError(error: unknown, connectionId: string): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new UpstreamUnavailableError(`Could not read the transfer history of ${connectionId}: ${message}`, connectionId, { outcomeUnknown: false });
}

function overBudget(connectionId: string, maxCalls: number): UpstreamUnavailableError {
  return new UpstreamUnavailableError(
    `The transfer history of ${connectionId} needs more upstream calls than one query may make (${maxCalls}); ask for fewer connections (filter.connectionIds) or a narrower window.`,
    connectionId,
    { outcomeUnknown: false },
  );
}

/** The work of one request, stopped with it and when the read is over, whichever comes first. */
function scopedSignal(outer: AbortSignal | undefined): { signal: AbortSignal; end(): void } {
  const own = new AbortController();
  const signal = outer ? AbortSignal.any([outer, own.signal]) : own.signal;
  // Every call in flight listens to it (up to the call cap), not a leak.
  setMaxListeners(4 * MAX_HISTORY_CALLS_PER_QUERY, signal);
  return { signal, end: () => own.abort() };
}

/** Journal rows one page may read before it answers with what it has (only a filter on statuses can make it read more than a page). */
const MAX_JOURNAL_ROWS_PER_QUERY = 10 * MAX_JOURNAL_PAGE;

/** One exchange connection's part of a page: its lazy history walk and how it went. */
interface ExchangePart {
  readonly connector: ExchangeConnector;
  readonly walk: TransferHistoryWalk;
  /** Where the walk began: still there after the call cap stopped it = it read nothing usable. */
  readonly start: number;
  /** Set when the connection's history failed: it is left out, and the page says so. */
  error: UpstreamError | null;
  /** The call cap stopped it: what it read stays, it reads no further in this request. */
  stalled: boolean;
}

/** Where a source's exact part ends, as a position: nodes before it (or at it, when `inclusive`) are all known. */
interface Bound {
  readonly key: CursorKey;
  readonly inclusive: boolean;
}

const keyOfEntry = (e: JournalEntry): CursorKey => ({ createdAtMs: e.createdAt, id: e.id });
const keyOfTransfer = (t: ExchangeTransfer): CursorKey => ({ createdAtMs: t.createdAt.getTime(), id: exchangeRecordId(t.connectionId, t.exchangeTransferId) });

function within(key: CursorKey, bound: Bound): boolean {
  const c = compareCursorKeys(key, bound.key);
  return c < 0 || (c === 0 && bound.inclusive);
}

/**
 * Reads `transfers` and `transfer(id)`: Coffer's journal merged with every selected
 * connection's own history.
 *
 * A page is built from the top down and reads only what it needs: the journal a keyset page at
 * a time (`listPage`, after the cursor), each exchange newest first (`openTransferHistory`,
 * ending at the cursor's time). Every source knows how far down it is exact; the page holds the
 * nodes above the highest of those edges, and the source whose edge that is reads on until the
 * page has `first` nodes and one more (or everything is read, or the call cap is met). Journal
 * rows are never all loaded: a page reads about `first` rows plus those the merge needs
 * (journal rows owning an exchange record on the page, unsettled rows near them).
 */
export function createHistoryReader(deps: HistoryReaderDeps): HistoryReader {
  const { journal, connectors } = deps;
  const maxCalls = deps.maxCalls ?? MAX_HISTORY_CALLS_PER_QUERY;

  function pageSize(size: number, argumentName: "first" | "last"): number {
    if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
      throw new BadUserInputError(`${argumentName} must be between 1 and ${MAX_PAGE_SIZE}.`, { argumentName });
    }
    return size;
  }

  function selected(filter: TransferHistoryFilter): ExchangeConnector[] {
    return connectors
      .list()
      .filter((c) => !filter.connectionIds || filter.connectionIds.length === 0 || filter.connectionIds.includes(c.connectionId))
      .filter((c) => !filter.exchanges || filter.exchanges.length === 0 || filter.exchanges.includes(c.exchange));
  }

  /**
   * Relay's rules: `first`/`after` page forward (newest first), `last`/`before` backward; both
   * `first` and `last` is BAD_USER_INPUT. `before` with `first` cuts the page at `before`;
   * `after` with `last` starts the backward read's range there.
   *
   * PageInfo follows the Relay Cursor Connections spec: forward, `hasNextPage` says older nodes
   * may follow and `hasPreviousPage` is true exactly when `after` is set (nodes exist before it:
   * at least the one it names); backward, `hasPreviousPage` says whether newer nodes than the
   * page exist within the range (after `after`, before `before`), and `hasNextPage` whether the
   * read met the node `before` names or an older one.
   */
  async function history(query: HistoryQuery): Promise<HistoryPage> {
    const hasFirst = query.first !== null && query.first !== undefined;
    const hasLast = query.last !== null && query.last !== undefined;
    if (hasFirst && hasLast) {
      throw new BadUserInputError("Pass either first (page forward) or last (page backward), not both.", { argumentName: "last" });
    }
    const after = query.after === null || query.after === undefined ? null : decodeCursor(query.after, "after");
    const before = query.before === null || query.before === undefined ? null : decodeCursor(query.before, "before");
    const budget = createCallBudget(maxCalls);
    if (hasLast) return backward(query, pageSize(query.last!, "last"), after, before, budget);
    const first = pageSize(query.first ?? DEFAULT_PAGE_SIZE, "first");
    const page = await forward(query, first, after, budget);
    const complete = !page.pageInfo.hasNextPage && page.errors.length === 0;
    if (before === null) return { ...page, totalCount: complete && after === null ? page.edges.length : null };
    // `before` cuts the page: what is at or past it is not part of the range.
    const kept = page.edges.filter((e) => compareCursorKeys(cursorKeyOf(e.node), before) < 0);
    if (kept.length === page.edges.length) return { ...page, totalCount: null };
    return {
      edges: kept,
      pageInfo: { ...page.pageInfo, hasNextPage: false, startCursor: kept[0]?.cursor ?? null, endCursor: kept[kept.length - 1]?.cursor ?? null },
      errors: page.errors,
      totalCount: null,
    };
  }

  /**
   * `last` nodes just newer than `before`: the journal is read newest first and the exchanges'
   * history endpoints walk newest first, so the read goes forward from the newest edge (or
   * `after`) down to `before` in full pages, keeping the last `last` nodes. Correct, each node
   * once with the same merging as forward pages; its cost grows with the distance of `before`
   * from the top (all within the one call cap of the request: a connection whose history the
   * cap cuts short is reported as an error, as on a forward page).
   */
  async function backward(query: HistoryQuery, last: number, after: CursorKey | null, before: CursorKey | null, budget: CallBudget): Promise<HistoryPage> {
    let kept: TransferEdge[] = [];
    let seen = 0;
    let reachedBefore = false;
    const errors = new Map<string, UpstreamError>();
    let position = after;
    for (;;) {
      const page = await forward(query, MAX_PAGE_SIZE, position, budget);
      for (const error of page.errors) if (!errors.has(error.connectionId)) errors.set(error.connectionId, error);
      let edges = page.edges;
      if (before !== null) {
        const cut = edges.findIndex((e) => compareCursorKeys(cursorKeyOf(e.node), before) >= 0);
        if (cut >= 0) {
          edges = edges.slice(0, cut);
          reachedBefore = true;
        }
      }
      seen += edges.length;
      kept = [...kept, ...edges].slice(-last);
      if (reachedBefore || !page.pageInfo.hasNextPage || page.pageInfo.endCursor === null) break;
      const next = decodeCursor(page.pageInfo.endCursor);
      // A page that did not move on (nothing more can be read in this request) ends the read.
      if (position !== null && compareCursorKeys(next, position) <= 0) break;
      position = next;
    }
    const all = [...errors.values()];
    return {
      edges: kept,
      pageInfo: {
        hasPreviousPage: seen > kept.length,
        hasNextPage: reachedBefore,
        startCursor: kept[0]?.cursor ?? null,
        endCursor: kept[kept.length - 1]?.cursor ?? null,
      },
      errors: all,
      totalCount: after === null && before === null && all.length === 0 ? seen : null,
    };
  }

  async function forward(query: HistoryQuery, first: number, after: CursorKey | null, budget: CallBudget): Promise<Omit<HistoryPage, "totalCount">> {
    const filter = query.filter ?? {};
    const now = deps.now();
    const askedUntil = filter.until ? filter.until.getTime() : now;
    const since = filter.since ? filter.since.getTime() : Math.min(askedUntil, now) - deps.historyWindowMs;
    if (!Number.isFinite(since) || !Number.isFinite(askedUntil) || since > askedUntil) {
      throw new BadUserInputError("filter.since must not be later than filter.until.", { argumentName: "filter" });
    }
    // Nothing exists after now: an `until` in 9999 reads no further than this.
    const until = Math.min(askedUntil, now);
    // This page starts at the cursor; nothing newer is read again.
    const top = after ? Math.min(until, after.createdAtMs) : until;
    if (since > top) return { edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: after !== null, startCursor: null, endCursor: null }, errors: [] };

    const need = first + 1;
    const scope = scopedSignal(query.signal);
    const include = (record: TransferRecord) => matchesTransferFilter(record, filter);
    const sqlFilter = journalConditions(filter);

    // The journal: keyset batches after the cursor.
    const rows: JournalEntry[] = [];
    let journalDone = false;
    async function readJournal(limit: number): Promise<void> {
      const last = rows[rows.length - 1];
      const position = last ? { createdAt: last.createdAt, id: last.id } : after ? { createdAt: after.createdAtMs, id: after.id } : null;
      const batch = await journal.listPage({ ...sqlFilter, since, until: top, after: position, limit });
      rows.push(...batch);
      if (batch.length < limit) journalDone = true;
    }

    // The exchanges: one walk each, down from the top of the page.
    const parts: ExchangePart[] = selected(filter).map((connector) => {
      const walk = connector.openTransferHistory({ since: new Date(since), until: new Date(top), signal: scope.signal, budget });
      return { connector, walk, start: walk.knownAfter, error: null, stalled: false };
    });
    async function readExchange(part: ExchangePart, count: number, downTo: number | undefined): Promise<void> {
      try {
        await part.walk.more(count, downTo);
      } catch (error) {
        if (error instanceof RequestAbortedError && query.signal?.aborted) throw error;
        if (error instanceof CallBudgetSpentError) {
          part.stalled = true;
          // Nothing usable read: the connection cannot take part without hiding what it holds.
          if (!part.walk.done && part.walk.knownAfter === part.start) part.error = overBudget(part.connector.connectionId, maxCalls);
        } else {
          part.error = asUpstreamError(error, part.connector.connectionId);
        }
      }
    }
    const live = () => parts.filter((p) => p.error === null);

    /** Where each source's exact part ends, nearest first (none: everything is read). */
    function bounds(): Array<{ bound: Bound; source: "journal" | ExchangePart }> {
      const all: Array<{ bound: Bound; source: "journal" | ExchangePart }> = [];
      if (!journalDone) {
        const last = rows[rows.length - 1];
        all.push({ bound: last ? { key: keyOfEntry(last), inclusive: true } : { key: after ?? positionBefore(top), inclusive: false }, source: "journal" });
      }
      for (const part of live()) if (!part.walk.done) all.push({ bound: { key: positionBefore(part.walk.knownAfter), inclusive: false }, source: part });
      return all.sort((a, b) => compareCursorKeys(a.bound.key, b.bound.key));
    }
    const nearestBound = () => bounds()[0] ?? null;
    /** How far down an exchange needs to read before another source limits the page: past the next edge. */
    const nextEdgeTime = (): number | undefined => bounds()[1]?.bound.key.createdAtMs;
    /** The journal's edge once its first batch is read: an exchange reads no deeper than that to start with. */
    const journalEdgeTime = (): number | undefined => (journalDone ? undefined : rows[rows.length - 1]?.createdAt);

    // Which exchange records journal rows own (looked up once per record), and rows already settled.
    const claimed = new Set<string>();
    const looked = new Set<string>();
    const settledRows = new Map<string, JournalEntry>();

    async function claimAndSettle(records: readonly ExchangeTransfer[]): Promise<void> {
      const fresh = records.filter((r) => !looked.has(exchangeRecordId(r.connectionId, r.exchangeTransferId)));
      if (fresh.length === 0) return;
      for (const r of fresh) looked.add(exchangeRecordId(r.connectionId, r.exchangeTransferId));
      const byConnection = new Map<string, ExchangeTransfer[]>();
      for (const r of fresh) byConnection.set(r.connectionId, [...(byConnection.get(r.connectionId) ?? []), r]);
      for (const [connectionId, list] of byConnection) {
        for (let i = 0; i < list.length; i += MAX_JOURNAL_PAGE) {
          const ids = list.slice(i, i + MAX_JOURNAL_PAGE).map((r) => r.exchangeTransferId);
          const owners = await journal.listPage({ connectionIds: [connectionId], exchangeTransferIds: ids, limit: ids.length });
          for (const owner of owners) claimed.add(exchangeRecordId(connectionId, owner.exchangeTransferId!));
        }
        await settleVisible(
          connectionId,
          list.filter((r) => !claimed.has(exchangeRecordId(connectionId, r.exchangeTransferId))),
        );
      }
    }

    /**
     * Unsettled journal rows whose transfer already shows in the exchange's history are settled
     * now (as the reconciler would), so the row and its exchange record become one node.
     */
    async function settleVisible(connectionId: string, records: readonly ExchangeTransfer[]): Promise<void> {
      if (records.length === 0) return;
      const times = records.map((r) => r.createdAt.getTime());
      // The send time of a row is after its creation and within the window of its record.
      const candidates = (
        await journal.listPage({
          connectionIds: [connectionId],
          statuses: UNSETTLED_STATUSES,
          since: Math.min(...times) - 2 * deps.windowMs,
          until: Math.max(...times) + deps.windowMs,
          limit: MAX_JOURNAL_PAGE,
        })
      ).filter((e) => e.exchangeTransferId === null && mayHaveBeenSent(e)); // a row never sent has no record
      if (candidates.length === 0) return;
      const matched = matchJournalToExchange(candidates, records, { windowMs: deps.windowMs, claimed });
      if (matched.size === 0) return;
      const byEntry = new Map<JournalEntry, ExchangeTransfer>();
      for (const entry of candidates) {
        const record = matched.get(entry.id);
        if (record) byEntry.set(entry, record);
      }
      const written = new Map((await deps.reconciler.settleMatches(byEntry)).map((e) => [e.id, e]));
      for (const [entry, record] of byEntry) {
        claimed.add(exchangeRecordId(connectionId, record.exchangeTransferId));
        const after = written.get(entry.id);
        // The write lost a race or failed: still show one node, carrying the exchange's id.
        settledRows.set(entry.id, after && after.exchangeTransferId !== null ? after : { ...entry, exchangeTransferId: record.exchangeTransferId });
      }
    }

    async function pageOf(readUpTo: CursorKey | null): Promise<TransferPage> {
      const edge = nearestBound();
      const inRegion = (key: CursorKey) => edge === null || within(key, edge.bound);
      const records = live()
        .flatMap((p) => p.walk.transfers.filter((t) => t.connectionId === p.connector.connectionId))
        .filter((t) => inRegion(keyOfTransfer(t)) && (after === null || compareCursorKeys(keyOfTransfer(t), after) > 0));
      await claimAndSettle(records);
      const journalNodes = rows.map((e) => settledRows.get(e.id) ?? e).filter((e) => inRegion(keyOfEntry(e)));
      return mergeTransferPages({
        journal: journalNodes.map(journalRecord),
        exchange: records.map(exchangeRecord),
        claimed,
        include,
        after,
        first,
        readUpTo,
      });
    }

    try {
      await readJournal(need);
      const downTo = journalEdgeTime();
      await Promise.all(parts.map((p) => readExchange(p, need, downTo)));
      for (;;) {
        const page = await pageOf(null);
        const edge = nearestBound();
        if (page.pageInfo.hasNextPage || edge === null) return { ...page, errors: errorsOf(parts) };
        if (edge.source === "journal") {
          // Rows the filter refuses only after reading (statuses changing as they settle): read on, within reason.
          if (rows.length >= MAX_JOURNAL_ROWS_PER_QUERY) return { ...(await pageOf(edge.bound.key)), errors: errorsOf(parts) };
          await readJournal(need);
        } else if (edge.source.stalled) {
          // The call cap is met: answer what is known, and continue from its edge next time.
          return { ...(await pageOf(edge.bound.key)), errors: errorsOf(parts) };
        } else {
          await readExchange(edge.source, need, nextEdgeTime());
        }
      }
    } finally {
      scope.end();
    }
  }

  function errorsOf(parts: readonly ExchangePart[]): UpstreamError[] {
    return parts.flatMap((p) => (p.error ? [p.error] : []));
  }

  /** How many records `get` asks a walk for at a time. */
  const SEARCH_STEP = 100;

  async function get(id: string, options: { readonly signal?: AbortSignal } = {}): Promise<TransferRecord | null> {
    const parsed = parseExchangeRecordId(id);
    if (!parsed) {
      const entry = await journal.get(id);
      return entry ? journalRecord(entry) : null;
    }
    // An exchange record Coffer journaled is shown as its journal node, as in the list.
    const owner = await journal.findByExchangeTransferId(parsed.connectionId, parsed.exchangeTransferId);
    if (owner) return journalRecord(owner);
    const connector = connectors.get(parsed.connectionId);
    if (!connector) return null;
    const until = deps.now();
    const scope = scopedSignal(options.signal);
    const walk = connector.openTransferHistory({
      since: new Date(until - deps.historyWindowMs),
      until: new Date(until),
      signal: scope.signal,
      budget: createCallBudget(maxCalls),
    });
    const found = () => walk.transfers.find((r) => r.connectionId === parsed.connectionId && r.exchangeTransferId === parsed.exchangeTransferId);
    try {
      for (;;) {
        const record = found();
        if (record) return exchangeRecord(record);
        if (walk.done) return null;
        await walk.more(SEARCH_STEP);
      }
    } catch (error) {
      if (!(error instanceof CallBudgetSpentError)) throw error;
      const record = found();
      if (record) return exchangeRecord(record);
      throw overBudget(parsed.connectionId, maxCalls);
    } finally {
      scope.end();
    }
  }

  return { history, get };
}
