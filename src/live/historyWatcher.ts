import { setMaxListeners } from "node:events";
import { TransferStatus } from "../domain/enums.js";
import type { ExchangeTransfer } from "../domain/transfer.js";
import type { ExchangeConnector } from "../exchanges/exchange.js";
import { createCallBudget } from "../exchanges/kit/callBudget.js";
import type { Logger } from "../observability/logger.js";
import { MAX_HISTORY_CALLS_PER_QUERY } from "../transfers/historyLimits.js";
import { MAX_JOURNAL_PAGE, UNSETTLED_STATUSES, type TransferJournal } from "../transfers/journal.js";
import { exchangeRecord } from "../transfers/records.js";
import { exchangeRecordId } from "../transfers/transferIds.js";
import type { CofferEvents } from "./cofferEvents.js";

export interface HistoryWatchTimings {
  /** How often each connection's history is read while someone subscribes to transferUpdates (default 30 s; 0: never, transfers made outside Coffer are not reported). */
  readonly intervalMs?: number;
  /**
   * After an account of the connection changed (STREAM or POLL: maybe a transfer made outside
   * Coffer), the next read comes this long after the previous one began, if that is sooner (default 10 s).
   */
  readonly afterChangeMs?: number;
  /** How far back each read looks (default 10 min): a record that shows up later than this is not reported. */
  readonly lookbackMs?: number;
}

export interface HistoryWatcherOptions extends HistoryWatchTimings {
  readonly connectors: readonly ExchangeConnector[];
  readonly journal: Pick<TransferJournal, "listPage">;
  readonly events: CofferEvents;
  readonly logger: Logger;
  /** How far apart a journal row's time and its exchange record's may be (the reconciler's window, default 2 min). */
  readonly windowMs?: number;
  readonly now?: () => number;
}

export interface HistoryWatcher {
  /** Keeps the watch on until the returned release is called (idempotent). */
  acquire(): () => void;
  /** The hub as transferUpdates subscribers see it: each of their listeners holds the watch while registered. */
  watching(events: CofferEvents): CofferEvents;
  /** Resolves once the reads in flight have finished (tests). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

interface ConnectionWatch {
  readonly connector: ExchangeConnector;
  /** Record id → the status last reported (or found already there, or owned by the journal). */
  readonly known: Map<string, { status: TransferStatus; createdAtMs: number }>;
  /** False until the first read: what it finds made before the watch began is not news. */
  baselined: boolean;
  /** When the last read began (epoch ms); 0 before the first. */
  lastReadAt: number;
  timer: NodeJS.Timeout | null;
  reading: Promise<void> | null;
  /** Aborts the read in flight when the watch stops. */
  abort: AbortController | null;
  failing: boolean;
  /** An account changed while a read was in flight: the next read comes after `afterChangeMs`. */
  changedWhileReading: boolean;
}

/**
 * Reports on `transferUpdates` the transfers seen only in an exchange's history (made outside
 * Coffer: on the exchange's site, by another program), as the contract promises. While at least
 * one subscriber listens, each connection's recent history is read every `intervalMs`, and soon
 * after one of its watched accounts changed for a reason other than a Coffer transfer. A record
 * is published (source EXCHANGE) when it first appears and again when its status changes; a
 * record that a journal row owns is Coffer's own (the journal's events report it), and one that
 * an unsettled journal row could still turn out to be is held back until that row settles.
 * Records already there when the watch began are not news. The watch stops with the last
 * subscriber, and starts afresh with the next.
 */
