import type { Decimal } from "decimal.js";
import type { AccountRef } from "./accountRef.js";
import type { Exchange, SymbolRequirement, TransferSource, TransferStatus } from "./enums.js";

/**
 * A transfer a client asks for, named by its idempotency key: the one shape of the command
 * from the GraphQL layer through the transfer service to a connector. The service checks and
 * normalizes it (asset upper-case, symbols, email) before a connector sees it.
 */
export interface TransferRequest {
  readonly connectionId: string;
  readonly asset: string;
  readonly amount: Decimal;
  readonly from: AccountRef;
  readonly to: AccountRef;
  readonly subAccountEmail: string | null;
  /** The client's name for this one transfer; never part of what is compared as "the same input". */
  readonly idempotencyKey: string;
}

/** What an exchange answered to an accepted transfer. */
export interface TransferReceipt {
  readonly exchangeTransferId: string;
  /** Most transfers settle at once (CONFIRMED); some exchanges answer PENDING. */
  readonly status: TransferStatus;
}

/** A transfer as Coffer shows it: from its journal, from an exchange's history, or both merged. */
export interface TransferRecord {
  readonly id: string;
  readonly connectionId: string;
  readonly exchange: Exchange;
  readonly exchangeTransferId: string | null;
  readonly asset: string;
  readonly amount: Decimal;
  readonly from: AccountRef;
  readonly to: AccountRef;
  readonly subAccountEmail: string | null;
  readonly status: TransferStatus;
  readonly createdAt: Date;
  readonly source: TransferSource;
  readonly idempotencyKey: string | null;
  readonly failureReason: string | null;
}

/** A transfer read from an exchange's own history (no Coffer id yet). */
export type ExchangeTransfer = Omit<TransferRecord, "id" | "source" | "idempotencyKey" | "failureReason"> & {
  readonly exchangeTransferId: string;
  /**
   * The history names both sides exactly: a null symbol is the cross/shared account, not "not
   * said". Absent or false: a null symbol may be any account of that type (matched on type only).
   */
  readonly symbolsExact?: boolean;
};

/** A (from, to) pair a connection accepts, with what each side needs. */
export interface TransferRoute {
  readonly from: AccountRef;
  readonly to: AccountRef;
  /** Whether `from.symbol` is taken: NONE, REQUIRED or OPTIONAL. */
  readonly fromSymbol: SymbolRequirement;
  readonly toSymbol: SymbolRequirement;
  /** `fromSymbol` is REQUIRED (kept for clients of the first contract). */
  readonly fromNeedsSymbol: boolean;
  readonly toNeedsSymbol: boolean;
  readonly needsSubAccountEmail: boolean;
}
