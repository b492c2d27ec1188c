import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { BINANCE_HISTORY_RETENTION_MS, MAX_MARGIN_HISTORY_WINDOWS } from "../../../src/exchanges/binance/history.js";
import { HTX_LEDGER_RETENTION_MS, MAX_LEDGER_WINDOWS } from "../../../src/exchanges/htx/history.js";
import { DEFAULT_MAX_COST } from "../../../src/graphql/limits/costs.js";
import { MAX_HISTORY_CALLS_PER_QUERY } from "../../../src/transfers/historyLimits.js";
import { exchangeRecordId } from "../../../src/transfers/transferIds.js";
import { BINANCE_ID, HTX_ID, MONEY_TOKEN, startMoneyCoffer, type MoneyCoffer } from "../../support/moneyCoffer.js";
import type { SimCall } from "../../../src/exchanges/kit/simulator/simServer.js";
import { waitFor } from "./transferKit.js";

/**
 * Issue #11: a history query starts bounded upstream work and none of it outlives the request.
 * `since` in 1970 or year 0000 and `until` in 9999 are clamped to what each exchange keeps and
 * to now; one `transfers` field makes at most MAX_HISTORY_CALLS_PER_QUERY upstream calls and
 * costs that much, so aliases cannot add up past the operation budget; a client leaving stops
 * the calls. Every count is taken at the simulators' own request logs.
 */
let env: MoneyCoffer;
beforeAll(async () => {
  env = await startMoneyCoffer();
});
afterAll(async () => {
  await env?.close();
});

const HISTORY_PATHS = new Set(["/sapi/v1/asset/transfer", "/sapi/v1/margin/transfer", "/v2/account/ledger"]);
/** Where the simulators' request logs stand now. */
const mark = () => ({ binance: env.sims.binance.calls.length, htx: env.sims.htx.calls.length });
/** History calls logged since `from` (every history call when not given). */
const historyCalls = (from = { binance: 0, htx: 0 }): SimCall[] =>
  [...env.sims.binance.calls.slice(from.binance), ...env.sims.htx.calls.slice(from.htx)].filter((c) => c.method === "GET" && HISTORY_PATHS.has(c.path));
const allCalls = () => env.sims.binance.calls.length + env.sims.htx.calls.length;
const figures: Record<string, unknown> = {};

async function post(query: string, variables: Record<string, unknown> = {}, signal?: AbortSignal) {
  const response = await fetch(`${env.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${MONEY_TOKEN}` },
    body: JSON.stringify({ query, variables }),
    ...(signal ? { signal } : {}),
  });
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  return { status: response.status, ...body };
}

const PAGE = "edges { cursor node { id source } } pageInfo { hasNextPage endCursor }";
const TRANSFERS = `query H($filter: TransferFilter) { transfers(filter: $filter, first: 50) { ${PAGE} } }`;

/** Waits until no call reached the simulators for `quietMs`; the calls made meanwhile. */
async function settle(quietMs = 1_500): Promise<number> {
  const start = allCalls();
  let last = start;
  let since = Date.now();
  await waitFor(
    "the simulators to go quiet",
    () => {
      const now = allCalls();
      if (now !== last) {
        last = now;
        since = Date.now();
        return undefined;
      }
      return Date.now() - since >= quietMs ? true : undefined;
    },
    30_000,
    100,
  );
  return last - start;
}

const params = (c: SimCall) => new URLSearchParams(c.rawQuery);

describe("transfers with extreme time filters", () => {
  it.each<[string, Record<string, string>]>([
    ["since 1970", { since: "1970-01-01T00:00:00.000Z" }],
    ["since year 0000", { since: "0000-01-01T00:00:00.000Z" }],
    ["until 9999", { until: "9999-12-31T23:59:59.999Z" }],
    ["1970 to 9999", { since: "1970-01-01T00:00:00.000Z", until: "9999-12-31T23:59:59.999Z" }],
  ])(
    "%s: answered under the call cap, within the exchanges' retention, and nothing is called after",
    async (name, filter) => {
      await settle();
      const before = mark();
      const askedAt = Date.now();
      const started = performance.now();
      const result = await post(TRANSFERS, { filter });
      const ms = Math.round(performance.now() - started);
      const answeredAt = Date.now();
      expect(result.status).toBe(200);
      expect(result.errors).toBeUndefined();
      const calls = historyCalls(before);
      expect(calls.length).toBeGreaterThan(0);
      expect(calls.length).toBeLessThanOrEqual(MAX_HISTORY_CALLS_PER_QUERY);

      // Every window lies within what the exchange keeps, and none reaches past now (within a
      // second of clock offset: Coffer reads the exchanges' time).
      for (const call of calls) {
        const start = Number(params(call).get("startTime"));
        const end = Number(params(call).get("endTime"));
        const retention = call.path === "/v2/account/ledger" ? HTX_LEDGER_RETENTION_MS : BINANCE_HISTORY_RETENTION_MS;
        expect(start).toBeGreaterThanOrEqual(askedAt - retention - 1_000);
        expect(end).toBeLessThanOrEqual(call.at + 1_000);
      }
      const windows = (path: string) => new Set(calls.filter((c) => c.path === path).map((c) => params(c).get("startTime"))).size;
      expect(windows("/sapi/v1/margin/transfer")).toBeLessThanOrEqual(MAX_MARGIN_HISTORY_WINDOWS);
      expect(windows("/v2/account/ledger")).toBeLessThanOrEqual(MAX_LEDGER_WINDOWS);

      // Nothing runs on after the answer.
      const after = historyCalls().length;
      await new Promise((r) => setTimeout(r, 3_000));
      expect(historyCalls().length).toBe(after);
      expect(calls.every((c) => c.at <= answeredAt)).toBe(true);
      figures[name] = { upstreamCalls: calls.length, ms };
    },
    30_000,
  );
});

