import type { SnapshotCache } from "../cache/snapshotCache.js";
import { TransferStatus } from "../domain/enums.js";
import type { ExchangeTransfer } from "../domain/transfer.js";
import type { Logger } from "../observability/logger.js";
import { completeTransfer } from "./completeTransfer.js";
import type { ConnectorRegistry } from "./connectorRegistry.js";
import { isUnsettled, leaseAlive, mayHaveBeenSent, type CompleteCondition, type JournalEntry, type JournalOutcome, type TransferJournal } from "./journal.js";
import { AMBIGUOUS_MATCH_REASON, couldBeSameTransfer, matchJournalRows } from "./matchJournalToExchange.js";
import { exchangeRecordId } from "./transferIds.js";
import { knownExchangeTransferId } from "./transferOutcome.js";

export const NOT_IN_HISTORY_REASON = "Not found in the exchange's transfer history after the settle delay: the exchange did not make this transfer.";
const FAILED_IN_HISTORY_REASON = "The exchange's transfer history shows this transfer as failed.";
export const NEVER_SENT_REASON =
  "Never sent: the Coffer instance that took this transfer stopped before sending it and its claim ran out, so the exchange was never asked. Use a new idempotencyKey to try again.";
export const SUB_ACCOUNT_MANUAL_CHECK_REASON =
  "Needs a manual check: the exchange keeps no master-side record of sub-account margin transfers, so Coffer cannot see whether this transfer was made. Coffer no longer polls for it; check the sub-account's margin account on the exchange.";
export { AMBIGUOUS_MATCH_REASON };
export const OWNER_LOST_REASON =
  "The Coffer instance sending this transfer stopped before recording the exchange's answer; it is never sent again and will be settled against the exchange's history.";

export interface ReconcileReport {
  /** Unsettled rows looked at. */
  checked: number;
  confirmed: number;
  failed: number;
  /** Still unsettled (not yet visible, history unreachable, connection gone). */
  unresolved: number;
}

export interface ReconcilerDeps {
  readonly journal: TransferJournal;
  readonly connectors: ConnectorRegistry;
  /** Dropped for a connection when a row of it changes status (see completeTransfer). */
  readonly cache: Pick<SnapshotCache, "invalidate">;
  readonly logger: Logger;
  readonly now: () => number;
  /** Match tolerance between send time and the exchange's record time; half the history read around a row. */
  readonly windowMs: number;
  /** After this long without a match a row is FAILED: the exchange's history would show it by now. */
  readonly settleDelayMs: number;
  /** Rows this process holds (it is sending them); their own answer settles them. */
  readonly isHeld: (entry: JournalEntry) => boolean;
  /** First wait before looking again at a row left unresolved; doubles each pass (default 1 s). */
  readonly backoffBaseMs?: number;
  /** Longest wait between two looks at an unresolved row (default 1 h). */
  readonly backoffMaxMs?: number;
  /** Longest history read for one group of rows (default 6 h); longer spans are read as several groups. */
  readonly maxHistoryWindowMs?: number;
  /** How much nearer in time one candidate record must be to win over another (default 5 s); else the row is ambiguous. */
  readonly clearMarginMs?: number;
  /** Wait before looking again at a row left for a manual check (default 7 days): it is practically no longer polled. */
  readonly manualCheckBackoffMs?: number;
}

