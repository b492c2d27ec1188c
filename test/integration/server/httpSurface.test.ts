import { afterEach, describe, expect, it } from "@jest/globals";
import { SANDBOX_READONLY_TOKEN, SANDBOX_TOKEN } from "../../../src/server/sandbox.js";
import { startHardenedCoffer, type HardenedCoffer } from "./serverKit.js";

let env: HardenedCoffer | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});
const auth = (token = SANDBOX_TOKEN) => ({ authorization: `Bearer ${token}` });
const INTROSPECTION = "{ __schema { queryType { name } types { name fields { name } } } }";

describe("per-token rate limit", () => {
  it("answers RATE_LIMITED (HTTP 429, Retry-After, retryAfterSeconds) past the burst, per token, with no upstream call", async () => {
    env = await startHardenedCoffer({}, { tokenRateLimit: { perSecond: 0.5, burst: 3 } });
    for (let i = 0; i < 3; i++) expect((await env.post({ query: "{ connections { id } }" }, auth())).status).toBe(200);
    const calls = env.upstreamCalls();
    const limited = await env.post({ query: "{ accounts { id } }" }, auth());
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^[1-9]\d*$/);
    expect(limited.json?.errors?.[0].extensions).toEqual({ code: "RATE_LIMITED", retryAfterSeconds: Number(limited.headers.get("retry-after")) });
    expect(env.upstreamCalls()).toBe(calls);
    // Another token has its own budget.
    expect((await env.post({ query: "{ connections { id } }" }, auth(SANDBOX_READONLY_TOKEN))).status).toBe(200);
    expect((await env.get("/metrics")).text).toMatch(/coffer_graphql_errors_total\{code="RATE_LIMITED"\} 1/);
  });
});

describe("production mode", () => {
  it("turns introspection and field suggestions off", async () => {
    env = await startHardenedCoffer({}, { production: true });
    const introspection = await env.post({ query: INTROSPECTION }, auth());
    expect(introspection.status).toBe(400);
    expect(introspection.json?.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(introspection.json?.data).toBeUndefined();
    const typo = await env.post({ query: "{ acounts { id } }" }, auth());
    expect(typo.status).toBe(400);
    expect(typo.json?.errors?.[0].message).not.toMatch(/Did you mean/);
    const badEnum = await env.post({ query: "query Q($t: [AccountType!]) { accounts(filter: { types: $t }) { id } }", variables: { t: ["SPOTT"] } }, auth());
    expect(badEnum.status).toBe(400);
    expect(badEnum.json?.errors?.[0].message).not.toMatch(/Did you mean|SPOT\b/);
  });

  it("keeps both for development (GraphiQL needs introspection)", async () => {
    env = await startHardenedCoffer({}, { production: false });
    const introspection = await env.post({ query: INTROSPECTION }, auth());
    expect(introspection.status).toBe(200);
    expect(introspection.json?.errors).toBeUndefined();
    const typo = await env.post({ query: "{ acounts { id } }" }, auth());
    expect(typo.json?.errors?.[0].message).toMatch(/Did you mean "accounts"/);
  });
});

describe("/healthz and /metrics", () => {
  it("shows each connection's last state and the documented metric families, without secrets", async () => {
    env = await startHardenedCoffer({ cacheTtlMs: 60_000 });
    const before = (await env.get("/healthz")).json as unknown as { status: string; connections: Array<Record<string, unknown>> };
    expect(before.status).toBe("ok");
    expect(before.connections.map((c) => [c.id, c.exchange])).toEqual([
      ["binance-sandbox", "BINANCE"],
      ["htx-sandbox", "HTX"],
    ]);
    const dashboard = { query: "{ accounts { id balances { asset } } portfolio { assets { asset } } }" };
    await env.post(dashboard, auth());
    await env.post(dashboard, auth()); // from the snapshot cache
    const transfer = await env.post(
      {
        query: "mutation T($i: TransferInput!) { transfer(input: $i) { transfer { status } } }",
        variables: { i: { connectionId: "binance-sandbox", asset: "USDT", amount: "1", from: { type: "SPOT" }, to: { type: "FUNDING" }, idempotencyKey: "m-1" } },
      },
      auth(),
    );
    expect(transfer.json?.errors).toBeUndefined();
    const health = (await env.get("/healthz")).json as unknown as { status: string; connections: Array<Record<string, unknown>> };
    for (const c of health.connections) {
      expect(c).toMatchObject({ state: "up", circuit: "closed", consecutiveFailures: 0, lastOutcome: "ok" });
      expect(typeof c.lastSuccessAt).toBe("string");
      expect(String(c.lastEndpoint)).toMatch(/^(GET|POST) \//);
    }
    const metrics = await env.get("/metrics");
    expect(metrics.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const pattern of [
      /coffer_upstream_requests_total\{connection="binance-sandbox",endpoint="GET \/api\/v3\/account",outcome="ok"\} \d+/,
      /coffer_upstream_requests_total\{connection="htx-sandbox",endpoint="GET \/v1\/account\/accounts\/\{id\}\/balance",outcome="ok"\} \d+/,
      /coffer_upstream_request_duration_seconds_bucket\{le="0\.1",connection="binance-sandbox",endpoint="[^"]+",outcome="ok"\} \d+/,
      /coffer_rate_limit_wait_seconds_total/,
      /coffer_cache_lookups_total\{result="hit"\} [1-9]/,
      /coffer_cache_lookups_total\{result="miss"\} [1-9]/,
      /coffer_graphql_operations_total\{operation="query",outcome="ok"\} 2/,
      /coffer_graphql_operations_total\{operation="mutation",outcome="ok"\} 1/,
      /coffer_transfers_total\{connection="binance-sandbox",status="CONFIRMED"\} 1/,
      /coffer_circuit_state\{connection="htx-sandbox"\} 0/,
    ]) {
      expect(metrics.text).toMatch(pattern);
    }
  });
});
