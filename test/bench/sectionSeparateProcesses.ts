import { binanceDemoState } from "../../src/exchanges/binance/simulator/demoState.js";
import { htxDemoState } from "../../src/exchanges/htx/simulator/demoState.js";
import { startCofferProcess } from "./cofferProcess.js";
import { CCXT_WALLETS_BODY } from "./dashboardBodies.js";
import { LONGEST_CHAIN_WARM, minimumCalls, totalCalls, type EndpointCounts } from "./dashboardMinimum.js";
import { median } from "./load.js";
import { procStats } from "./procStats.js";
import type { SimulatorsProcess } from "./simulatorsProcess.js";
import { subtractCounts } from "./upstreamCounts.js";
import { warmSimulators } from "./warmSimulators.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Fresh Coffer processes whose first dashboard is timed (each is one sample of a cold query). */
const COLD_PROCESSES = 3;

/** Upstream calls against the minimum: total, minimum, and the endpoints that differ ("binance GET /x: 2 vs 1"). */
export interface CallCheck {
  readonly calls: number;
  readonly minimum: number;
  readonly differences: string[];
}

export interface SeparateProcessesResult {
  readonly latencyMs: number;
  readonly cacheTtlMs: number;
  /** Pause after start-up before the first query (Coffer's background warm-up: clock offsets, HTX's account id). */
  readonly startupWaitMs: number;
  readonly chainMs: number;
  /**
   * Start-up, in the background (all calls before the first query): clock offsets, HTX's account
   * id, then every wallet read once through the queries (what a first dashboard with values reads).
   */
  readonly startUp: CallCheck;
  /**
   * The process's first dashboard (its own calls: the start-up's snapshots expired by then).
   * `ms` is the median over `wallsMs`: this process's first dashboard and those of
   * COLD_PROCESSES − 1 more fresh processes started the same way (one first query is one sample).
   */
  readonly cold: { ms: number; wallsMs: number[]; errors: number } & CallCheck;
  /** Every snapshot expired before each run. Calls: the warm runs' total divided by the runs. */
  readonly warm: { runs: number; wallsMs: number[]; medianMs: number; minMs: number; maxMs: number; errors: number } & CallCheck;
  /** CPU (user + system, from /proc) per warm dashboard, over the whole warm loop (pauses included), and each process's CPU while idle before the first query. */
  /** The wallets CCXT reads, balances only (CCXT_WALLETS_BODY), the same way: median of `runs`, every snapshot expired before each. */
  readonly ccxtWallets: { runs: number; wallsMs: number[]; medianMs: number; errors: number };
  readonly cpu: { cofferMsPerDashboard: number; simulatorsMsPerDashboard: number; cofferIdleMsPerSecond: number; simulatorsIdleMsPerSecond: number };
}

/** "binance GET /x: 2 vs 1" for every endpoint whose count differs, `perRun` times the minimum. */
function check(actual: Record<string, EndpointCounts>, exchangeOf: Map<string, string>, minimum: Record<string, EndpointCounts>, perRun: number): CallCheck {
  const differences: string[] = [];
  let calls = 0;
  let min = 0;
  const exchanges = new Set([...Object.keys(minimum), ...Object.keys(actual).map((id) => exchangeOf.get(id) ?? id)]);
  for (const exchange of [...exchanges].sort()) {
    const got: EndpointCounts = {};
    for (const [id, counts] of Object.entries(actual)) if ((exchangeOf.get(id) ?? id) === exchange) for (const [k, n] of Object.entries(counts)) got[k] = (got[k] ?? 0) + n;
    const want = minimum[exchange] ?? {};
    calls += totalCalls(got);
    min += totalCalls(want) * perRun;
    for (const key of [...new Set([...Object.keys(got), ...Object.keys(want)])].sort()) {
      const expected = (want[key] ?? 0) * perRun;
      if ((got[key] ?? 0) !== expected) differences.push(`${exchange} ${key}: ${got[key] ?? 0} vs ${expected}`);
    }
  }
  return { calls: calls / perRun, minimum: min / perRun, differences };
}

/**
 * The main dashboard measure: Coffer as it is meant to run (`node dist/src/main.js`,
 * NODE_ENV=production) and the simulators (`npm run simulators`) each in its own process, a
 * fixed latency per upstream call. The simulators are warmed first by a throwaway Coffer
 * (their JIT is not Coffer's cost); then the measured Coffer starts, is left `startupWaitMs`
 * for its background warm-up and 1 s more to read its idle CPU, answers its first (cold)
 * dashboard, then `runs` warm ones with every snapshot expired before each (pause > TTL).
 * Wall time is compared with the longest chain of dependent calls (LONGEST_CHAIN_WARM ×
 * latency); upstream calls, read from Coffer's /metrics, with the minimum of dashboardMinimum.ts;
 * CPU of each process from /proc.
 */
