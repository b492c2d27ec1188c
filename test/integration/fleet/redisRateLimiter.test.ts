import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { RateLimitedError } from "../../../src/domain/errors.js";
import { createRedisLink, type RedisLink } from "../../../src/fleet/redisLink.js";
import { localShare, redisLimiters } from "../../../src/fleet/redisRateLimiter.js";
import { turnDelay } from "../../../src/fleet/turnGate.js";
import { silentLogger } from "../../../src/observability/logger.js";
import { startTestRedis, type TestRedis } from "../../support/redisServer.js";

/**
 * The fleet's rate budgets in a real Redis: three "instances" (a link and a limiter factory
 * each) take from one budget; a block set by one stops the others; with Redis gone each keeps
 * to its local share, and comes back to the shared budget when Redis does.
 */

let redis: TestRedis;
const links: RedisLink[] = [];
beforeAll(async () => {
  redis = await startTestRedis();
}, 30_000);
afterAll(async () => {
  await Promise.all(links.map((l) => l.close()));
  await redis?.stop();
});

async function instance(id: string, fleetSize = 3) {
  const link = createRedisLink({ url: redis.url, logger: silentLogger });
  links.push(link);
  expect(await link.ready(5000)).toBe("shared");
  return { link, limiters: redisLimiters({ link, logger: silentLogger, fleetSize, instanceId: id }) };
}

