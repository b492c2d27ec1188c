import type { SnapshotCache } from "../cache/snapshotCache.js";
import type { ExchangeConnector } from "../connectors/connector.js";
import type { Logger } from "../observability/logger.js";
import { connectorRegistry } from "./connectorRegistry.js";
import type { TransferJournal } from "./journal.js";
import { openJournal } from "./openJournal.js";
import { createTransferService, type TransferService, type TransferServiceOptions } from "./transferService.js";

export interface OpenTransferApiOptions {
  /** The config's `journal`: `sqlite:<path>` or a postgres:// URL. */
  readonly journal: string;
  readonly connectors: readonly ExchangeConnector[];
  readonly cache: Pick<SnapshotCache, "invalidate">;
  readonly logger: Logger;
  /** How often unsettled transfers are reconciled (default 30 s; 0 turns the timer off). */
  readonly reconcileIntervalMs?: number;
  readonly now?: () => number;
  readonly settleDelayMs?: number;
  readonly reconcileWindowMs?: number;
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
 * run left unsettled (a crash between sending and journaling leaves an INTENT row: it is
 * matched against the exchange's history, never resent) and starts the periodic reconciler.
 * A start-up reconciliation that cannot reach an exchange is logged and left to the timer.
 */
export async function openTransferApi(options: OpenTransferApiOptions): Promise<OpenedTransferApi> {
  const logger = options.logger.child({ component: "transfers" });
  const journal = await openJournal(options.journal, { logger });
  const serviceOptions: TransferServiceOptions = {
    journal,
    connectors: connectorRegistry(options.connectors),
    cache: options.cache,
    logger,
    ...(options.now ? { now: options.now } : {}),
    ...(options.settleDelayMs !== undefined ? { settleDelayMs: options.settleDelayMs } : {}),
    ...(options.reconcileWindowMs !== undefined ? { reconcileWindowMs: options.reconcileWindowMs } : {}),
  };
  const service = createTransferService(serviceOptions);
  try {
    const report = await service.reconcileUnsettled();
    if (report.checked > 0) logger.info({ ...report }, "start-up reconciliation");
  } catch (error) {
    logger.warn({ err: error instanceof Error ? error.message : String(error) }, "start-up reconciliation failed; the timer will retry");
  }
  const interval = options.reconcileIntervalMs ?? 30_000;
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
