import type { SnapshotCache } from "../cache/snapshotCache.js";
import { TransferStatus } from "../domain/enums.js";
import type { ExchangeTransfer } from "../domain/transfer.js";
import type { Logger } from "../observability/logger.js";
import type { ConnectorRegistry } from "./connectorRegistry.js";
import type { JournalEntry, JournalOutcome, TransferJournal } from "./journal.js";
import { matchJournalToExchange } from "./matchJournalToExchange.js";
import { exchangeRecordId } from "./transferIds.js";

export const NOT_IN_HISTORY_REASON =
  "Not found in the exchange's transfer history after the settle delay: the exchange did not make this transfer.";
export const FAILED_IN_HISTORY_REASON = "The exchange's transfer history shows this transfer as failed.";

export interface ReconcileReport {
  /** Unsettled rows looked at. */
  checked: number;
  confirmed: number;
  failed: number;
  /** Still INTENT, PENDING or UNKNOWN (not yet visible, history unreachable, connection gone). */
  unresolved: number;
}

export interface ReconcilerDeps {
  readonly journal: TransferJournal;
  readonly connectors: ConnectorRegistry;
  readonly cache: Pick<SnapshotCache, "invalidate">;
  readonly logger: Logger;
  readonly now: () => number;
  /** Match tolerance between send time and the exchange's record time, and the history margin. */
  readonly windowMs: number;
  /** After this long without a match a row is FAILED: the exchange's history would show it by now. */
  readonly settleDelayMs: number;
  /** Rows this process is sending right now; their own answer settles them, not the reconciler. */
  readonly isInFlight: (entry: JournalEntry) => boolean;
}

export interface Reconciler {
  /** Settles the given rows against their exchanges' histories. */
  reconcileEntries(entries: readonly JournalEntry[]): Promise<ReconcileReport>;
  /**
   * Writes the rows a history read matched (used by the history reader too, so a list never
   * shows an unsettled row next to its own exchange record). Returns the rows after writing.
   */
  settleMatches(matches: ReadonlyMap<JournalEntry, ExchangeTransfer>): Promise<JournalEntry[]>;
}

function outcomeOf(record: ExchangeTransfer, updatedAt: number): JournalOutcome {
  switch (record.status) {
    case TransferStatus.FAILED:
      return { status: "FAILED", exchangeTransferId: record.exchangeTransferId, failureReason: FAILED_IN_HISTORY_REASON, updatedAt };
    case TransferStatus.CONFIRMED:
      return { status: "CONFIRMED", exchangeTransferId: record.exchangeTransferId, updatedAt };
    default:
      return { status: "PENDING", exchangeTransferId: record.exchangeTransferId, updatedAt };
  }
}

/**
 * Settles transfers whose outcome Coffer does not know — UNKNOWN after a timeout, INTENT left
 * by a crash (sent or not: the two cannot be told apart, so neither is ever resent), PENDING
 * waiting for the exchange — by reading the exchange's history: a matching record settles the
 * row to that record's status and id; no match once the settle delay has passed means the
 * exchange never made it (FAILED); otherwise the row waits for the next pass. Absence is only
 * taken as proof for the connection's own wallets: a sub-account transfer that is not found
 * stays UNKNOWN (and is logged), because the histories read do not list such transfers.
 */
