import { describe, expect, it } from "@jest/globals";
import { createRateLimiter } from "../../../src/exchanges/kit/rateLimiter.js";

/** A fake clock: sleeping advances time instantly, so tests are exact and fast. */
function fakeClock() {
  let time = 1_000_000;
  return {
    now: () => time,
    sleep: async (ms: number) => {
      time += ms;
    },
  };
}

describe("rate limiter", () => {
  it("never lets more than the limit into any window, and queues the rest in order", async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ window: { limit: 10, intervalMs: 1000 }, connectionId: "c", ...clock });
    const times: number[] = [];
    await Promise.all(Array.from({ length: 35 }, () => limiter.acquire(1).then(() => times.push(clock.now()))));
    expect(times).toHaveLength(35);
    for (const t of times) {
      expect(times.filter((u) => u > t - 1000 && u <= t).length).toBeLessThanOrEqual(10);
    }
    // And uses the whole budget: 35 calls fit in 3 windows after the first.
    expect(times[34] - times[0]).toBeLessThanOrEqual(3000);
  });

  it("counts weight, not calls", async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ window: { limit: 100, intervalMs: 60_000 }, connectionId: "c", ...clock });
    const start = clock.now();
    for (let i = 0; i < 5; i++) await limiter.acquire(20);
    expect(clock.now()).toBe(start);
    await limiter.acquire(20);
    expect(clock.now() - start).toBe(60_000);
  });

  it("believes the exchange when it reports more weight used than we counted", async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ window: { limit: 100, intervalMs: 60_000 }, connectionId: "c", ...clock });
    limiter.observeUsed(95);
    const start = clock.now();
    await limiter.acquire(5);
    expect(clock.now()).toBe(start);
    await limiter.acquire(5);
    expect(clock.now()).toBeGreaterThan(start);
  });

  it("blocks every call until a Retry-After has passed", async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ window: { limit: 1000, intervalMs: 1000 }, connectionId: "c", ...clock });
    limiter.blockUntil(clock.now() + 7000);
    const start = clock.now();
    await limiter.acquire(1);
    expect(clock.now() - start).toBe(7000);
  });

  it("fails with RATE_LIMITED and retryAfterSeconds when the caller cannot wait that long", async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ window: { limit: 1000, intervalMs: 1000 }, connectionId: "binance-main", ...clock });
    limiter.blockUntil(clock.now() + 30_000);
    await expect(limiter.acquire(1, { maxWaitMs: 5000 })).rejects.toMatchObject({
      code: "RATE_LIMITED",
      retryAfterSeconds: 30,
      connectionId: "binance-main",
    });
  });
});
