import type { SnapshotCache } from "../cache/snapshotCache.js";
import type { ExchangeConnector } from "../exchanges/exchange.js";
import type { Logger } from "../observability/logger.js";
import type { CofferMetrics } from "../observability/metrics.js";
import type { CofferEvents } from "../live/cofferEvents.js";
import { journalWithEvents } from "../live/journalEvents.js";
import { connectorRegistry } from "./connectorRegistry.js";
import type { TransferJournal } from "./journal.js";
import { openJournal } from "./openJournal.js";
import { createTransferService, type TransferService, type TransferServiceOptions } from "./transferService.js";
import { DEFAULT_TUNING } from "../settings/tuning.js";

export interface OpenTransferApiOptions {
  /** The config's `journal`: `sqlite:<path>` or a postgres:// URL. */
  readonly journal: string;
  readonly connectors: readonly ExchangeConnector[];
  readonly cache: Pick<SnapshotCache, "invalidate">;
  readonly logger: Logger;
  /** Where every transfer is counted (none when absent). */
  readonly metrics?: Pick<CofferMetrics, "transfers">;
  /** How often unsettled transfers are reconciled (default 30 s; 0 turns the timer off). */
  readonly reconcileIntervalMs?: number;
  readonly now?: () => number;
  readonly settleDelayMs?: number;
  readonly reconcileWindowMs?: number;
  /** How long an instance's claim on a transfer it is sending holds without renewal (default 30 s, at least 3 ms). */
  readonly leaseMs?: number;
  /** After a failed asset-list read, how long transfers skip the check (default 60 s). */
  readonly assetListRetryMs?: number;
  /** Where every transfer status change is published (live updates); none when absent. */
  readonly events?: CofferEvents;
}

export interface OpenedTransferApi {
  /** What the GraphQL layer calls (structurally the graphql TransferApi). */
  readonly api: TransferService;
  readonly journal: TransferJournal;
  /** Stops the reconciler, then closes the journal. */
  close(): Promise<void>;
}

/**
 * Start-up of the money side: opens the journal, builds the service, settles what an earlier
 * run left unsettled (once the dead run's leases ran out: a row it never sent becomes FAILED, a
 * row it was sending is matched against the exchange's history, never resent) and starts the
 * periodic reconciler.
 * A start-up reconciliation that cannot reach an exchange is logged and left to the timer.
 */
export async function openTransferApi(options: OpenTransferApiOptions): Promise<OpenedTransferApi> {
  const logger = options.logger.child({ component: "transfers" });
  const { settleDelayMs, reconcileWindowMs, leaseMs } = options;
  // The settings refuse a shorter lease from the file or the environment; this guards callers in code.
  if (leaseMs !== undefined && leaseMs < 3) throw new RangeError(`leaseMs must be at least 3 ms, got ${leaseMs}`);
  const opened = await openJournal(options.journal, { logger });
  const journal = options.events ? journalWithEvents(opened, options.events) : opened;
  const serviceOptions: TransferServiceOptions = {
    journal,
    connectors: connectorRegistry(options.connectors),
    cache: options.cache,
    logger,
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(settleDelayMs !== undefined ? { settleDelayMs } : {}),
    ...(reconcileWindowMs !== undefined ? { reconcileWindowMs } : {}),
    ...(leaseMs !== undefined ? { leaseMs } : {}),
    ...(options.assetListRetryMs !== undefined ? { assetListRetryMs: options.assetListRetryMs } : {}),
  };
  const service = createTransferService(serviceOptions);
  try {
    const report = await service.reconcileUnsettled();
    if (report.checked > 0) logger.info({ ...report }, "start-up reconciliation");
  } catch (error) {
    logger.warn({ err: error instanceof Error ? error.message : String(error) }, "start-up reconciliation failed; the timer will retry");
  }
  const interval = options.reconcileIntervalMs ?? DEFAULT_TUNING.reconcile.reconcileIntervalMs;
  if (interval > 0) service.startReconciler(interval);
  return {
    api: service,
    journal,
    async close() {
      await service.stop();
      await journal.close();
    },
  };
}
