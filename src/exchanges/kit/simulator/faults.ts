/**
 * Switches a test flips to make a simulator misbehave like a real exchange on a bad day.
 * Every switch can be limited to paths matching `only`, and counted switches (`fail5xx`,
 * `timeouts`, `malformed`, `resets`) apply to that many next calls and then turn themselves off.
 */
export interface Faults {
  /** Added to every answer, ms. */
  latencyMs: number;
  /** Answer the next N calls with HTTP 500 (after doing nothing). */
  fail5xx: number;
  /** Never answer the next N calls (the client times out); `afterProcessing` decides whether the call took effect first. */
  timeouts: number;
  /** When a timeout fault hits: process the request (move the money), then stay silent. */
  timeoutAfterProcessing: boolean;
  /** Answer the next N calls with a body that is not JSON. */
  malformed: number;
  /** Destroy the socket of the next N calls without an answer. */
  resets: number;
  /** The simulator's clock runs this many ms ahead of real time (negative: behind). */
  clockSkewMs: number;
  /** While true, the asset-list endpoints answer HTTP 500. */
  assetListDown: boolean;
  /** Restrict the counted faults to matching paths. */
  only: RegExp | null;
}

export function noFaults(): Faults {
  return {
    latencyMs: 0,
    fail5xx: 0,
    timeouts: 0,
    timeoutAfterProcessing: false,
    malformed: 0,
    resets: 0,
    clockSkewMs: 0,
    assetListDown: false,
    only: null,
  };
}

/** The simulator's clock: real time plus the skew fault (epoch ms). */
export function skewedClock(faults: Faults): () => number {
  return () => Date.now() + faults.clockSkewMs;
}
