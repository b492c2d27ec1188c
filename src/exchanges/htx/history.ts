import type { ExchangeTransfer } from "../../domain/transfer.js";
import type { Logger } from "../../observability/logger.js";
import type { TransferHistoryQuery, TransferHistoryWalk } from "../exchange.js";
import { createHistoryWalk, windowedSource, type HistoryRange, type PageFetcher } from "../kit/historyWalk.js";
import { RequestAbortedError } from "../kit/httpClient.js";
import type { WireGuard } from "../kit/wireGuard.js";
import { wireArray, wireIdText } from "../kit/wireValues.js";
import type { HtxClient } from "./client.js";
import { contractSideOf, FINANCIAL_TRANSFER_TYPES, ledgerTransferOf, withContractSides, withCrossContractSide, type ContractSide } from "./historyMapping.js";
import type { HtxReads } from "./reads.js";
import type { HtxFinancialRecordWire, HtxLedgerRowWire } from "./wire.js";

/**
 * Reads a connection's transfer history from HTX's ledger (GET /v2/account/ledger, 10-day
 * windows, newest first), naming each transfer's contract side from the contract's financial
 * record when the account has isolated contract accounts.
 */
const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * HTX keeps the ledger for 180 days and refuses a window that starts earlier, so history starts
 * there (a minute later, so clock skew never pushes the oldest window past the edge).
 */
export const HTX_LEDGER_RETENTION_MS = 180 * DAY_MS - 60_000;
/** HTX's largest ledger window: 10 days. */
export const HTX_LEDGER_WINDOW_MS = 10 * DAY_MS;
/** Ledger windows one read can walk: the retention in 10-day windows (18), never more. */
export const MAX_LEDGER_WINDOWS = Math.ceil(HTX_LEDGER_RETENTION_MS / HTX_LEDGER_WINDOW_MS);
/** HTX's largest financial-record window: 48 h. */
export const HTX_FINANCIAL_RECORD_WINDOW_MS = 48 * 60 * 60 * 1000;
/** HTX keeps the contract financial record 90 days (a minute less, for clock skew). */
export const HTX_FINANCIAL_RECORD_RETENTION_MS = 90 * DAY_MS - 60_000;
/** Slack around a ledger page's transfers when their contract sides are read (the two sides' clocks). */
const CONTRACT_SIDE_SLACK_MS = 5_000;

/** [since, until] clamped to what HTX keeps and to its now. */
export function htxHistoryRange(query: TransferHistoryQuery, exchangeNow: number): HistoryRange {
  return {
    since: Math.max(query.since.getTime(), exchangeNow - HTX_LEDGER_RETENTION_MS),
    until: Math.min(query.until.getTime(), exchangeNow),
  };
}

export interface HtxHistoryDeps {
  readonly connectionId: string;
  readonly client: HtxClient;
  readonly reads: HtxReads;
  readonly readWire: WireGuard;
  readonly logger: Logger;
  /** Ledger window (at most HTX_LEDGER_WINDOW_MS) and page size (at most 500). */
  readonly windowMs: number;
  readonly pageSize: number;
}

