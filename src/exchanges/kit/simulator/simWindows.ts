/** One simulated budget: at most `limit` weight in any `intervalMs`. */
export interface SimWindow {
  readonly limit: number;
  readonly intervalMs: number;
}

/** What a budget said to one call. */
export interface SimCount {
  readonly allowed: boolean;
  /** Weight counted in the window, this call included when allowed. */
  readonly used: number;
  readonly limit: number;
  readonly intervalMs: number;
  readonly remaining: number;
  /** Epoch ms at which the oldest counted call leaves the window. */
  readonly resetAt: number;
  /** Refused: epoch ms at which enough weight has left the window for this call. */
  readonly fitsAt: number;
}

/**
 * Sliding-window counters per budget name, as the exchanges count: a call is counted when it
 * arrives, a refused one is not counted (weight 0 only reads the count). Each simulator decides
 * what a refusal looks like.
 */
export interface SimWindows {
  count(name: string, window: SimWindow, weight: number, now: number): SimCount;
}

export function createSimWindows(): SimWindows {
  const spentByName = new Map<string, Array<[number, number]>>();
  return {
    count(name, window, weight, now) {
      let spent = spentByName.get(name);
      if (!spent) spentByName.set(name, (spent = []));
      while (spent.length > 0 && spent[0][0] <= now - window.intervalMs) spent.shift();
      let used = spent.reduce((sum, [, w]) => sum + w, 0);
      const allowed = used + weight <= window.limit;
      let fitsAt = now;
      if (allowed) {
        if (weight > 0) spent.push([now, weight]);
        used += weight;
      } else {
        // When enough old weight has left the window for this call.
        let free = window.limit - used;
        fitsAt = now + window.intervalMs;
        for (const [time, w] of spent) {
          free += w;
          if (free >= weight) {
            fitsAt = time + window.intervalMs;
            break;
          }
        }
      }
      return {
        allowed,
        used,
        limit: window.limit,
        intervalMs: window.intervalMs,
        remaining: Math.max(0, window.limit - used),
        resetAt: (spent[0]?.[0] ?? now) + window.intervalMs,
        fitsAt,
      };
    },
  };
}
