import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { startApp, type RunningApp } from "./app.js";
import { createSnapshotCache, type SnapshotCache } from "../cache/snapshotCache.js";
import type { CofferConfig } from "../settings/config.types.js";
import type { ExchangeConnector } from "../exchanges/exchange.js";
import { createConnector, type ConnectorTuning } from "../exchanges/createConnector.js";
import type { RateLimiterFactory } from "../exchanges/kit/rateLimiter.js";
import { createRedisLink, type FleetMode, type RedisLink } from "../fleet/redisLink.js";
import { redisLimiters } from "../fleet/redisRateLimiter.js";
import { createFleetSlot } from "../fleet/fleetSlot.js";
import { createFleetSnapshotCache } from "../fleet/redisSnapshotCache.js";
import { createInProcessEventBus, type EventBus } from "../fleet/eventBus.js";
import { followFleetCircuits, publishCircuitChanges } from "../fleet/fleetCircuits.js";
import { createRedisEventBus } from "../fleet/redisEventBus.js";
import type { CircuitBreakerOptions } from "../exchanges/kit/circuitBreaker.js";
import type { ReadRetryOptions } from "../exchanges/kit/retry.js";
import { createUpstreamGuard, type UpstreamGuard } from "../exchanges/kit/upstreamGuard.js";
import type { QueryLimits } from "../graphql/limits/queryLimits.js";
import type { TokenRateLimit } from "../graphql/limits/tokenRateLimiter.js";
import type { ServerLimits } from "./serverLimits.js";
import type { TransferService } from "../transfers/transferService.js";
import { createLogger, type Logger } from "../observability/logger.js";
import { createMetrics, type CofferMetrics } from "../observability/metrics.js";
import { openTransferApi } from "../transfers/openTransferApi.js";
import { loadTrustedDocumentManifest } from "../graphql/trustedDocuments/trustedDocumentManifest.js";
import { createInProcessCofferEvents, type CofferEvents } from "../live/cofferEvents.js";
import { createBusCofferEvents } from "../live/busCofferEvents.js";
import { createHistoryWatcher, type HistoryWatchTimings } from "../live/historyWatcher.js";
import { createLiveAccounts, type LiveAccounts } from "../live/liveAccounts.js";
import { DEFAULT_LIVE_LIMITS, type LiveLimits } from "../live/liveServices.js";
import { streamFamiliesFor } from "../live/streamFamilies.js";
import { createStreamSupervisor } from "../live/streamSupervisor.js";

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
   * Settles when the start-up warm-up (in the background: what each connection learns once, the
   * queries run with no connections, every wallet read once, the server's request to itself) has
   * finished, failed or been skipped; never rejects. Serving does not wait for it; tests that
   * count upstream calls do, so the warm-up's calls are not counted as a query's.
   */
  readonly ready: Promise<void>;
  /** The fleet's Redis link when `redis` is configured (mode: shared or degraded), else null. */
  readonly fleet: { readonly mode: FleetMode; readonly link: RedisLink } | null;
  /** Events (transfer events, circuits): on Redis pub/sub in a fleet, in-process otherwise. */
  readonly bus: EventBus;
  /**
   * Graceful stop: stop accepting connections, let in-flight requests finish (a transfer being
   * sent is answered and journaled), stop the reconciler and close the journal, then the
   * connectors. Safe to call twice.
   */
  close(): Promise<void>;
}

/**
 * The tuning knobs, each optional: a missing one keeps its default (the settings' defaults).
 * `main.ts` passes every one of them, read from the config file and the environment.
 */
export interface TuningOptions {
  /** No introspection, no field suggestions (default off; NODE_ENV=production turns it on). */
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
  /** Reconnect backoff of the account streams (default 250 ms doubling to 30 s, full jitter). */
  readonly streamBackoff?: { readonly initialMs: number; readonly maxMs: number };
  /** Reconciliation timings and the transfer claim's lease (defaults: settle 60 s, window 2 min, every 30 s, lease 30 s). */
  readonly reconcile?: { readonly settleDelayMs?: number; readonly reconcileWindowMs?: number; readonly reconcileIntervalMs?: number; readonly leaseMs?: number };
  /** After a failed asset-list read, how long transfers skip the check (default 60 s; tests shorten it). */
  readonly assetListRetryMs?: number;
  /**
   * Once the connections are prepared, read every wallet once through the queries, as a
   * dashboard with its sub-accounts would, so the first user query finds the connectors' code
   * run, sockets open and the sub-account list, contract mode and open positions known
   * (default true; costs one dashboard's upstream calls at start-up).
   */
  readonly warmUpReads?: boolean;
}

