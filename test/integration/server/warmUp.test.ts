import { afterEach, describe, expect, it } from "@jest/globals";
import { print } from "graphql";
import { DashboardDocument } from "../../generated/graphql.js";
import { startTestCoffer, type TestCoffer } from "../../support/testCoffer.js";

/**
 * The start-up warm-up runs every query once with no connections, so the first client query
 * does not pay for the first run of parsing, validation, the plugins and execution; then (on by
 * default, off in other tests) reads every wallet once through the queries, so it does not pay
 * for the first run of the connectors either. The first makes no upstream call beyond the
 * connections' own preparation (clocks, account ids); neither writes a journal row or counts
 * as an operation in the metrics, and the first answer is what it would be without them.
 */
let started: TestCoffer[] = [];
afterEach(async () => {
  await Promise.all(started.map((c) => c.close()));
  started = [];
});

async function start(warmUpQueries: boolean, warmUpReads = false, cacheTtlMs?: number): Promise<TestCoffer> {
  const env = await startTestCoffer({ world: { sandbox: {} }, coffer: { warmUpQueries, warmUpReads }, ...(cacheTtlMs ? { cacheTtlMs } : {}) });
  started.push(env);
  return env;
}

const DASHBOARD = JSON.stringify({ query: print(DashboardDocument), variables: { filter: { includeSubAccounts: true } }, operationName: "Dashboard" });

async function post(env: TestCoffer, body: string): Promise<unknown> {
  const response = await fetch(`${env.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${env.sandbox!.demoToken}` },
    body,
  });
  return response.json();
}

function upstreamCalls(env: TestCoffer): string[] {
  return [...env.sandbox!.binance.calls, ...env.sandbox!.htx.calls].map((c) => `${c.method} ${c.path}`).sort();
}

async function metricsText(env: TestCoffer): Promise<string> {
  return (await fetch(`${env.url}/metrics`)).text();
}

describe("start-up warm-up", () => {
  it("of the queries makes no upstream call: the calls after start are the same with it on and off", async () => {
    const on = await start(true);
    const off = await start(false);
    expect(upstreamCalls(on).length).toBeGreaterThan(0); // the connections' preparation
    expect(upstreamCalls(on)).toEqual(upstreamCalls(off));
  });

  it("of the reads (the default outside tests) reads, before ready, every wallet a dashboard with sub-accounts reads: that dashboard then makes no call of its own", async () => {
    const cold = await start(true, false, 60_000);
    const preparedOnly = upstreamCalls(cold);
    await post(cold, DASHBOARD);
    const dashboardPaths = new Set(upstreamCalls(cold)); // its preparation's and its dashboard's
    const warm = await start(true, true, 60_000);
    const atStart = upstreamCalls(warm);
    expect(atStart.length).toBeGreaterThan(preparedOnly.length);
    for (const path of dashboardPaths) expect(atStart).toContain(path);
    // Exactly one read's calls (the preparation's and a dashboard's, plus each exchange's
    // tickers for the prices), however often the reads' query ran on the snapshots it read.
    expect(atStart).toEqual([...upstreamCalls(cold), "GET /api/v3/ticker/price", "GET /market/tickers"].sort());
    const answer = (await post(warm, DASHBOARD)) as { errors?: unknown };
    expect(answer.errors).toBeUndefined();
    expect(upstreamCalls(warm)).toEqual(atStart);
    expect(answer).toEqual(await post(cold, DASHBOARD));
  });

  it("is not counted as a client's operation", async () => {
    const env = await start(true, true);
    expect(await metricsText(env)).not.toMatch(/coffer_graphql_operations_total\{/);
  });

  it("leaves the first query's answer as it would be without it", async () => {
    const query = JSON.stringify({ query: "{ connections { id exchange } accounts { id balances { asset total } } transfers(first: 5) { totalCount } }" });
    const answers: unknown[] = [];
    for (const warm of [true, false]) answers.push(await post(await start(warm, warm), query));
    expect((answers[0] as { errors?: unknown }).errors).toBeUndefined();
    expect(answers[0]).toEqual(answers[1]);
  });
});
