import { describe, expect, it } from "@jest/globals";
import { inProcessLimiters, type RateLimiter } from "../../../src/exchanges/kit/rateLimiter.js";

/**
 * Virtual time for several callers at once: sleep() waits for the clock, and run() moves the
 * clock to the next timer only once every caller has done what it can at the current time.
 */
function virtualClock() {
  let time = 1_000_000;
  let seq = 0;
  const timers: Array<{ at: number; seq: number; resolve: () => void }> = [];
  const settled = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    now: () => time,
    sleep: (ms: number) => new Promise<void>((resolve) => timers.push({ at: time + Math.max(0, ms), seq: seq++, resolve })),
    async run(done: () => boolean): Promise<void> {
      for (;;) {
        await settled();
        if (done()) return;
        timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const next = timers.shift();
        if (!next) throw new Error("every caller waits and no timer is set");
        time = Math.max(time, next.at);
        next.resolve();
      }
    },
  };
}

/** An exchange that counts weight in a sliding window when a call arrives, and refuses past the limit. */
function slidingExchange(limit: number, intervalMs: number, now: () => number) {
  const counted: Array<[number, number]> = [];
  const arrivals: number[] = [];
  let refusals = 0;
  return {
    arrivals,
    get refusals() {
      return refusals;
    },
    /** The weight used after this call (as a used-weight header says), or null when refused. */
    arrive(weight: number): number | null {
      const at = now();
      arrivals.push(at);
      const used = counted.filter(([t]) => t > at - intervalMs).reduce((sum, [, w]) => sum + w, 0);
      if (used + weight > limit) {
        refusals++;
        return null;
      }
      counted.push([at, weight]);
      return used + weight;
    },
  };
}

describe("in-process limiter, a burst against an exchange that counts arrivals", () => {
  // Binance's universal transfer scaled as the bench does it: weight 900 of 45,000 per 5 s (50 calls).
  const WEIGHT = 900;
  const LIMIT = 45_000;
  const INTERVAL_MS = 5000;

  /**
   * 150 calls at once; call i reaches the exchange `lag(i)` ms after it took its budget, and its
   * answer (with the used weight) is back `answer(i)` ms later, reported as the signed client does.
   */
  async function burst(lag: (i: number) => number, answer: (i: number) => number) {
    const clock = virtualClock();
    const limiter: RateLimiter = inProcessLimiters({ now: clock.now, sleep: clock.sleep })({
      window: { limit: LIMIT, intervalMs: INTERVAL_MS },
      connectionId: "c",
      budget: "transfer",
      blockScope: "connection",
    });
    const exchange = slidingExchange(LIMIT, INTERVAL_MS, clock.now);
    let finished = 0;
    const calls = Array.from({ length: 150 }, async (_, i) => {
      await limiter.acquire(WEIGHT);
      const sentAt = clock.now();
      await clock.sleep(lag(i));
      const used = exchange.arrive(WEIGHT);
      await clock.sleep(answer(i));
      if (used !== null) limiter.observeUsed(used, sentAt);
      limiter.answered?.(WEIGHT);
      finished++;
    });
    await clock.run(() => finished === calls.length);
    await Promise.all(calls);
    const sorted = [...exchange.arrivals].sort((a, b) => a - b);
    return { refusals: exchange.refusals, spanMs: sorted[sorted.length - 1] - sorted[0] };
  }

  it("never trips the exchange's window, with no slack, when calls reach it late and then early", async () => {
    // A loaded process: the first 32 calls take 70 ms to arrive, every later one 5 ms.
    const { refusals } = await burst(
      (i) => (i < 32 ? 70 : 5),
      () => 50,
    );
    expect(refusals).toBe(0);
  });

  it("uses the whole budget: each window costs at most one round trip more than the exchange's", async () => {
    // Lags of 5 to 65 ms to the exchange, answers 20 to 80 ms after the arrival.
    const { refusals, spanMs } = await burst(
      (i) => 5 + (i % 7) * 10,
      (i) => 20 + (i % 5) * 15,
    );
    expect(refusals).toBe(0);
    // Ideal 10,000 ms (calls 51 and 101 wait one window each); each window also waits for an
    // answer (at most 65 + 80 ms), and the first window's arrivals spread over 60 ms.
    expect(spanMs).toBeLessThanOrEqual(2 * INTERVAL_MS + 2 * (65 + 80) + 60);
  });
});
