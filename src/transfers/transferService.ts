import { randomUUID } from "node:crypto";
import type { SnapshotCache } from "../cache/snapshotCache.js";
import type { ExchangeConnector } from "../connectors/connector.js";
import { formatDecimal } from "../domain/decimal.js";
import { TransferStatus } from "../domain/enums.js";
import { IdempotencyConflictError, NotFoundError, TransferInProgressError } from "../domain/errors.js";
import type { TransferRecord, TransferRequest, TransferRoute } from "../domain/transfer.js";
import type { Logger } from "../observability/logger.js";
import type { ConnectorRegistry } from "./connectorRegistry.js";
import { transferFingerprint } from "./fingerprint.js";
import { createHistoryReader, DEFAULT_HISTORY_WINDOW_MS, type HistoryPage, type HistoryQuery } from "./historyReader.js";
import { isUnsettled, type JournalEntry, type JournalOutcome, type TransferJournal } from "./journal.js";
import { createReconciler, type ReconcileReport } from "./reconciler.js";
import { journalRecord } from "./records.js";
import { checkIdempotencyKey, normalizeTransferRequest, type TransferInput } from "./transferInput.js";
import { classifySendError, replayedFailure } from "./transferOutcome.js";

export interface TransferResult {
  readonly transfer: TransferRecord;
  /** True when this answer is an earlier call's result for the same idempotency key. */
  readonly replayed: boolean;
}

export interface TransferServiceOptions {
  readonly journal: TransferJournal;
  readonly connectors: ConnectorRegistry;
  readonly cache: Pick<SnapshotCache, "invalidate">;
  readonly logger: Logger;
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
}

/**
 * Moves funds through one connector and remembers it: the API the GraphQL layer wires.
 *
 * `transfer` answers:
 * - Invalid input (blank/over-long key, unknown connection, bad asset, amount ≤ 0, a route,
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
 * - Same key, same input: a settled or UNKNOWN/PENDING row is replayed (`replayed: true`,
 *   current state, no exchange call); a call still running in this process is waited for
 *   and its answer shared; an INTENT row no call of this process owns (another instance is
 *   sending it, or a crash left it) → TRANSFER_IN_PROGRESS until the reconciler settles it.
 * - Same key, different input → IDEMPOTENCY_CONFLICT, no exchange call.
 */
