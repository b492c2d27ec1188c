import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { spotToContracts, startHtxKit, type HtxKit } from "./harness.js";

describe("HTX transfer budget: 1 a second", () => {
  let kit: HtxKit;
  beforeAll(async () => {
    kit = await startHtxKit(); // HTX's own limits on both sides
  });
  afterAll(async () => {
    await kit.close();
  });

  it("20 transfers asked at once leave no faster than 1 a second and none is refused", async () => {
    const receipts = await Promise.all(Array.from({ length: 20 }, () => kit.connector.transfer(spotToContracts("1"))));
    expect(new Set(receipts.map((r) => r.exchangeTransferId)).size).toBe(20);
    const times = kit.sim.calls.filter((call) => call.path === "/v2/account/transfer").map((call) => call.at);
    expect(times).toHaveLength(20);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(1000);
    expect(kit.sim.spotBalance("usdt").trade).toBe("71.850043797676510303");
    expect(kit.sim.contractBalance("USDT").marginBalance).toBe("1270.5");
  }, 60_000);
});