export function createHistoryWatcher(options: HistoryWatcherOptions): HistoryWatcher {
  const now = options.now ?? Date.now;
  const intervalMs = options.intervalMs ?? 30_000;
  const afterChangeMs = options.afterChangeMs ?? 10_000;
  const lookbackMs = options.lookbackMs ?? 10 * 60_000;
  const windowMs = options.windowMs ?? 120_000;
  const log = options.logger.child({ component: "live" });
  const watches = new Map<string, ConnectionWatch>();
  let holders = 0;
  let startedAt = 0;
  let closed = false;

  function fresh(connector: ExchangeConnector): ConnectionWatch {
    return { connector, known: new Map(), baselined: false, lastReadAt: 0, timer: null, reading: null, abort: null, failing: false, changedWhileReading: false };
  }

  function schedule(watch: ConnectionWatch, atMs: number): void {
    if (closed || holders === 0) return;
    if (watch.timer) clearTimeout(watch.timer);
    watch.timer = setTimeout(
      () => {
        watch.timer = null;
        void read(watch);
      },
      Math.max(0, atMs - now()),
    );
    watch.timer.unref();
  }

  async function read(watch: ConnectionWatch): Promise<void> {
    if (watch.reading) return watch.reading;
    watch.lastReadAt = now();
    const abort = new AbortController();
    // Every call of the read listens to it (up to the call cap), not a leak.
    setMaxListeners(4 * MAX_HISTORY_CALLS_PER_QUERY, abort.signal);
    watch.abort = abort;
    watch.reading = readOnce(watch, abort.signal)
      .then(() => {
        if (watch.failing) log.info({ connectionId: watch.connector.connectionId }, "transfer history readable again");
        watch.failing = false;
      })
      .catch((error: unknown) => {
        if (abort.signal.aborted) return;
        if (!watch.failing) {
          log.warn(
            { connectionId: watch.connector.connectionId, err: error instanceof Error ? error.message : String(error) },
            "transfer history read failed; transfers made outside Coffer are reported after the next read",
          );
        }
        watch.failing = true;
      })
      .finally(() => {
        watch.reading = null;
        watch.abort = null;
        if (abort.signal.aborted) return;
        schedule(watch, watch.lastReadAt + (watch.changedWhileReading ? Math.min(afterChangeMs, intervalMs) : intervalMs));
        watch.changedWhileReading = false;
      });
    return watch.reading;
  }

  async function readOnce(watch: ConnectionWatch, signal: AbortSignal): Promise<void> {
    const connectionId = watch.connector.connectionId;
    const until = now();
    const since = until - lookbackMs;
    const history = await watch.connector.transferHistory({
      since: new Date(since),
      until: new Date(until),
      signal,
      budget: createCallBudget(MAX_HISTORY_CALLS_PER_QUERY),
    });
    if (signal.aborted) return;
    const records = history
      .filter((r) => r.connectionId === connectionId && watch.known.get(exchangeRecordId(connectionId, r.exchangeTransferId))?.status !== r.status)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    const baseline = !watch.baselined;
    watch.baselined = true;
    if (records.length) {
      // Read after the history: a Coffer transfer in it was marked SENDING before it was made,
      // so its row shows here as owning it or as still unsettled.
      const owned = await ownedIds(
        connectionId,
        records.map((r) => r.exchangeTransferId),
      );
      const unsettled = await unsettledRows(connectionId, records);
      if (signal.aborted) return;
      for (const record of records) {
        const id = exchangeRecordId(connectionId, record.exchangeTransferId);
        const createdAtMs = record.createdAt.getTime();
        if (owned.has(record.exchangeTransferId) || (baseline && createdAtMs < startedAt)) {
          watch.known.set(id, { status: record.status, createdAtMs });
          continue;
        }
        // It may be the transfer of a row whose outcome is not written yet: ask again next time.
        if (unsettled.some((row) => row.asset === record.asset && row.amount.eq(record.amount))) continue;
        watch.known.set(id, { status: record.status, createdAtMs });
        options.events.publishTransfer(exchangeRecord(record));
      }
    }
    // A record older than the look-back is never read again.
    for (const [id, seen] of watch.known) if (seen.createdAtMs < since - windowMs) watch.known.delete(id);
  }

  async function ownedIds(connectionId: string, exchangeTransferIds: readonly string[]): Promise<Set<string>> {
    const owned = new Set<string>();
    for (let i = 0; i < exchangeTransferIds.length; i += MAX_JOURNAL_PAGE) {
      const ids = exchangeTransferIds.slice(i, i + MAX_JOURNAL_PAGE);
      const rows = await options.journal.listPage({ connectionIds: [connectionId], exchangeTransferIds: ids, limit: ids.length });
      for (const row of rows) if (row.exchangeTransferId !== null) owned.add(row.exchangeTransferId);
    }
    return owned;
  }

  /** Journal rows of the connection, sent or maybe sent, whose exchange id is not known yet, near these records' times. */
  async function unsettledRows(connectionId: string, records: readonly ExchangeTransfer[]) {
    const times = records.map((r) => r.createdAt.getTime());
    const rows = await options.journal.listPage({
      connectionIds: [connectionId],
      statuses: UNSETTLED_STATUSES,
      since: Math.min(...times) - 2 * windowMs,
      until: Math.max(...times) + windowMs,
      limit: MAX_JOURNAL_PAGE,
    });
    return rows.filter((row) => row.exchangeTransferId === null);
  }

  function start(): void {
    startedAt = now();
    for (const connector of options.connectors) {
      const watch = fresh(connector);
      watches.set(connector.connectionId, watch);
      schedule(watch, startedAt);
    }
  }

  function stop(): void {
    for (const watch of watches.values()) {
      if (watch.timer) clearTimeout(watch.timer);
      watch.timer = null;
      watch.abort?.abort();
    }
    watches.clear();
  }

  const stopAccountChanges = options.events.onAccountChange((event) => {
    if (event.reason === "TRANSFER") return;
    const watch = watches.get(event.key.connectionId);
    if (!watch) return;
    if (watch.reading) {
      watch.changedWhileReading = true;
      return;
    }
    schedule(watch, Math.min(watch.lastReadAt + intervalMs, Math.max(now(), watch.lastReadAt + afterChangeMs)));
  });

  function acquire(): () => void {
    if (closed || intervalMs === 0) return () => undefined;
    holders++;
    if (holders === 1) start();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      holders--;
      if (holders === 0) stop();
    };
  }

  return {
    acquire,
    watching(events) {
      return {
        ...events,
        onTransfer(listener) {
          const release = acquire();
          const off = events.onTransfer(listener);
          return () => {
            off();
            release();
          };
        },
      };
    },
    async idle() {
      await Promise.all([...watches.values()].flatMap((w) => (w.reading ? [w.reading] : [])));
    },
    async close() {
      closed = true;
      stopAccountChanges();
      const reading = [...watches.values()].flatMap((w) => (w.reading ? [w.reading] : []));
      stop();
      await Promise.allSettled(reading);
    },
  };
}
