/** How much one read of the merged history may do. */

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;
/** The window `transfers` reads when the filter names no `since`: the 90 days up to `until`. */
export const DEFAULT_HISTORY_WINDOW_MS = 90 * 24 * 60 * 60 * 1000;

/**
 * The most upstream calls (HTTP requests to the exchanges, retries included) one `transfers`
 * field or one `transfer(id)` lookup may make, all its connections together. Each request gets
 * its own count, so the cap holds whatever `since`, `until` and `first` ask for.
 *
 * Sized for one walk of the two first exchanges' connections through everything they keep,
 * one page per source: 28 universal transfer types plus a margin history in 6 windows of 30
 * days over 180 days (34), and a ledger in 18 windows of 10 days over 180 days (18) — 52 — plus
 * a few further pages. Reads that complete a page's records (e.g. the contract side of each
 * ledger transfer: one per margin account and 48 h of the page's span) count here too, so a
 * history with many isolated accounts reaches back less far per page. A page that needs more
 * is answered with what was read: its
 * `hasNextPage` is true and its `endCursor` continues where the reading stopped.
 *
 * The `transfers` field costs this much (see costs.ts), so an operation within the cost budget
 * of 500 makes at most 500 history calls: 10 aliases of `transfers` cost more than 500 and are
 * refused before any upstream call, whatever their filters.
 */
export const MAX_HISTORY_CALLS_PER_QUERY = 60;
