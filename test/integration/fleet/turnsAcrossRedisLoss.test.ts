import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import { createRedisLink, type FleetMode, type RedisLink } from "../../../src/fleet/redisLink.js";
import { redisLimiters } from "../../../src/fleet/redisRateLimiter.js";
import { silentLogger } from "../../../src/observability/logger.js";
import { startTestRedis, type TestRedis } from "../../support/redisServer.js";

/**
 * A budget of one call a second for a fleet of three (HTX's transfers), used in turns while
 * Redis is away: the real limiters on a real redis-server, killed (or left behind) at a chosen
 * point of the turn cycle, so each switch between the shared budget and the turns meets the
 * call it could collide with. Whatever the switch, two instances' calls leave at least a
 * window apart. With a window of 1 s and a margin of 250 ms, slot s may call in
 * [2000 s, 2000 s + 750) of every 6 s cycle (see turnDelay).
 */

const WINDOW_MS = 1000;
const CYCLE_MS = 6000;
const spec = (connectionId: string) => ({ window: { limit: 1, intervalMs: WINDOW_MS }, connectionId, budget: "transfer", blockScope: "transfer" });

let redis: TestRedis;
let down = false;
const closing: Array<() => Promise<void> | void> = [];
beforeAll(async () => {
  redis = await startTestRedis();
}, 30_000);
afterEach(async () => {
  for (const close of closing.splice(0)) await close();
  // Every test starts with Redis up: one that killed it brings it back here.
  if (down) await redis.restart();
  down = false;
});
afterAll(async () => {
  await redis?.stop();
});

async function killRedis(): Promise<void> {
  down = true;
  await redis.kill();
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits until the cycle's clock (Date.now() modulo the cycle) reads `phase`. */
async function atPhase(phase: number): Promise<void> {
  await sleep((((phase - (Date.now() % CYCLE_MS)) % CYCLE_MS) + CYCLE_MS) % CYCLE_MS);
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await sleep(10);
  }
}

/** An instance on the real link: its mode follows Redis. */
async function instance(id: string, slot: number) {
  const link = createRedisLink({ url: redis.url, logger: silentLogger });
  closing.push(() => link.close());
  expect(await link.ready(5000)).toBe("shared");
  return { link, limiters: redisLimiters({ link, logger: silentLogger, fleetSize: 3, instanceId: id, slot: () => slot }) };
}

/**
 * An instance whose link says what the test sets, whatever Redis does: one that has not yet
 * noticed Redis is gone, or is still away after the others are back. Its commands go to the
 * real Redis (and fail while it is down).
 */
async function heldInstance(id: string, slot: number, mode: FleetMode) {
  const client = new Redis(redis.url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: 1000, retryStrategy: () => 100 });
  client.on("error", () => undefined);
  closing.push(() => client.disconnect());
  await new Promise((resolve) => client.once("ready", resolve));
  const listeners: Array<(mode: FleetMode) => void> = [];
  let current = mode;
  let since = Date.now();
  const link: RedisLink = {
    get mode() {
      return current;
    },
    get modeSince() {
      return since;
    },
    client,
    subscriber: client,
    onModeChange: (listener) => void listeners.push(listener),
    ready: async () => current,
    close: async () => client.disconnect(),
  };
  const set = (next: FleetMode) => {
    current = next;
    since = Date.now();
    for (const listener of listeners) listener(next);
  };
  return { link, set, limiters: redisLimiters({ link, logger: silentLogger, fleetSize: 3, instanceId: id, slot: () => slot }) };
}

describe("a one-call budget across the switches between Redis and turns", () => {
  it("a limiter first used after Redis went away waits a window after the loss, whatever its turn says", async () => {
    const [a, b] = [await instance("new-a", 0), await instance("new-b", 1)];
    // a's call leaves on the shared budget just before Redis dies, 300 ms before b's calling window opens.
    await atPhase(1700);
    await a.limiters(spec("c-new")).acquire(1);
    const aLeft = Date.now();
    await killRedis();
    await until(() => b.link.mode === "degraded");
    // b has not used the budget yet: its limiter is made now, Redis already away.
    await b.limiters(spec("c-new")).acquire(1);
    const bLeft = Date.now();
    expect(bLeft - aLeft).toBeGreaterThanOrEqual(WINDOW_MS);
  }, 30_000);

  it("a call granted on the shared budget that leaves after Redis went away leaves in its own turn", async () => {
    const [a, b] = [await instance("late-a", 0), await instance("late-b", 1)];
    const mine = a.limiters(spec("c-late"));
    const theirs = b.limiters(spec("c-late"));
    await atPhase(800);
    // Granted while Redis is there; its journal write then takes until Redis has died.
    await mine.acquire(1, { awaitsRestamp: true });
    await killRedis();
    await until(() => a.link.mode === "degraded" && b.link.mode === "degraded");
    const bLeft = theirs.acquire(1).then(() => Date.now());
    await atPhase(1500);
    await mine.restamp!();
    const aLeft = Date.now();
    expect(Math.abs((await bLeft) - aLeft)).toBeGreaterThanOrEqual(WINDOW_MS);
  }, 30_000);

  it("an instance that has not noticed Redis is gone: its granted call leaves in its turn, not on the dead grant", async () => {
    const a = await heldInstance("unaware-a", 0, "shared");
    const b = await instance("unaware-b", 1);
    const mine = a.limiters(spec("c-unaware"));
    const theirs = b.limiters(spec("c-unaware"));
    await atPhase(800);
    await mine.acquire(1, { awaitsRestamp: true });
    await killRedis();
    await until(() => b.link.mode === "degraded");
    const bLeft = theirs.acquire(1).then(() => Date.now());
    // a's link still says shared when its call is about to leave.
    await atPhase(1500);
    expect(a.link.mode).toBe("shared");
    await mine.restamp!();
    const aLeft = Date.now();
    expect(Math.abs((await bLeft) - aLeft)).toBeGreaterThanOrEqual(WINDOW_MS);
  }, 30_000);

  it("Redis back for one instance while another is still away and calls in its turn: the one back keeps to its turn for the grace", async () => {
    const x = await heldInstance("back-x", 0, "shared");
    const y = await heldInstance("back-y", 1, "degraded");
    const mine = x.limiters(spec("c-back"));
    const theirs = y.limiters(spec("c-back"));
    x.set("degraded");
    // Redis comes back empty, as after a crash.
    await x.link.client.flushall();
    // Away for more than a window and the margin, y calls at the start of its calling window.
    await sleep(WINDOW_MS + 300);
    await atPhase(2050);
    await theirs.acquire(1);
    const yLeft = Date.now();
    // Back for x 200 ms after y's call; y is still away.
    await sleep(200);
    x.set("shared");
    await mine.acquire(1);
    const xLeft = Date.now();
    expect(xLeft - yLeft).toBeGreaterThanOrEqual(WINDOW_MS);
  }, 30_000);
});
