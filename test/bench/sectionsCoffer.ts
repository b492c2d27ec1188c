import { binanceDemoState } from "../../src/exchanges/binance/simulator/demoState.js";
import { htxDemoState } from "../../src/exchanges/htx/simulator/demoState.js";
import type { SimCall } from "../../src/exchanges/kit/simulator/simServer.js";
import { startBenchCoffer } from "./benchCoffer.js";
import { DASHBOARD_BODY, VALUED_DASHBOARD_BODY } from "./dashboardBodies.js";
import { countByEndpoint, LONGEST_CHAIN_COLD, LONGEST_CHAIN_WARM, minimumCalls, totalCalls, type EndpointCounts } from "./dashboardMinimum.js";
import { median, quantile, runLoad } from "./load.js";

/** Endpoints whose count differs between two tallies: "GET /x: 2 vs 1". */
function differences(actual: EndpointCounts, expected: EndpointCounts): string[] {
  const keys = [...new Set([...Object.keys(actual), ...Object.keys(expected)])].sort();
  return keys.filter((k) => (actual[k] ?? 0) !== (expected[k] ?? 0)).map((k) => `${k}: ${actual[k] ?? 0} vs ${expected[k] ?? 0}`);
}

export interface CallsResult {
  readonly cold: { calls: number; minimum: number; differences: string[]; errors: number };
  readonly warm: { calls: number; minimum: number; differences: string[]; errors: number };
}

export interface ChainResult {
  readonly latencyMs: number;
  readonly cold: { wallMs: number; chainMs: number };
  /** Median of `runs` warm measurements (clock known, snapshots dropped before each). */
  readonly warm: { wallMs: number; minMs: number; maxMs: number; chainMs: number; runs: number };
  /** The same warm measurement at other latencies: how much of the wall time is Coffer's fixed cost. */
  readonly sweep: Array<{ latencyMs: number; wallMs: number; chainMs: number }>;
}

/** Sections 1 and 2: upstream calls of one dashboard vs the minimum, and its wall time vs the longest chain. */
export async function measureCallsAndChain(latencyMs: number, warmRuns: number, sweepLatencies: readonly number[]): Promise<{ calls: CallsResult; chain: ChainResult }> {
  const env = await startBenchCoffer(2000);
  try {
    env.setLatency(latencyMs);
    const { binance, htx } = env.sandbox;
    const slice = (from: { b: number; h: number }) => ({ b: binance.calls.slice(from.b), h: htx.calls.slice(from.h) });
    const mark = () => ({ b: binance.calls.length, h: htx.calls.length });
    const tally = (calls: { b: SimCall[]; h: SimCall[] }) => ({ binance: countByEndpoint(calls.b), htx: countByEndpoint(calls.h) });

    // Cold: every call since the process started — its start-up learns each exchange's clock,
    // HTX's account id, the sub-account list and HTX's contract mode in the background, which
    // the first dashboard shares (single-flight) or finds cached.
    let from = { b: 0, h: 0 };
    const cold = await env.dashboard();
    const coldTally = tally(slice(from));
    const coldMin = minimumCalls(binanceDemoState(), htxDemoState(), { warm: false });

    // Warm: clock known; snapshots dropped before each run so everything is read again.
    const warmWalls: number[] = [];
    let warmTally = coldTally;
    let warmErrors = 0;
    for (let i = 0; i < warmRuns; i++) {
      env.invalidate();
      from = mark();
      const warm = await env.dashboard();
      warmWalls.push(warm.ms);
      warmErrors += warm.body.errors?.length ?? 0;
      warmTally = tally(slice(from)); // every run makes the same calls; the last is reported
    }
    const sweep: ChainResult["sweep"] = [];
    for (const other of sweepLatencies) {
      env.setLatency(other);
      const walls: number[] = [];
      for (let i = 0; i < warmRuns; i++) {
        env.invalidate();
        walls.push((await env.dashboard()).ms);
      }
      sweep.push({ latencyMs: other, wallMs: median(walls), chainMs: LONGEST_CHAIN_WARM * other });
    }
    const warmMin = minimumCalls(binanceDemoState(), htxDemoState(), { warm: true });
    const all = (t: { binance: EndpointCounts; htx: EndpointCounts }) => totalCalls(t.binance) + totalCalls(t.htx);
    const diff = (t: { binance: EndpointCounts; htx: EndpointCounts }, m: typeof coldMin) => [
      ...differences(t.binance, m.binance).map((d) => `binance ${d}`),
      ...differences(t.htx, m.htx).map((d) => `htx ${d}`),
    ];
    return {
      calls: {
        cold: { calls: all(coldTally), minimum: all(coldMin), differences: diff(coldTally, coldMin), errors: cold.body.errors?.length ?? 0 },
        warm: { calls: all(warmTally), minimum: all(warmMin), differences: diff(warmTally, warmMin), errors: warmErrors },
      },
      chain: {
        latencyMs,
        cold: { wallMs: cold.ms, chainMs: LONGEST_CHAIN_COLD * latencyMs },
        warm: {
          wallMs: median(warmWalls),
          minMs: Math.min(...warmWalls),
          maxMs: Math.max(...warmWalls),
          chainMs: LONGEST_CHAIN_WARM * latencyMs,
          runs: warmRuns,
        },
        sweep,
      },
    };
  } finally {
    await env.close();
  }
}

