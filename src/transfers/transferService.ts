import { randomUUID } from "node:crypto";
import type { SnapshotCache } from "../cache/snapshotCache.js";
import type { ExchangeConnector } from "../exchanges/exchange.js";
import { formatDecimal } from "../domain/decimal.js";
import { TransferStatus } from "../domain/enums.js";
import { AppError, BadUserInputError, ErrorCode, IdempotencyConflictError, InternalError, invariant, NotFoundError, TransferInProgressError } from "../domain/errors.js";
import type { TransferRecord, TransferRequest, TransferRoute } from "../domain/transfer.js";
import type { Logger } from "../observability/logger.js";
import type { CofferMetrics } from "../observability/metrics.js";
import { completeTransfer } from "./completeTransfer.js";
import type { ConnectorRegistry } from "./connectorRegistry.js";
import { transferFingerprint } from "./fingerprint.js";
import { createHistoryReader, DEFAULT_HISTORY_WINDOW_MS, type HistoryPage, type HistoryQuery } from "./historyReader.js";
import { isUnsettled, leaseAlive, mayHaveBeenSent, type JournalEntry, type JournalOutcome, type TransferJournal } from "./journal.js";
import { createReconciler, type ReconcileReport } from "./reconciler.js";
import { journalRecord } from "./records.js";
import { checkIdempotencyKey, normalizeTransferRequest } from "./transferInput.js";
import { ACCEPTED_ID_DETAIL, classifySendError, notJournaledReason, replayedFailure } from "./transferOutcome.js";
import { DEFAULT_TUNING } from "../settings/tuning.js";

export interface TransferResult {
  readonly transfer: TransferRecord;
  /** True when this answer is an earlier call's result for the same idempotency key. */
  readonly replayed: boolean;
}

export interface TransferServiceOptions {
  readonly journal: TransferJournal;
  readonly connectors: ConnectorRegistry;
  /** Dropped for a connection when one of its transfers' status changes (see completeTransfer). */
  readonly cache: Pick<SnapshotCache, "invalidate">;
  readonly logger: Logger;
  /** Where every `transfer` call is counted, by connection and outcome (none when absent). */
  readonly metrics?: Pick<CofferMetrics, "transfers">;
  /** Epoch ms; tests move it. */
  readonly now?: () => number;
  /** Match tolerance between Coffer's send time and the exchange's record time (default 2 min). */
  readonly reconcileWindowMs?: number;
  /** How long after sending a transfer must show in the exchange's history (default 60 s). */
  readonly settleDelayMs?: number;
  /** Default `transfers` window when the filter has no `since` (default 90 days). */
  readonly historyWindowMs?: number;
  /**
   * When to try to settle a transfer that just became UNKNOWN, in ms after the answer
   * (default: 5 s, then once the settle delay has passed). The periodic reconciler catches
   * whatever these miss. Tests pass [] and call `reconcile` themselves.
   */
  readonly unknownRetryDelaysMs?: readonly number[];
  readonly newId?: () => string;
  /** This instance's name in the journal's owner column (default: a random UUID per service). */
  readonly ownerId?: string;
  /**
   * How long this instance's claim on a transfer it is queuing or sending holds without renewal
   * (default 30 s; renewed every third of it). When an instance dies, its rows wait this long
   * before another instance's reconciler judges them.
   */
  readonly leaseMs?: number;
  /**
   * After an exchange's asset list could not be read, how long transfers on that connection
   * skip the check instead of trying the list again (default 60 s): a list that is down costs
   * one failed read a minute, not retries on every transfer.
   */
  readonly assetListRetryMs?: number;
  /** Backoff of rows the reconciler leaves unresolved: first wait and longest wait (default 1 s, 1 h). */
  readonly reconcileBackoffBaseMs?: number;
  readonly reconcileBackoffMaxMs?: number;
  /** Longest history read for one group of unsettled rows whose windows overlap (default 6 h, at least 4 match windows). */
  readonly reconcileMaxHistoryWindowMs?: number;
}

