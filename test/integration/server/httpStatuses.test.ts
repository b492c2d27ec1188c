import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { SANDBOX_READONLY_TOKEN, SANDBOX_TOKEN } from "../../../src/server/sandbox.js";
import { startHardenedCoffer, type HardenedCoffer, type RawResponse } from "./serverKit.js";

/**
 * The README's Errors table, request by request: a status other than 200 means the operation
 * did not run (no resolver, no upstream call, no `data`); 200 means it ran and `errors` says
 * what went wrong, whatever the code.
 */
let env: HardenedCoffer;
/** Each token's burst: the main token sends fewer requests than this; the read-only token exhausts it. */
const BURST = 20;

beforeAll(async () => {
  env = await startHardenedCoffer({}, { tokenRateLimit: { perSecond: 0.01, burst: BURST } });
});
afterAll(async () => {
  await env?.close();
});

const auth = (token = SANDBOX_TOKEN) => ({ authorization: `Bearer ${token}` });
const TRANSFER = "mutation T($input: TransferInput!) { transfer(input: $input) { transfer { id status } } }";
const transfer = (key: string, extra: Record<string, unknown> = {}) => ({
  query: TRANSFER,
  variables: { input: { connectionId: "binance-sandbox", asset: "USDT", amount: "1", from: { type: "SPOT" }, to: { type: "FUNDING" }, idempotencyKey: key, ...extra } },
});
const codes = (response: RawResponse) => response.json?.errors?.map((e) => e.extensions?.code);
const posts = () => env.sandbox.binance.calls.filter((c) => c.method === "POST").length + env.sandbox.htx.calls.filter((c) => c.method === "POST").length;

/** Sends a request that must be refused before execution: the status, the code, no data, no upstream call. */
async function refusedBefore(send: () => Promise<RawResponse>, status: number, code: string): Promise<RawResponse> {
  const calls = env.upstreamCalls();
  const response = await send();
  expect({ status: response.status, codes: codes(response) }).toEqual({ status, codes: [code] });
  expect(response.json).not.toHaveProperty("data");
  expect(env.upstreamCalls()).toBe(calls);
  return response;
}

describe("refused before execution: 4xx, no data, nothing sent", () => {
  it("401 UNAUTHENTICATED without a token or with an unknown one", async () => {
    await refusedBefore(() => env.post({ query: "{ accounts { id } }" }), 401, "UNAUTHENTICATED");
    await refusedBefore(() => env.post({ query: "{ accounts { id } }" }, auth("not-a-token")), 401, "UNAUTHENTICATED");
  });

  it("403 FORBIDDEN for a mutation with a token lacking the transfer scope", async () => {
    const before = posts();
    await refusedBefore(() => env.post(transfer("forbidden-1"), auth(SANDBOX_READONLY_TOKEN)), 403, "FORBIDDEN");
    expect(posts()).toBe(before);
  });

  it("400 BAD_USER_INPUT for what cannot be run: no parse, no validation, bad variables, over a limit, not JSON", async () => {
    await refusedBefore(() => env.post({ query: "{ accounts { id }" }, auth()), 400, "BAD_USER_INPUT");
    await refusedBefore(() => env.post({ query: "{ accounts { noSuchField } }" }, auth()), 400, "BAD_USER_INPUT");
    await refusedBefore(() => env.post(transfer("bad-variable", { amount: 1 }), auth()), 400, "BAD_USER_INPUT");
    await refusedBefore(() => env.post({ query: `{ ${Array.from({ length: 12 }, (_, i) => `a${i}: connections { id }`).join(" ")} }` }, auth()), 400, "BAD_USER_INPUT");
    await refusedBefore(() => env.post("{ not json", auth()), 400, "BAD_USER_INPUT");
  });

  it("413 for a body over the limit; 405 for a mutation sent with GET; 404 NOT_FOUND for another path", async () => {
    const { query, variables } = transfer("by-get");
    const viaGet = `/graphql?query=${encodeURIComponent(query)}&variables=${encodeURIComponent(JSON.stringify(variables))}`;
    await refusedBefore(() => env.get(viaGet, { ...auth(), "apollo-require-preflight": "1" }), 405, "BAD_USER_INPUT");
    await refusedBefore(() => env.post({ query: `{ connections { id } } #${"x".repeat(200_000)}` }, auth()), 413, "BAD_USER_INPUT");
    await refusedBefore(() => env.get("/no-such-path", auth()), 404, "NOT_FOUND");
  });

  it("429 RATE_LIMITED with Retry-After past a token's request budget", async () => {
    // Spend what is left of the read-only token's burst (earlier tests used some of it).
    let accepted = 0;
    while (accepted <= BURST && (await env.post({ query: "{ connections { id } }" }, auth(SANDBOX_READONLY_TOKEN))).status === 200) accepted++;
    expect(accepted).toBeLessThan(BURST);
    const limited = await refusedBefore(() => env.post({ query: "{ connections { id } }" }, auth(SANDBOX_READONLY_TOKEN)), 429, "RATE_LIMITED");
    expect(limited.headers.get("retry-after")).toMatch(/^[1-9]\d*$/);
  });
});

describe("executed: 200 with errors, whatever the code", () => {
  it("INSUFFICIENT_BALANCE, BAD_USER_INPUT from a resolver, UNSUPPORTED_ROUTE, NOT_FOUND", async () => {
    const insufficient = await env.post(transfer("too-much", { amount: "99999999999" }), auth());
    expect({ status: insufficient.status, codes: codes(insufficient), data: insufficient.json?.data }).toEqual({ status: 200, codes: ["INSUFFICIENT_BALANCE"], data: null });
    const precision = await env.post(transfer("too-precise", { amount: "0.000000001" }), auth());
    expect({ status: precision.status, codes: codes(precision), data: precision.json?.data }).toEqual({ status: 200, codes: ["BAD_USER_INPUT"], data: null });
    const route = await env.post(transfer("no-route", { connectionId: "htx-sandbox", to: { type: "FUNDING" } }), auth());
    expect({ status: route.status, codes: codes(route), data: route.json?.data }).toEqual({ status: 200, codes: ["UNSUPPORTED_ROUTE"], data: null });
    const unknown = await env.post({ query: '{ transferRoutes(connectionId: "nope") { toNeedsSymbol } }' }, auth());
    expect({ status: unknown.status, codes: codes(unknown), data: unknown.json?.data }).toEqual({ status: 200, codes: ["NOT_FOUND"], data: null });
  });

  it("UPSTREAM_UNAVAILABLE for one connection: 200 with the other connection's data", async () => {
    env.sandbox.htx.faults.fail5xx = 1000;
    try {
      // Balances force a read (listing HTX spot needs none once its account id is learned at start-up).
      const partial = await env.post({ query: "{ accounts(filter: { types: [SPOT] }) { exchange balances { asset } } }" }, auth());
      expect(partial.status).toBe(200);
      expect(new Set(codes(partial))).toEqual(new Set(["UPSTREAM_UNAVAILABLE"]));
      expect((partial.json?.data as { accounts: Array<{ exchange: string } | null> }).accounts.some((a) => a?.exchange === "BINANCE")).toBe(true);
    } finally {
      env.sandbox.htx.faults.fail5xx = 0;
    }
  });
});