describe("aliases of transfers in one operation", () => {
  const operation = (n: number) =>
    `query { ${Array.from({ length: n }, (_, i) => `a${i}: transfers(first: 50, filter: { since: "${i % 2 === 0 ? "1970-01-01T00:00:00.000Z" : "0000-01-01T00:00:00.000Z"}", until: "9999-12-31T23:59:59.999Z" }) { ${PAGE} }`).join(" ")} }`;

  it("ten are refused for their cost before any upstream call", async () => {
    await settle();
    const before = allCalls();
    const result = await post(operation(10));
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(result.errors?.[0]?.message).toMatch(new RegExp(`too expensive: it costs \\d+ and the limit is ${DEFAULT_MAX_COST}`));
    expect(Number(/costs (\d+)/.exec(result.errors![0]!.message)![1])).toBeGreaterThanOrEqual(10 * MAX_HISTORY_CALLS_PER_QUERY);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(allCalls()).toBe(before);
  });

  it("the most that fit the budget make at most the cap each, under the budget in all, and nothing after", async () => {
    await settle();
    let accepted = 0;
    let calls = 0;
    for (let n = 10; n >= 1 && accepted === 0; n--) {
      const before = historyCalls().length;
      const result = await post(operation(n));
      if (result.status !== 200) {
        expect(historyCalls().length).toBe(before);
        continue;
      }
      expect(result.errors).toBeUndefined();
      accepted = n;
      calls = historyCalls().length - before;
    }
    expect(accepted).toBeGreaterThanOrEqual(2);
    expect(calls).toBeLessThanOrEqual(accepted * MAX_HISTORY_CALLS_PER_QUERY);
    expect(calls).toBeLessThanOrEqual(DEFAULT_MAX_COST);
    const after = historyCalls().length;
    await new Promise((r) => setTimeout(r, 3_000));
    expect(historyCalls().length).toBe(after);
    figures.aliases = { accepted, upstreamCalls: calls };
  }, 60_000);
});

describe("a client that leaves", () => {
  it("stops the upstream calls of its history query (the call in flight is dropped, not counted as a failure)", async () => {
    await settle();
    const filter = { since: "1970-01-01T00:00:00.000Z" };
    const start = historyCalls().length;
    expect((await post(TRANSFERS, { filter })).errors).toBeUndefined();
    const fullWalk = historyCalls().length - start;
    // Every upstream call now takes 300 ms: the walk through HTX's 18 windows alone takes 5 s.
    env.sims.binance.faults.latencyMs = 300;
    env.sims.htx.faults.latencyMs = 300;
    try {
      const before = historyCalls().length;
      const controller = new AbortController();
      const query = post(TRANSFERS, { filter }, controller.signal).catch((error: unknown) => error);
      await waitFor("the history walk to start", () => (historyCalls().length - before >= 5 ? true : undefined), 10_000, 20);
      controller.abort();
      expect(String(await query)).toMatch(/abort/i);
      const leftAt = historyCalls().length;
      await settle(2_000);
      const made = historyCalls().length - before;
      // At most the calls already queued for a socket when it left; far from the full walk.
      expect(historyCalls().length - leftAt).toBeLessThanOrEqual(2);
      expect(made).toBeLessThan(fullWalk);
      const metrics = await (await fetch(`${env.url}/metrics`)).text();
      expect(metrics).toMatch(/coffer_upstream_requests_total\{connection="[^"]+",endpoint="GET \/[^"]+",outcome="aborted"\} [1-9]/);
      for (const id of [BINANCE_ID, HTX_ID]) {
        expect(env.coffer.upstream.get(id)!.breaker.state).toBe("closed");
        expect(env.coffer.upstream.get(id)!.breaker.consecutiveFailures).toBe(0);
      }
      figures.clientLeft = { fullWalk, upstreamCallsBeforeLeaving: leftAt - before, afterLeaving: historyCalls().length - leftAt };
    } finally {
      env.sims.binance.faults.latencyMs = 0;
      env.sims.htx.faults.latencyMs = 0;
    }
  }, 60_000);
});

describe("transfer(id) of an exchange record", () => {
  it("searches within the call cap and answers null for a record that is not there", async () => {
    await settle();
    const before = historyCalls().length;
    const result = await post("query Q($id: ID!) { transfer(id: $id) { id } }", { id: exchangeRecordId(HTX_ID, "no-such-transfer") });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ transfer: null });
    const calls = historyCalls().length - before;
    expect(calls).toBeGreaterThan(0);
    expect(calls).toBeLessThanOrEqual(MAX_HISTORY_CALLS_PER_QUERY);
    // Its cost is its cap: ten such lookups do not fit one operation.
    const ten = `query { ${Array.from({ length: 10 }, (_, i) => `t${i}: transfer(id: "${exchangeRecordId(BINANCE_ID, `x${i}`)}") { id }`).join(" ")} }`;
    expect((await post(ten)).status).toBe(400);
  });
});

afterAll(() => {
  process.stdout.write(`history bounds: ${JSON.stringify(figures)}\n`);
});
