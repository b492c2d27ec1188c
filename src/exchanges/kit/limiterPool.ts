import { inProcessLimiters, type RateLimiter, type RateLimiterFactory, type RateWindow } from "./rateLimiter.js";

/** The rate limiters of one connection, made on first use, and the refusals that block them. */
export interface LimiterPool {
  /** The limiter of `budget` (made with `window` the first time it is asked for). */
  limiter(budget: string, window: RateWindow, blockScope: string): RateLimiter;
  /**
   * The exchange refused for rate: every limiter of `blockScope` (the whole connection, or
   * one budget, as the exchange refuses) waits until `untilMs`, and so does one made later.
   */
  block(blockScope: string, untilMs: number): void;
  /** Total ms callers spent queued, over every limiter. */
  readonly waitedMs: number;
}

export function createLimiterPool(options: { readonly connectionId: string; readonly now: () => number; readonly limiters?: RateLimiterFactory }): LimiterPool {
  const { connectionId, now } = options;
  const make = options.limiters ?? inProcessLimiters({ now });
  const byBudget = new Map<string, { limiter: RateLimiter; scope: string }>();
  const blockedUntil = new Map<string, number>();
  return {
    limiter(budget, window, blockScope) {
      let entry = byBudget.get(budget);
      if (!entry) {
        entry = { limiter: make({ window, connectionId, budget, blockScope }), scope: blockScope };
        // A block of its scope may already be running.
        const until = blockedUntil.get(blockScope) ?? 0;
        if (until > now()) entry.limiter.blockUntil(until);
        byBudget.set(budget, entry);
      }
      return entry.limiter;
    },
    block(blockScope, untilMs) {
      blockedUntil.set(blockScope, Math.max(blockedUntil.get(blockScope) ?? 0, untilMs));
      for (const entry of byBudget.values()) if (entry.scope === blockScope) entry.limiter.blockUntil(untilMs);
    },
    get waitedMs() {
      let total = 0;
      for (const entry of byBudget.values()) total += entry.limiter.waitedMs;
      return total;
    },
  };
}
