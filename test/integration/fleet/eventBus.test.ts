import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createInProcessEventBus, TRANSFER_EVENTS_CHANNEL, type EventBus } from "../../../src/fleet/eventBus.js";
import { createRedisEventBus } from "../../../src/fleet/redisEventBus.js";
import { createRedisLink, type RedisLink } from "../../../src/fleet/redisLink.js";
import { silentLogger } from "../../../src/observability/logger.js";
import { startTestRedis, type TestRedis } from "../../support/redisServer.js";
import { until } from "../../support/fleetCoffer.js";

/** The event bus behind transfer events: in-process for one instance, Redis pub/sub for a fleet. */

let redis: TestRedis;
const links: RedisLink[] = [];
beforeAll(async () => {
  redis = await startTestRedis();
}, 30_000);
afterAll(async () => {
  await Promise.all(links.map((l) => l.close()));
  await redis?.stop();
});

async function redisBus(): Promise<{ bus: EventBus; link: RedisLink }> {
  const link = createRedisLink({ url: redis.url, logger: silentLogger });
  links.push(link);
  expect(await link.ready(5000)).toBe("shared");
  return { bus: createRedisEventBus({ link, logger: silentLogger }), link };
}

describe("event bus", () => {
  it("in-process: every subscriber of the channel gets each message once, an unsubscribed one none", async () => {
    const bus = createInProcessEventBus();
    const got: string[] = [];
    const other: string[] = [];
    const off = await bus.subscribe(TRANSFER_EVENTS_CHANNEL, (m) => got.push(m));
    await bus.subscribe("elsewhere", (m) => other.push(m));
    await bus.publish(TRANSFER_EVENTS_CHANNEL, '{"n":1}');
    await until("delivered", () => got.length === 1);
    await off();
    await bus.publish(TRANSFER_EVENTS_CHANNEL, '{"n":2}');
    await new Promise((r) => setTimeout(r, 50));
    expect(got).toEqual(['{"n":1}']);
    expect(other).toEqual([]);
  });

  it("Redis: a message published by one instance reaches every instance's subscribers, exact text", async () => {
    const [a, b, c] = await Promise.all([redisBus(), redisBus(), redisBus()]);
    const got: Record<string, string[]> = { a: [], b: [], c: [] };
    await a.bus.subscribe(TRANSFER_EVENTS_CHANNEL, (m) => got.a!.push(m));
    await b.bus.subscribe(TRANSFER_EVENTS_CHANNEL, (m) => got.b!.push(m));
    await c.bus.subscribe(TRANSFER_EVENTS_CHANNEL, (m) => got.c!.push(m));
    const message = JSON.stringify({ id: "t-1", status: "CONFIRMED", amount: "0.10000000000000000555" });
    await b.bus.publish(TRANSFER_EVENTS_CHANNEL, message);
    await until("all three got it", () => got.a!.length === 1 && got.b!.length === 1 && got.c!.length === 1);
    expect(got).toEqual({ a: [message], b: [message], c: [message] });
  });

  it("Redis: channels subscribed while the subscriber connection is still in its handshake are all subscribed, with no error", async () => {
    // ioredis writes a SUBSCRIBE at once during the handshake; a handshake command sent after its
    // answer (the INFO ready check) used to be refused "in subscriber mode", which rejected the
    // SUBSCRIBEs in flight and dropped the connection (so the fleet's start failed, or lost events).
    const publisher = await redisBus();
    for (let round = 0; round < 10; round++) {
      const link = createRedisLink({ url: redis.url, logger: silentLogger });
      links.push(link);
      const errors: string[] = [];
      link.subscriber.on("error", (error: Error) => errors.push(error.message));
      await new Promise<void>((resolve) => link.subscriber.once("connect", () => resolve()));
      expect(link.subscriber.status).toBe("connect");
      const bus = createRedisEventBus({ link, logger: silentLogger });
      const got: string[] = [];
      await Promise.all([bus.subscribe(`hs-a-${round}`, (m) => got.push(m)), bus.subscribe(`hs-b-${round}`, (m) => got.push(m))]);
      await until("both channels deliver", async () => {
        await publisher.bus.publish(`hs-a-${round}`, "a");
        await publisher.bus.publish(`hs-b-${round}`, "b");
        await new Promise((r) => setTimeout(r, 20));
        return got.includes("a") && got.includes("b");
      });
      expect(errors).toEqual([]);
      await link.close();
    }
  }, 60_000);

  it("Redis down: a publish still reaches this instance's subscribers; back up: the subscription works again", async () => {
    const a = await redisBus();
    const b = await redisBus();
    const gotA: string[] = [];
    const gotB: string[] = [];
    await a.bus.subscribe("down-test", (m) => gotA.push(m));
    await b.bus.subscribe("down-test", (m) => gotB.push(m));
    await redis.kill();
    await until("degraded", () => a.link.mode === "degraded");
    await a.bus.publish("down-test", "local");
    await until("local delivery", () => gotA.length === 1);
    await redis.restart();
    await until("shared again", () => a.link.mode === "shared" && b.link.mode === "shared");
    // The subscriber connection renews its subscription after reconnecting: publish until it arrives.
    await until("delivered across instances again", async () => {
      await a.bus.publish("down-test", "again");
      await new Promise((r) => setTimeout(r, 100));
      return gotB.includes("again");
    });
    expect(gotA[0]).toBe("local");
    expect(gotB).not.toContain("local");
  }, 60_000);
});