export interface TransferService {
  transfer(input: TransferInput): Promise<TransferResult>;
  /** One transfer by id: a journal id, or the id of an exchange history record (searched within the call cap, stopped by `signal`). Null if unknown. */
  get(id: string, options?: { readonly signal?: AbortSignal }): Promise<TransferRecord | null>;
  /** The merged, paged history (see `HistoryPage` for partial failures). */
  history(query: HistoryQuery): Promise<HistoryPage>;
  /** The routes a connection accepts; NotFoundError for an unknown connection. */
  routes(connectionId: string): readonly TransferRoute[];
  /** Settles one unsettled journal row if its exchange's history allows; returns it as it is then. */
  reconcile(id: string): Promise<TransferRecord | null>;
  /** Settles every INTENT/PENDING/UNKNOWN row that can be (run at start-up and on a timer). */
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

export function createTransferService(options: TransferServiceOptions): TransferService {
  const { journal, connectors, cache, logger } = options;
  const now = options.now ?? Date.now;
  const newId = options.newId ?? randomUUID;
  const windowMs = options.reconcileWindowMs ?? 120_000;
  const settleDelayMs = options.settleDelayMs ?? 60_000;
  const retryDelays = options.unknownRetryDelaysMs ?? [Math.min(5_000, settleDelayMs), settleDelayMs + 1_000];

  /** Calls of this process still sending, by idempotency key: the in-process single-flight. */
  const inFlight = new Map<string, Flight>();
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
    isInFlight: (entry) => inFlight.has(entry.idempotencyKey),
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

  /** What a call gets for a row another call already created with its key. */
  function replay(entry: JournalEntry, fingerprint: string): TransferResult {
    if (entry.fingerprint !== fingerprint) {
      throw new IdempotencyConflictError(
        "This idempotencyKey was already used for a transfer with different input; use a new key for a new transfer.",
      );
    }
    if (entry.status === "INTENT") {
      throw new TransferInProgressError(
        "A transfer with this idempotencyKey is still being sent (or is being reconciled after a restart); ask again shortly.",
      );
    }
    const failure = replayedFailure(entry);
    if (failure) throw failure;
    return { transfer: journalRecord(entry), replayed: true };
  }

  function scheduleReconcile(id: string): void {
    for (const delay of retryDelays) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        reconcileOne(id).catch((error: unknown) =>
          logger.warn({ transferId: id, err: error instanceof Error ? error.message : String(error) }, "scheduled reconciliation failed"),
        );
      }, delay);
      timer.unref();
      timers.add(timer);
    }
  }

  async function writeOutcome(entry: JournalEntry, outcome: JournalOutcome): Promise<{ entry: JournalEntry; updated: boolean }> {
    try {
      const result = await journal.complete(entry.id, outcome);
      if (result) return result;
    } catch (error) {
      // The exchange has answered; failing the call now would invite a resend with a new key.
      // Answer from memory; the row stays unsettled and the reconciler settles it from history.
      logger.error({ transferId: entry.id, err: error instanceof Error ? error.message : String(error) }, "could not journal a transfer outcome");
    }
    const { sentAt, updatedAt, status, ...rest } = outcome;
    return {
      entry: {
        ...entry,
        status,
        exchangeTransferId: rest.exchangeTransferId ?? null,
        failureCode: rest.failureCode ?? null,
        failureReason: rest.failureReason ?? null,
        failureDetail: rest.failureDetail ?? null,
        sentAt: sentAt ?? entry.sentAt,
        updatedAt,
      },
      updated: true,
    };
  }

  async function send(connector: ExchangeConnector, request: TransferRequest, entry: JournalEntry): Promise<TransferResult> {
    const log = logger.child({ transferId: entry.id, connectionId: entry.connectionId, idempotencyKey: entry.idempotencyKey });
    const sentAt = now();
    let outcome: JournalOutcome;
    let refusal: unknown = null;
    try {
      const receipt = await connector.transfer(request);
      outcome = { status: RECEIPT_STATUS[receipt.status] ?? "PENDING", exchangeTransferId: receipt.exchangeTransferId, sentAt, updatedAt: now() };
    } catch (error) {
      const failed = classifySendError(error);
      if (failed.kind === "failed") {
        refusal = error;
        outcome = { status: "FAILED", failureCode: failed.code, failureReason: failed.reason, failureDetail: failed.detail, sentAt, updatedAt: now() };
      } else {
        log.warn({ err: error instanceof Error ? error.message : String(error) }, "transfer outcome unknown; will reconcile");
        outcome = { status: "UNKNOWN", failureReason: failed.reason, sentAt, updatedAt: now() };
      }
    }
    // Whatever happened may have moved balances: drop the snapshots so the next read is fresh.
    cache.invalidate(entry.connectionId);
    const written = await writeOutcome(entry, outcome);
    log.info({ status: written.entry.status, exchangeTransferId: written.entry.exchangeTransferId, asset: entry.asset, amount: formatDecimal(entry.amount) }, "transfer sent");
    if (written.entry.status === "UNKNOWN") scheduleReconcile(entry.id);
    if (written.updated && refusal !== null) throw refusal;
    if (!written.updated) {
      // The reconciler settled the row first (it saw the transfer in the history): its word stands.
      const failure = replayedFailure(written.entry);
      if (failure) throw failure;
    }
    return { transfer: journalRecord(written.entry), replayed: false };
  }

  async function claimAndSend(connector: ExchangeConnector, request: TransferRequest, key: string, fingerprint: string): Promise<TransferResult> {
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
      createdAt: now(),
    });
    if (!created) return replay(entry, fingerprint);
    return send(connector, request, entry);
  }

  async function transfer(input: TransferInput): Promise<TransferResult> {
    // Every check runs before the journal or the exchange sees anything.
    const key = checkIdempotencyKey(input.idempotencyKey);
    const connector = connectorOf(input.connectionId);
    const request = normalizeTransferRequest(input);
    connector.validateTransfer(request);
    const fingerprint = transferFingerprint(request);

    const running = inFlight.get(key);
    if (running) {
      if (running.fingerprint !== fingerprint) {
        throw new IdempotencyConflictError(
          "This idempotencyKey is in use by a transfer with different input; use a new key for a new transfer.",
        );
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
    reconcileUnsettled: () => serialized(async () => reconciler.reconcileEntries(await journal.listUnsettled())),
    startReconciler(intervalMs: number) {
      if (interval) clearInterval(interval);
      interval = setInterval(() => {
        serialized(async () => reconciler.reconcileEntries(await journal.listUnsettled())).catch((error: unknown) =>
          logger.warn({ err: error instanceof Error ? error.message : String(error) }, "reconciliation pass failed"),
        );
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
    },
  };
}
