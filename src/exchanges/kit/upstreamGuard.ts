import type { Logger } from "../../observability/logger.js";
import type { CofferMetrics } from "../../observability/metrics.js";
import { createCircuitBreaker, CircuitOpenError, type CircuitBreakerOptions, type CircuitState, type CircuitBreaker } from "./circuitBreaker.js";
import { HttpTransportError, RequestAbortedError, type HttpClient, type HttpRequest, type HttpResponse } from "./httpClient.js";
import { retryRead, type ReadRetryOptions } from "./retry.js";

/**
 * How one upstream call ended, as metrics and /healthz name it. "aborted": the caller's request
 * ended first and the call was dropped — counted in the metrics only, never as the exchange's
 * health or by the circuit breaker.
 */
export type UpstreamOutcome = "ok" | "rejected" | "rate_limited" | "server_error" | "timeout" | "network" | "circuit_open" | "aborted";

/** Endpoint templates one guard remembers (see `templateOf`). */
const MAX_REMEMBERED_TEMPLATES = 1024;

const FAILURES: ReadonlySet<UpstreamOutcome> = new Set(["server_error", "timeout", "network"]);

/** A connection's last known state, for GET /healthz. Holds no URL, query, key or message from upstream. */
export interface ConnectionHealth {
  readonly id: string;
  /** up: the exchange answers; rate_limited: it answers 429/418; failing: the last call failed; down: circuit open; unknown: no call yet. */
  readonly state: "up" | "rate_limited" | "failing" | "down" | "unknown";
  readonly circuit: CircuitState;
  readonly consecutiveFailures: number;
  readonly lastOutcome: UpstreamOutcome | null;
  /** The endpoint template of the last call, e.g. "GET /api/v3/account". */
  readonly lastEndpoint: string | null;
  readonly lastCallAt: string | null;
  readonly lastSuccessAt: string | null;
  readonly lastFailureAt: string | null;
  /** When an open circuit lets a probe through. */
  readonly retryAt: string | null;
}

/**
 * Everything Coffer wraps around one connection's upstream calls: the circuit breaker, metrics
 * and health on every HTTP call, and retries with backoff and jitter for reads. The connectors'
 * clients take it optionally (their own tests run without).
 */
export interface UpstreamGuard {
  readonly connectionId: string;
  /** The HTTP client with breaker, metrics and health around every call. */
  wrapHttp(inner: HttpClient): HttpClient;
  /** Runs a read with retries; transfers must never come through here. */
  retryRead<T>(attempt: () => Promise<T>): Promise<T>;
  /** A source of cumulative rate-limit wait (ms) for the metrics. */
  trackRateLimitWait(waitedMs: () => number): void;
  health(): ConnectionHealth;
  readonly breaker: CircuitBreaker;
}

export interface UpstreamGuardOptions {
  readonly connectionId: string;
  readonly metrics?: CofferMetrics;
  readonly logger?: Logger;
  readonly breaker?: Omit<CircuitBreakerOptions, "onStateChange">;
  readonly retry?: ReadRetryOptions;
  readonly now?: () => number;
  /** Told when this instance's own calls open or close the circuit (the fleet shares it; half-open is not told). */
  readonly onCircuitChange?: (state: "open" | "closed", retryAt: number) => void;
}

/**
 * "GET /v1/account/accounts/{id}/balance": the method and the path with ids replaced. Never the
 * host, never the query string (it may hold a signature or a key).
 */
export function endpointTemplate(method: string, url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return `${method} (invalid url)`;
  }
  const segments = path.split("/").map((segment) => {
    if (segment === "") return segment;
    if (/^\d+$/.test(segment) || /^[0-9a-f-]{16,}$/i.test(segment) || segment.length > 64) return "{id}";
    return /^[A-Za-z0-9_.-]+$/.test(segment) ? segment : "{x}";
  });
  return `${method} ${segments.join("/")}`;
}

function outcomeOfStatus(status: number): UpstreamOutcome {
  if (status === 429 || status === 418) return "rate_limited";
  if (status >= 500) return "server_error";
  if (status >= 400) return "rejected";
  return "ok";
}

const CIRCUIT_GAUGE: Record<CircuitState, number> = { closed: 0, half_open: 1, open: 2 };

