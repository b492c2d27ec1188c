import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { SANDBOX_READONLY_TOKEN, SANDBOX_TOKEN } from "../../../src/server/sandbox.js";
import { parseStrictJson } from "../../support/strictJson.js";
import { startHardenedCoffer, type HardenedCoffer } from "./serverKit.js";

/**
 * A representative run — reads, transfers (confirmed, refused, unknown), every fault, auth
 * failures, limits — then a grep of every response body, every log line (debug level, through
 * pino) and /metrics for the exchange credentials, the bearer tokens, signatures and signed URLs.
 */
let env: HardenedCoffer;
const signatures = new Set<string>();

const TRANSFER = `mutation T($input: TransferInput!) { transfer(input: $input) { replayed transfer { id status failureReason } } }`;
const input = (key: string, extra: Record<string, unknown> = {}) => ({
  input: { connectionId: "binance-sandbox", asset: "USDT", amount: "1", from: { type: "SPOT" }, to: { type: "FUNDING" }, idempotencyKey: key, ...extra },
});

beforeAll(async () => {
  env = await startHardenedCoffer({ cacheTtlMs: 0 }, { circuitBreaker: { failureThreshold: 3, openMs: 500 }, tokenRateLimit: { perSecond: 1, burst: 60 } }, (config) => ({
    ...config,
    connections: config.connections.map((c) => ({ ...c, timeoutMs: 400 })),
  }));
  const auth = { authorization: `Bearer ${SANDBOX_TOKEN}` };
  const post = (body: object, headers: Record<string, string> = auth) => env.post(body, headers);
  const dashboard = {
    query:
      "{ connections { id } accounts { id type balances { asset total } margin { marginLevel } } portfolio { assets { asset total } } transfers(first: 5) { edges { node { id status } } } }",
  };

  await post(dashboard);
  // On a loaded machine the first dashboard's cold history walk can pass the 400 ms timeout and
  // open the circuit (3 failures, 500 ms); the transfers below must reach the exchange, so let it close.
  await new Promise((r) => setTimeout(r, 600));
  await post({ query: TRANSFER, variables: input("s-1") });
  await post({ query: TRANSFER, variables: input("s-1") }); // replay
  await post({ query: TRANSFER, variables: input("s-1", { amount: "2" }) }); // idempotency conflict
  await post({ query: TRANSFER, variables: input("s-2", { amount: "99999999999" }) }); // insufficient
  await post({ query: TRANSFER, variables: { input: { ...input("s-3").input, connectionId: "htx-sandbox", to: { type: "USDM_FUTURES" } } } });
  for (const sim of [env.sandbox.binance, env.sandbox.htx]) {
    for (const fault of ["fail5xx", "malformed", "resets"] as const) {
      sim.faults[fault] = 1000;
      await post(dashboard);
      sim.faults[fault] = 0;
      await new Promise((r) => setTimeout(r, 600));
    }
    sim.faults.latencyMs = 1000;
    await post(dashboard);
    sim.faults.latencyMs = 0;
    await new Promise((r) => setTimeout(r, 600));
  }
  env.sandbox.binance.faults.timeouts = 1;
  env.sandbox.binance.faults.timeoutAfterProcessing = true;
  env.sandbox.binance.faults.only = /\/sapi\/v1\/asset\/transfer/;
  await post({ query: TRANSFER, variables: input("s-unknown") }); // outcome unknown
  env.sandbox.binance.faults.only = null;
  env.sandbox.binance.forceRateLimit(30);
  await post(dashboard);
  env.sandbox.binance.faults.clockSkewMs = 20_000;
  env.sandbox.htx.faults.clockSkewMs = 20_000;
  await post({ query: "{ accounts(filter: { exchanges: [HTX] }) { id } }" });
  await post(dashboard, {});
  await post(dashboard, { authorization: "Bearer not-the-token" });
  await post(dashboard, { authorization: `Basic ${Buffer.from(`user:${SANDBOX_TOKEN}`).toString("base64")}` });
  await post({ query: TRANSFER, variables: input("s-ro") }, { authorization: `Bearer ${SANDBOX_READONLY_TOKEN}` });
  await post({ query: `{ connections { id } } #${SANDBOX_TOKEN}`.padEnd(200_000, "x") });
  await post({ query: "{ connections { apiKey } }" });
  for (let i = 0; i < 80; i++) await post({ query: "{ connections { id } }" }); // token rate limit
  await env.get("/healthz");
  await env.get("/metrics");

  for (const call of [...env.sandbox.binance.calls, ...env.sandbox.htx.calls]) {
    const text = `${call.rawQuery}&${call.body}`;
    for (const m of text.matchAll(/(?:^|&)(?:signature|Signature)=([^&]+)/g)) {
      signatures.add(m[1]);
      signatures.add(decodeURIComponent(m[1]));
    }
  }
}, 60_000);
afterAll(async () => {
  await env?.close();
});

