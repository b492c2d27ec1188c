import type { HtxSimLedgerRow, HtxSimState } from "./state.js";

const DAY_MS = 24 * 60 * 60 * 1000;

export type HtxSimLedgerResult = { readonly rows: HtxSimLedgerRow[]; readonly nextId: number | null } | { readonly code: number; readonly message: string };

/**
 * GET /v2/account/ledger over the simulator's ledger: window ≤ 10 days within the last 180
 * (default: the 10 days up to now), newest first, `limit` rows (1–500, default 100); `nextId`
 * only when more rows remain, and `fromId` starts a page at that row. Errors are HTX's 2002.
 */
export function queryHtxLedger(state: HtxSimState, query: URLSearchParams, now: number): HtxSimLedgerResult {
  const accountId = query.get("accountId");
  if (!accountId) return { code: 2002, message: "invalid.field.value: accountId is empty" };
  if (accountId !== String(state.spotAccountId)) return { code: 2002, message: "invalid.field.value: accountId" };
  const types = query.get("transactTypes");
  if (types !== null && types !== "transfer") return { code: 2002, message: "invalid.field.value: transactTypes" };
  const endTime = query.has("endTime") ? Number(query.get("endTime")) : now;
  const startTime = query.has("startTime") ? Number(query.get("startTime")) : endTime - 10 * DAY_MS;
  if (!Number.isInteger(startTime) || !Number.isInteger(endTime) || startTime > endTime || endTime - startTime > 10 * DAY_MS) {
    return { code: 2002, message: "invalid.field.value: startTime/endTime range" };
  }
  if (startTime < now - 180 * DAY_MS) return { code: 2002, message: "invalid.field.value: startTime older than 180 days" };
  const limit = query.has("limit") ? Number(query.get("limit")) : 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) return { code: 2002, message: "invalid.field.value: limit" };
  const currency = query.get("currency")?.toLowerCase() ?? null;

  let rows = state.ledger
    .filter((row) => row.transactTime >= startTime && row.transactTime <= endTime && (currency === null || row.currency === currency))
    .sort((a, b) => b.transactTime - a.transactTime || b.transactId - a.transactId);
  const fromId = query.get("fromId");
  if (fromId !== null) {
    const start = rows.findIndex((row) => String(row.transactId) === fromId);
    if (start === -1) return { code: 2002, message: "invalid.field.value: fromId not found" };
    rows = rows.slice(start);
  }
  return { rows: rows.slice(0, limit), nextId: rows.length > limit ? rows[limit].transactId : null };
}
