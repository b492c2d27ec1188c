import { describe, expect, it } from "@jest/globals";
import { createServerClock } from "../../../src/exchanges/kit/serverClock.js";

describe("server clock", () => {
  it("learns the offset once for concurrent callers and refreshes when stale", async () => {
    let local = 1_000_000;
    let fetches = 0;
    const clock = createServerClock({
      now: () => local,
      refreshMs: 60_000,
      fetchServerTime: async () => {
        fetches++;
        return local + 300_000; // the exchange is 5 minutes ahead
      },
    });
    const times = await Promise.all([clock.serverNow(), clock.serverNow(), clock.serverNow()]);
    expect(fetches).toBe(1);
    expect(times).toEqual([1_300_000, 1_300_000, 1_300_000]);
    local += 30_000;
    expect(await clock.serverNow()).toBe(1_330_000);
    expect(clock.estimate()).toBe(1_330_000);
    expect(fetches).toBe(1);
    local += 60_001;
    await clock.serverNow();
    expect(fetches).toBe(2);
    await clock.resync();
    expect(fetches).toBe(3);
  });

  it("an unreadable time (null) keeps the local clock until the next refresh; a rejection fails the caller", async () => {
    let local = 5_000;
    let answer: () => Promise<number | null> = async () => null;
    let fetches = 0;
    const clock = createServerClock({
      now: () => local,
      refreshMs: 1000,
      fetchServerTime: () => {
        fetches++;
        return answer();
      },
    });
    expect(await clock.serverNow()).toBe(5_000);
    expect(clock.offsetMs).toBeNull();
    expect(await clock.serverNow()).toBe(5_000);
    expect(fetches).toBe(1);
    local += 1001;
    answer = async () => {
      throw new Error("down");
    };
    await expect(clock.serverNow()).rejects.toThrow("down");
    answer = async () => local + 42;
    expect(await clock.serverNow()).toBe(local + 42);
    expect(clock.offsetMs).toBe(42);
  });
});
