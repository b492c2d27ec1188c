import { MAX_HISTORY_CALLS_PER_QUERY } from "../../transfers/historyLimits.js";
import { DEFAULT_TUNING } from "../../settings/tuning.js";

/**
 * What a field costs against an operation's budget (graphql-query-complexity, through
 * type-graphql's `complexity` option; plain fields cost 1). The figures follow the upstream
 * calls a field can cause across the configured connections, not the size of its answer:
 * resolved fields of data already fetched are nearly free, a field that lists or reads wallets
 * costs about the number of exchange endpoints it may touch, and a transfer costs the most.
 */
export const COST = {
  /** Listing accounts: discovery calls on every connection (isolated pairs, sub-accounts, account ids). */
  listAccounts: 15,
  /** Balances of the listed accounts: about one read per wallet type and connection (batched). */
  balances: 10,
  /** Margin details: about one read per margin-capable wallet type and connection (batched). */
  margin: 10,
  /** Listing plus margin reads on every connection. */
  marginAccounts: 25,
  /** Listing plus every balance read. */
  portfolio: 25,
  /** One account by id: its connection's reads for one wallet type. */
  account: 5,
  /**
   * Merged history: the journal plus each connection's history endpoints, several pages and
   * windows — at most MAX_HISTORY_CALLS_PER_QUERY upstream calls, enforced while it runs, so
   * its cost is that cap: 10 aliases cost more than the budget and are refused up front.
   * Paging backward (`last`/`before`) costs the same: the whole backward read shares that one
   * cap, whatever `first` or `last` asks for.
   */
  transferHistory: MAX_HISTORY_CALLS_PER_QUERY,
  /** One journal row, no upstream call. */
  journalRead: 1,
  /** One exchange record by id not in the journal: a history search, capped like `transfers`. */
  exchangeRecordRead: MAX_HISTORY_CALLS_PER_QUERY,
  /** Pure: the connector's route table. */
  routes: 1,
  /** A write: journal, possibly a clock sync, the exchange's transfer endpoint. */
  transfer: 50,
  /**
   * A value or a price: at most one public ticker call per exchange, shared by every value and
   * price field of the request (so each such field costs little, however many accounts).
   */
  valuation: 2,
  /** Query.prices: the same ticker calls. */
  prices: 2,
} as const;

/** Default budget of one operation; the dashboard document costs well under half of it. */
export const DEFAULT_MAX_COST = DEFAULT_TUNING.queryLimits.maxCost;
