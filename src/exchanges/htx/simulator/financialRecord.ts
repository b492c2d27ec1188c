import { JsonNumber } from "../../kit/parseJsonExact.js";
import type { HtxSimLedgerRow, HtxSimState } from "./state.js";

const textOf = (v: unknown) => (v instanceof JsonNumber ? v.text : String(v));

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
/** Financial record types of spot ↔ linear-swap transfers: 14 = spot to contract, 15 = contract to spot. */
const FROM_SPOT = 14;
const TO_SPOT = 15;

export interface HtxSimFinancialRow {
  readonly query_id: number;
  readonly id: number;
  readonly type: number;
  /** Signed exact text seen from the contract account: + in, − out. */
  readonly amount: string;
  readonly ts: number;
  readonly contract_code: string;
  readonly asset: string;
  readonly margin_account: string;
  readonly face_margin_account: string;
}

export type HtxSimFinancialResult = { readonly rows: HtxSimFinancialRow[] } | { readonly code: number; readonly message: string };

/** The margin account ("USDT" = cross / the one V5 account, else an isolated contract code) a ledger row moved money to or from. */
function marginAccountOf(state: HtxSimState, row: HtxSimLedgerRow): string | null {
  const contractSide = row.transferType === "spot-to-linear-swap" ? row.transferee : row.transferer;
  if (state.v5 && state.v5.ledgerAccountId === contractSide) return "USDT";
  if (state.cross.ledgerAccountId === contractSide) return "USDT";
  return state.isolated.find((a) => a.ledgerAccountId === contractSide)?.contract_code ?? null;
}

/**
 * POST /linear-swap-api/v3/swap_financial_record over the simulator's one ledger: the
 * contract side of each spot ↔ linear-swap transfer, for one margin account (`mar_acct`,
 * required: "USDT" for cross, or a contract code), window ≤ 48 h within the last 90 days,
 * optional `type` (comma list), newest first. The record id is the ledger's transactId.
 * Errors are HTX's contract 1030 (input error). Paging (`from_id`) is not simulated: every row
 * of the window is answered.
 */
export function queryHtxFinancialRecord(state: HtxSimState, body: Record<string, unknown>, now: number): HtxSimFinancialResult {
  const marAcct = typeof body.mar_acct === "string" ? body.mar_acct.toUpperCase() : null;
  if (!marAcct) return { code: 1030, message: "Input error: mar_acct is required." };
  const end = body.end_time === undefined ? now : Number(textOf(body.end_time));
  const start = body.start_time === undefined ? end - 48 * HOUR_MS : Number(textOf(body.start_time));
  if (!Number.isInteger(start) || !Number.isInteger(end) || start > end || end - start > 48 * HOUR_MS || start < now - 90 * DAY_MS) {
    return { code: 1030, message: "Input error: start_time/end_time." };
  }
  const types = typeof body.type === "string" && body.type !== "" ? new Set(body.type.split(",").map(Number)) : null;
  const rows: HtxSimFinancialRow[] = [];
  for (const row of state.ledger) {
    if (row.transactTime < start || row.transactTime > end) continue;
    if (row.transferType !== "spot-to-linear-swap" && row.transferType !== "linear-swap-to-spot") continue;
    const type = row.transferType === "spot-to-linear-swap" ? FROM_SPOT : TO_SPOT;
    if (types && !types.has(type)) continue;
    const account = marginAccountOf(state, row);
    if (account !== marAcct) continue;
    const amount = row.transactAmt.startsWith("-") ? row.transactAmt.slice(1) : `-${row.transactAmt}`;
    rows.push({
      query_id: row.transactId,
      id: row.transactId,
      type,
      amount,
      ts: row.transactTime,
      contract_code: account,
      asset: row.currency.toUpperCase(),
      margin_account: account,
      face_margin_account: "",
    });
  }
  rows.sort((a, b) => b.ts - a.ts || b.id - a.id);
  return { rows };
}