async function until(check: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("rate budgets shared through Redis", () => {
  it("three instances together never take more than the budget in any window", async () => {
    const window = { limit: 10, intervalMs: 600 };
    const spec = { window, connectionId: "c-share", budget: "api", blockScope: "connection" };
    const instances = await Promise.all(["a", "b", "c"].map((id) => instance(id)));
    const times: number[] = [];
    await Promise.all(
      instances.flatMap(({ limiters }) => {
        const limiter = limiters(spec);
        return Array.from({ length: 15 }, () => limiter.acquire(1).then(() => times.push(Date.now())));
      }),
    );
    expect(times).toHaveLength(45);
    times.sort((x, y) => x - y);
    // Measured after each promise settled, on a busy machine: allow 150 ms of scheduling slack on the window.
    for (const t of times) expect(times.filter((u) => u > t - (window.intervalMs - 150) && u <= t).length).toBeLessThanOrEqual(window.limit);
    // 45 takes of a 10-per-window budget span at least 4 windows whoever takes them.
    expect(times[44]! - times[0]!).toBeGreaterThanOrEqual(4 * window.intervalMs - 150);
  }, 30_000);

  it("a call's weight counts until a window after its answer came back, however late it arrived", async () => {
    const [a, b] = await Promise.all([instance("late-a"), instance("late-b")]);
    const spec = { window: { limit: 2, intervalMs: 400 }, connectionId: "c-late", budget: "sapiUid POST /sapi/v1/asset/transfer", blockScope: "connection" };
    const mine = a.limiters(spec);
    const theirs = b.limiters(spec);
    await mine.acquire(1);
    await mine.acquire(1);
    // The two calls were slow to arrive: their answers come back 300 ms after the budget was taken.
    await new Promise((r) => setTimeout(r, 300));
    const answered = Date.now();
    mine.observeUsed(2);
    mine.observeUsed(2);
    await a.link.client.ping();
    await theirs.acquire(1);
    // Counted from the take, the weight would have left at +400 ms; counted from the answers, at +700 ms.
    expect(Date.now() - answered).toBeGreaterThanOrEqual(spec.window.intervalMs - 20);
  }, 30_000);

  it("a caller that awaits restamp() is granted ahead of a block by its usual journal write, and held there until the block ends", async () => {
    const [a, b] = await Promise.all([instance("ahead-a"), instance("ahead-b")]);
    const spec = { window: { limit: 1, intervalMs: 1000 }, connectionId: "c-ahead", budget: "transfer", blockScope: "transfer" };
    const theirs = b.limiters(spec);
    const write = () => new Promise((r) => setTimeout(r, 60));
    // One transfer teaches b how long its journal write takes (~60 ms).
    await theirs.acquire(1, { awaitsRestamp: true });
    await write();
    await theirs.restamp!();
    // The exchange's pacing (set by a) blocks the budget for another 1.5 s.
    const until = Date.now() + 1500;
    a.limiters(spec).blockUntil(until);
    await a.link.client.ping();
    await theirs.acquire(1, { awaitsRestamp: true });
    const granted = Date.now();
    await write();
    await theirs.restamp!();
    const left = Date.now();
    expect(granted).toBeLessThan(until - 30);
    expect(left).toBeGreaterThanOrEqual(until - 2);
  }, 30_000);

  it("a block set by one instance (a 429's Retry-After) stops every other instance's calls", async () => {
    const [one, two] = await Promise.all([instance("p"), instance("q")]);
    const spec = { window: { limit: 100, intervalMs: 1000 }, connectionId: "c-block", budget: "api", blockScope: "connection" };
    const other = { ...spec, budget: "sapiUid POST /sapi/v1/asset/transfer" };
    one.limiters(spec).blockUntil(Date.now() + 3000);
    // The block reaches Redis before the first instance's next command.
    await one.link.client.ping();
    await expect(two.limiters(other).acquire(1, { maxWaitMs: 200 })).rejects.toBeInstanceOf(RateLimitedError);
    await expect(two.limiters(spec).acquire(1, { maxWaitMs: 200 })).rejects.toBeInstanceOf(RateLimitedError);
  }, 30_000);

  it("Redis down: each instance keeps to its share and says degraded; Redis back: shared again", async () => {
    const { link, limiters } = await instance("d", 2);
    const window = { limit: 10, intervalMs: 60_000 };
    const limiter = limiters({ window, connectionId: "c-down", budget: "api", blockScope: "connection" });
    await limiter.acquire(1);
    await redis.kill();
    await until(() => link.mode === "degraded");
    expect(localShare(window, 2)).toEqual({ limit: 5, intervalMs: 60_000 });
    // The window already holds 1 weight of the fleet's: 4 more fit the local share, the 5th does not.
    for (let i = 0; i < 4; i++) await limiter.acquire(1, { maxWaitMs: 0 });
    await expect(limiter.acquire(1, { maxWaitMs: 0 })).rejects.toBeInstanceOf(RateLimitedError);
    await expect(limiter.acquire(6, { maxWaitMs: 0 })).rejects.toBeInstanceOf(RateLimitedError);
    await redis.restart();
    await until(() => link.mode === "shared");
    // Back on the shared budget (Redis restarted empty, this instance's 4 degraded takes handed over): 6 of 10 left.
    await link.client.ping();
    for (let i = 0; i < 6; i++) await limiter.acquire(1, { maxWaitMs: 0 });
    await expect(limiter.acquire(1, { maxWaitMs: 0 })).rejects.toBeInstanceOf(RateLimitedError);
  }, 60_000);

  it("a budget too small to split is used in turns: each instance calls only in the first window (less a margin) of its own turn", () => {
    expect(localShare({ limit: 1, intervalMs: 1000 }, 2)).toBeNull();
    expect(localShare({ limit: 6, intervalMs: 1000 }, 3)).toEqual({ limit: 2, intervalMs: 1000 });
    // 3 instances, window 1000, margin 250: turns of 2000, a cycle of 6000; slot 1 calls in [2000, 2750) of each cycle.
    expect(turnDelay(12_000 + 2000, 1000, 3, 1, 250)).toBe(0);
    expect(turnDelay(12_000 + 2749, 1000, 3, 1, 250)).toBe(0);
    expect(turnDelay(12_000 + 2750, 1000, 3, 1, 250)).toBe(5250);
    expect(turnDelay(12_000 + 3000, 1000, 3, 1, 250)).toBe(5000);
    expect(turnDelay(12_000 + 500, 1000, 3, 1, 250)).toBe(1500);
    // Any two instances' calling windows are at least one window plus the margin apart.
    const open = (slot: number) => Array.from({ length: 12_000 }, (_, t) => t).filter((t) => turnDelay(t, 1000, 3, slot, 250) === 0);
    const [a, b, c] = [open(0), open(1), open(2)];
    for (const [x, y] of [
      [a, b],
      [b, c],
      [a, c],
    ] as const) {
      for (const t of x!) expect(y!.some((u) => Math.abs(u - t) < 1000 + 250)).toBe(false);
    }
  });
});
