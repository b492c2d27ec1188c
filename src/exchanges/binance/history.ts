import type { AccountType } from "../../domain/enums.js";
import { AccountType as T } from "../../domain/enums.js";
import type { TransferHistoryQuery, TransferHistoryWalk } from "../exchange.js";
import { createHistoryWalk, windowedSource, type HistoryRange, type HistoryRow, type HistorySource, type PageFetcher } from "../kit/historyWalk.js";
import type { CallOptions } from "./client.js";
import { binanceTime, mapMarginHistoryRow, mapUniversalHistoryRow } from "./historyMapping.js";
import type { BinanceReads } from "./reads.js";
import { BINANCE_ROUTES } from "./routes.js";
import type { WireMarginHistoryRow, WireUniversalHistoryRow } from "./wire.js";

/**
 * Reads a connection's transfer history from Binance's two histories, newest first:
 * GET /sapi/v1/asset/transfer (one `type` a call) for every universal route whose two wallets
 * this connection reads, and GET /sapi/v1/margin/transfer (30-day windows) for everything
 * touching cross or isolated margin. Isolated universal types are left to the margin history:
 * Binance requires their symbols, which would cost a call per pair. A row seen in both
 * histories carries the same id and is kept once, as the universal history names it.
 */
export const HISTORY_PAGE_SIZE = 100;
/** The margin history answers at most 30 days a call. */
export const MARGIN_HISTORY_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;
/**
 * How far back Binance keeps both histories: the universal history "only last 6 months"; the
 * margin history serves older rows only as `archived` data, which Coffer does not ask for.
 * 180 days, minus a minute so a window never starts just past the edge by clock skew.
 */
export const BINANCE_HISTORY_RETENTION_MS = 180 * 24 * 60 * 60 * 1000 - 60_000;
/** Margin windows one read can walk: the retention in 30-day windows (6), never more. */
export const MAX_MARGIN_HISTORY_WINDOWS = Math.ceil(BINANCE_HISTORY_RETENTION_MS / MARGIN_HISTORY_WINDOW_MS);

export interface HistoryDeps {
  readonly connectionId: string;
  readonly reads: BinanceReads;
  readonly accountTypes: readonly AccountType[];
  /** Binance's time now (epoch ms). */
  readonly serverNow: () => number;
}

/** [since, until] clamped to what Binance keeps and to its now. */
export function binanceHistoryRange(query: TransferHistoryQuery, serverNow: number): HistoryRange {
  return {
    since: Math.max(query.since.getTime(), serverNow - BINANCE_HISTORY_RETENTION_MS),
    until: Math.min(query.until.getTime(), serverNow),
  };
}

/** Page token of both histories: the page number and how many rows of the window came before it. */
interface PageToken {
  readonly current: number;
  readonly seen: number;
}

function paged<R>(load: (start: number, end: number, current: number) => Promise<{ rows?: R[] | null; total?: number }>, row: (r: R) => HistoryRow): PageFetcher<PageToken> {
  return async (start, end, token) => {
    const current = token?.current ?? 1;
    const page = await load(start, end, current);
    const rows = page.rows ?? [];
    const seen = (token?.seen ?? 0) + rows.length;
    const total = typeof page.total === "number" ? page.total : Infinity;
    const last = rows.length < HISTORY_PAGE_SIZE || seen >= total;
    return { rows: rows.map(row), next: last ? null : { current: current + 1, seen } };
  };
}

export function openBinanceHistory(deps: HistoryDeps, query: TransferHistoryQuery): TransferHistoryWalk {
  const range = binanceHistoryRange(query, deps.serverNow());
  const options: CallOptions = { ...(query.signal ? { signal: query.signal } : {}), ...(query.budget ? { callBudget: query.budget } : {}) };
  const has = (t: AccountType) => deps.accountTypes.includes(t);
  const sources: HistorySource[] = [];

  for (const route of BINANCE_ROUTES) {
    if (route.via.kind !== "universal" || route.fromNeedsSymbol || route.toNeedsSymbol) continue;
    if (!has(route.from.type) || !has(route.to.type)) continue;
    const type = route.via.type;
    const fetch = paged<WireUniversalHistoryRow>(
      (start, end, current) => deps.reads.universalHistoryPage(type, start, end, current, HISTORY_PAGE_SIZE, options),
      (r) => ({ time: binanceTime(r.timestamp).getTime(), transfer: mapUniversalHistoryRow(deps.connectionId, r) }),
    );
    // The universal history takes the whole (≤ 6 months) range in one window.
    sources.push(windowedSource(range, Infinity, fetch));
  }

  if (has(T.MARGIN_CROSS) || has(T.MARGIN_ISOLATED)) {
    const fetch = paged<WireMarginHistoryRow>(
      (start, end, current) => deps.reads.marginHistoryPage(start, end, current, HISTORY_PAGE_SIZE, options),
      (r) => ({ time: binanceTime(r.timestamp).getTime(), transfer: mapMarginHistoryRow(deps.connectionId, r) }),
    );
    sources.push(windowedSource(range, MARGIN_HISTORY_WINDOW_MS, fetch));
  }

  return createHistoryWalk({ range, sources, ...(query.signal ? { signal: query.signal } : {}), where: `${deps.connectionId} history` });
}