/** The ledger newest window first; the spot account id is learned on the first page. */
export function openHtxHistory(deps: HtxHistoryDeps, query: TransferHistoryQuery): TransferHistoryWalk {
  const { connectionId, client, reads, readWire, logger, windowMs, pageSize } = deps;

  /**
   * One ledger page, straight from HTX (not through the snapshot cache: a page belongs to one
   * request's AbortSignal and call budget).
   */
  async function ledgerPage(accountId: string, startTime: number, endTime: number, fromId: string | null, query: TransferHistoryQuery) {
    const params: Record<string, string> = {
      accountId,
      transactTypes: "transfer",
      startTime: String(startTime),
      endTime: String(endTime),
      limit: String(pageSize),
      ...(fromId !== null ? { fromId } : {}),
    };
    const path = "/v2/account/ledger";
    const body = await client.call({
      host: "spot",
      method: "GET",
      path,
      params,
      budget: "ledger",
      ...(query.signal ? { signal: query.signal } : {}),
      ...(query.budget ? { callBudget: query.budget } : {}),
    });
    return readWire(path, () => ({
      rows: wireArray<HtxLedgerRowWire>(body.data, "data"),
      nextId: body.nextId === undefined || body.nextId === null ? null : wireIdText(body.nextId, "nextId"),
    }));
  }

  /** One financial-record read of one margin account ("USDT" = cross, else a contract code) over ≤ 48 h. */
  async function financialRecords(marginAccount: string, start: number, end: number, query: TransferHistoryQuery): Promise<ContractSide[]> {
    const path = "/linear-swap-api/v3/swap_financial_record";
    const body = await client.call({
      host: "swap",
      method: "POST",
      path,
      body: JSON.stringify({ mar_acct: marginAccount, type: FINANCIAL_TRANSFER_TYPES, start_time: start, end_time: end, direct: "next" }),
      budget: "contractRead",
      ...(query.signal ? { signal: query.signal } : {}),
      ...(query.budget ? { callBudget: query.budget } : {}),
    });
    return readWire(path, () => wireArray<HtxFinancialRecordWire>(body.data, "data").map(contractSideOf));
  }

  /**
   * Names the contract side (cross or which isolated account) of a ledger page's transfers.
   * With one USDT-M wallet (V5 mode, or no isolated account) that costs no call; otherwise the
   * contract's financial record of each margin account is read over the page's transfers' span
   * only (48 h windows), under the request's signal and call budget. Best effort: if it cannot
   * be read the transfers keep a null symbol (matched on type only); an abort still aborts.
   */
  async function namedContractSides(transfers: ExchangeTransfer[], query: TransferHistoryQuery): Promise<ExchangeTransfer[]> {
    if (transfers.length === 0) return transfers;
    try {
      const accounts = await reads.contractAccounts();
      const isolated = accounts.filter((a) => a.symbol !== null).map((a) => a.symbol!);
      if (reads.multiAssetsMode || isolated.length === 0) return withCrossContractSide(transfers);
      const times = transfers.map((t) => t.createdAt.getTime());
      const since = Math.min(...times) - CONTRACT_SIDE_SLACK_MS;
      const until = Math.max(...times) + CONTRACT_SIDE_SLACK_MS;
      // HTX keeps the financial record 90 days (the ledger 180): older transfers stay unnamed, no call.
      if (since < client.clock.estimate() - HTX_FINANCIAL_RECORD_RETENTION_MS) return transfers;
      const sides: ContractSide[] = [];
      for (let end = until; end >= since; end -= HTX_FINANCIAL_RECORD_WINDOW_MS) {
        const start = Math.max(since, end - HTX_FINANCIAL_RECORD_WINDOW_MS + 1);
        const records = await Promise.all(["USDT", ...isolated].map((account) => financialRecords(account, start, end, query)));
        sides.push(...records.flat());
      }
      return withContractSides(transfers, sides);
    } catch (error) {
      if (error instanceof RequestAbortedError || query.signal?.aborted) throw error;
      logger.warn({ reason: error instanceof Error ? error.message : String(error) }, "htx contract financial record unreadable; contract sides left unnamed");
      return transfers;
    }
  }

  const range = htxHistoryRange(query, client.clock.estimate());
  /** nextIds already followed, per window: a repeated one ends the window instead of looping. */
  const followed = new Set<string>();
  const fetch: PageFetcher<string> = async (start, end, fromId) => {
    const accountId = await reads.requireSpotAccountId();
    const page = await ledgerPage(accountId, start, end, fromId, query);
    const rows = page.rows.map((row) =>
      readWire("/v2/account/ledger", () => ({ time: Number(wireIdText(row.transactTime, "transactTime")), transfer: ledgerTransferOf(connectionId, row) })),
    );
    const next = page.nextId === null || followed.has(`${start}:${page.nextId}`) ? null : page.nextId;
    if (next !== null) followed.add(`${start}:${next}`);
    const named = await namedContractSides(
      rows.flatMap((r) => (r.transfer ? [r.transfer] : [])),
      query,
    );
    let i = 0;
    return { rows: rows.map((r) => (r.transfer ? { time: r.time, transfer: named[i++]! } : r)), next };
  };
  return createHistoryWalk({
    range,
    sources: [windowedSource(range, windowMs, fetch)],
    ...(query.signal ? { signal: query.signal } : {}),
    where: `${connectionId} history`,
  });
}
