import { afterEach, describe, expect, it } from "@jest/globals";
import { startTestCoffer, type TestCoffer } from "../../support/testCoffer.js";

/**
 * The start-up warm-up runs every query once with no connections, so the first client query
 * does not pay for the first run of parsing, validation, the plugins and execution. It must
 * stay invisible: no upstream call beyond the connections' own preparation (clocks, account
 * ids), no journal row, no operation in the metrics.
 */
let started: TestCoffer[] = [];
afterEach(async () => {
  await Promise.all(started.map((c) => c.close()));
  started = [];
});

async function start(warmUpQueries: boolean): Promise<TestCoffer> {
  const env = await startTestCoffer({ world: { sandbox: {} }, coffer: { warmUpQueries } });
  started.push(env);
  return env;
}

function upstreamCalls(env: TestCoffer): string[] {
  return [...env.sandbox!.binance.calls, ...env.sandbox!.htx.calls].map((c) => `${c.method} ${c.path}`).sort();
}

async function metricsText(env: TestCoffer): Promise<string> {
  return (await fetch(`${env.url}/metrics`)).text();
}

describe("start-up warm-up", () => {
  it("makes no upstream call: the calls after start are the same with it on and off", async () => {
    const on = await start(true);
    const off = await start(false);
    expect(upstreamCalls(on).length).toBeGreaterThan(0); // the connections' preparation
    expect(upstreamCalls(on)).toEqual(upstreamCalls(off));
  });

  it("is not counted as a client's operation", async () => {
    const env = await start(true);
    expect(await metricsText(env)).not.toMatch(/coffer_graphql_operations_total\{/);
  });

  it("leaves the first query's answer as it would be without it", async () => {
    const query = JSON.stringify({ query: "{ connections { id exchange } accounts { id balances { asset total } } transfers(first: 5) { totalCount } }" });
    const answers: unknown[] = [];
    for (const warm of [true, false]) {
      const env = await start(warm);
      const response = await fetch(`${env.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${env.sandbox!.demoToken}` },
        body: query,
      });
      answers.push(await response.json());
    }
    expect((answers[0] as { errors?: unknown }).errors).toBeUndefined();
    expect(answers[0]).toEqual(answers[1]);
  });
});
