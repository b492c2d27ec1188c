import { afterEach, describe, expect, it } from "@jest/globals";
import type { AccountKey } from "../../../src/domain/accountKey.js";
import { Dec } from "../../../src/domain/decimal.js";
import { AccountType, Exchange } from "../../../src/domain/enums.js";
import { binanceDemoState } from "../../../src/exchanges/binance/simulator/demoState.js";
import { CONNECTION_ID, startHarness, type Harness } from "./harness.js";

const spotKey: AccountKey = { connectionId: CONNECTION_ID, exchange: Exchange.BINANCE, type: AccountType.SPOT, symbol: null, subAccountEmail: null };
const FIVE_MINUTES = 5 * 60_000;

describe("Binance signing and clock against the simulator", () => {
  let h: Harness | null = null;
  afterEach(async () => {
    await h?.close();
    h = null;
  });

  it("a wrong secret is refused by the simulator with -1022", async () => {
    h = await startHarness({ state: binanceDemoState(), secret: "not-the-secret" });
    const [result] = await h.connector.loadBalances([spotKey]);
    expect(result).toMatchObject({
      code: "UPSTREAM_REJECTED",
      exchangeCode: "-1022",
      exchangeMessage: "Signature for this request is not valid.",
      connectionId: CONNECTION_ID,
    });
  });

  it.each([
    ["behind", -FIVE_MINUTES],
    ["ahead", FIVE_MINUTES],
  ])("a local clock 5 minutes %s still signs inside recvWindow once the offset is learned", async (_name, skew) => {
    h = await startHarness({ state: binanceDemoState(), now: () => Date.now() + skew });
    const [result] = await h.connector.loadBalances([spotKey]);
    expect(result).not.toBeInstanceOf(Error);
    expect(h.sim.callsTo("/api/v3/time")).toHaveLength(1);
    const signed = h.sim.callsTo("/api/v3/account")[0];
    const timestamp = Number(new URLSearchParams(signed.rawQuery).get("timestamp"));
    // The 5-minute skew is corrected: what is left is transit, far from the skew.
    expect(Math.abs(timestamp - signed.at)).toBeLessThan(Math.abs(skew) / 5);
  });

  it("the simulator's own clock skew is learned too", async () => {
    h = await startHarness({ state: binanceDemoState() });
    h.sim.faults.clockSkewMs = -3 * 60_000;
    const [result] = await h.connector.loadBalances([spotKey]);
    expect(result).not.toBeInstanceOf(Error);
  });

  it("a read answered -1021 resyncs once and succeeds; a transfer is never resent", async () => {
    h = await startHarness({ state: binanceDemoState(), cacheTtlMs: 0 });
    await h.connector.loadBalances([spotKey]);
    // The exchange's clock jumps: the learned offset is now a minute off.
    h.sim.faults.clockSkewMs = 60_000;
    const [result] = await h.connector.loadBalances([spotKey]);
    expect(result).not.toBeInstanceOf(Error);
    expect(h.sim.callsTo("/api/v3/time")).toHaveLength(2);
    expect(h.sim.callsTo("/api/v3/account")).toHaveLength(3);

    h.sim.faults.clockSkewMs = 0;
    await expect(
      h.connector.transfer({
        connectionId: CONNECTION_ID,
        asset: "USDT",
        amount: new Dec("1"),
        from: { type: AccountType.SPOT, symbol: null },
        to: { type: AccountType.FUNDING, symbol: null },
        subAccountEmail: null,
        idempotencyKey: "signed-1",
      }),
    ).rejects.toMatchObject({ code: "UPSTREAM_REJECTED", exchangeCode: "-1021" });
    expect(h.sim.callsTo("/sapi/v1/asset/transfer", "POST")).toHaveLength(1);
  });

  it("an unknown API key is refused with -2015", async () => {
    h = await startHarness({ state: binanceDemoState() });
    const other = await startHarness({ state: binanceDemoState() });
    try {
      // Point the second connector's config at a simulator that knows another key.
      const { createBinanceConnector } = await import("../../../src/exchanges/binance/connector.js");
      const { createLogger } = await import("../../../src/observability/logger.js");
      const connector = createBinanceConnector(
        { ...other.config, credentials: { apiKey: "someone-else", apiSecret: "x" }, urls: h.sim.urls },
        { cache: other.cache, logger: createLogger({ level: "silent" }) },
      );
      const [result] = await connector.loadBalances([spotKey]);
      expect(result).toMatchObject({ code: "UPSTREAM_REJECTED", exchangeCode: "-2015" });
      await connector.close();
    } finally {
      await other.close();
    }
  });
});
