import { startApp, type RunningApp } from "./app.js";
import { createSnapshotCache, type SnapshotCache } from "./cache/snapshotCache.js";
import type { CofferConfig } from "./config/config.types.js";
import type { ExchangeConnector } from "./connectors/connector.js";
import { createConnector } from "./connectors/createConnector.js";
import type { CircuitBreakerOptions } from "./connectors/http/circuitBreaker.js";
import type { ReadRetryOptions } from "./connectors/http/retry.js";
import { createUpstreamGuard, type UpstreamGuard } from "./connectors/http/upstreamGuard.js";
import { AppError } from "./domain/errors.js";
import type { QueryLimits } from "./graphql/limits/queryLimits.js";
import type { TokenRateLimit } from "./graphql/limits/tokenRateLimiter.js";
import type { ServerLimits } from "./serverLimits.js";
import type { TransferApi } from "./graphql/transferApi.js";
import type { TransferService } from "./transfers/transferService.js";
import { createLogger, type Logger } from "./observability/logger.js";
import { createMetrics, type CofferMetrics } from "./observability/metrics.js";
import { openTransferApi } from "./transfers/openTransferApi.js";
import { loadTrustedDocumentManifest } from "./graphql/trustedDocuments/trustedDocumentManifest.js";
import { createInProcessCofferEvents, type CofferEvents } from "./live/cofferEvents.js";
import { createLiveAccounts, type LiveAccounts } from "./live/liveAccounts.js";
import { DEFAULT_LIVE_LIMITS, type LiveLimits } from "./live/liveServices.js";
import { streamFamiliesFor } from "./live/streamFamilies.js";
import { createStreamSupervisor } from "./live/streamSupervisor.js";

export interface Coffer {
  readonly url: string;
  readonly app: RunningApp;
  readonly connectors: readonly ExchangeConnector[];
  readonly cache: SnapshotCache;
  /** The transfer service behind the mutation (tests and operators call `reconcile` on it). */
  readonly transfers: TransferService;
  readonly metrics: CofferMetrics;
  /** Breaker, retries and health of each connection, by connection id. */
  readonly upstream: ReadonlyMap<string, UpstreamGuard>;
  /** Live updates: the event hub and the watched accounts' states (subscriptions). */
  readonly live: { readonly events: CofferEvents; readonly accounts: LiveAccounts };
  /**
   * Settles when the start-up warm-up (clock offsets, account ids learned in the background)
   * has finished, failed or been skipped; never rejects. Serving does not wait for it; tests
   * that count upstream calls do, so the warm-up's calls are not counted as a query's.
   */
  readonly ready: Promise<void>;
  /**
   * Graceful stop: stop accepting connections, let in-flight requests finish (a transfer being
   * sent is answered and journaled), stop the reconciler and close the journal, then the
   * connectors. Safe to call twice.
   */
  close(): Promise<void>;
}

/** The hardening knobs; every one has a default fit for production. */
export interface HardeningOptions {
  readonly production?: boolean;
  readonly bodyLimit?: string;
  readonly queryLimits?: Partial<QueryLimits>;
  readonly tokenRateLimit?: TokenRateLimit;
  /** HTTP server timeouts and connection cap (default: headers 10 s, whole request 30 s, keep-alive 5 s, 1024 connections). */
  readonly serverLimits?: Partial<ServerLimits>;
  /** Per-connection circuit breaker (default: open after 5 consecutive failures, probe after 10 s). */
  readonly circuitBreaker?: Omit<CircuitBreakerOptions, "onStateChange" | "now">;
  /** Read retries (default: 2 more attempts, 100 ms doubling backoff with full jitter, within 4 s). */
  readonly readRetry?: Omit<ReadRetryOptions, "now" | "sleep">;
  /** Subscription limits (default: 1000 queued updates per subscription, 20 subscriptions per socket, 200 per token). */
  readonly liveLimits?: Partial<LiveLimits>;
}

export interface CofferOptions extends HardeningOptions {
  readonly logger?: Logger;
  readonly demoToken?: string | null;
  /** Local clock for the connectors (tests skew it). */
  readonly now?: () => number;
  /** Node's process metrics on /metrics too (default true). */
  readonly processMetrics?: boolean;
  /**
   * Learn each connection's clock offset (and HTX's spot account id) in the background at
   * start-up, so the first dashboard costs what any other does (default true).
   */
  readonly prepareConnections?: boolean;
  /** How long each exchange's asset list is reused (default: hours; tests shorten it). */
  readonly assetListTtlMs?: number;
  /** After a failed asset-list read, how long transfers skip the check (default 60 s; tests shorten it). */
  readonly assetListRetryMs?: number;
  /** Reconnect backoff of the account streams (default 250 ms doubling to 30 s, full jitter). */
  readonly streamBackoff?: { readonly initialMs: number; readonly maxMs: number };
  /** The event hub (default in-process; a fleet passes a shared one). */
  readonly events?: CofferEvents;
}

