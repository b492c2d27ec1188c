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

  it("counting from the answer, takes a used weight read late for its own calls, not for someone else's", async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ window: { limit: 3, intervalMs: 1000 }, connectionId: "c", countFromAnswer: true, ...clock });
    const t0 = clock.now();
    // A reaches the exchange at t0 + 5 and is answered at t0 + 10.
    await limiter.acquire(1);
    await clock.sleep(10);
    limiter.answered?.(1);
    // C leaves at t0 + 1000 and reaches the exchange at t0 + 1004, A still in the exchange's
    // window; D leaves at t0 + 1002 (A has left ours by then) and arrives first.
    await clock.sleep(990);
    await limiter.acquire(1);
    const sentAt = clock.now();
    await clock.sleep(2);
    await limiter.acquire(1);
    // C's answer, at t0 + 1020, says 3 used: A, C and D, all ours.
    await clock.sleep(18);
    limiter.observeUsed(3, sentAt);
    limiter.answered?.(1);
    // Only C and D are in the window: the next call leaves at once (no unseen weight to wait out)...
    const before = clock.now();
    await limiter.acquire(1);
    expect(clock.now()).toBe(before);
    // ...and fills it: the next waits for C to leave, a window after its answer.
    await limiter.acquire(1);
    expect(clock.now() - t0).toBe(2020);
  });

  it("counting from the answer, holds a call's weight until it is answered, however long that takes", async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ window: { limit: 1, intervalMs: 1000 }, connectionId: "c", countFromAnswer: true, ...clock });
    await limiter.acquire(1);
    // Unanswered, it fills the window for five windows and more.
    await expect(limiter.acquire(1, { maxWaitMs: 5000 })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    const answeredAt = clock.now();
    limiter.answered?.(1);
    await limiter.acquire(1);
    expect(clock.now() - answeredAt).toBe(1000);
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
