import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * Coffer's Prometheus metrics, on a registry of their own (one per running app, so several
 * Coffers in one process — tests — never share or clash). Labels are fixed words, connection
 * ids from the config and endpoint templates (`GET /v1/account/accounts/{id}/balance`): never a
 * URL, a query string, a token or anything a client typed.
 */
export interface CofferMetrics {
  readonly registry: Registry;
  /** Upstream HTTP calls by connection, endpoint template and outcome. */
  readonly upstreamRequests: Counter<"connection" | "endpoint" | "outcome">;
  readonly upstreamDuration: Histogram<"connection" | "endpoint" | "outcome">;
  /** Reads sent again after a failure (backoff with jitter). */
  readonly upstreamRetries: Counter<"connection">;
  /** Circuit state per connection: 0 closed, 1 half-open, 2 open. */
  readonly circuitState: Gauge<"connection">;
  readonly circuitOpened: Counter<"connection">;
  /** Time spent queued for an exchange's rate budget (read from the limiters at scrape time). */
  readonly rateLimitWait: Counter<"connection">;
  /** Snapshot cache lookups by result (hit, miss, coalesced), read from the cache at scrape time. */
  readonly cacheLookups: Counter<"result">;
  readonly graphqlOperations: Counter<"operation" | "outcome">;
  readonly graphqlDuration: Histogram<"operation">;
  readonly graphqlErrors: Counter<"code">;
  readonly transfers: Counter<"connection" | "status">;
  /** Connections closed on arrival because the server already held its maximum. */
  readonly connectionsDropped: Counter;
  /** Adds a source of rate-limit wait (ms, cumulative) for a connection. */
  trackRateLimitWait(connection: string, waitedMs: () => number): void;
  /** Sets where cache hit/miss counts come from (cumulative). */
  trackCache(stats: () => { hits: number; misses: number; coalesced: number }): void;
}

export interface MetricsOptions {
  /** Also export Node's process metrics (CPU, memory, event loop); default true. */
  readonly processMetrics?: boolean;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function createMetrics(options: MetricsOptions = {}): CofferMetrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: "coffer_" });

  const waitSources = new Map<string, Array<() => number>>();
  const waitReported = new Map<string, number>();
  let cacheStats: (() => { hits: number; misses: number; coalesced: number }) | null = null;
  const cacheReported = { hits: 0, misses: 0, coalesced: 0 };

  const rateLimitWait = new Counter({
    name: "coffer_rate_limit_wait_seconds_total",
    help: "Seconds upstream calls spent queued for an exchange's rate budget, by connection.",
    labelNames: ["connection"] as const,
    registers: [registry],
    collect() {
      for (const [connection, sources] of waitSources) {
        const total = sources.reduce((sum, source) => sum + source(), 0);
        const delta = total - (waitReported.get(connection) ?? 0);
        if (delta > 0) {
          this.inc({ connection }, delta / 1000);
          waitReported.set(connection, total);
        }
      }
    },
  });

  const cacheLookups = new Counter({
    name: "coffer_cache_lookups_total",
    help: "Snapshot cache lookups by result: hit (fresh snapshot reused), coalesced (joined a read in flight), miss (upstream read).",
    labelNames: ["result"] as const,
    registers: [registry],
    collect() {
      if (!cacheStats) return;
      const now = cacheStats();
      for (const key of ["hits", "misses", "coalesced"] as const) {
        const delta = now[key] - cacheReported[key];
        if (delta > 0) {
          this.inc({ result: key === "hits" ? "hit" : key === "misses" ? "miss" : "coalesced" }, delta);
          cacheReported[key] = now[key];
        }
      }
    },
  });

  return {
    registry,
    upstreamRequests: new Counter({
      name: "coffer_upstream_requests_total",
      help: "Upstream HTTP calls by connection, endpoint (method and path template) and outcome.",
      labelNames: ["connection", "endpoint", "outcome"] as const,
      registers: [registry],
    }),
    upstreamDuration: new Histogram({
      name: "coffer_upstream_request_duration_seconds",
      help: "Latency of upstream HTTP calls by connection, endpoint and outcome.",
      labelNames: ["connection", "endpoint", "outcome"] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    upstreamRetries: new Counter({
      name: "coffer_upstream_retries_total",
      help: "Upstream reads sent again after a failure (backoff with jitter); transfers are never retried.",
      labelNames: ["connection"] as const,
      registers: [registry],
    }),
    circuitState: new Gauge({
      name: "coffer_circuit_state",
      help: "Circuit breaker state per connection: 0 closed, 1 half-open, 2 open.",
      labelNames: ["connection"] as const,
      registers: [registry],
    }),
    circuitOpened: new Counter({
      name: "coffer_circuit_opened_total",
      help: "Times a connection's circuit breaker opened after repeated upstream failures.",
      labelNames: ["connection"] as const,
      registers: [registry],
    }),
    rateLimitWait,
    cacheLookups,
    graphqlOperations: new Counter({
      name: "coffer_graphql_operations_total",
      help: "GraphQL operations by type (query, mutation, unknown) and outcome (ok, partial, error).",
      labelNames: ["operation", "outcome"] as const,
      registers: [registry],
    }),
    graphqlDuration: new Histogram({
      name: "coffer_graphql_operation_duration_seconds",
      help: "Time to answer a GraphQL operation, by type.",
      labelNames: ["operation"] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    graphqlErrors: new Counter({
      name: "coffer_graphql_errors_total",
      help: "Errors sent to clients, by extensions.code.",
      labelNames: ["code"] as const,
      registers: [registry],
    }),
    transfers: new Counter({
      name: "coffer_transfers_total",
      help: "Transfers asked of the transfer service (the transfer mutation or any other caller) by connection and resulting status (CONFIRMED, PENDING, UNKNOWN, FAILED, REPLAYED, or the error code when refused before a transfer existed).",
      labelNames: ["connection", "status"] as const,
      registers: [registry],
    }),
    connectionsDropped: new Counter({
      name: "coffer_http_connections_dropped_total",
      help: "Connections closed on arrival because the server already held its maximum (maxConnections).",
      registers: [registry],
    }),
    trackRateLimitWait(connection, waitedMs) {
      const sources = waitSources.get(connection) ?? [];
      sources.push(waitedMs);
      waitSources.set(connection, sources);
    },
    trackCache(stats) {
      cacheStats = stats;
    },
  };
}