export function createReconciler(deps: ReconcilerDeps): Reconciler {
  const { journal, connectors, logger } = deps;

  async function write(entry: JournalEntry, outcome: JournalOutcome): Promise<JournalEntry> {
    try {
      const result = await journal.complete(entry.id, outcome);
      if (result?.updated) {
        logger.info(
          { transferId: entry.id, connectionId: entry.connectionId, status: outcome.status, exchangeTransferId: outcome.exchangeTransferId ?? null },
          "transfer reconciled",
        );
      }
      return result?.entry ?? entry;
    } catch (error) {
      logger.error({ transferId: entry.id, err: error instanceof Error ? error.message : String(error) }, "could not write a reconciled outcome");
      return entry;
    }
  }

  async function settleMatches(matches: ReadonlyMap<JournalEntry, ExchangeTransfer>): Promise<JournalEntry[]> {
    const written: JournalEntry[] = [];
    for (const [entry, record] of matches) written.push(await write(entry, outcomeOf(record, deps.now())));
    return written;
  }

  async function reconcileConnection(connectionId: string, entries: readonly JournalEntry[], report: ReconcileReport): Promise<void> {
    const connector = connectors.get(connectionId);
    if (!connector) {
      logger.warn({ connectionId, count: entries.length }, "unsettled transfers of a connection that is not configured; left as they are");
      report.unresolved += entries.length;
      return;
    }
    const now = deps.now();
    const oldest = Math.min(...entries.map((e) => e.createdAt));
    const since = oldest - deps.windowMs;
    const until = now + deps.windowMs;
    let history: ExchangeTransfer[];
    try {
      history = await connector.transferHistory({ since: new Date(since), until: new Date(until) });
    } catch (error) {
      logger.warn({ connectionId, err: error instanceof Error ? error.message : String(error) }, "transfer history unavailable; reconciliation postponed");
      report.unresolved += entries.length;
      return;
    }
    history = history.filter((r) => r.connectionId === connectionId);
    // Exchange records other journal rows already own can never be this row's transfer.
    const owned = await journal.list({ connectionIds: [connectionId], since: since - deps.windowMs, until });
    const claimed = new Set<string>();
    for (const row of owned) if (row.exchangeTransferId !== null) claimed.add(exchangeRecordId(connectionId, row.exchangeTransferId));

    const withId = entries.filter((e) => e.exchangeTransferId !== null);
    const withoutId = entries.filter((e) => e.exchangeTransferId === null);
    const matched = matchJournalToExchange(withoutId, history, { windowMs: deps.windowMs, claimed });
    let changed = false;

    for (const entry of entries) {
      let after: JournalEntry = entry;
      const known = entry.exchangeTransferId !== null ? history.find((r) => r.exchangeTransferId === entry.exchangeTransferId) : undefined;
      const record = known ?? matched.get(entry.id);
      if (record && (record.status !== TransferStatus.PENDING || entry.status !== "PENDING")) {
        after = await write(entry, outcomeOf(record, deps.now()));
      } else if (!record && !withId.includes(entry) && now - (entry.sentAt ?? entry.createdAt) >= deps.settleDelayMs) {
        if (entry.subAccountEmail === null) {
          after = await write(entry, { status: "FAILED", failureReason: NOT_IN_HISTORY_REASON, updatedAt: deps.now() });
        } else {
          // The histories Coffer reads are the master account's (Binance lists no sub-account
          // margin transfers there): absence proves nothing, so the row stays UNKNOWN.
          logger.warn({ transferId: entry.id, connectionId }, "sub-account transfer not in the history; left UNKNOWN for a manual check");
        }
      }
      if (after.status === "CONFIRMED") report.confirmed++;
      else if (after.status === "FAILED") report.failed++;
      else report.unresolved++;
      if (after.status !== entry.status) changed = true;
    }
    if (changed) deps.cache.invalidate(connectionId);
  }

  async function reconcileEntries(entries: readonly JournalEntry[]): Promise<ReconcileReport> {
    const report: ReconcileReport = { checked: 0, confirmed: 0, failed: 0, unresolved: 0 };
    const byConnection = new Map<string, JournalEntry[]>();
    for (const entry of entries) {
      if (entry.status !== "INTENT" && entry.status !== "PENDING" && entry.status !== "UNKNOWN") continue;
      if (deps.isInFlight(entry)) continue;
      report.checked++;
      const list = byConnection.get(entry.connectionId) ?? [];
      list.push(entry);
      byConnection.set(entry.connectionId, list);
    }
    for (const [connectionId, list] of byConnection) await reconcileConnection(connectionId, list, report);
    return report;
  }

  return { reconcileEntries, settleMatches };
}