export interface Reconciler {
  /** Settles the given rows against their exchanges' histories (rows someone holds are skipped). */
  reconcileEntries(entries: readonly JournalEntry[]): Promise<ReconcileReport>;
  /** Settles the rows that are due: no live lease, next planned look reached. */
  reconcileDue(): Promise<ReconcileReport>;
  /**
   * Writes the rows a history read matched (used by the history reader too, so a list never
   * shows an unsettled row next to its own exchange record). Returns the rows after writing.
   */
  settleMatches(matches: ReadonlyMap<JournalEntry, ExchangeTransfer>): Promise<JournalEntry[]>;
  /** An owned INTENT row whose lease ran out was never sent: FAILED, if still so. Returns the row after. */
  failUnsent(entry: JournalEntry): Promise<JournalEntry>;
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

/** When the row's request left (or, for a row from before that was recorded, when it was made). */
function sentTime(entry: JournalEntry): number {
  return entry.sentAt ?? entry.createdAt;
}

interface Group {
  since: number;
  until: number;
  readonly entries: JournalEntry[];
}

/**
 * Settles transfers whose outcome Coffer does not know, by reading the exchange's history —
 * never the rows an instance still holds (a live lease, whoever's):
 * - INTENT with an owner whose lease ran out: never marked SENDING, so never sent → FAILED at
 *   once, no history read (compare-and-set: the owner can no longer send it after that).
 * - SENDING whose lease ran out (its instance died after sending), UNKNOWN after a timeout,
 *   PENDING waiting for the exchange, INTENT from before ownership existed (sent or not): a
 *   matching record settles the row to that record's status and id; no match once the settle
 *   delay has passed since sending means the exchange never made it (FAILED); otherwise the row
 *   waits (a dead owner's SENDING row becomes UNKNOWN meanwhile).
 * History is read in bounded windows around each row's send time (rows whose windows overlap
 * share one read), which exchange records other rows own is asked of the journal by id, and a
 * row left unresolved is looked at again after an exponential backoff, so an old row costs no
 * upstream call on most passes. One exchange record never settles two rows; a record a live
 * row could also be is left alone until that row is settled. Absence is only taken as proof
 * for the connection's own wallets: a sub-account transfer that is not found stays UNKNOWN.
 */
export function createReconciler(deps: ReconcilerDeps): Reconciler {
  const { journal, connectors, logger } = deps;
  const backoffBaseMs = deps.backoffBaseMs ?? 1_000;
  const backoffMaxMs = deps.backoffMaxMs ?? 60 * 60 * 1000;
  const manualCheckBackoffMs = deps.manualCheckBackoffMs ?? 7 * 24 * 60 * 60 * 1000;
  const maxSpanMs = Math.max(deps.maxHistoryWindowMs ?? 6 * 60 * 60 * 1000, 4 * deps.windowMs);

  async function write(entry: JournalEntry, outcome: JournalOutcome, onlyIf?: CompleteCondition): Promise<JournalEntry> {
    try {
      const result = await completeTransfer(deps, entry, outcome, onlyIf);
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

  async function failUnsent(entry: JournalEntry): Promise<JournalEntry> {
    const now = deps.now();
    return write(entry, { status: "FAILED", failureReason: NEVER_SENT_REASON, updatedAt: now }, { statuses: ["INTENT"], leaseExpiredAt: now });
  }

  async function postpone(entry: JournalEntry, now: number): Promise<void> {
    let next = now + Math.min(backoffMaxMs, backoffBaseMs * 2 ** Math.min(entry.checkCount, 40));
    // Never later than the moment absence becomes a verdict.
    const deadline = sentTime(entry) + deps.settleDelayMs;
    if (deadline > now) next = Math.min(next, deadline);
    // A row only a person can settle is not polled again for a long while.
    else if (entry.failureReason === SUB_ACCOUNT_MANUAL_CHECK_REASON) next = now + manualCheckBackoffMs;
    try {
      await journal.postponeCheck(entry.id, next);
    } catch (error) {
      logger.warn({ transferId: entry.id, err: error instanceof Error ? error.message : String(error) }, "could not plan the next reconciliation look");
    }
  }

  async function settleMatches(matches: ReadonlyMap<JournalEntry, ExchangeTransfer>): Promise<JournalEntry[]> {
    const written: JournalEntry[] = [];
    for (const [entry, record] of matches) {
      // A row never sent cannot be any record; a row someone holds is settled by its owner.
      const judgeable = mayHaveBeenSent(entry) && !leaseAlive(entry, deps.now()) && !deps.isHeld(entry);
      written.push(judgeable ? await write(entry, outcomeOf(record, deps.now())) : entry);
    }
    return written;
  }

  /** Rows grouped so that each group's history read is one bounded window covering every row's own. */
  function groupsOf(entries: readonly JournalEntry[]): Group[] {
    const groups: Group[] = [];
    for (const entry of [...entries].sort((a, b) => sentTime(a) - sentTime(b))) {
      const since = sentTime(entry) - deps.windowMs;
      const until = sentTime(entry) + deps.windowMs;
      const last = groups[groups.length - 1];
      if (last && since <= last.until && Math.max(until, last.until) - last.since <= maxSpanMs) {
        last.until = Math.max(last.until, until);
        last.entries.push(entry);
      } else {
        groups.push({ since, until, entries: [entry] });
      }
    }
    return groups;
  }

  async function reconcileConnection(connectionId: string, entries: readonly JournalEntry[], report: ReconcileReport, used: Set<string>): Promise<void> {
    const connector = connectors.get(connectionId);
    if (!connector) {
      logger.warn({ connectionId, count: entries.length }, "unsettled transfers of a connection that is not configured; left as they are");
      for (const entry of entries) await postpone(entry, deps.now());
      report.unresolved += entries.length;
      return;
    }
    const judged = new Set(entries.map((e) => e.id));
    // Every unsettled row of the connection (few): live ones compete for records, idle ones match along.
    const others = (await journal.listUnsettled({ connectionIds: [connectionId] })).filter((e) => !judged.has(e.id) && mayHaveBeenSent(e));
    /** Rows written in this pass (a bystander may fall in two groups' windows). */
    const settled = new Set<string>();

    for (const group of groupsOf(entries)) {
      let history: ExchangeTransfer[];
      try {
        history = await connector.transferHistory({ since: new Date(group.since), until: new Date(group.until) });
      } catch (error) {
        logger.warn({ connectionId, err: error instanceof Error ? error.message : String(error) }, "transfer history unavailable; reconciliation postponed");
        for (const entry of group.entries) await postpone(entry, deps.now());
        report.unresolved += group.entries.length;
        continue;
      }
      history = history.filter((r) => r.connectionId === connectionId);
      const now = deps.now();
      const recordId = (r: ExchangeTransfer) => exchangeRecordId(connectionId, r.exchangeTransferId);
      // Exchange records other journal rows already own can never be these rows' transfers.
      const ownerOf = new Map<string, string>();
      for (const owner of await journal.findByExchangeTransferIds(
        connectionId,
        history.map((r) => r.exchangeTransferId),
      )) {
        ownerOf.set(exchangeRecordId(connectionId, owner.exchangeTransferId!), owner.id);
      }
      const claimed = new Set<string>([...used, ...ownerOf.keys()]);
      const free = (r: ExchangeTransfer) => !claimed.has(recordId(r));
      const couldMatch = (e: JournalEntry, r: ExchangeTransfer) => couldBeSameTransfer(e, r) && Math.abs(r.createdAt.getTime() - sentTime(e)) <= deps.windowMs;
      const live = others.filter((o) => leaseAlive(o, now) || deps.isHeld(o));
      const contested = (e: JournalEntry) => history.some((r) => free(r) && couldMatch(e, r) && live.some((l) => couldMatch(l, r)));
      // Idle rows whose whole window this read covers take part in the matching (never judged by absence here).
      const bystanders = others.filter(
        (o) =>
          !settled.has(o.id) &&
          !live.includes(o) &&
          knownExchangeTransferId(o) === null &&
          sentTime(o) - deps.windowMs >= group.since &&
          sentTime(o) + deps.windowMs <= group.until,
      );
      const matchable = [...group.entries, ...bystanders].filter((e) => knownExchangeTransferId(e) === null && !contested(e));
      const { matched, ambiguous } = matchJournalRows(matchable, history, {
        windowMs: deps.windowMs,
        claimed,
        ...(deps.clearMarginMs !== undefined ? { clearMarginMs: deps.clearMarginMs } : {}),
      });

      for (const entry of [...group.entries, ...bystanders]) {
        const isJudged = judged.has(entry.id);
        const knownId = knownExchangeTransferId(entry);
        let record = knownId !== null ? history.find((r) => r.exchangeTransferId === knownId) : matched.get(entry.id);
        if (record && knownId !== null) {
          const owner = ownerOf.get(recordId(record));
          if ((owner !== undefined && owner !== entry.id) || used.has(recordId(record))) {
            logger.error(
              { transferId: entry.id, connectionId, exchangeTransferId: knownId, ownedBy: owner ?? null },
              "the exchange record of this transfer belongs to another journal row; left unsettled for a manual check",
            );
            record = undefined;
          }
        }
        let after = entry;
        if (record) {
          used.add(recordId(record));
          if (record.status !== TransferStatus.PENDING || entry.status !== "PENDING") after = await write(entry, outcomeOf(record, deps.now()));
        } else if (isJudged && ambiguous.has(entry.id)) {
          // Two or more records are equally plausible: never guess; say so and look again later.
          logger.warn(
            { transferId: entry.id, connectionId, candidates: ambiguous.get(entry.id)!.map((r) => r.exchangeTransferId) },
            "transfer matches more than one exchange record equally well; left UNKNOWN for a manual check",
          );
          if (entry.failureReason !== AMBIGUOUS_MATCH_REASON && entry.status !== "PENDING") {
            after = await write(entry, { status: "UNKNOWN", failureReason: AMBIGUOUS_MATCH_REASON, updatedAt: deps.now() }, { statuses: [entry.status], leaseExpiredAt: now });
          }
        } else if (isJudged && knownId === null && !contested(entry) && now - sentTime(entry) >= deps.settleDelayMs) {
          if (entry.subAccountEmail === null) {
            after = await write(entry, { status: "FAILED", failureReason: NOT_IN_HISTORY_REASON, updatedAt: deps.now() }, { statuses: [entry.status], leaseExpiredAt: now });
          } else {
            // The histories Coffer reads are the master account's (the exchange lists no sub-account
            // margin transfers there): absence proves nothing, so the row stays UNKNOWN, says
            // why, and is no longer polled (a long backoff) — only a person can settle it.
            logger.warn({ transferId: entry.id, connectionId }, "sub-account transfer not in the history; left UNKNOWN for a manual check");
            if (entry.failureReason !== SUB_ACCOUNT_MANUAL_CHECK_REASON) {
              after = await write(
                entry,
                { status: "UNKNOWN", failureReason: SUB_ACCOUNT_MANUAL_CHECK_REASON, updatedAt: deps.now() },
                { statuses: [entry.status], leaseExpiredAt: now },
              );
            }
          }
        }
        if (isJudged && after.status === "SENDING") {
          // Its instance died after sending: the outcome is unknown until the history shows it.
          after = await write(entry, { status: "UNKNOWN", failureReason: OWNER_LOST_REASON, updatedAt: deps.now() }, { statuses: ["SENDING"], leaseExpiredAt: now });
        }
        if (!isUnsettled(after.status)) settled.add(entry.id);
        if (!isJudged) continue;
        if (after.status === "CONFIRMED") report.confirmed++;
        else if (after.status === "FAILED") report.failed++;
        else {
          report.unresolved++;
          if (isUnsettled(after.status)) await postpone(after, deps.now());
        }
      }
    }
  }

  async function reconcileEntries(entries: readonly JournalEntry[]): Promise<ReconcileReport> {
    const report: ReconcileReport = { checked: 0, confirmed: 0, failed: 0, unresolved: 0 };
    const now = deps.now();
    const byConnection = new Map<string, JournalEntry[]>();
    for (const entry of entries) {
      if (!isUnsettled(entry.status)) continue;
      if (deps.isHeld(entry) || leaseAlive(entry, now)) continue;
      report.checked++;
      if (!mayHaveBeenSent(entry)) {
        const after = await failUnsent(entry);
        if (after.status === "FAILED") report.failed++;
        else if (after.status === "CONFIRMED") report.confirmed++;
        else report.unresolved++;
        continue;
      }
      const list = byConnection.get(entry.connectionId) ?? [];
      list.push(entry);
      byConnection.set(entry.connectionId, list);
    }
    const used = new Set<string>();
    for (const [connectionId, list] of byConnection) await reconcileConnection(connectionId, list, report, used);
    return report;
  }

  return {
    reconcileEntries,
    reconcileDue: async () => reconcileEntries(await journal.listUnsettled({ dueAt: deps.now() })),
    settleMatches,
    failUnsent,
  };
}