export function createUpstreamGuard(options: UpstreamGuardOptions): UpstreamGuard {
  const { connectionId, metrics, logger } = options;
  const now = options.now ?? Date.now;
  const breaker = createCircuitBreaker({
    ...options.breaker,
    now,
    onStateChange(state, previous, adopted) {
      metrics?.circuitState.set({ connection: connectionId }, CIRCUIT_GAUGE[state]);
      if (state === "open") {
        metrics?.circuitOpened.inc({ connection: connectionId });
        logger?.warn(
          { connectionId, circuit: state, previous, fleet: adopted },
          adopted ? "circuit opened by another instance: failing fast" : "circuit opened: failing fast, will probe again later",
        );
      } else {
        logger?.info({ connectionId, circuit: state, previous, fleet: adopted }, `circuit ${state === "closed" ? "closed" : "half-open: probing"}`);
      }
      if (!adopted && state !== "half_open") options.onCircuitChange?.(state, breaker.retryAt);
    },
  });
  metrics?.circuitState.set({ connection: connectionId }, 0);

  let lastOutcome: UpstreamOutcome | null = null;
  let lastEndpoint: string | null = null;
  let lastCallAt: number | null = null;
  let lastSuccessAt: number | null = null;
  let lastFailureAt: number | null = null;

  function record(endpoint: string, outcome: UpstreamOutcome, seconds: number | null): void {
    metrics?.upstreamRequests.inc({ connection: connectionId, endpoint, outcome });
    if (seconds !== null) metrics?.upstreamDuration.observe({ connection: connectionId, endpoint, outcome }, seconds);
    lastOutcome = outcome;
    lastEndpoint = endpoint;
    lastCallAt = now();
    if (FAILURES.has(outcome) || outcome === "circuit_open") lastFailureAt = lastCallAt;
    else if (outcome !== "rate_limited") lastSuccessAt = lastCallAt;
  }

  const iso = (ms: number | null) => (ms === null || ms === 0 ? null : new Date(ms).toISOString());

  // Every call names its endpoint (metrics, health, the breaker) and a connection calls a few
  // dozen endpoints: each template is worked out once per method and URL up to the query
  // string. Bounded, because a path may carry ids.
  const templates = new Map<string, string>();
  const templateOf = (method: string, url: string): string => {
    const query = url.indexOf("?");
    const key = `${method} ${query === -1 ? url : url.slice(0, query)}`;
    let template = templates.get(key);
    if (template === undefined) {
      template = endpointTemplate(method, url);
      if (templates.size >= MAX_REMEMBERED_TEMPLATES) templates.clear();
      templates.set(key, template);
    }
    return template;
  };

  return {
    connectionId,
    breaker,
    wrapHttp(inner) {
      return {
        async send(request: HttpRequest): Promise<HttpResponse> {
          const endpoint = templateOf(request.method, request.url);
          let ticket: ReturnType<CircuitBreaker["admit"]>;
          try {
            ticket = breaker.admit(endpoint);
          } catch (error) {
            if (error instanceof CircuitOpenError) record(endpoint, "circuit_open", null);
            throw error;
          }
          const started = performance.now();
          try {
            const response = await inner.send(request);
            const outcome = outcomeOfStatus(response.status);
            if (FAILURES.has(outcome)) ticket.failure();
            else ticket.success();
            record(endpoint, outcome, (performance.now() - started) / 1000);
            return response;
          } catch (error) {
            if (error instanceof RequestAbortedError) {
              ticket.abandon();
              metrics?.upstreamRequests.inc({ connection: connectionId, endpoint, outcome: "aborted" });
              throw error;
            }
            const outcome: UpstreamOutcome = error instanceof HttpTransportError && error.kind === "timeout" ? "timeout" : "network";
            ticket.failure();
            record(endpoint, outcome, (performance.now() - started) / 1000);
            throw error;
          }
        },
        close: () => inner.close(),
      };
    },
    retryRead(attempt) {
      return retryRead(
        attempt,
        { now, ...options.retry },
        {
          mayRetry: () => breaker.state !== "open",
          onRetry: (n, delayMs) => {
            metrics?.upstreamRetries.inc({ connection: connectionId });
            logger?.info({ connectionId, attempt: n, delayMs }, "upstream read failed; retrying after backoff");
          },
        },
      );
    },
    trackRateLimitWait(waitedMs) {
      metrics?.trackRateLimitWait(connectionId, waitedMs);
    },
    health() {
      const state: ConnectionHealth["state"] =
        breaker.state === "open"
          ? "down"
          : lastOutcome === null
            ? "unknown"
            : FAILURES.has(lastOutcome) || lastOutcome === "circuit_open"
              ? "failing"
              : lastOutcome === "rate_limited"
                ? "rate_limited"
                : "up";
      return {
        id: connectionId,
        state,
        circuit: breaker.state,
        consecutiveFailures: breaker.consecutiveFailures,
        lastOutcome,
        lastEndpoint,
        lastCallAt: iso(lastCallAt),
        lastSuccessAt: iso(lastSuccessAt),
        lastFailureAt: iso(lastFailureAt),
        retryAt: iso(breaker.retryAt),
      };
    },
  };
}
