import { describe, expect, it } from "@jest/globals";
import { CircuitOpenError, createCircuitBreaker } from "../../../src/exchanges/kit/circuitBreaker.js";
import { backoffDelay, retryRead } from "../../../src/exchanges/kit/retry.js";
import { endpointTemplate } from "../../../src/exchanges/kit/upstreamGuard.js";
import { RateLimitedError, UpstreamRejectedError, UpstreamUnavailableError } from "../../../src/domain/errors.js";

describe("circuit breaker", () => {
  it("opens after N consecutive failures, fails fast, lets one probe through after openMs, closes on its success", () => {
    let t = 0;
    const changes: string[] = [];
    const breaker = createCircuitBreaker({ failureThreshold: 3, openMs: 1000, now: () => t, onStateChange: (s) => changes.push(s) });
    breaker.admit("x").failure();
    breaker.admit("x").success(); // a success resets the count
    for (let i = 0; i < 3; i++) breaker.admit("x").failure();
    expect(breaker.state).toBe("open");
    expect(() => breaker.admit("GET /api/v3/account")).toThrow(CircuitOpenError);
    try {
      breaker.admit("GET /api/v3/account");
    } catch (error) {
      expect((error as CircuitOpenError).requestMayHaveBeenSent).toBe(false);
    }
    t = 1000;
    const probe = breaker.admit("x");
    expect(breaker.state).toBe("half_open");
    expect(() => breaker.admit("x")).toThrow(CircuitOpenError); // one probe at a time
    probe.success();
    expect(breaker.state).toBe("closed");
    expect(changes).toEqual(["open", "half_open", "closed"]);
  });

  it("re-opens for another openMs when the probe fails", () => {
    let t = 0;
    const breaker = createCircuitBreaker({ failureThreshold: 1, openMs: 500, now: () => t });
    breaker.admit("x").failure();
    t = 600;
    breaker.admit("x").failure();
    expect(breaker.state).toBe("open");
    t = 1000;
    expect(() => breaker.admit("x")).toThrow(CircuitOpenError);
    t = 1100;
    expect(() => breaker.admit("x")).not.toThrow();
  });
});

describe("read retries", () => {
  const unavailable = () => new UpstreamUnavailableError("down", "c", { outcomeUnknown: true });

  it("retries an unavailable upstream with jittered exponential backoff, then succeeds", async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const value = await retryRead(
      async () => {
        calls++;
        if (calls < 3) throw unavailable();
        return "ok";
      },
      { retries: 2, baseDelayMs: 100, random: () => 0.5, sleep: async (ms) => void sleeps.push(ms) },
    );
    expect(value).toBe("ok");
    expect(sleeps).toEqual([50, 100]);
  });

  it("never retries a refusal or a rate limit, stops at the attempt count, the time budget, or when told", async () => {
    for (const error of [new UpstreamRejectedError("c", -1100, "bad"), new RateLimitedError("slow down", "c", 3)]) {
      let calls = 0;
      await expect(
        retryRead(
          async () => {
            calls++;
            throw error;
          },
          { sleep: async () => undefined },
        ),
      ).rejects.toBe(error);
      expect(calls).toBe(1);
    }
    let calls = 0;
    await expect(
      retryRead(
        async () => {
          calls++;
          throw unavailable();
        },
        { retries: 3, sleep: async () => undefined },
      ),
    ).rejects.toBeInstanceOf(UpstreamUnavailableError);
    expect(calls).toBe(4);
    let t = 0;
    calls = 0;
    await expect(
      retryRead(
        async () => {
          calls++;
          t += 5000;
          throw unavailable();
        },
        { budgetMs: 4000, now: () => t, sleep: async () => undefined },
      ),
    ).rejects.toBeInstanceOf(UpstreamUnavailableError);
    expect(calls).toBe(1);
    calls = 0;
    await expect(
      retryRead(
        async () => {
          calls++;
          throw unavailable();
        },
        { sleep: async () => undefined },
        { mayRetry: () => false },
      ),
    ).rejects.toBeInstanceOf(UpstreamUnavailableError);
    expect(calls).toBe(1);
  });

  it("caps the backoff and never waits 0 ms", () => {
    expect(backoffDelay(10, { baseDelayMs: 100, maxDelayMs: 2000 }, () => 0.999)).toBeLessThanOrEqual(2000);
    expect(backoffDelay(1, {}, () => 0)).toBe(1);
  });
});

describe("endpoint labels", () => {
  it("keep the method and path template, never the host or the query", () => {
    expect(endpointTemplate("GET", "http://127.0.0.1:5555/api/v3/account?timestamp=1&signature=abc")).toBe("GET /api/v3/account");
    expect(endpointTemplate("GET", "https://api.huobi.pro/v1/account/accounts/12345/balance?AccessKeyId=x&Signature=y")).toBe("GET /v1/account/accounts/{id}/balance");
    expect(endpointTemplate("POST", "https://api.hbdm.com/linear-swap-api/v1/swap_cross_account_info?Signature=z")).toBe("POST /linear-swap-api/v1/swap_cross_account_info");
  });
});