export async function measureSeparateProcesses(simulators: SimulatorsProcess, latencyMs: number, runs: number): Promise<SeparateProcessesResult> {
  const cacheTtlMs = 200;
  const startupWaitMs = 1000;
  await warmSimulators(simulators);
  await simulators.setLatency(latencyMs);
  const coffer = await startCofferProcess({ connections: simulators.connections, cacheTtlMs });
  const exchangeOf = new Map(simulators.connections.map((c) => [c.id, c.exchange.toLowerCase()]));
  try {
    await sleep(startupWaitMs);
    const idle0 = { coffer: procStats.cpuMs(coffer.pid), simulators: procStats.cpuMs(simulators.pid), at: performance.now() };
    await sleep(1000);
    const idleS = (performance.now() - idle0.at) / 1000;
    const cofferIdleMsPerSecond = (procStats.cpuMs(coffer.pid) - idle0.coffer) / idleS;
    const simulatorsIdleMsPerSecond = (procStats.cpuMs(simulators.pid) - idle0.simulators) / idleS;

    const afterStartUp = await coffer.upstreamCalls();
    const startUpCheck = check(afterStartUp, exchangeOf, minimumCalls(binanceDemoState(), htxDemoState(), { warm: false, valued: true }), 1);
    const cold = await coffer.dashboard();
    const afterCold = await coffer.upstreamCalls();
    const coldCounts = Object.fromEntries(Object.keys(afterCold).map((id) => [id, subtractCounts(afterCold[id]!, afterStartUp[id] ?? {})]));
    const coldCheck = check(coldCounts, exchangeOf, minimumCalls(binanceDemoState(), htxDemoState(), { warm: true }), 1);

    await sleep(cacheTtlMs + 50);
    const before = await coffer.upstreamCalls();
    const cpu0 = { coffer: procStats.cpuMs(coffer.pid), simulators: procStats.cpuMs(simulators.pid) };
    const wallsMs: number[] = [];
    let errors = 0;
    for (let run = 0; run < runs; run++) {
      await sleep(cacheTtlMs + 50); // every snapshot expired
      const answer = await coffer.dashboard();
      wallsMs.push(answer.ms);
      errors += answer.errors + (answer.status === 200 ? 0 : 1);
    }
    const cpu1 = { coffer: procStats.cpuMs(coffer.pid), simulators: procStats.cpuMs(simulators.pid) };
    const after = await coffer.upstreamCalls();
    const warmCounts = Object.fromEntries(Object.keys(after).map((id) => [id, subtractCounts(after[id]!, before[id] ?? {})]));
    const warmCheck = check(warmCounts, exchangeOf, minimumCalls(binanceDemoState(), htxDemoState(), { warm: true }), runs);
    const ccxtWallsMs: number[] = [];
    let ccxtErrors = 0;
    for (let run = 0; run < runs; run++) {
      await sleep(cacheTtlMs + 50);
      const answer = await coffer.dashboard(CCXT_WALLETS_BODY);
      ccxtWallsMs.push(answer.ms);
      ccxtErrors += answer.errors + (answer.status === 200 ? 0 : 1);
    }
    // More first dashboards, each of a fresh process started and left alone as the one above.
    const coldWallsMs = [cold.ms];
    let coldErrors = cold.errors + (cold.status === 200 ? 0 : 1);
    for (let i = 1; i < COLD_PROCESSES; i++) {
      const fresh = await startCofferProcess({ connections: simulators.connections, cacheTtlMs });
      try {
        await sleep(startupWaitMs + 1000);
        const first = await fresh.dashboard();
        coldWallsMs.push(first.ms);
        coldErrors += first.errors + (first.status === 200 ? 0 : 1);
      } finally {
        await fresh.close();
      }
    }
    return {
      latencyMs,
      cacheTtlMs,
      startupWaitMs,
      chainMs: LONGEST_CHAIN_WARM * latencyMs,
      startUp: startUpCheck,
      cold: { ms: median(coldWallsMs), wallsMs: coldWallsMs, errors: coldErrors, ...coldCheck },
      warm: { runs, wallsMs, medianMs: median(wallsMs), minMs: Math.min(...wallsMs), maxMs: Math.max(...wallsMs), errors, ...warmCheck },
      ccxtWallets: { runs, wallsMs: ccxtWallsMs, medianMs: median(ccxtWallsMs), errors: ccxtErrors },
      cpu: {
        cofferMsPerDashboard: (cpu1.coffer - cpu0.coffer) / runs,
        simulatorsMsPerDashboard: (cpu1.simulators - cpu0.simulators) / runs,
        cofferIdleMsPerSecond,
        simulatorsIdleMsPerSecond,
      },
    };
  } finally {
    await coffer.close();
  }
}
