import type { SnapshotCache } from "../cache/snapshotCache.js";
import type { CompleteCondition, JournalEntry, JournalOutcome, TransferJournal } from "./journal.js";

/**
 * Writes a transfer's outcome to the journal. When the status changes, the connection's
 * snapshots are dropped first: the transfer may have moved balances (or the exchange has just
 * shown that it did), and whoever hears of the change — live updates publish it from the
 * journal, the next query — must read after it. The one place where a transfer drops its
 * connection's snapshots: the transfer service and its reconciler write every outcome here.
 */
export function completeTransfer(
  deps: { readonly journal: TransferJournal; readonly cache: Pick<SnapshotCache, "invalidate"> },
  entry: JournalEntry,
  outcome: JournalOutcome,
  onlyIf?: CompleteCondition,
): ReturnType<TransferJournal["complete"]> {
  if (outcome.status !== entry.status) deps.cache.invalidate(entry.connectionId);
  return deps.journal.complete(entry.id, outcome, onlyIf);
}
