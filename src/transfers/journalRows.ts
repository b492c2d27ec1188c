import { parseDecimal, formatDecimal } from "../domain/decimal.js";
import type { AccountType, Exchange } from "../domain/enums.js";
import { invariant } from "../domain/errors.js";
import type { JournalEntry, JournalIntent, JournalStatus } from "./journal.js";
import { keyTextProblem } from "./keyText.js";

/**
 * The journal's row shape shared by the SQL stores. Amounts cross as exact decimal text
 * (never a float); times as epoch milliseconds.
 */
export interface JournalRow {
  id: string;
  idempotency_key: string;
  fingerprint: string;
  connection_id: string;
  exchange: string;
  asset: string;
  amount: string;
  from_type: string;
  from_symbol: string | null;
  to_type: string;
  to_symbol: string | null;
  sub_account_email: string | null;
  status: string;
  exchange_transfer_id: string | null;
  failure_code: string | null;
  failure_reason: string | null;
  failure_detail: string | null;
  created_at: number | string;
  updated_at: number | string;
  sent_at: number | string | null;
  owner_id: string | null;
  lease_until: number | string | null;
  next_check_at: number | string | null;
  check_count: number | string | null;
}

const COLUMN_LIST = [
  "id",
  "idempotency_key",
  "fingerprint",
  "connection_id",
  "exchange",
  "asset",
  "amount",
  "from_type",
  "from_symbol",
  "to_type",
  "to_symbol",
  "sub_account_email",
  "status",
  "exchange_transfer_id",
  "failure_code",
  "failure_reason",
  "failure_detail",
  "created_at",
  "updated_at",
  "sent_at",
  "owner_id",
  "lease_until",
  "next_check_at",
  "check_count",
] as const;

export const JOURNAL_COLUMNS = COLUMN_LIST.join(", ");
/** How many columns a row has (the INSERT's placeholders). */
export const JOURNAL_COLUMN_COUNT = COLUMN_LIST.length;

/** SQL condition of an unsettled row (the statuses `isUnsettled` names). */
export const UNSETTLED_SQL = "status IN ('INTENT','SENDING','PENDING','UNKNOWN')";

/**
 * Refuses a key no store keeps as exact text, before anything is written: both journals then
 * compare keys byte for byte the same way (the service refuses such keys earlier, as bad input).
 */
export function checkStorableKey(key: string): void {
  const problem = keyTextProblem(key);
  if (problem !== null) throw new Error(`Journal rule: an idempotency key must be exact text; ${problem}`);
}

/** Values for an INSERT of a new intent, in JOURNAL_COLUMNS order. */
export function intentValues(intent: JournalIntent): unknown[] {
  checkStorableKey(intent.idempotencyKey);
  return [
    intent.id,
    intent.idempotencyKey,
    intent.fingerprint,
    intent.connectionId,
    intent.exchange,
    intent.asset,
    formatDecimal(intent.amount),
    intent.from.type,
    intent.from.symbol,
    intent.to.type,
    intent.to.symbol,
    intent.subAccountEmail,
    "INTENT",
    null,
    null,
    null,
    null,
    intent.createdAt,
    intent.createdAt,
    null,
    intent.ownerId ?? null,
    intent.leaseUntil ?? null,
    null,
    0,
  ];
}

function toMs(value: number | string): number {
  const ms = typeof value === "number" ? value : Number(value);
  invariant(Number.isSafeInteger(ms), `journal time ${String(value)} is not an integer`);
  return ms;
}

function toMsOrNull(value: number | string | null): number | null {
  return value === null ? null : toMs(value);
}

export function rowToEntry(row: JournalRow): JournalEntry {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    fingerprint: row.fingerprint,
    connectionId: row.connection_id,
    exchange: row.exchange as Exchange,
    asset: row.asset,
    amount: parseDecimal(String(row.amount)),
    from: { type: row.from_type as AccountType, symbol: row.from_symbol },
    to: { type: row.to_type as AccountType, symbol: row.to_symbol },
    subAccountEmail: row.sub_account_email,
    status: row.status as JournalStatus,
    exchangeTransferId: row.exchange_transfer_id,
    failureCode: row.failure_code,
    failureReason: row.failure_reason,
    failureDetail: row.failure_detail === null ? null : (JSON.parse(row.failure_detail) as Record<string, string>),
    createdAt: toMs(row.created_at),
    updatedAt: toMs(row.updated_at),
    sentAt: toMsOrNull(row.sent_at),
    ownerId: row.owner_id ?? null,
    leaseUntil: toMsOrNull(row.lease_until ?? null),
    nextCheckAt: toMsOrNull(row.next_check_at ?? null),
    checkCount: row.check_count === null || row.check_count === undefined ? 0 : Number(row.check_count),
  };
}
