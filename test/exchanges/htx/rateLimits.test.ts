import { describe, expect, it } from "@jest/globals";
import { AccountType, Exchange } from "../../../src/domain/enums.js";
import { startHtxKit } from "./harness.js";

const key = (type: AccountType, symbol: string | null = null) => ({ connectionId: "htx-test", exchange: Exchange.HTX, type, symbol, subAccountEmail: null });

describe("HTX rate-limit headers and hosts", () => {
  it("spot: after X-HB-RateLimit-Requests-Remain 0 it waits for -Expire instead of being refused", async () => {
    const kit = await startHtxKit({ ttlMs: 0, sim: { limits: { spotEndpoint: { limit: 1, intervalMs: 800 } } } });
    try {
      await kit.connector.loadBalances([key(AccountType.SPOT)]);
      await kit.connector.loadBalances([key(AccountType.SPOT)]);
      const balanceCalls = kit.sim.calls.filter((call) => call.path.endsWith("/balance"));
      // One call a window: the second was accepted, so it waited for the window to pass (a call
      // inside it is refused by the simulator and logged as a rate-limit hit).
      expect(balanceCalls).toHaveLength(2);
      expect(kit.logLines.some((line) => line.includes("rate limit hit"))).toBe(false);
    } finally {
      await kit.close();
    }
  });

  it("contracts: after ratelimit-remaining 0 it waits for ratelimit-reset instead of being refused", async () => {
    // Our own budget would allow a burst (72 per 700 ms); only HTX's headers can pace these calls.
    const kit = await startHtxKit({
      ttlMs: 0,
      sim: { limits: { contractRead: { limit: 3, intervalMs: 700 } } },
      connector: { limits: { contractRead: { limit: 72, intervalMs: 700 } } },
    });
    // A read is 3 calls (the two mode probes together, then unified_account_info), HTX allows 3
    // per 700 ms: the second read must wait for HTX's reset.
    kit.sim.setUnified(true);
    try {
      for (let i = 0; i < 2; i++) {
        const [cross] = await kit.connector.loadBalances([key(AccountType.USDM_FUTURES)]);
        expect(Array.isArray(cross)).toBe(true);
      }
      // Six calls (the mode checks go out together), none refused: each waited for the reset HTX announced.
      expect(kit.sim.calls.filter((call) => call.listener === "swap")).toHaveLength(6);
      expect(kit.logLines.some((line) => line.includes("rate limit hit"))).toBe(false);
    } finally {
      await kit.close();
    }
  });

  it("a path of the other host answers HTTP 405 method-not-allowed, like an unknown path", async () => {
    const kit = await startHtxKit();
    try {
      for (const url of [`${kit.sim.urls.swap}/v1/account/accounts`, `${kit.sim.urls.spot}/linear-swap-api/v1/swap_account_info`, `${kit.sim.urls.spot}/nope`]) {
        const response = await fetch(url, { method: url.includes("swap_account_info") ? "POST" : "GET" });
        expect(response.status).toBe(405);
        expect(await response.json()).toMatchObject({ status: "error", "err-code": "method-not-allowed" });
      }
    } finally {
      await kit.close();
    }
  });
});