describe("no credential, signature or token anywhere a person or a scraper can read", () => {
  it("covered the ground: many log lines, signed calls, and error responses", () => {
    expect(env.logLines.length).toBeGreaterThan(100);
    expect(signatures.size).toBeGreaterThan(50);
    const all = env.responses.join("\n");
    for (const code of ["UNAUTHENTICATED", "FORBIDDEN", "IDEMPOTENCY_CONFLICT", "INSUFFICIENT_BALANCE", "UPSTREAM_UNAVAILABLE", "RATE_LIMITED", "BAD_USER_INPUT"]) {
      expect(all).toContain(`"${code}"`);
    }
    expect(env.logLines.some((l) => l.includes('"level":"debug"'))).toBe(true);
  });

  it("finds none of them in responses, logs or /metrics", async () => {
    const metrics = (await env.get("/metrics")).text;
    const haystacks = { responses: env.responses.join("\n"), logs: env.logLines.join("\n"), metrics };
    const { credentials } = { credentials: env.sandbox.config.connections.flatMap((c) => Object.values(c.credentials)) };
    expect(credentials).toHaveLength(4);
    const needles = [...credentials, SANDBOX_TOKEN, SANDBOX_READONLY_TOKEN, "not-the-token", ...signatures];
    for (const [where, text] of Object.entries(haystacks)) {
      for (const needle of needles) {
        if (text.includes(needle)) throw new Error(`${where} contains a secret (${needle.slice(0, 6)}…)`);
      }
      expect(text).not.toMatch(/[?&](signature|Signature|AccessKeyId|timestamp|recvWindow)=/);
      expect(text).not.toMatch(/Bearer\s+(?!\[redacted\])[A-Za-z0-9._~+/=-]{4,}/);
      expect(text).not.toMatch(/x-mbx-apikey["':\s]+(?!\[redacted\])[A-Za-z0-9]/i);
    }
    // Metrics label endpoints by template: no host, no port, no query.
    for (const m of metrics.matchAll(/endpoint="([^"]*)"/g)) expect(m[1]).toMatch(/^(GET|POST|DELETE|PUT) \/[A-Za-z0-9_./{}-]*$/);
  });

  it("shows Coffer's own error texts word for word: redaction removes values, not words", () => {
    const errors = env.responses.flatMap((text) => {
      try {
        return (JSON.parse(text) as { errors?: Array<{ message: string; extensions: Record<string, unknown> }> }).errors ?? [];
      } catch {
        return [];
      }
    });
    const messagesOf = (code: string) => new Set(errors.filter((e) => e.extensions.code === code).map((e) => e.message));
    expect(messagesOf("UNAUTHENTICATED")).toEqual(new Set(["A valid bearer token is required: send Authorization: Bearer <token>.", "The bearer token is not valid."]));
    const insufficient = errors.filter((e) => e.extensions.code === "INSUFFICIENT_BALANCE");
    expect(insufficient.length).toBeGreaterThan(0);
    for (const e of insufficient) {
      expect(e.message).toBe("The source account does not hold enough for this transfer.");
      expect(e.extensions).toMatchObject({ connectionId: "binance-sandbox", exchangeMessage: "Asset transfer failed: insufficient balance" });
    }
    expect(errors.map((e) => e.message).join("\n")).not.toContain("[redacted]");
  });
});

describe("log lines a strict JSON ingester accepts", () => {
  it("every line is one JSON object with each key once; connector lines name their connection once", () => {
    const records = env.logLines.map((line) => parseStrictJson(line) as Record<string, unknown>);
    const fromConnectors = records.filter((r) => typeof r.msg === "string" && /^(upstream|binance|htx) /.test(r.msg));
    expect(fromConnectors.length).toBeGreaterThan(20);
    for (const record of fromConnectors) expect(["binance-sandbox", "htx-sandbox"]).toContain(record.connectionId);
    for (const line of env.logLines) expect(line.match(/"connectionId":/g)?.length ?? 0).toBeLessThanOrEqual(1);
  });
});
