import { HttpTransportError } from "./httpClient.js";

export type CircuitState = "closed" | "open" | "half_open";

export interface CircuitBreakerOptions {
  /** Consecutive upstream failures (timeouts, resets, 5xx) that open the circuit (default 5). */
  readonly failureThreshold?: number;
  /** How long an open circuit fails fast before one probe call may go through (default 10 s). */
  readonly openMs?: number;
  readonly now?: () => number;
  /** Told of every state change (metrics, logs); `adopted` when another instance of the fleet caused it (see adopt). */
  readonly onStateChange?: (state: CircuitState, previous: CircuitState, adopted: boolean) => void;
}

/**
 * Thrown instead of sending while a connection's circuit is open. It is a transport error that
 * never left this process (`requestMayHaveBeenSent: false`), so the connectors map it to
 * UPSTREAM_UNAVAILABLE and a transfer refused this way is known not to have happened.
 */
export class CircuitOpenError extends HttpTransportError {
  readonly retryAt: number;
  constructor(where: string, retryAt: number) {
    super("network", `${where} not sent: the connection's circuit is open after repeated upstream failures`, false);
    this.name = "CircuitOpenError";
    this.retryAt = retryAt;
  }
}

/** How an admitted call ended; the first report counts. */
export interface CircuitTicket {
  success(): void;
  failure(): void;
  /** The caller dropped the call: neither outcome counts, and a probe's turn goes to the next call. */
  abandon(): void;
}

export interface CircuitBreaker {
  /** Throws CircuitOpenError when a call may not go out now; otherwise returns a ticket to report the outcome on. */
  admit(where: string): CircuitTicket;
  readonly state: CircuitState;
  readonly consecutiveFailures: number;
  /** When the open circuit lets a probe through (epoch ms), 0 when closed. */
  readonly retryAt: number;
  /**
   * Takes the state another instance of the fleet saw for the same connection: "open" fails
   * fast here too until `retryAt` (never shortening a longer local opening); "closed" closes an
   * open or half-open circuit (its probe succeeded elsewhere).
   */
  adopt(state: "open" | "closed", retryAt: number): void;
}

/**
 * Per-connection circuit breaker: closed → (N consecutive failures) → open, failing fast for
 * `openMs` → half-open, one probe call goes out while the others keep failing fast → the probe
 * succeeding closes it, failing re-opens it for another `openMs`.
 */
export function createCircuitBreaker(options: CircuitBreakerOptions = {}): CircuitBreaker {
  const threshold = options.failureThreshold ?? 5;
  const openMs = options.openMs ?? 10_000;
  const now = options.now ?? Date.now;
  let state: CircuitState = "closed";
  let failures = 0;
  let openUntil = 0;
  let probeOut = false;

  function set(next: CircuitState, adopted = false): void {
    if (next === state) return;
    const previous = state;
    state = next;
    options.onStateChange?.(next, previous, adopted);
  }

  function open(): void {
    openUntil = now() + openMs;
    probeOut = false;
    set("open");
  }

  return {
    admit(where) {
      let probe = false;
      if (state === "open") {
        if (now() < openUntil) throw new CircuitOpenError(where, openUntil);
        set("half_open");
      }
      if (state === "half_open") {
        if (probeOut) throw new CircuitOpenError(where, openUntil);
        probeOut = true;
        probe = true;
      }
      let settled = false;
      return {
        success() {
          if (settled) return;
          settled = true;
          failures = 0;
          if (probe) probeOut = false;
          if (state !== "closed") set("closed");
        },
        failure() {
          if (settled) return;
          settled = true;
          failures++;
          if (probe || (state === "closed" && failures >= threshold)) open();
        },
        abandon() {
          if (settled) return;
          settled = true;
          if (probe) probeOut = false;
        },
      };
    },
    get state() {
      return state;
    },
    get consecutiveFailures() {
      return failures;
    },
    get retryAt() {
      return state === "closed" ? 0 : openUntil;
    },
    adopt(next, retryAt) {
      if (next === "open") {
        if (retryAt <= now()) return;
        openUntil = Math.max(state === "closed" ? 0 : openUntil, retryAt);
        probeOut = false;
        set("open", true);
      } else if (state !== "closed") {
        failures = 0;
        probeOut = false;
        set("closed", true);
      }
    },
  };
}
