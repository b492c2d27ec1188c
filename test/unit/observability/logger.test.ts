import { describe, expect, it } from "@jest/globals";
import { createLogger } from "../../../src/observability/logger.js";
import { createMetrics } from "../../../src/observability/metrics.js";
import { redactText } from "../../../src/observability/redact.js";
import { parseStrictJson } from "../../support/strictJson.js";

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

describe("redaction removes values, never Coffer's own words", () => {
  it("leaves sentences that name headers, schemes and parameters word for word", () => {
    for (const sentence of [
      "A valid bearer token is required: send Authorization: Bearer <token>.",
      "The bearer token is not valid.",
      "Send the token as Authorization: Bearer <token>; the signature and secretKey are never logged.",
      "Bearer tokens are compared by their SHA-256.",
      "The X-MBX-APIKEY header carries the API key.",
    ]) {
      expect(redactText(sentence)).toBe(sentence);
    }
  });

  it("removes the value and keeps the words around it", () => {
    expect(redactText("sent Authorization: Bearer tok-123 to x")).toBe("sent Authorization: Bearer [redacted] to x");
    expect(redactText("Authorization: Basic dXNlcjpwYXNz")).toBe("Authorization: Basic [redacted]");
    expect(redactText("X-MBX-APIKEY: k3y-value, then")).toBe("X-MBX-APIKEY: [redacted], then");
    expect(redactText("called with Bearer abc.DEF_123.")).toBe("called with Bearer [redacted].");
    expect(redactText("GET https://api.binance.com/api/v3/account?timestamp=1&signature=ff00 failed")).toBe("GET https://api.binance.com/api/v3/account?[redacted-query] failed");
    expect(redactText("body AccessKeyId=ak-1&Signature=c2ln&Timestamp=2")).toBe("body AccessKeyId=[redacted]&Signature=[redacted]&Timestamp=2");
    expect(redactText('answer {"apiSecret":"s-1","asset":"USDT"}')).toBe('answer {"apiSecret":"[redacted]","asset":"USDT"}');
    expect(redactText("journal postgres://coffer:pa55-word@db:5432/coffer unreachable")).toBe("journal postgres://coffer:[redacted]@db:5432/coffer unreachable");
  });

  it("removes configured secrets wherever they appear, in messages and fields, through withSecrets", () => {
    const { lines, logger } = collect();
    const secret = "Zq8wS3cr3tValue";
    const withSecrets = logger.withSecrets([secret]).child({ connectionId: "c1" });
    withSecrets.warn({ note: `upstream said: invalid key ${secret}` }, `key ${secret} refused`);
    expect(lines.join("\n")).not.toContain(secret);
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: "key [redacted] refused", note: "upstream said: invalid key [redacted]", connectionId: "c1" });
  });
});

describe("each key once per line", () => {
  it("merges a child's fields with the line's own (the line's value wins) and renames fields named like pino's own keys", () => {
    const { lines, logger } = collect();
    const child = logger.child({ connectionId: "binance-main", exchange: "BINANCE" }).child({ connectionId: "binance-main", component: "client" });
    child.info({ connectionId: "binance-main", exchange: "BINANCE", ms: 3 }, "binance call");
    child.warn({ msg: "theirs", level: 7, time: "then" }, "ours");
    expect(lines).toHaveLength(2);
    const [first, second] = lines.map((line) => parseStrictJson(line) as Record<string, unknown>);
    expect(first).toMatchObject({ connectionId: "binance-main", exchange: "BINANCE", component: "client", ms: 3, msg: "binance call" });
    expect(second).toMatchObject({ level: "warn", msg: "ours", field_msg: "theirs", field_level: 7, field_time: "then" });
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
