import { TransferSource, TransferStatus } from "../domain/enums.js";
import type { ExchangeTransfer, TransferRecord } from "../domain/transfer.js";
import type { JournalEntry, JournalStatus } from "./journal.js";
import { exchangeRecordId } from "./transferIds.js";

/** The public status of a journal status: an intent, or one being sent, is shown as PENDING. */
function publicStatus(status: JournalStatus): TransferStatus {
  return status === "INTENT" || status === "SENDING" ? TransferStatus.PENDING : TransferStatus[status];
}

/** A journal row as clients see it (source JOURNAL). */
export function journalRecord(entry: JournalEntry): TransferRecord {
  return {
    id: entry.id,
    connectionId: entry.connectionId,
    exchange: entry.exchange,
    exchangeTransferId: entry.exchangeTransferId,
    asset: entry.asset,
    amount: entry.amount,
    from: entry.from,
    to: entry.to,
    subAccountEmail: entry.subAccountEmail,
    status: publicStatus(entry.status),
    createdAt: new Date(entry.createdAt),
    source: TransferSource.JOURNAL,
    idempotencyKey: entry.idempotencyKey,
    failureReason: entry.failureReason,
  };
}

/** A record of an exchange's own history as clients see it (source EXCHANGE, stable derived id). */
export function exchangeRecord(transfer: ExchangeTransfer): TransferRecord {
  return {
    ...transfer,
    id: exchangeRecordId(transfer.connectionId, transfer.exchangeTransferId),
    source: TransferSource.EXCHANGE,
    idempotencyKey: null,
    failureReason: null,
  };
}
