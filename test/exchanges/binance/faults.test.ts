import { afterEach, describe, expect, it } from "@jest/globals";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createSnapshotCache } from "../../../src/cache/snapshotCache.js";
import { createBinanceConnector } from "../../../src/exchanges/binance/connector.js";
import type { AccountKey } from "../../../src/domain/accountKey.js";
import { Dec } from "../../../src/domain/decimal.js";
import { AccountType, Exchange } from "../../../src/domain/enums.js";
import type { TransferRequest } from "../../../src/domain/transfer.js";
import { createLogger } from "../../../src/observability/logger.js";
import { binanceDemoState } from "../../../src/exchanges/binance/simulator/demoState.js";
import { CONNECTION_ID, startHarness, type Harness } from "./harness.js";

const spotKey: AccountKey = { connectionId: CONNECTION_ID, exchange: Exchange.BINANCE, type: AccountType.SPOT, symbol: null, subAccountEmail: null };
const spotToFunding: TransferRequest = {
  connectionId: CONNECTION_ID,
  asset: "USDT",
  amount: new Dec("10"),
  from: { type: AccountType.SPOT, symbol: null },
  to: { type: AccountType.FUNDING, symbol: null },
  subAccountEmail: null,
  idempotencyKey: "faults-1",
};
const SPOT = { type: AccountType.SPOT };
const FUNDING = { type: AccountType.FUNDING };

describe("Binance upstream faults", () => {
  let h: Harness | null = null;
  afterEach(async () => {
    await h?.close();
    h = null;
  });

  it.each([
    ["5xx", { fail5xx: 1 }],
    ["malformed body", { malformed: 1 }],
    ["timeout", { timeouts: 1 }],
    ["connection reset", { resets: 1 }],
  ] as const)("a read hit by %s is UPSTREAM_UNAVAILABLE naming the connection", async (_name, fault) => {
    h = await startHarness({ state: binanceDemoState(), timeoutMs: 300 });
    await h.connector.loadBalances([{ ...spotKey, type: AccountType.FUNDING }]); // learn the clock first
    Object.assign(h.sim.faults, fault, { only: /^\/api\/v3\/account$/ });
    const [result] = await h.connector.loadBalances([spotKey]);
    expect(result).toMatchObject({ code: "UPSTREAM_UNAVAILABLE", connectionId: CONNECTION_ID });
    // Failures are not cached: the next read succeeds.
    const [again] = await h.connector.loadBalances([spotKey]);
    expect(again).not.toBeInstanceOf(Error);
  });

  it.each([
    ["after it was processed", true, "10"],
    ["before it was processed", false, "0"],
  ])("a transfer that times out %s → outcomeUnknown, exactly one POST", async (_name, afterProcessing, moved) => {
    h = await startHarness({ state: binanceDemoState(), timeoutMs: 300 });
    await h.connector.loadBalances([spotKey]);
    const before = new Dec(h.sim.balance(FUNDING, "USDT"));
    Object.assign(h.sim.faults, { timeouts: 1, timeoutAfterProcessing: afterProcessing, only: /asset\/transfer/ });
    await expect(h.connector.transfer(spotToFunding)).rejects.toMatchObject({
      code: "UPSTREAM_UNAVAILABLE",
      outcomeUnknown: true,
      connectionId: CONNECTION_ID,
    });
    expect(h.sim.callsTo("/sapi/v1/asset/transfer", "POST")).toHaveLength(1);
    expect(new Dec(h.sim.balance(FUNDING, "USDT")).minus(before).toFixed()).toBe(moved);
  });

  it.each([
    ["5xx", { fail5xx: 1 }],
    ["malformed answer", { malformed: 1 }],
    ["reset", { resets: 1 }],
  ] as const)("a transfer hit by %s → outcomeUnknown, exactly one POST", async (_name, fault) => {
    h = await startHarness({ state: binanceDemoState(), timeoutMs: 300 });
    await h.connector.loadBalances([spotKey]);
    Object.assign(h.sim.faults, fault, { only: /asset\/transfer/ });
    await expect(h.connector.transfer(spotToFunding)).rejects.toMatchObject({ code: "UPSTREAM_UNAVAILABLE", outcomeUnknown: true });
    expect(h.sim.callsTo("/sapi/v1/asset/transfer", "POST")).toHaveLength(1);
  });

  it("a transfer whose connection is refused → outcome known (not sent)", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const connector = createBinanceConnector(
      {
        id: CONNECTION_ID,
        exchange: Exchange.BINANCE,
        label: null,
        accountTypes: null,
        timeoutMs: 500,
        credentials: { apiKey: "k", apiSecret: "s" },
        urls: {
          spot: url,
          usdm: url,
          coinm: url,
          options: url,
          portfolioMargin: url,
          wsApi: url.replace(/^http/, "ws"),
          usdmWs: url.replace(/^http/, "ws"),
          coinmWs: url.replace(/^http/, "ws"),
        },
      },
      { cache: createSnapshotCache({ ttlMs: 1000 }), logger: createLogger({ level: "silent" }) },
    );
    try {
      await expect(connector.transfer(spotToFunding)).rejects.toMatchObject({ code: "UPSTREAM_UNAVAILABLE", outcomeUnknown: false });
    } finally {
      await connector.close();
    }
  });

  it("a successful transfer drops the connection's snapshots (read-your-writes)", async () => {
    h = await startHarness({ state: binanceDemoState(), cacheTtlMs: 60_000 });
    const [before] = await h.connector.loadBalances([{ ...spotKey, type: AccountType.FUNDING }]);
    await h.connector.transfer(spotToFunding);
    const [after] = await h.connector.loadBalances([{ ...spotKey, type: AccountType.FUNDING }]);
    const usdt = (r: unknown) => (r as Array<{ asset: string; total: Dec }>).find((b) => b.asset === "USDT")!.total.toFixed();
    expect(new Dec(usdt(after)).minus(usdt(before)).toFixed()).toBe("10");
    expect(h.sim.balance(SPOT, "USDT")).toBe("26530.55");
  });
});
