import { describe, expect, it } from "@jest/globals";
import { createSnapshotCache } from "../../../src/cache/snapshotCache.js";

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe("snapshot cache", () => {
  it("shares one in-flight load among concurrent callers (single-flight)", async () => {
    const cache = createSnapshotCache({ ttlMs: 1000 });
    let loads = 0;
    const gate = deferred<string>();
    const results = Promise.all(Array.from({ length: 100 }, () => cache.get("c1", "GET /x", () => (loads++, gate.promise))));
    gate.resolve("value");
    expect(await results).toEqual(Array(100).fill("value"));
    expect(loads).toBe(1);
    expect(cache.stats.coalesced).toBe(99);
  });

  it("reuses a settled value within the TTL and loads again after it", async () => {
    let clock = 0;
    const cache = createSnapshotCache({ ttlMs: 100, now: () => clock });
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get("c1", "k", load)).toBe(1);
    clock = 99;
    expect(await cache.get("c1", "k", load)).toBe(1);
    clock = 100;
    expect(await cache.get("c1", "k", load)).toBe(2);
  });

  it("does not cache failures", async () => {
    const cache = createSnapshotCache({ ttlMs: 1000 });
    await expect(cache.get("c1", "k", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await cache.get("c1", "k", async () => "ok")).toBe("ok");
  });

  it("drops a connection's snapshots on invalidate, and only that connection's", async () => {
    const cache = createSnapshotCache({ ttlMs: 10_000 });
    let loads = 0;
    const load = async () => ++loads;
    await cache.get("c1", "k", load);
    await cache.get("c2", "k", load);
    cache.invalidate("c1");
    expect(await cache.get("c1", "k", load)).toBe(3);
    expect(await cache.get("c2", "k", load)).toBe(2);
  });

  it("never keeps a read that started before an invalidation (read-your-writes)", async () => {
    const cache = createSnapshotCache({ ttlMs: 10_000 });
    const stale = deferred<string>();
    const first = cache.get("c1", "balances", () => stale.promise);
    cache.invalidate("c1"); // a transfer happened while the read was in flight
    stale.resolve("before-transfer");
    expect(await first).toBe("before-transfer");
    expect(await cache.get("c1", "balances", async () => "after-transfer")).toBe("after-transfer");
  });

  it("honours a per-key TTL and keeps a keepOnInvalidate key across invalidations", async () => {
    let clock = 0;
    const cache = createSnapshotCache({ ttlMs: 100, now: () => clock });
    let loads = 0;
    const long = { ttlMs: 10_000, keepOnInvalidate: true };
    const load = async () => ++loads;
    expect(await cache.get("c1", "assets", load, long)).toBe(1);
    expect(await cache.get("c1", "balances", async () => "b1")).toBe("b1");
    clock = 5000;
    cache.invalidate("c1");
    expect(await cache.get("c1", "assets", load, long)).toBe(1);
    expect(await cache.get("c1", "balances", async () => "b2")).toBe("b2");
    clock = 10_000;
    expect(await cache.get("c1", "assets", load, long)).toBe(2);
  });

  it("an invalidated in-flight read does not evict the read that replaced it", async () => {
    const cache = createSnapshotCache({ ttlMs: 1000 });
    await cache.get("c1", "assets", async () => "list", { keepOnInvalidate: true });
    const stale = deferred<string>();
    const first = cache.get("c1", "balances", () => stale.promise);
    cache.invalidate("c1");
    const fresh = await cache.get("c1", "balances", async () => "fresh");
    stale.resolve("stale");
    expect(await first).toBe("stale");
    expect(fresh).toBe("fresh");
    expect(await cache.get("c1", "balances", async () => "reloaded")).toBe("fresh");
  });
});
