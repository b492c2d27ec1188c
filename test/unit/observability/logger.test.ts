import { describe, expect, it } from "@jest/globals";
import { createLogger } from "../../../src/observability/logger.js";
import { createMetrics } from "../../../src/observability/metrics.js";

function collect(level: "debug" | "info" = "debug") {
  const lines: string[] = [];
  return { lines, logger: createLogger({ level, write: (line) => lines.push(line) }) };
}

describe("the pino logger", () => {
  it("writes one JSON object per line with time, level label and msg", () => {
    const { lines, logger } = collect();
    logger.info({ connectionId: "binance-main", ms: 12 }, "binance call");
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]);
    expect(record).toMatchObject({ level: "info", msg: "binance call", connectionId: "binance-main", ms: 12 });
    expect(new Date(record.time).toISOString()).toBe(record.time);
  });

  it("honours the level and silent", () => {
    const { lines, logger } = collect("info");
    logger.debug({}, "hidden");
    logger.warn({}, "shown");
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(["shown"]);
    const silent = createLogger({ level: "silent", write: (l) => lines.push(l) });
    silent.error({}, "never");
    expect(lines).toHaveLength(1);
  });

  it("redacts credentials, signatures, signed query strings and bearer tokens in fields, nested fields, bindings and messages", () => {
    const { lines, logger } = collect();
    const child = logger.child({ component: "x", apiSecret: "child-secret-value" });
    child.warn(
      {
        apiKey: "k-123-apikey-value",
        headers: { authorization: "Bearer tok-abc-123", "X-MBX-APIKEY": "mbx-key-value" },
        credentials: { secretKey: "htx-secret-value", accessKey: "htx-access-value" },
        url: "https://api.binance.com/api/v3/account?timestamp=1&signature=abcdef0123456789",
        nested: { deeper: { note: "called https://api.huobi.pro/v1/x?AccessKeyId=ak-1&Signature=c2lnbmF0dXJl" } },
        text: 'sent Authorization: Bearer tok-in-text and {"apiSecret":"json-secret-value"} and signature=deadbeef',
        error: new Error("failed GET https://fapi.binance.com/fapi/v3/account?recvWindow=5000&signature=ff00ff"),
      },
      "failed for Bearer tok-in-message at https://x.test/p?signature=msg-sig",
    );
    const line = lines.join("\n");
    for (const secret of [
      "child-secret-value",
      "k-123-apikey-value",
      "tok-abc-123",
      "mbx-key-value",
      "htx-secret-value",
      "htx-access-value",
      "abcdef0123456789",
      "ak-1",
      "c2lnbmF0dXJl",
      "tok-in-text",
      "json-secret-value",
      "deadbeef",
      "ff00ff",
      "tok-in-message",
      "msg-sig",
    ]) {
      expect(line).not.toContain(secret);
    }
    const record = JSON.parse(lines[0]);
    expect(record.component).toBe("x");
    expect(record.nested.deeper.note).toContain("https://api.huobi.pro/v1/x?[redacted-query]");
    expect(record.error.message).toContain("https://fapi.binance.com/fapi/v3/account?[redacted-query]");
  });
});

describe("metrics", () => {
  it("exposes Prometheus text with the documented names and reads cache and rate-limit waits at scrape time", async () => {
    const metrics = createMetrics({ processMetrics: false });
    let waited = 1500;
    metrics.trackRateLimitWait("binance-main", () => waited);
    const stats = { hits: 3, misses: 2, coalesced: 1 };
    metrics.trackCache(() => stats);
    metrics.upstreamRequests.inc({ connection: "binance-main", endpoint: "GET /api/v3/account", outcome: "ok" });
    metrics.upstreamDuration.observe({ connection: "binance-main", endpoint: "GET /api/v3/account", outcome: "ok" }, 0.02);
    metrics.graphqlErrors.inc({ code: "BAD_USER_INPUT" });
    metrics.transfers.inc({ connection: "binance-main", status: "CONFIRMED" });
    let text = await metrics.registry.metrics();
    expect(text).toContain('coffer_upstream_requests_total{connection="binance-main",endpoint="GET /api/v3/account",outcome="ok"} 1');
    expect(text).toContain("coffer_upstream_request_duration_seconds_bucket");
    expect(text).toContain('coffer_rate_limit_wait_seconds_total{connection="binance-main"} 1.5');
    expect(text).toContain('coffer_cache_lookups_total{result="hit"} 3');
    expect(text).toContain('coffer_graphql_errors_total{code="BAD_USER_INPUT"} 1');
    expect(text).toContain('coffer_transfers_total{connection="binance-main",status="CONFIRMED"} 1');
    waited = 2500;
    stats.hits = 5;
    text = await metrics.registry.metrics();
    expect(text).toContain('coffer_rate_limit_wait_seconds_total{connection="binance-main"} 2.5');
    expect(text).toContain('coffer_cache_lookups_total{result="hit"} 5');
  });
});
