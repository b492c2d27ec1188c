import type { AccountType } from "../../domain/enums.js";
import { AccountType as T } from "../../domain/enums.js";
import type { ExchangeTransfer } from "../../domain/transfer.js";
import type { TransferHistoryQuery } from "../connector.js";
import { mapMarginHistoryRow, mapUniversalHistoryRow, mergeTransfers } from "./binanceHistoryMappers.js";
import type { BinanceReads } from "./binanceReads.js";
import { BINANCE_ROUTES } from "./binanceRoutes.js";

/**
 * Reads a connection's transfer history from Binance's two histories and merges them:
 * GET /sapi/v1/asset/transfer (one `type` a call, last 6 months) for every universal route
 * whose two wallets this connection reads, and GET /sapi/v1/margin/transfer (30-day windows)
 * for everything touching cross or isolated margin. Isolated universal types are left to the
 * margin history: Binance requires their symbols, which would cost a call per pair.
 * Rows seen in both carry the same id and appear once.
 */
export const HISTORY_PAGE_SIZE = 100;
export const MARGIN_HISTORY_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;
export const UNIVERSAL_HISTORY_MAX_AGE_MS = 180 * 24 * 60 * 60 * 1000;

export interface HistoryDeps {
  readonly connectionId: string;
  readonly reads: BinanceReads;
  readonly accountTypes: readonly AccountType[];
  /** Binance's time now (epoch ms). */
  readonly serverNow: () => number;
}

export async function readBinanceHistory(deps: HistoryDeps, query: TransferHistoryQuery): Promise<ExchangeTransfer[]> {
  const since = query.since.getTime();
  const until = Math.min(query.until.getTime(), deps.serverNow());
  if (until < since) return [];
  const reads: Array<Promise<ExchangeTransfer[]>> = [];
  const has = (t: AccountType) => deps.accountTypes.includes(t);

  const universalSince = Math.max(since, deps.serverNow() - UNIVERSAL_HISTORY_MAX_AGE_MS);
  if (universalSince <= until) {
    for (const route of BINANCE_ROUTES) {
      if (route.via.kind !== "universal" || route.fromNeedsSymbol || route.toNeedsSymbol) continue;
      if (!has(route.from.type) || !has(route.to.type)) continue;
      const type = route.via.type;
      reads.push(
        readPages(async (current) => {
          const page = await deps.reads.universalHistoryPage(type, universalSince, until, current, HISTORY_PAGE_SIZE);
          return { rows: page.rows ?? [], total: page.total };
        }).then((rows) => rows.map((r) => mapUniversalHistoryRow(deps.connectionId, r)).filter(isTransfer)),
      );
    }
  }

  if (has(T.MARGIN_CROSS) || has(T.MARGIN_ISOLATED)) {
    for (let start = since; start <= until; start += MARGIN_HISTORY_WINDOW_MS) {
      const end = Math.min(until, start + MARGIN_HISTORY_WINDOW_MS - 1);
      reads.push(
        readPages(async (current) => {
          const page = await deps.reads.marginHistoryPage(start, end, current, HISTORY_PAGE_SIZE);
          return { rows: page.rows ?? [], total: page.total };
        }).then((rows) => rows.map((r) => mapMarginHistoryRow(deps.connectionId, r)).filter(isTransfer)),
      );
    }
  }

  const lists = await Promise.all(reads);
  return mergeTransfers(lists).filter((t) => t.createdAt.getTime() >= since && t.createdAt.getTime() <= until);
}

function isTransfer(t: ExchangeTransfer | null): t is ExchangeTransfer {
  return t !== null;
}

/** Pages `current` = 1, 2, … until a short page or `total` rows. */
async function readPages<R>(page: (current: number) => Promise<{ rows: R[]; total: number }>): Promise<R[]> {
  const all: R[] = [];
  for (let current = 1; ; current++) {
    const { rows, total } = await page(current);
    all.push(...rows);
    if (rows.length < HISTORY_PAGE_SIZE || all.length >= total) return all;
  }
}