/** Counts transfer mutations by connection and outcome without changing what they return. */
function countedTransfers(api: TransferApi, metrics: CofferMetrics, connectionIds: ReadonlySet<string>): TransferApi {
  return new Proxy(api, {
    get(target, property, receiver) {
      if (property !== "transfer") return Reflect.get(target, property, receiver);
      const transfer: TransferApi["transfer"] = async (command) => {
        // A label never holds what a client typed: unknown connection ids are counted as "unknown".
        const connection = connectionIds.has(command.connectionId) ? command.connectionId : "unknown";
        try {
          const result = await target.transfer(command);
          metrics.transfers.inc({ connection, status: result.replayed ? "REPLAYED" : result.transfer.status });
          return result;
        } catch (error) {
          metrics.transfers.inc({ connection, status: error instanceof AppError ? error.code : "INTERNAL_SERVER_ERROR" });
          throw error;
        }
      };
      return transfer;
    },
  });
}

/**
 * Assembles a running Coffer from a validated config: metrics, one upstream guard (circuit
 * breaker, retries, health) and one connector per connection, the shared snapshot cache, the
 * journal and transfer service (reconciling what a previous run left unsettled), and the HTTP app.
 */
export async function createCoffer(config: CofferConfig, options: CofferOptions = {}): Promise<Coffer> {
  // The configured credentials are removed by value from every line, whatever a line quotes.
  const logger = (options.logger ?? createLogger()).withSecrets(config.connections.flatMap((c) => Object.values(c.credentials)));
  // Read first: a missing or tampered manifest stops the start before anything is opened.
  const trustedDocuments = config.trustedDocuments ? loadTrustedDocumentManifest() : null;
  const metrics = createMetrics({ processMetrics: options.processMetrics ?? true });
  const cache = createSnapshotCache({ ttlMs: config.cache.ttlMs });
  metrics.trackCache(() => cache.stats);
  const upstream = new Map<string, UpstreamGuard>();
  const connectors = config.connections.map((connection) => {
    const guard = createUpstreamGuard({
      connectionId: connection.id,
      metrics,
      logger: logger.child({ connectionId: connection.id }),
      breaker: options.circuitBreaker,
      retry: options.readRetry,
    });
    upstream.set(connection.id, guard);
    return createConnector(connection, { cache, logger: logger.child({ connectionId: connection.id }), now: options.now, upstream: guard, assetListTtlMs: options.assetListTtlMs });
  });
  const events = options.events ?? createInProcessCofferEvents();
  const transfers = await openTransferApi({ journal: config.journal, connectors, cache, logger, events, assetListRetryMs: options.assetListRetryMs });
  const liveAccounts = createLiveAccounts({ connectors, cache, events, logger, ttlMs: config.cache.ttlMs });
  liveAccounts.attachStreams(
    createStreamSupervisor({ families: streamFamiliesFor(connectors), live: liveAccounts, logger, backoff: options.streamBackoff }),
  );
  const app = await startApp({
    host: config.listen.host,
    port: config.listen.port,
    tokens: config.tokens,
    connectors,
    transfers: countedTransfers(transfers.api, metrics, new Set(upstream.keys())),
    logger,
    demoToken: options.demoToken ?? null,
    production: options.production,
    bodyLimit: options.bodyLimit,
    queryLimits: options.queryLimits,
    tokenRateLimit: options.tokenRateLimit,
    serverLimits: options.serverLimits,
    metrics,
    health: () => [...upstream.values()].map((guard) => guard.health()),
    cors: config.cors,
    trustedDocuments,
    live: { accounts: liveAccounts, events, limits: { ...DEFAULT_LIVE_LIMITS, ...options.liveLimits } },
  });
  // In the background: start-up does not wait for the exchanges, and a failure here only
  // means the first query learns it, as it would without this.
  const ready =
    options.prepareConnections === false
      ? Promise.resolve()
      : Promise.allSettled(connectors.map((connector) => connector.prepare?.())).then(() => undefined);
  let closing: Promise<void> | null = null;
  return {
    url: app.url,
    app,
    connectors,
    cache,
    ready,
    transfers: transfers.api,
    metrics,
    upstream,
    live: { events, accounts: liveAccounts },
    close() {
      closing ??= (async () => {
        await app.close();
        await liveAccounts.close();
        await transfers.close();
        await Promise.all(connectors.map((c) => c.close()));
      })();
      return closing;
    },
  };
}
