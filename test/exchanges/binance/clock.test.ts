import { describe, expect, it } from "@jest/globals";
import { createBinanceClock } from "../../../src/exchanges/binance/clock.js";

describe("Binance clock offset", () => {
  it("learns the offset once for concurrent callers and refreshes when stale", async () => {
    let local = 1_000_000;
    let fetches = 0;
    const clock = createBinanceClock({
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
    expect(fetches).toBe(1);
    local += 60_001;
    await clock.serverNow();
    expect(fetches).toBe(2);
    await clock.resync();
    expect(fetches).toBe(3);
  });
});