/**
 * Moves funds through one connector and remembers it: the API the GraphQL layer wires.
 *
 * `transfer` answers:
 * - Invalid input (blank/over-long key, a key that is not exact text such as one with a lone
 *   surrogate or a control character, unknown connection, bad asset, amount ≤ 0, a route,
 *   symbol or precision the connector refuses) → the typed error, before anything is
 *   journaled or sent.
 * - Accepted by the exchange → the CONFIRMED (or PENDING) record, `replayed: false`.
 * - Refused (UPSTREAM_REJECTED, INSUFFICIENT_BALANCE, a failure that proves nothing left such
 *   as RATE_LIMITED or UPSTREAM_UNAVAILABLE without outcomeUnknown) → the typed error is
 *   thrown, so the client sees its code, AND the row is journaled FAILED with that code: the
 *   key names that one attempt, a replay throws the same error again (the FAILED record is
 *   visible in `transfers`), and a new attempt needs a new key.
 * - Outcome unknown (timeout after sending, an unexpected error) → returned, not thrown:
 *   status UNKNOWN with a failureReason saying it will be reconciled; never resent.
 * - Accepted, but the journal could not record it → returned as UNKNOWN whose failureReason
 *   names the exchange's transfer id and says it was not recorded; never CONFIRMED unsaid.
 * - Same key, same input: a settled or UNKNOWN/PENDING row is replayed (`replayed: true`,
 *   current state, no exchange call); a call still running in this process is waited for
 *   and its answer shared; an INTENT/SENDING row another instance holds (or a dead one held,
 *   until the reconciler settles it) → TRANSFER_IN_PROGRESS.
 * - Same key, different input → IDEMPOTENCY_CONFLICT, no exchange call.
 *
 * Ownership: the row is written owned by this instance with a lease, renewed on a timer while
 * the transfer is queued or being sent; right before the request leaves (inside the
 * connector, after its rate-limit wait) the row is marked SENDING by compare-and-set, and if
 * that fails (another instance's reconciler failed the row after the lease ran out) nothing is
 * sent. Reconcilers — this instance's and every other's — judge only rows whose lease ran out.
 */
export interface TransferService {
  transfer(request: TransferRequest): Promise<TransferResult>;
  /** One transfer by id: a journal id, or the id of an exchange history record (searched within the call cap, stopped by `signal`). Null if unknown. */
  get(id: string, options?: { readonly signal?: AbortSignal }): Promise<TransferRecord | null>;
  /** The merged, paged history (see `HistoryPage` for partial failures). */
  history(query: HistoryQuery): Promise<HistoryPage>;
  /** The routes a connection accepts; NotFoundError for an unknown connection. */
  routes(connectionId: string): readonly TransferRoute[];
  /** Settles one unsettled journal row (nobody holding it) if its exchange's history allows; returns it as it is then. */
  reconcile(id: string): Promise<TransferRecord | null>;
  /** Settles every unsettled row that is due (no live lease, backoff over) and can be (run at start-up and on a timer). */
  reconcileUnsettled(): Promise<ReconcileReport>;
  /** Runs `reconcileUnsettled` every `intervalMs` (replacing an earlier timer). */
  startReconciler(intervalMs: number): void;
  /** Stops the timers, waits for transfers being sent and a running reconciliation; the journal stays open. */
  stop(): Promise<void>;
}

interface Flight {
  readonly fingerprint: string;
  readonly promise: Promise<TransferResult>;
}

const RECEIPT_STATUS: Record<TransferStatus, JournalOutcome["status"]> = {
  [TransferStatus.CONFIRMED]: "CONFIRMED",
  [TransferStatus.PENDING]: "PENDING",
  [TransferStatus.FAILED]: "FAILED",
  [TransferStatus.UNKNOWN]: "UNKNOWN",
};

/** Thrown by the connector's beforeSend hook: the request did not leave. */
class NotSentError extends Error {
  constructor(
    readonly kind: "claim-lost" | "journal",
    readonly journalError: unknown,
  ) {
    super(kind === "claim-lost" ? "the transfer is no longer this instance's to send" : "the journal could not mark the transfer as being sent");
  }
}

