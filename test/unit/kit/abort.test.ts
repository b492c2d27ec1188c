import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createCircuitBreaker } from "../../../src/exchanges/kit/circuitBreaker.js";
import { createHttpClient, RequestAbortedError } from "../../../src/exchanges/kit/httpClient.js";
import { createRateLimiter } from "../../../src/exchanges/kit/rateLimiter.js";
import { createUpstreamGuard } from "../../../src/exchanges/kit/upstreamGuard.js";
import { createMetrics } from "../../../src/observability/metrics.js";

/** The caller's end (an AbortSignal) drops the call in flight and the wait for budget; it is not an upstream failure. */
let server: http.Server;
let url = "";
let received = 0;
beforeAll(async () => {
  // Answers after 5 s: long enough that every test here aborts first.
  server = http.createServer((_req, res) => {
    received++;
    const timer = setTimeout(() => res.end("{}"), 5_000);
    res.on("close", () => clearTimeout(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slow`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("aborting an upstream call", () => {
  it("drops the request in flight with RequestAbortedError, not a timeout", async () => {
    const client = createHttpClient({ timeoutMs: 10_000 });
    const controller = new AbortController();
    const before = received;
    const call = client.send({ method: "GET", url, signal: controller.signal });
    await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    await expect(call).rejects.toBeInstanceOf(RequestAbortedError);
    expect(received - before).toBe(1);
    // Already aborted: nothing is sent.
    await expect(client.send({ method: "GET", url, signal: controller.signal })).rejects.toBeInstanceOf(RequestAbortedError);
    expect(received - before).toBe(1);
    client.close();
  });

  it("leaves the circuit as it was and frees a half-open probe's turn", async () => {
    const metrics = createMetrics({ processMetrics: false });
    const guard = createUpstreamGuard({ connectionId: "c", metrics, breaker: { failureThreshold: 1, openMs: 0 } });
    const client = guard.wrapHttp(createHttpClient({ timeoutMs: 10_000 }));
    for (let i = 0; i < 3; i++) {
      const controller = new AbortController();
      const call = client.send({ method: "GET", url, signal: controller.signal });
      setTimeout(() => controller.abort(), 20);
      await expect(call).rejects.toBeInstanceOf(RequestAbortedError);
    }
    expect(guard.breaker.state).toBe("closed");
    expect(guard.breaker.consecutiveFailures).toBe(0);
    expect(guard.health().state).toBe("unknown");
    expect(await metrics.registry.metrics()).toMatch(/coffer_upstream_requests_total\{connection="c",endpoint="GET \/slow",outcome="aborted"\} 3/);

    // A probe that is abandoned gives its turn to the next call.
    const breaker = createCircuitBreaker({ failureThreshold: 1, openMs: 0 });
    breaker.admit("x").failure();
    breaker.admit("x").abandon();
    expect(() => breaker.admit("x")).not.toThrow();
  });

  it("stops waiting for rate budget, taking none", async () => {
    const limiter = createRateLimiter({ window: { limit: 1, intervalMs: 60_000 }, connectionId: "c" });
    await limiter.acquire(1);
    const controller = new AbortController();
    const waiting = limiter.acquire(1, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(waiting).rejects.toBeInstanceOf(RequestAbortedError);
    expect(limiter.waitedMs).toBe(0);
  });
});
