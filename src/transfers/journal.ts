import type { Decimal } from "decimal.js";
import type { AccountRef } from "../domain/accountRef.js";
import type { Exchange } from "../domain/enums.js";

/**
 * Where a journaled transfer stands. INTENT is written before anything is sent and SENDING
 * (compare-and-set from INTENT by the owner) just before the request leaves; both are shown to
 * clients as PENDING. The other values are the public TransferStatus values.
 */
export type JournalStatus = "INTENT" | "SENDING" | "PENDING" | "CONFIRMED" | "FAILED" | "UNKNOWN";

/** Statuses that can still change (the reconciler looks at these). */
export const UNSETTLED_STATUSES: readonly JournalStatus[] = ["INTENT", "SENDING", "PENDING", "UNKNOWN"];

export function isUnsettled(status: JournalStatus): boolean {
  return UNSETTLED_STATUSES.includes(status);
}

/**
 * Whether the exchange may have been asked to make this transfer. An INTENT row with an owner
 * was never marked SENDING, so its request never left (the owner sends only after that mark).
 * An INTENT row without an owner was written before ownership existed: sent or not, unknown.
 */
export function mayHaveBeenSent(entry: Pick<JournalEntry, "status" | "ownerId">): boolean {
  return !(entry.status === "INTENT" && entry.ownerId !== null);
}

/** Whether the row's owner still holds it at `now` (its lease has not run out). */
export function leaseAlive(entry: Pick<JournalEntry, "leaseUntil">, now: number): boolean {
  return entry.leaseUntil !== null && entry.leaseUntil > now;
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
  /**
   * The instance that will send it (a per-process id), and until when its claim holds unless
   * renewed. The transfer service always sets both; a row without an owner has the meaning rows
   * had before ownership existed (INTENT = maybe sent).
   */
  readonly ownerId?: string | null;
  readonly leaseUntil?: number | null;
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
  /** When the request left (written by `markSending`); null if it never did or was never recorded. */
  readonly sentAt: number | null;
  readonly ownerId: string | null;
  readonly leaseUntil: number | null;
  /** When a reconciler should look at this unsettled row again (null: whenever it likes). */
  readonly nextCheckAt: number | null;
  /** How many reconciliation passes left it unresolved (drives the backoff). */
  readonly checkCount: number;
}

/** The outcome written after the exchange answered (or the reconciler decided). */
export interface JournalOutcome {
  readonly status: Exclude<JournalStatus, "INTENT" | "SENDING">;
  readonly exchangeTransferId?: string | null;
  readonly failureCode?: string | null;
  readonly failureReason?: string | null;
  readonly failureDetail?: Readonly<Record<string, string>> | null;
  readonly sentAt?: number | null;
  readonly updatedAt: number;
}

/**
 * Extra conditions of a `complete`, checked in the same atomic write: the reconciler writes a
 * verdict drawn from absence only if the row is still as it saw it and nobody holds it.
 */
export interface CompleteCondition {
  /** The row must still have one of these statuses. */
  readonly statuses?: readonly JournalStatus[];
  /** The row's lease must have run out by this time (or it has none). */
  readonly leaseExpiredAt?: number;
}

/** The owner's claim written by `markSending`. */
export interface SendingClaim {
  readonly ownerId: string;
  readonly sentAt: number;
  readonly leaseUntil: number;
}

export interface UnsettledQuery {
  /**
   * Only rows a reconciler may judge at this time: no live lease (lease_until null or ≤ dueAt)
   * and no later check planned (next_check_at null or ≤ dueAt).
   */
  readonly dueAt?: number;
  readonly connectionIds?: readonly string[];
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
 *
 * Ownership: the instance that creates a row owns it and holds a lease it renews while the
 * transfer is queued or being sent; it marks the row SENDING (compare-and-set) just before the
 * request leaves, and never sends if that fails. Reconcilers judge only rows whose lease ran out.
 * Idempotency keys are compared as exact text (byte for byte), never collated or normalized.
 */
export interface TransferJournal {
  /**
   * Atomically claims the intent's idempotency key: inserts the row if the key is new
   * (`created: true`), otherwise returns the row already holding the key untouched. Throws for
   * a key that is not well-formed text (see `checkStorableKey`) before writing anything.
   */
  begin(intent: JournalIntent): Promise<{ entry: JournalEntry; created: boolean }>;
  /**
   * INTENT → SENDING, only if the row is still INTENT and owned by `claim.ownerId` (whether or
   * not its lease ran out: nobody has taken it over while it is INTENT and owned). Writes sentAt
   * and the renewed lease. Returns the row afterwards, or null when the row was not ours to send.
   */
  markSending(id: string, claim: SendingClaim): Promise<JournalEntry | null>;
  /** Extends the lease of the owner's rows that are still INTENT or SENDING; returns their ids. */
  renewLeases(ownerId: string, ids: readonly string[], leaseUntil: number): Promise<string[]>;
  /**
   * Writes an outcome, but only while the row is unsettled (INTENT/SENDING/PENDING/UNKNOWN) and
   * `onlyIf` holds: a settled row is never rewritten, so a late answer and the reconciler cannot
   * overwrite each other. Drops the row's lease. Returns the row as it is afterwards and whether
   * this call changed it; null if no such row. Throws if the exchange transfer id is another
   * row's of the same connection.
   */
  complete(id: string, outcome: JournalOutcome, onlyIf?: CompleteCondition): Promise<{ entry: JournalEntry; updated: boolean } | null>;
  /** Plans the next reconciliation look at an unsettled row and counts one more unresolved pass. */
  postponeCheck(id: string, nextCheckAt: number): Promise<void>;
  get(id: string): Promise<JournalEntry | null>;
  findByKey(idempotencyKey: string): Promise<JournalEntry | null>;
  findByExchangeTransferId(connectionId: string, exchangeTransferId: string): Promise<JournalEntry | null>;
  /** The rows of a connection holding any of these exchange transfer ids. */
  findByExchangeTransferIds(connectionId: string, exchangeTransferIds: readonly string[]): Promise<JournalEntry[]>;
  /** INTENT, SENDING, PENDING and UNKNOWN rows, oldest first. */
  listUnsettled(query?: UnsettledQuery): Promise<JournalEntry[]>;
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
