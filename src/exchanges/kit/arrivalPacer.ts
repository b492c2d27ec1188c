/**
 * Paces calls of a one-call window (e.g. transfers at 1 a second) from the exchange's own
 * answers instead of a fixed margin. Such an exchange counts a call when it arrives and announces, with its
 * answer, when the window resets (the arrival + the interval, in its clock). The lag between
 * our send and that arrival (clock offset included, so offset errors cancel) is sampled per
 * call; the next call may leave at `reset - smallest recent lag + margin`, where the margin
 * covers how far recent lags fell below their median (the arrival jitter) and starts at `initialMarginMs` until
 * a few lags are known.
 */
export interface ArrivalPacer {
  /** Local time the next call may leave, from this call's send time and the reset the exchange announced (both local ms). */
  nextSendAt(sentAt: number, resetAt: number, intervalMs: number): number;
  /** The margin the last pacing used (ms): for logs and the bench. */
  readonly marginMs: number;
}

export interface ArrivalPacerOptions {
  /** Margin until `minSamples` lags are known (the configured safety margin). */
  readonly initialMarginMs: number;
  /** Smallest margin ever used (ms), default 8. */
  readonly floorMs?: number;
  /** Lags kept (default 20) and needed before adapting (default 3). */
  readonly samples?: number;
  readonly minSamples?: number;
}

export function createArrivalPacer(options: ArrivalPacerOptions): ArrivalPacer {
  const keep = options.samples ?? 20;
  const minSamples = options.minSamples ?? 3;
  const floor = options.floorMs ?? 8;
  const lags: number[] = [];
  let marginMs = options.initialMarginMs;
  return {
    get marginMs() {
      return marginMs;
    },
    nextSendAt(sentAt, resetAt, intervalMs) {
      const lag = resetAt - intervalMs - sentAt;
      lags.push(lag);
      if (lags.length > keep) lags.shift();
      const sorted = [...lags].sort((a, b) => a - b);
      const smallest = sorted[0];
      // How far below the typical lag one has come: only a lag shorter than the smallest seen
      // can land before the reset (a late arrival is safe), so the margin is twice that spread.
      const spread = sorted[Math.floor(sorted.length / 2)] - smallest;
      marginMs = lags.length < minSamples ? options.initialMarginMs : Math.min(options.initialMarginMs, Math.max(floor, 2 * spread));
      return resetAt - smallest + marginMs;
    },
  };
}
