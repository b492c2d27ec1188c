import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import { formatDecimal } from "../../../src/domain/decimal.js";
import { AccountType, Exchange, TransferStatus } from "../../../src/domain/enums.js";
import { AppError, BadUserInputError, InsufficientBalanceError, RateLimitedError, UpstreamRejectedError, UpstreamUnavailableError } from "../../../src/domain/errors.js";
import type { Balance } from "../../../src/domain/balance.js";
import { noFaults } from "../../../src/exchanges/kit/simulator/faults.js";
import { contractsToSpot, SECRET_KEY, spotToContracts, startHtxKit, type HtxKit } from "./harness.js";

const TRANSFER = "/v2/account/transfer";
const key = (type: AccountType, symbol: string | null = null) => ({ connectionId: "htx-test", exchange: Exchange.HTX, type, symbol, subAccountEmail: null });

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

describe("HTX transfers against the simulator", () => {
  let kit: HtxKit;
  const errors: Error[] = [];
  beforeAll(async () => {
    kit = await startHtxKit({
      timeoutMs: 600,
      connector: { safetyMarginMs: 0, limits: { transfer: { limit: 50, intervalMs: 1000 } } },
      sim: { limits: { transfer: { limit: 50, intervalMs: 1000 } } },
    });
  });
  afterEach(() => {
    Object.assign(kit.sim.faults, noFaults());
  });
  afterAll(async () => {
    await kit.close();
    // No request, log line or error carries the secret or a signature.
    const signatures = kit.sim.calls.map((call) => new URLSearchParams(call.rawQuery).get("Signature")).filter((s): s is string => !!s);
    expect(signatures.length).toBeGreaterThan(10);
    for (const call of kit.sim.calls) expect(JSON.stringify(call)).not.toContain(SECRET_KEY);
    const published = [...kit.logLines, ...errors.map((e) => JSON.stringify({ message: e.message, fields: { ...e } }))];
    expect(kit.logLines.length).toBeGreaterThan(10);
    for (const line of published) {
      expect(line).not.toContain(SECRET_KEY);
      expect(line).not.toContain("Signature=");
      for (const signature of signatures) {
        expect(line).not.toContain(signature);
        expect(line).not.toContain(encodeURIComponent(signature));
      }
    }
  });

  it("moves exactly the amount into the cross account, sending HTX's body shape", async () => {
    const before = kit.sim.calls.length;
    const receipt = await kit.connector.transfer(spotToContracts("12.5"));
    expect(receipt.status).toBe(TransferStatus.CONFIRMED);
    expect(receipt.exchangeTransferId).toMatch(/^\d+$/);
    const posts = kit.sim.calls.slice(before).filter((call) => call.path === TRANSFER);
    expect(posts).toHaveLength(1);
    expect(posts[0].body).toBe('{"from":"spot","to":"linear-swap","currency":"usdt","amount":12.5,"margin-account":"USDT"}');
    expect(posts[0].headers["content-type"]).toBe("application/json");
    expect(new URLSearchParams(posts[0].rawQuery).get("amount")).toBeNull();
    expect(kit.sim.spotBalance("usdt").trade).toBe("79.350043797676510303");
    expect(kit.sim.contractBalance("USDT")).toEqual({ marginBalance: "1263", withdrawAvailable: "1042.75" });
    // Read-your-writes: the connector's cached snapshot was dropped.
    const [spot, cross] = await kit.connector.loadBalances([key(AccountType.SPOT), key(AccountType.USDM_FUTURES)]);
    expect(formatDecimal((spot as Balance[]).find((b) => b.asset === "USDT")!.free)).toBe("79.350043797676510303");
    expect(formatDecimal((cross as Balance[])[0].total)).toBe("1263");
  });

  it("moves an 8-decimal amount into and out of an isolated account with margin-account = contract code", async () => {
    await kit.connector.transfer(spotToContracts("0.12345678", "BTC-USDT"));
    expect(kit.sim.contractBalance("BTC-USDT")).toEqual({ marginBalance: "99.87851562", withdrawAvailable: "87.14851562" });
    const before = kit.sim.calls.length;
    await kit.connector.transfer(contractsToSpot("0.00010678", "btc-usdt"));
    const post = kit.sim.calls.slice(before).find((call) => call.path === TRANSFER)!;
    expect(post.body).toBe('{"from":"linear-swap","to":"spot","currency":"usdt","amount":0.00010678,"margin-account":"BTC-USDT"}');
    expect(kit.sim.contractBalance("BTC-USDT").marginBalance).toBe("99.87840884");
    expect(kit.sim.spotBalance("usdt").trade).toBe("79.226693797676510303");
  });

  // Zero and negative amounts: the connector contract's BAD_USER_INPUT case.
  it("refuses a 9-decimal amount before any request", async () => {
    const before = kit.sim.calls.length;
    const nine = await caught(kit.connector.transfer(spotToContracts("0.123456789")));
    expect(nine).toBeInstanceOf(BadUserInputError);
    expect(kit.sim.calls.length).toBe(before);
  });

  it("maps HTX refusals: 1303 below the minimum, 1301 insufficient, 1010 unknown contract account", async () => {
    const minimum = await caught(kit.connector.transfer(spotToContracts("0.00001")));
    expect(minimum).toBeInstanceOf(UpstreamRejectedError);
    expect((minimum as UpstreamRejectedError).exchangeCode).toBe("1303");
    expect((minimum as UpstreamRejectedError).exchangeMessage).toContain("no less than 0.0001USDT");
    expect((minimum as UpstreamRejectedError).connectionId).toBe("htx-test");
    const insufficient = await caught(kit.connector.transfer(spotToContracts("1000000")));
    expect(insufficient).toBeInstanceOf(InsufficientBalanceError);
    expect((insufficient as InsufficientBalanceError).exchangeCode).toBe("1301");
    const unknown = await caught(kit.connector.transfer(spotToContracts("1", "DOGE-USDT")));
    expect((unknown as UpstreamRejectedError).exchangeCode).toBe("1010");
    errors.push(minimum, insufficient, unknown);
  });

  it("a transfer that times out after HTX acted is UPSTREAM_UNAVAILABLE with outcomeUnknown, sent exactly once", async () => {
    Object.assign(kit.sim.faults, { timeouts: 1, timeoutAfterProcessing: true, only: /\/v2\/account\/transfer/ });
    const before = kit.sim.calls.length;
    const trade = kit.sim.spotBalance("usdt").trade;
    const error = await caught(kit.connector.transfer(spotToContracts("1")));
    expect(error).toBeInstanceOf(UpstreamUnavailableError);
    expect((error as UpstreamUnavailableError).outcomeUnknown).toBe(true);
    expect((error as UpstreamUnavailableError).connectionId).toBe("htx-test");
    expect(kit.sim.calls.slice(before).filter((call) => call.path === TRANSFER)).toHaveLength(1);
    expect(kit.sim.spotBalance("usdt").trade).not.toBe(trade); // it did happen
    errors.push(error);
  });

  it("a reset or a 5xx on a transfer leaves the outcome unknown, one POST each", async () => {
    for (const fault of [{ resets: 1 }, { fail5xx: 1 }, { malformed: 1 }]) {
      Object.assign(kit.sim.faults, fault, { only: /\/v2\/account\/transfer/ });
      const before = kit.sim.calls.length;
      const error = await caught(kit.connector.transfer(spotToContracts("1")));
      expect(error).toBeInstanceOf(UpstreamUnavailableError);
      expect((error as AppError).code).toBe("UPSTREAM_UNAVAILABLE");
      expect((error as UpstreamUnavailableError).outcomeUnknown).toBe(true);
      expect(kit.sim.calls.slice(before).filter((call) => call.path === TRANSFER)).toHaveLength(1);
      errors.push(error);
    }
  });

  it("reads that time out, get a 5xx or an unreadable body are UPSTREAM_UNAVAILABLE and name the connection", async () => {
    for (const fault of [{ timeouts: 1 }, { fail5xx: 1 }, { malformed: 1 }]) {
      Object.assign(kit.sim.faults, fault, { only: /swap_cross_account_info/ });
      const [result] = await kit.connector.loadBalances([key(AccountType.USDM_FUTURES)]);
      expect(result).toBeInstanceOf(UpstreamUnavailableError);
      expect(result as UpstreamUnavailableError).toMatchObject({ code: "UPSTREAM_UNAVAILABLE", connectionId: "htx-test" });
      errors.push(result as Error);
    }
  });
});

