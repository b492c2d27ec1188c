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
  /** How long an instance's claim on a transfer it is sending holds without renewal (default 30 s). */
  readonly leaseMs?: number;
  /** Where the RECONCILE_ENV overrides are read (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /** After a failed asset-list read, how long transfers skip the check (default 60 s). */
  readonly assetListRetryMs?: number;
  /** Where every transfer status change is published (live updates); none when absent. */
  readonly events?: CofferEvents;
}

/**
 * Environment overrides of the reconciliation timings, for a Coffer started from a config file
 * (the file has no place for them): an option given in code wins, then the variable, then the
 * default. Whole milliseconds, 0 or more; anything else stops the start with a clear message.
 * The end-to-end tests use them to make a restarted child process settle deterministically.
 */
export const RECONCILE_ENV = {
  settleDelayMs: "COFFER_RECONCILE_SETTLE_MS",
  reconcileWindowMs: "COFFER_RECONCILE_WINDOW_MS",
  reconcileIntervalMs: "COFFER_RECONCILE_INTERVAL_MS",
  leaseMs: "COFFER_TRANSFER_LEASE_MS",
} as const;

function envMs(name: string, env: NodeJS.ProcessEnv): number | undefined {
  const text = env[name];
  if (text === undefined || text.trim() === "") return undefined;
  if (!/^\d{1,10}$/.test(text.trim())) throw new Error(`${name} must be a whole number of milliseconds (0 or more), got ${JSON.stringify(text)}.`);
  return Number(text.trim());
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
  const env = options.env ?? process.env;
  const settleDelayMs = options.settleDelayMs ?? envMs(RECONCILE_ENV.settleDelayMs, env);
  const reconcileWindowMs = options.reconcileWindowMs ?? envMs(RECONCILE_ENV.reconcileWindowMs, env);
  const reconcileIntervalMs = options.reconcileIntervalMs ?? envMs(RECONCILE_ENV.reconcileIntervalMs, env);
  const leaseMs = options.leaseMs ?? envMs(RECONCILE_ENV.leaseMs, env);
  if (leaseMs !== undefined && leaseMs < 3) throw new Error(`${RECONCILE_ENV.leaseMs} must be at least 3 ms, got ${leaseMs}.`);
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
  const interval = reconcileIntervalMs ?? 30_000;
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