export interface ConcurrencyRow {
  readonly n: number;
  readonly upstreamCalls: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly wallMs: number;
  readonly throughputPerS: number;
  /** All answers 200 and byte-identical. */
  readonly allIdentical: boolean;
  readonly statuses: Record<string, number>;
}

/** Section 3: N identical dashboards at once, snapshots dropped before each N, TTL longer than any N's run. */
export async function measureConcurrency(latencyMs: number, ns: readonly number[], ttlMs: number): Promise<{ ttlMs: number; minimum: number; rows: ConcurrencyRow[] }> {
  const env = await startBenchCoffer(ttlMs);
  try {
    env.setLatency(latencyMs);
    await env.dashboard(); // learn the clocks (once per process)
    const rows: ConcurrencyRow[] = [];
    for (const n of ns) {
      env.invalidate();
      const before = env.upstreamCalls();
      const result = await runLoad({ url: env.url, body: DASHBOARD_BODY, headers: env.headers, concurrency: n, count: n });
      rows.push({
        n,
        upstreamCalls: env.upstreamCalls() - before,
        p50Ms: quantile(result.latenciesMs, 0.5),
        p99Ms: quantile(result.latenciesMs, 0.99),
        wallMs: result.wallMs,
        throughputPerS: (n / result.wallMs) * 1000,
        allIdentical: result.distinctBodies === 1 && result.statuses["200"] === n && !result.sampleBody.includes('"errors"'),
        statuses: result.statuses,
      });
    }
    const min = minimumCalls(binanceDemoState(), htxDemoState(), { warm: true });
    return { ttlMs, minimum: totalCalls(min.binance) + totalCalls(min.htx), rows };
  } finally {
    await env.close();
  }
}

export interface ValuedResult {
  readonly latencyMs: number;
  /** Calls of the valued dashboard vs the dashboard's minimum plus one ticker call per exchange. */
  readonly cold: { calls: number; minimum: number; differences: string[]; errors: number };
  readonly warm: { calls: number; minimum: number; differences: string[]; errors: number };
  /** Medians of `runs` warm runs, interleaved so both see the same machine load. */
  readonly wall: { valuedMs: number; plainMs: number; chainMs: number; runs: number };
}

/**
 * Section 7: the dashboard with values (every account, balance and portfolio line valued in
 * USDT). Its ticker calls start with the query and need nothing discovered first, so the
 * longest chain stays discovery → wallets: 2 calls.
 */
export async function measureValuedDashboard(latencyMs: number, warmRuns: number): Promise<ValuedResult> {
  const env = await startBenchCoffer(2000);
  try {
    env.setLatency(latencyMs);
    const { binance, htx } = env.sandbox;
    const mark = () => ({ b: binance.calls.length, h: htx.calls.length });
    const tally = (from: { b: number; h: number }) => ({ binance: countByEndpoint(binance.calls.slice(from.b)), htx: countByEndpoint(htx.calls.slice(from.h)) });
    const all = (t: { binance: EndpointCounts; htx: EndpointCounts }) => totalCalls(t.binance) + totalCalls(t.htx);
    const diff = (t: { binance: EndpointCounts; htx: EndpointCounts }, m: typeof t) => [
      ...differences(t.binance, m.binance).map((d) => `binance ${d}`),
      ...differences(t.htx, m.htx).map((d) => `htx ${d}`),
    ];
    // Every call since the process started (start-up included), as in measureCallsAndChain.
    let from = { b: 0, h: 0 };
    const cold = await env.dashboard(VALUED_DASHBOARD_BODY);
    const coldTally = tally(from);
    const coldMin = minimumCalls(binanceDemoState(), htxDemoState(), { warm: false, valued: true });
    const valued: number[] = [];
    const plain: number[] = [];
    let warmTally = coldTally;
    let warmErrors = 0;
    for (let i = 0; i < warmRuns; i++) {
      env.invalidate();
      from = mark();
      const warm = await env.dashboard(VALUED_DASHBOARD_BODY);
      warmTally = tally(from);
      valued.push(warm.ms);
      warmErrors += warm.body.errors?.length ?? 0;
      env.invalidate();
      plain.push((await env.dashboard()).ms);
    }
    const warmMin = minimumCalls(binanceDemoState(), htxDemoState(), { warm: true, valued: true });
    return {
      latencyMs,
      cold: { calls: all(coldTally), minimum: all(coldMin), differences: diff(coldTally, coldMin), errors: cold.body.errors?.length ?? 0 },
      warm: { calls: all(warmTally), minimum: all(warmMin), differences: diff(warmTally, warmMin), errors: warmErrors },
      wall: { valuedMs: median(valued), plainMs: median(plain), chainMs: LONGEST_CHAIN_WARM * latencyMs, runs: warmRuns },
    };
  } finally {
    await env.close();
  }
}
