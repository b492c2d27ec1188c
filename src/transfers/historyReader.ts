import type { ExchangeConnector } from "../connectors/connector.js";
import { BadUserInputError, UpstreamError, UpstreamUnavailableError } from "../domain/errors.js";
import type { ExchangeTransfer, TransferRecord } from "../domain/transfer.js";
import type { ConnectorRegistry } from "./connectorRegistry.js";
import { decodeCursor } from "./cursor.js";
import { isUnsettled, mayHaveBeenSent, type JournalEntry, type TransferJournal } from "./journal.js";
import { matchJournalToExchange } from "./matchJournalToExchange.js";
import { mergeTransferPages, type TransferPage } from "./mergeTransferPages.js";
import type { Reconciler } from "./reconciler.js";
import { exchangeRecord, journalRecord } from "./records.js";
import { matchesTransferFilter, type TransferHistoryFilter } from "./transferFilter.js";
import { exchangeRecordId, parseExchangeRecordId } from "./transferIds.js";

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;
/** The window `transfers` reads when the filter names no `since`: the last 90 days. */
export const DEFAULT_HISTORY_WINDOW_MS = 90 * 24 * 60 * 60 * 1000;

export interface HistoryQuery {
  readonly filter?: TransferHistoryFilter | null;
  readonly first?: number | null;
  readonly after?: string | null;
}

/**
 * A page of the merged history, plus one error per connection whose history could not be read:
 * the page still holds every other source (and that connection's journaled transfers), and the
 * resolver reports these errors next to the data, as for any partial result.
 */
export interface HistoryPage extends TransferPage {
  readonly errors: UpstreamError[];
}

export interface HistoryReaderDeps {
  readonly journal: TransferJournal;
  readonly connectors: ConnectorRegistry;
  readonly reconciler: Reconciler;
  readonly now: () => number;
  readonly windowMs: number;
  readonly historyWindowMs: number;
}

export interface HistoryReader {
  history(query: HistoryQuery): Promise<HistoryPage>;
  get(id: string): Promise<TransferRecord | null>;
}

function asUpstreamError(error: unknown, connectionId: string): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new UpstreamUnavailableError(`Could not read the transfer history of ${connectionId}: ${message}`, connectionId, { outcomeUnknown: false });
}

/**
 * Reads `transfers` and `transfer(id)`: Coffer's journal merged with every selected
 * connection's own history (the connectors hide the exchanges' windows and paging).
 */
export function createHistoryReader(deps: HistoryReaderDeps): HistoryReader {
  const { journal, connectors } = deps;

  function pageSize(first: number | null | undefined): number {
    const size = first ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
      throw new BadUserInputError(`first must be between 1 and ${MAX_PAGE_SIZE}.`, { argumentName: "first" });
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
   * Unsettled journal rows whose transfer already shows in the exchange's history are settled
   * now (as the reconciler would), so the row and its exchange record become one node.
   */
  async function settleVisible(entries: JournalEntry[], records: ExchangeTransfer[]): Promise<JournalEntry[]> {
    const unsettled = entries.filter((e) => isUnsettled(e.status) && mayHaveBeenSent(e) && e.exchangeTransferId === null);
    if (unsettled.length === 0 || records.length === 0) return entries;
    const claimed = new Set<string>();
    for (const e of entries) if (e.exchangeTransferId !== null) claimed.add(exchangeRecordId(e.connectionId, e.exchangeTransferId));
    const matched = matchJournalToExchange(unsettled, records, { windowMs: deps.windowMs, claimed });
    if (matched.size === 0) return entries;
    const byEntry = new Map<JournalEntry, ExchangeTransfer>();
    for (const entry of unsettled) {
      const record = matched.get(entry.id);
      if (record) byEntry.set(entry, record);
    }
    const written = new Map((await deps.reconciler.settleMatches(byEntry)).map((e) => [e.id, e]));
    return entries.map((e) => {
      const after = written.get(e.id);
      if (after && after.exchangeTransferId !== null) return after;
      const record = matched.get(e.id);
      // The write lost a race or failed: still show one node, carrying the exchange's id.
      return record ? { ...e, exchangeTransferId: record.exchangeTransferId } : e;
    });
  }

  async function history(query: HistoryQuery): Promise<HistoryPage> {
    const filter = query.filter ?? {};
    const first = pageSize(query.first);
    const after = query.after === null || query.after === undefined ? null : decodeCursor(query.after);
    const until = filter.until ? filter.until.getTime() : deps.now();
    const since = filter.since ? filter.since.getTime() : until - deps.historyWindowMs;
    if (!Number.isFinite(since) || !Number.isFinite(until) || since > until) {
      throw new BadUserInputError("filter.since must not be later than filter.until.", { argumentName: "filter" });
    }
    const chosen = selected(filter);
    const [entries, reads] = await Promise.all([
      // Wider than the window, so an exchange record inside the window whose journal row sits
      // just outside it is still recognised as that row's (and not shown twice).
      journal.list({
        since: since - deps.windowMs,
        until: until + deps.windowMs,
        ...(filter.connectionIds && filter.connectionIds.length > 0 ? { connectionIds: filter.connectionIds } : {}),
      }),
      Promise.allSettled(chosen.map((c) => c.transferHistory({ since: new Date(since), until: new Date(until) }))),
    ]);
    const errors: UpstreamError[] = [];
    const records: ExchangeTransfer[] = [];
    reads.forEach((read, i) => {
      const connector = chosen[i]!;
      if (read.status === "rejected") errors.push(asUpstreamError(read.reason, connector.connectionId));
      else for (const r of read.value) if (r.connectionId === connector.connectionId) records.push(r);
    });
    const settled = await settleVisible(entries, records);
    const inWindow = (t: number) => t >= since && t <= until;
    const claimed = new Set<string>();
    for (const e of settled) if (e.exchangeTransferId !== null) claimed.add(exchangeRecordId(e.connectionId, e.exchangeTransferId));
    const page = mergeTransferPages({
      journal: settled.filter((e) => inWindow(e.createdAt)).map(journalRecord),
      exchange: records.filter((r) => inWindow(r.createdAt.getTime())).map(exchangeRecord),
      claimed,
      include: (record) => matchesTransferFilter(record, filter),
      after,
      first,
    });
    return { ...page, errors };
  }

  async function get(id: string): Promise<TransferRecord | null> {
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
    const records = await connector.transferHistory({ since: new Date(until - deps.historyWindowMs), until: new Date(until) });
    const record = records.find((r) => r.connectionId === parsed.connectionId && r.exchangeTransferId === parsed.exchangeTransferId);
    return record ? exchangeRecord(record) : null;
  }

  return { history, get };
}