const NOT_MARKED_REASON = "Not sent: Coffer could not mark this transfer as being sent in its journal, so it did not send it. Use a new idempotencyKey to try again.";

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createTransferService(options: TransferServiceOptions): TransferService {
  const { journal, connectors, cache, logger } = options;
  const now = options.now ?? Date.now;
  const newId = options.newId ?? randomUUID;
  const ownerId = options.ownerId ?? randomUUID();
  const leaseMs = options.leaseMs ?? DEFAULT_TUNING.reconcile.leaseMs;
  const windowMs = options.reconcileWindowMs ?? DEFAULT_TUNING.reconcile.reconcileWindowMs;
  const settleDelayMs = options.settleDelayMs ?? DEFAULT_TUNING.reconcile.settleDelayMs;
  const retryDelays = options.unknownRetryDelaysMs ?? [Math.min(5_000, settleDelayMs), settleDelayMs + 1_000];

  /** Calls of this process still sending, by idempotency key: the in-process single-flight. */
  const inFlight = new Map<string, Flight>();
  /** Journal rows this process owns and is queuing or sending: their leases are renewed. */
  const held = new Set<string>();
  let renewer: NodeJS.Timeout | null = null;
  let renewing = false;
  const timers = new Set<NodeJS.Timeout>();
  let interval: NodeJS.Timeout | null = null;
  /** Reconciliations run one at a time, so two passes never judge the same row at once. */
  let queue: Promise<unknown> = Promise.resolve();

  const reconciler = createReconciler({
    journal,
    connectors,
    cache,
    logger,
    now,
    windowMs,
    settleDelayMs,
    isHeld: (entry) => held.has(entry.id),
    ...(options.reconcileBackoffBaseMs !== undefined ? { backoffBaseMs: options.reconcileBackoffBaseMs } : {}),
    ...(options.reconcileBackoffMaxMs !== undefined ? { backoffMaxMs: options.reconcileBackoffMaxMs } : {}),
    ...(options.reconcileMaxHistoryWindowMs !== undefined ? { maxHistoryWindowMs: options.reconcileMaxHistoryWindowMs } : {}),
  });
  const reader = createHistoryReader({
    journal,
    connectors,
    reconciler,
    now,
    windowMs,
    historyWindowMs: options.historyWindowMs ?? DEFAULT_HISTORY_WINDOW_MS,
  });

  function connectorOf(connectionId: string): ExchangeConnector {
    const connector = connectors.get(connectionId);
    if (!connector) throw new NotFoundError(`No connection with id ${JSON.stringify(connectionId)} is configured.`);
    return connector;
  }

  function serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  }

  async function renewLeases(): Promise<void> {
    if (renewing || held.size === 0) return;
    renewing = true;
    try {
      const ids = [...held];
      const kept = new Set(await journal.renewLeases(ownerId, ids, now() + leaseMs));
      const lost = ids.filter((id) => held.has(id) && !kept.has(id));
      if (lost.length > 0) logger.debug({ transferIds: lost }, "transfer leases not renewed: the rows are no longer queued or being sent");
    } catch (error) {
      logger.warn({ err: message(error) }, "could not renew the leases of transfers being sent");
    } finally {
      renewing = false;
    }
  }

  function hold(id: string): void {
    held.add(id);
    if (renewer) return;
    renewer = setInterval(() => void renewLeases(), Math.max(1, Math.floor(leaseMs / 3)));
    renewer.unref();
  }

  function release(id: string): void {
    held.delete(id);
    if (held.size === 0 && renewer) {
      clearInterval(renewer);
      renewer = null;
    }
  }

  /** What a call gets for a row another call already created with its key. */
  async function replay(found: JournalEntry, fingerprint: string): Promise<TransferResult> {
    if (found.fingerprint !== fingerprint) {
      throw new IdempotencyConflictError("This idempotencyKey was already used for a transfer with different input; use a new key for a new transfer.");
    }
    let entry = found;
    // Its instance died before sending it: settle it now (never sent) rather than say "in progress".
    if (!mayHaveBeenSent(entry) && !leaseAlive(entry, now()) && !held.has(entry.id)) entry = await reconciler.failUnsent(entry);
    if (entry.status === "INTENT" || entry.status === "SENDING") {
      throw new TransferInProgressError("A transfer with this idempotencyKey is still being sent (or is being reconciled after a restart); ask again shortly.");
    }
    const failure = replayedFailure(entry);
    if (failure) throw failure;
    return { transfer: journalRecord(entry), replayed: true };
  }

  function scheduleReconcile(id: string): void {
    for (const delay of retryDelays) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        reconcileOne(id).catch((error: unknown) => logger.warn({ transferId: id, err: message(error) }, "scheduled reconciliation failed"));
      }, delay);
      timer.unref();
      timers.add(timer);
    }
  }

  /** The row as the outcome would leave it, for when the journal could not be written. */
  function inMemory(entry: JournalEntry, outcome: JournalOutcome): JournalEntry {
    return {
      ...entry,
      status: outcome.status,
      exchangeTransferId: outcome.exchangeTransferId ?? null,
      failureCode: outcome.failureCode ?? null,
      failureReason: outcome.failureReason ?? null,
      failureDetail: outcome.failureDetail ?? null,
      sentAt: outcome.sentAt ?? entry.sentAt,
      updatedAt: outcome.updatedAt,
      leaseUntil: null,
    };
  }

  interface Written {
    readonly entry: JournalEntry;
    readonly updated: boolean;
    /** Why the outcome could not be journaled as it was, if it could not. */
    readonly journalError: unknown;
  }

  async function writeOutcome(entry: JournalEntry, outcome: JournalOutcome): Promise<Written> {
    let journalError: unknown;
    try {
      // Whatever happened may have moved balances: the snapshots are dropped before the write.
      const result = await completeTransfer({ journal, cache }, entry, outcome);
      invariant(result, "the journal row of a transfer being sent is gone");
      return { ...result, journalError: null };
    } catch (error) {
      journalError = error;
    }
    // The exchange has answered; failing the call now would invite a resend with a new key.
    // An accepted transfer is never reported CONFIRMED unrecorded: it is UNKNOWN, its reason
    // names the exchange's id (kept on the row too, if a smaller write still goes through),
    // and the reconciler settles it from the history. Otherwise the row stays SENDING; once
    // this instance lets go of it, its lease runs out and a reconciler takes it from there.
    const accepted = (outcome.status === "CONFIRMED" || outcome.status === "PENDING") && outcome.exchangeTransferId;
    const answer: JournalOutcome = accepted
      ? {
          status: "UNKNOWN",
          failureReason: notJournaledReason(outcome.exchangeTransferId!),
          failureDetail: { [ACCEPTED_ID_DETAIL]: outcome.exchangeTransferId! },
          sentAt: outcome.sentAt ?? null,
          updatedAt: outcome.updatedAt,
        }
      : outcome;
    if (accepted) {
      try {
        const result = await journal.complete(entry.id, answer);
        if (result) return { ...result, journalError };
      } catch {
        // The same failure, most likely; the answer below still says what happened.
      }
    }
    return { entry: inMemory(entry, answer), updated: true, journalError };
  }

  /** The marking failed, so the request did not leave: answer without sending. */
  async function notSent(entry: JournalEntry, error: NotSentError, log: Logger): Promise<TransferResult> {
    if (error.kind === "claim-lost") {
      const current = (await journal.get(entry.id).catch(() => null)) ?? entry;
      log.warn({ status: current.status }, "transfer not sent: its claim was taken over after its lease ran out");
      if (current.status === "INTENT" || current.status === "SENDING") {
        throw new TransferInProgressError("A transfer with this idempotencyKey is being handled by another Coffer instance; ask again shortly.");
      }
      const failure = replayedFailure(current);
      if (failure) throw failure;
      return { transfer: journalRecord(current), replayed: false };
    }
    await journal
      .complete(entry.id, { status: "FAILED", failureCode: ErrorCode.INTERNAL_SERVER_ERROR, failureReason: NOT_MARKED_REASON, updatedAt: now() }, { statuses: ["INTENT"] })
      .catch(() => undefined); // if this fails too, the lease runs out and a reconciler fails the row (never sent)
    log.error({ err: message(error.journalError) }, "transfer not sent: the journal could not mark it as being sent");
    throw new InternalError(NOT_MARKED_REASON);
  }

  async function send(connector: ExchangeConnector, request: TransferRequest, entry: JournalEntry): Promise<TransferResult> {
    const log = logger.child({ transferId: entry.id, connectionId: entry.connectionId, idempotencyKey: entry.idempotencyKey });
    const startedAt = now();
    let sentAt: number | null = null;
    // Runs inside the connector once the rate budget is ours, right before the request leaves.
    const beforeSend = async (): Promise<void> => {
      const at = now();
      let marked: JournalEntry | null;
      try {
        marked = await journal.markSending(entry.id, { ownerId, sentAt: at, leaseUntil: at + leaseMs });
      } catch (error) {
        throw new NotSentError("journal", error);
      }
      if (!marked) throw new NotSentError("claim-lost", null);
      sentAt = at;
    };
    let outcome: JournalOutcome;
    let refusal: { error: unknown } | null = null;
    let unknownCause: unknown = null;
    try {
      const receipt = await connector.transfer(request, { beforeSend });
      outcome = {
        status: RECEIPT_STATUS[receipt.status] ?? "PENDING",
        exchangeTransferId: receipt.exchangeTransferId,
        sentAt: sentAt ?? startedAt,
        updatedAt: now(),
      };
    } catch (error) {
      if (error instanceof NotSentError) return notSent(entry, error, log);
      const failed = classifySendError(error);
      if (failed.kind === "failed") {
        refusal = { error };
        outcome = { status: "FAILED", failureCode: failed.code, failureReason: failed.reason, failureDetail: failed.detail, sentAt: sentAt ?? startedAt, updatedAt: now() };
      } else {
        unknownCause = error;
        outcome = { status: "UNKNOWN", failureReason: failed.reason, sentAt: sentAt ?? startedAt, updatedAt: now() };
      }
    }
    const written = await writeOutcome(entry, outcome);
    const fields = {
      status: written.entry.status,
      exchangeTransferId: written.entry.exchangeTransferId,
      asset: entry.asset,
      amount: formatDecimal(entry.amount),
    };
    // One line per outcome.
    if (written.journalError !== null) {
      log.error(
        { ...fields, exchangeAnswer: outcome.status, answeredExchangeTransferId: outcome.exchangeTransferId ?? null, err: message(written.journalError) },
        "transfer outcome could not be journaled; will reconcile",
      );
    } else if (!written.updated) {
      log.info(fields, "transfer answered after the reconciler had settled it");
    } else if (outcome.status === "FAILED") {
      log.warn({ ...fields, code: outcome.failureCode }, "transfer refused");
    } else if (outcome.status === "UNKNOWN") {
      log.warn({ ...fields, err: message(unknownCause) }, "transfer outcome unknown; will reconcile");
    } else {
      log.info(fields, outcome.status === "CONFIRMED" ? "transfer confirmed" : "transfer pending");
    }
    if (written.entry.status === "UNKNOWN" || written.journalError !== null) scheduleReconcile(entry.id);
    if (written.updated && refusal !== null) throw refusal.error;
    if (!written.updated) {
      // The reconciler settled the row first (it saw the transfer in the history): its word stands.
      const failure = replayedFailure(written.entry);
      if (failure) throw failure;
    }
    return { transfer: journalRecord(written.entry), replayed: false };
  }

  /**
   * Refuses an asset the exchange does not list, before anything is journaled or sent. The
   * list comes from the connector's cache (read once per hours, kept across transfers), so
   * this adds no call to a transfer; when the list cannot be read the transfer goes on and the
   * exchange has the last word.
   */
  /** Per connection: until when the asset list is not asked for again after a failed read. */
  const assetListDownUntil = new Map<string, number>();
  const assetListRetryMs = options.assetListRetryMs ?? DEFAULT_TUNING.assetListRetryMs;

  async function checkListedAsset(connector: ExchangeConnector, request: TransferRequest): Promise<void> {
    if (!connector.listedAssets) return;
    if (now() < (assetListDownUntil.get(request.connectionId) ?? 0)) return;
    let listed: ReadonlySet<string>;
    try {
      listed = await connector.listedAssets();
    } catch (error) {
      assetListDownUntil.set(request.connectionId, now() + assetListRetryMs);
      logger.warn({ connectionId: request.connectionId, err: message(error), retryInMs: assetListRetryMs }, "asset list unavailable; transfers not checked against it meanwhile");
      return;
    }
    assetListDownUntil.delete(request.connectionId);
    if (!listed.has(request.asset)) {
      throw new BadUserInputError(`Asset ${request.asset} is not listed on ${connector.exchange} (connection ${request.connectionId}).`, { argumentName: "asset" });
    }
  }

  async function claimAndSend(connector: ExchangeConnector, request: TransferRequest, key: string, fingerprint: string): Promise<TransferResult> {
    // Unknown asset: refused here, after the pure checks and before journal.begin.
    await checkListedAsset(connector, request);
    const createdAt = now();
    const { entry, created } = await journal.begin({
      id: newId(),
      idempotencyKey: key,
      fingerprint,
      connectionId: request.connectionId,
      exchange: connector.exchange,
      asset: request.asset,
      amount: request.amount,
      from: request.from,
      to: request.to,
      subAccountEmail: request.subAccountEmail,
      createdAt,
      ownerId,
      leaseUntil: createdAt + leaseMs,
    });
    if (!created) return replay(entry, fingerprint);
    hold(entry.id);
    try {
      return await send(connector, request, entry);
    } finally {
      release(entry.id);
    }
  }

  /** Every call is counted here, whoever makes it (the mutation, an operator, a test). */
  async function transfer(request: TransferRequest): Promise<TransferResult> {
    // A label never holds what a client typed: an unknown connection is counted as "unknown".
    const connection = connectors.get(request.connectionId) ? request.connectionId : "unknown";
    try {
      const result = await checkedTransfer(request);
      options.metrics?.transfers.inc({ connection, status: result.replayed ? "REPLAYED" : result.transfer.status });
      return result;
    } catch (error) {
      options.metrics?.transfers.inc({ connection, status: error instanceof AppError ? error.code : ErrorCode.INTERNAL_SERVER_ERROR });
      throw error;
    }
  }

  async function checkedTransfer(input: TransferRequest): Promise<TransferResult> {
    // Every check runs before the journal or the exchange sees anything.
    const key = checkIdempotencyKey(input.idempotencyKey);
    const connector = connectorOf(input.connectionId);
    const request = normalizeTransferRequest(input);
    connector.validateTransfer(request);
    const fingerprint = transferFingerprint(request);

    const running = inFlight.get(key);
    if (running) {
      if (running.fingerprint !== fingerprint) {
        throw new IdempotencyConflictError("This idempotencyKey is in use by a transfer with different input; use a new key for a new transfer.");
      }
      const result = await running.promise;
      return { transfer: result.transfer, replayed: true };
    }
    // Registered before the first await, so every concurrent call with this key joins it.
    const promise = claimAndSend(connector, request, key, fingerprint);
    inFlight.set(key, { fingerprint, promise });
    try {
      return await promise;
    } finally {
      inFlight.delete(key);
    }
  }

  async function reconcileOne(id: string): Promise<TransferRecord | null> {
    return serialized(async () => {
      const entry = await journal.get(id);
      if (!entry) return null;
      if (!isUnsettled(entry.status)) return journalRecord(entry);
      await reconciler.reconcileEntries([entry]);
      const after = await journal.get(id);
      return after ? journalRecord(after) : null;
    });
  }

  return {
    transfer,
    get: (id, getOptions) => reader.get(id, getOptions),
    history: (query) => reader.history(query),
    routes: (connectionId) => connectorOf(connectionId).transferRoutes(),
    reconcile: reconcileOne,
    reconcileUnsettled: () => serialized(() => reconciler.reconcileDue()),
    startReconciler(intervalMs: number) {
      if (interval) clearInterval(interval);
      interval = setInterval(() => {
        serialized(() => reconciler.reconcileDue()).catch((error: unknown) => logger.warn({ err: message(error) }, "reconciliation pass failed"));
      }, intervalMs);
      interval.unref();
    },
    async stop() {
      if (interval) clearInterval(interval);
      interval = null;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      // Let transfers being sent write their outcome before the journal is closed.
      await Promise.allSettled([...inFlight.values()].map((flight) => flight.promise));
      await queue;
      if (renewer) clearInterval(renewer);
      renewer = null;
    },
  };
}
