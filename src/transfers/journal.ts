import type { Decimal } from "decimal.js";
import type { AccountRef } from "../domain/accountRef.js";
import type { Exchange } from "../domain/enums.js";

/**
 * Where a journaled transfer stands. INTENT is written before the exchange is called and is
 * shown to clients as PENDING; the other values are the public TransferStatus values.
 */
export type JournalStatus = "INTENT" | "PENDING" | "CONFIRMED" | "FAILED" | "UNKNOWN";

/** Statuses that can still change (the reconciler looks at these). */
export const UNSETTLED_STATUSES: readonly JournalStatus[] = ["INTENT", "PENDING", "UNKNOWN"];

export function isUnsettled(status: JournalStatus): boolean {
  return UNSETTLED_STATUSES.includes(status);
}

/** What is written before the exchange is called. Times are epoch milliseconds. */
export interface JournalIntent {
  readonly id: string;
  readonly idempotencyKey: string;
  /** Hash of the normalized request (see `transferFingerprint`): same key + other input = conflict. */
  readonly fingerprint: string;
  readonly connectionId: string;
  readonly exchange: Exchange;
  readonly asset: string;
  readonly amount: Decimal;
  readonly from: AccountRef;
  readonly to: AccountRef;
  readonly subAccountEmail: string | null;
  readonly createdAt: number;
}

/** One journal row. */
export interface JournalEntry extends JournalIntent {
  readonly status: JournalStatus;
  readonly exchangeTransferId: string | null;
  /** The error code a refusal was thrown with (e.g. UPSTREAM_REJECTED), so a replay throws it again. */
  readonly failureCode: string | null;
  readonly failureReason: string | null;
  /** Extra public facts of the failure (exchangeCode, exchangeMessage, …) to rebuild the error. */
  readonly failureDetail: Readonly<Record<string, string>> | null;
  readonly updatedAt: number;
  /** When the request was handed to the connector; null if never recorded (e.g. a crash). */
  readonly sentAt: number | null;
}

/** The outcome written after the exchange answered (or the reconciler decided). */
export interface JournalOutcome {
  readonly status: Exclude<JournalStatus, "INTENT">;
  readonly exchangeTransferId?: string | null;
  readonly failureCode?: string | null;
  readonly failureReason?: string | null;
  readonly failureDetail?: Readonly<Record<string, string>> | null;
  readonly sentAt?: number | null;
  readonly updatedAt: number;
}

export interface JournalListQuery {
  /** Inclusive bounds on createdAt (epoch ms). */
  readonly since?: number;
  readonly until?: number;
  readonly connectionIds?: readonly string[];
}

/**
 * One keyset page of the journal. Conditions left out do not restrict; an empty list matches
 * nothing. Times are epoch ms.
 */
export interface JournalPageQuery {
  /** Inclusive bounds on createdAt. */
  readonly since?: number;
  readonly until?: number;
  /** Only rows strictly after this position in history order (createdAt desc, then id desc). */
  readonly after?: { readonly createdAt: number; readonly id: string } | null;
  readonly connectionIds?: readonly string[];
  readonly exchanges?: readonly Exchange[];
  /** Asset codes as journaled (upper case). */
  readonly assets?: readonly string[];
  readonly statuses?: readonly JournalStatus[];
  /** Rows holding one of these exchange transfer ids (combine with connectionIds). */
  readonly exchangeTransferIds?: readonly string[];
  /** Most rows returned, 1 to MAX_JOURNAL_PAGE. */
  readonly limit: number;
}

/** The largest `limit` a journal page takes. */
export const MAX_JOURNAL_PAGE = 1000;

/**
 * Every transfer made through Coffer, written as an intent before the exchange is called and
 * updated with the outcome after. The unique idempotency key is the lock that keeps a transfer
 * from being sent twice — across requests, restarts and (with a shared store) instances — so it
 * lives behind this small async interface: SQLite by default, PostgreSQL for several instances.
 * Rows are never deleted by Coffer, so keys are kept far longer than the promised 24 hours.
 */
export interface TransferJournal {
  /**
   * Atomically claims the intent's idempotency key: inserts the row if the key is new
   * (`created: true`), otherwise returns the row already holding the key untouched.
   */
  begin(intent: JournalIntent): Promise<{ entry: JournalEntry; created: boolean }>;
  /**
   * Writes an outcome, but only while the row is unsettled (INTENT/PENDING/UNKNOWN): a settled
   * row is never rewritten, so a late answer and the reconciler cannot overwrite each other.
   * Returns the row as it is afterwards and whether this call changed it; null if no such row.
   */
  complete(id: string, outcome: JournalOutcome): Promise<{ entry: JournalEntry; updated: boolean } | null>;
  get(id: string): Promise<JournalEntry | null>;
  findByKey(idempotencyKey: string): Promise<JournalEntry | null>;
  findByExchangeTransferId(connectionId: string, exchangeTransferId: string): Promise<JournalEntry | null>;
  /** INTENT, PENDING and UNKNOWN rows, oldest first. */
  listUnsettled(): Promise<JournalEntry[]>;
  /** Rows in the window, newest first (createdAt desc, id desc). Reads the whole window: for small windows only. */
  list(query: JournalListQuery): Promise<JournalEntry[]>;
  /**
   * At most `limit` rows matching every condition, newest first (createdAt desc, then id desc
   * compared byte-wise, as JavaScript compares ids), strictly after `after`: the keyset page the
   * merged history reads. Indexes on (created_at, id) and (connection_id, created_at, id) serve
   * it, so it reads about `limit` rows however large the journal is (asset, status and exchange
   * conditions skip the rows they refuse as the scan goes).
   */
  listPage(query: JournalPageQuery): Promise<JournalEntry[]>;
  close(): Promise<void>;
}