export interface CofferOptions extends TuningOptions {
  readonly logger?: Logger;
  readonly demoToken?: string | null;
  /** Local clock for the connectors (tests skew it). */
  readonly now?: () => number;
  /** Node's process metrics on /metrics too (default true). */
  readonly processMetrics?: boolean;
  /**
   * Learn each connection's clock offset (and account ids the exchange assigns) in the background at
   * start-up, so the first dashboard costs what any other does (default true).
   */
  readonly prepareConnections?: boolean;
  /**
   * Run the queries once with no connections at start-up, in the background, so the first
   * query does not pay for their first run (default true; makes no upstream call).
   */
  readonly warmUpQueries?: boolean;
  /** Give a repeated query its last answer while no snapshot it was built from changed or expired (default true). */
  readonly reuseAnswers?: boolean;
  /** How long each exchange's asset list is reused (default: hours; tests shorten it). */
  readonly assetListTtlMs?: number;
  /** The event hub (default: on the fleet's bus when `redis` is set, else in-process). */
  readonly events?: CofferEvents;
  /** How transferUpdates watches the exchanges' histories for transfers made outside Coffer (defaults: every 30 s, 10 s after an account change, 10 min back; intervalMs 0 turns it off). */
  readonly historyWatch?: HistoryWatchTimings;
  /** Per-exchange connector tuning (tests and benchmarks scale budgets down). */
  readonly connectorTuning?: ConnectorTuning;
  /** Names this instance in the fleet's shared state (default: host name, pid and a random suffix). */
  readonly instanceId?: string;
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
  const fleetSize = config.fleet?.size ?? 2;
  const instanceId = options.instanceId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
  const link = config.redis ? createRedisLink({ url: config.redis, logger: logger.child({ component: "fleet" }) }) : null;
  if (link && (await link.ready(2000)) === "degraded") {
    logger.warn({ fleetSize }, "redis not reachable at start: serving on this instance's share until it is");
  }
  const slot = link ? createFleetSlot({ link, size: fleetSize, instanceId, logger: logger.child({ component: "fleet" }) }) : null;
  const limiters: RateLimiterFactory | undefined = link
    ? redisLimiters({ link, logger: logger.child({ component: "fleet" }), fleetSize, instanceId, slot: () => slot?.current ?? null })
    : undefined;
  const cache = link
    ? createFleetSnapshotCache({ ttlMs: config.cache.ttlMs, link, logger: logger.child({ component: "fleet" }) })
    : createSnapshotCache({ ttlMs: config.cache.ttlMs });
  metrics.trackCache(() => cache.stats);
  const bus: EventBus = link ? createRedisEventBus({ link, logger: logger.child({ component: "fleet" }) }) : createInProcessEventBus();
  const upstream = new Map<string, UpstreamGuard>();
  const connectors = config.connections.map((connection) => {
    const guard = createUpstreamGuard({
      connectionId: connection.id,
      metrics,
      logger: logger.child({ connectionId: connection.id }),
      breaker: options.circuitBreaker,
      retry: options.readRetry,
      onCircuitChange: link ? publishCircuitChanges(bus, instanceId, connection.id) : undefined,
    });
    upstream.set(connection.id, guard);
    return createConnector(
      connection,
      { cache, logger: logger.child({ connectionId: connection.id }), now: options.now, upstream: guard, limiters, assetListTtlMs: options.assetListTtlMs },
      options.connectorTuning,
    );
  });
  if (link) await followFleetCircuits({ bus, instanceId, guards: upstream, logger });
  // In a fleet, transfer events travel on the bus so every instance's subscribers hear them.
  const fleetEvents = !options.events && link ? await createBusCofferEvents({ bus, instanceId, logger: logger.child({ component: "fleet" }) }) : null;
  const events = options.events ?? fleetEvents ?? createInProcessCofferEvents();
  const transfers = await openTransferApi({
    journal: config.journal,
    connectors,
    cache,
    logger,
    metrics,
    events,
    assetListRetryMs: options.assetListRetryMs,
    ...options.reconcile,
  });
  const liveAccounts = createLiveAccounts({ connectors, cache, events, logger, ttlMs: config.cache.ttlMs });
  const historyWatcher = createHistoryWatcher({ connectors, journal: transfers.journal, events, logger, ...options.historyWatch });
  liveAccounts.attachStreams(createStreamSupervisor({ families: streamFamiliesFor(connectors), live: liveAccounts, logger, backoff: options.streamBackoff }));
  const closeParts = async () => {
    await historyWatcher.close();
    await liveAccounts.close();
    await transfers.close();
    await Promise.all(connectors.map((c) => c.close()));
    await fleetEvents?.close().catch(() => undefined);
    await bus.close();
    slot?.close();
    await link?.close();
  };
  // In the background: start-up does not wait for the exchanges, and a failure here only
  // means the first query learns it, as it would without this.
  const prepared =
    options.prepareConnections === false ? Promise.resolve() : Promise.allSettled(connectors.map((connector) => connector.prepare?.() ?? Promise.resolve())).then(() => undefined);
  const app = await startApp({
    host: config.listen.host,
    port: config.listen.port,
    tokens: config.tokens,
    connectors,
    transfers: transfers.api,
    logger,
    demoToken: options.demoToken ?? null,
    production: options.production,
    warmUp: options.warmUpQueries,
    ...(options.warmUpReads === false || connectors.length === 0 ? {} : { warmUpReadsAfter: prepared }),
    ...(options.reuseAnswers === false ? {} : { snapshots: cache }),
    bodyLimit: options.bodyLimit,
    queryLimits: options.queryLimits,
    tokenRateLimit: options.tokenRateLimit,
    serverLimits: options.serverLimits,
    metrics,
    health: () => [...upstream.values()].map((guard) => guard.health()),
    cors: config.cors,
    trustedDocuments,
    live: { accounts: liveAccounts, events: historyWatcher.watching(events), limits: { ...DEFAULT_LIVE_LIMITS, ...options.liveLimits } },
    fleet: link ? () => ({ mode: link.mode, fleetSize, slot: slot?.current ?? null }) : undefined,
  }).catch(async (error: unknown) => {
    // Nothing opened above outlives a start that failed (the port was taken, …).
    await closeParts().catch(() => undefined);
    throw error;
  });
  const ready = Promise.all([prepared, app.warmedUp]).then(() => undefined);
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
    fleet: link
      ? {
          get mode() {
            return link.mode;
          },
          link,
        }
      : null,
    bus,
    close() {
      closing ??= (async () => {
        await app.close();
        await closeParts();
      })();
      return closing;
    },
  };
}