describe("HTX signature and rate limits against the simulator", () => {
  it("a wrong secret is refused on both hosts with HTX's codes, as UPSTREAM_REJECTED", async () => {
    const kit = await startHtxKit({ secretKey: "not-the-secret" });
    try {
      const [spot, cross] = await kit.connector.loadBalances([key(AccountType.SPOT), key(AccountType.USDM_FUTURES)]);
      expect(spot).toBeInstanceOf(UpstreamRejectedError);
      expect((spot as UpstreamRejectedError).exchangeCode).toBe("api-signature-not-valid");
      expect((cross as UpstreamRejectedError).exchangeCode).toBe("12008");
      const transfer = await caught(kit.connector.transfer(spotToContracts("1")));
      expect((transfer as UpstreamRejectedError).exchangeCode).toBe("513");
      expect(kit.sim.spotBalance("usdt").trade).toBe("91.850043797676510303");
    } finally {
      await kit.close();
    }
  });

  it("signs with HTX's clock when the local clock is off by more than the 5-minute tolerance", async () => {
    const kit = await startHtxKit();
    try {
      kit.sim.faults.clockSkewMs = 20 * 60 * 1000;
      const [spot] = await kit.connector.loadBalances([key(AccountType.SPOT)]);
      expect(Array.isArray(spot)).toBe(true);
    } finally {
      await kit.close();
    }
  });

  it("after 1032 it waits for HTX's reset instead of hammering, then succeeds", async () => {
    const kit = await startHtxKit({
      sim: { limits: { contractRead: { limit: 1, intervalMs: 1200 } } },
      connector: { limits: { contractRead: { limit: 50, intervalMs: 1000 } }, rateLimitRetries: 3 },
    });
    try {
      const [cross, btc] = await kit.connector.loadBalances([key(AccountType.USDM_FUTURES), key(AccountType.USDM_FUTURES, "BTC-USDT")]);
      expect(Array.isArray(cross)).toBe(true);
      expect(Array.isArray(btc)).toBe(true);
      const contractCalls = kit.sim.calls.filter((call) => call.listener === "swap");
      // 3 successful reads, each refused at most once or twice: no burst of retries.
      expect(contractCalls.length).toBeLessThanOrEqual(6);
      expect(kit.logLines.some((line) => line.includes("rate limit hit"))).toBe(true);
    } finally {
      await kit.close();
    }
  });

  it("a caller that cannot wait gets RATE_LIMITED with retryAfterSeconds", async () => {
    const kit = await startHtxKit({
      sim: { limits: { contractRead: { limit: 1, intervalMs: 3000 } } },
      connector: { limits: { contractRead: { limit: 50, intervalMs: 1000 } }, readMaxWaitMs: 0 },
    });
    try {
      const [cross] = await kit.connector.loadBalances([key(AccountType.USDM_FUTURES)]);
      expect(cross).toBeInstanceOf(RateLimitedError);
      expect((cross as RateLimitedError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(cross as RateLimitedError).toMatchObject({ code: "RATE_LIMITED", connectionId: "htx-test" });
    } finally {
      await kit.close();
    }
  });
});
