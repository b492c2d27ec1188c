import type { ExchangeTransfer } from "../../domain/transfer.js";
import type { TransferHistoryWalk } from "../exchange.js";
import { throwIfAborted } from "./httpClient.js";

/**
 * The exchange-neutral part of reading a transfer history newest first and only as far back as
 * needed. An exchange's history is one or more *sources* (e.g. one per transfer
 * type plus a margin history, or one ledger), each a chain of windows read newest window
 * first, each window paged newest row first (as the exchanges answer). The walk keeps, per
 * source, the time above which it has read everything, and reads on from the source that knows
 * the least, so what it reports as known is exact at every step.
 */

/** One row of a history page: its time (also for rows that are not transfers) and the transfer it is, if any. */
export interface HistoryRow {
  readonly time: number;
  readonly transfer: ExchangeTransfer | null;
}

export interface FetchedPage<T> {
  readonly rows: readonly HistoryRow[];
  /** What to ask for the next page of the same window; null after its last page. */
  readonly next: T | null;
}

/** Fetches one page of the window [start, end] (epoch ms, inclusive); `token` null asks for its first page. */
export type PageFetcher<T> = (start: number, end: number, token: T | null) => Promise<FetchedPage<T>>;

/** A clamped time range, epoch ms, inclusive. */
export interface HistoryRange {
  readonly since: number;
  readonly until: number;
}

/** One newest-first chain of pages. */
export interface HistorySource {
  /** Rows created later than this (epoch ms) have all been fetched. */
  readonly bound: number;
  readonly done: boolean;
  /** Fetches the next page; the transfers among its rows. */
  fetchNext(): Promise<readonly ExchangeTransfer[]>;
}

/**
 * The range as windows of at most `windowMs` (Infinity: one window), newest first. Inside a
 * window the rows come newest first, so once a page is read everything newer than its oldest
 * row is known; should an exchange ever answer out of order, the window counts as known only
 * once all its pages are read.
 */
export function windowedSource<T>(range: HistoryRange, windowMs: number, fetch: PageFetcher<T>): HistorySource {
  let windowEnd = range.until;
  let windowStart = Math.max(range.since, windowEnd - windowMs + 1);
  let token: T | null = null;
  let bound = range.until;
  let done = range.since > range.until;
  let ordered = true;
  let oldestSeen = Infinity;

  return {
    get bound() {
      return bound;
    },
    get done() {
      return done;
    },
    async fetchNext() {
      if (done) return [];
      const page = await fetch(windowStart, windowEnd, token);
      for (const row of page.rows) {
        if (row.time > oldestSeen) ordered = false;
        oldestSeen = Math.min(oldestSeen, row.time);
      }
      if (page.next === null) {
        if (windowStart <= range.since) {
          done = true;
          bound = range.since - 1;
        } else {
          bound = windowStart - 1;
          windowEnd = windowStart - 1;
          windowStart = Math.max(range.since, windowEnd - windowMs + 1);
          token = null;
          ordered = true;
          oldestSeen = Infinity;
        }
      } else {
        token = page.next;
        bound = ordered && oldestSeen >= windowStart ? Math.min(windowEnd, oldestSeen) : windowEnd;
      }
      return page.rows.flatMap((row) => (row.transfer ? [row.transfer] : []));
    },
  };
}

export interface HistoryWalkOptions {
  readonly range: HistoryRange;
  /** In priority order: a record two sources both hold is kept as the first one's. */
  readonly sources: readonly HistorySource[];
  readonly signal?: AbortSignal;
  /** Names the walk in an abort error, e.g. "main history". */
  readonly where: string;
}

export function createHistoryWalk(options: HistoryWalkOptions): TransferHistoryWalk {
  const { range, sources, signal, where } = options;
  const held = new Map<string, { transfer: ExchangeTransfer; rank: number }>();

  const isDone = () => sources.every((s) => s.done);
  const knownAfter = () => (isDone() ? range.since - 1 : Math.max(...sources.filter((s) => !s.done).map((s) => s.bound)));
  const inKnownRange = (t: ExchangeTransfer, after: number) => {
    const ms = t.createdAt.getTime();
    return ms > after && ms >= range.since && ms <= range.until;
  };
  const knownCount = () => {
    const after = knownAfter();
    let n = 0;
    for (const { transfer } of held.values()) if (inKnownRange(transfer, after)) n++;
    return n;
  };

  function keep(transfers: readonly ExchangeTransfer[], rank: number): void {
    for (const transfer of transfers) {
      const existing = held.get(transfer.exchangeTransferId);
      if (!existing || rank < existing.rank) held.set(transfer.exchangeTransferId, { transfer, rank });
    }
  }

  return {
    async more(count: number, downTo?: number): Promise<void> {
      const target = count === Infinity ? Infinity : knownCount() + count;
      while (!isDone() && knownCount() < target && (downTo === undefined || knownAfter() >= downTo)) {
        throwIfAborted(signal, where);
        const open = sources.filter((s) => !s.done);
        const top = Math.max(...open.map((s) => s.bound));
        // A full read asks every source at once; a partial one only those that know the least.
        const step = target === Infinity ? open : open.filter((s) => s.bound === top);
        const results = await Promise.allSettled(step.map((s) => s.fetchNext()));
        results.forEach((result, i) => {
          if (result.status === "fulfilled") keep(result.value, sources.indexOf(step[i]!));
        });
        const failed = results.find((result): result is PromiseRejectedResult => result.status === "rejected");
        if (failed) throw failed.reason;
      }
    },
    get transfers() {
      const after = knownAfter();
      return [...held.values()]
        .map((h) => h.transfer)
        .filter((t) => inKnownRange(t, after))
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.exchangeTransferId < b.exchangeTransferId ? 1 : -1));
    },
    get knownAfter() {
      return knownAfter();
    },
    get done() {
      return isDone();
    },
  };
}
