import { startCofferProcess } from "./cofferProcess.js";
import { median } from "./load.js";
import { measureCcxtPromiseAll } from "./sectionCcxtWall.js";
import { procStats } from "./procStats.js";
import { startSimulatorsProcess, type SimulatorsProcess } from "./simulatorsProcess.js";
import { warmSimulators } from "./warmSimulators.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The bench-only preload that puts undici's `request` in node-fetch's place (undiciFetchHook.ts). */
const UNDICI_HOOK = new URL("./undiciFetchHook.js", import.meta.url).href;

/** Pause before each round: longer than the snapshot TTL (200 ms), see the loop. */
const PAUSE_MS = 450;

export interface ClientSwapSide {
  readonly wallsMs: number[];
  readonly medianMs: number;
  /** CPU (/proc, user + system, all threads) per dashboard over the paired loop, pauses included. */
  readonly cpuMsPerDashboard: number;
}

export interface ClientSwapAtLatency {
  readonly latencyMs: number;
  readonly runs: number;
  readonly nodeFetch: ClientSwapSide;
  readonly undici: ClientSwapSide;
  /** CCXT's `Promise.all` (sectionCcxtWall.ts) against the same simulators at the same latency. */
  readonly ccxtMedianMs: number;
  /** Every pair of answers byte for byte equal, no GraphQL error. */
  readonly identicalAnswers: boolean;
}

export interface ClientSwapResult {
  readonly cacheTtlMs: number;
  readonly rows: ClientSwapAtLatency[];
}

/**
 * Would another HTTP client put the full dashboard below CCXT? Two Coffer processes as in
 * section 2 (production mode), one as shipped (node-fetch) and one
 * with undici's `request` behind node-fetch's interface (a preload, nothing in src/ changes),
 * answer the warm dashboard in turns (the order alternating each round, every snapshot expired
 * before each), at each latency; CCXT's Promise.all is timed at the same latencies. At 0 ms the
 * wall time is each side's own work: what the exchange's latency cannot hide. A simulators
 * process of its own (warmed first): two uncoordinated Coffer instances share one IP's budgets,
 * and after section 2 and CCXT's runs Binance's portfolio-margin budget (6,000 a minute, 40 a
 * dashboard) would not cover both.
 */
export async function measureClientSwap(latencies: readonly number[], runs: number): Promise<ClientSwapResult> {
  const simulators = await startSimulatorsProcess();
  try {
    await warmSimulators(simulators);
    return await pairedRuns(simulators, latencies, runs);
  } finally {
    await simulators.close();
  }
}

async function pairedRuns(simulators: SimulatorsProcess, latencies: readonly number[], runs: number): Promise<ClientSwapResult> {
  const cacheTtlMs = 200;
  const nodeFetch = await startCofferProcess({ connections: simulators.connections, cacheTtlMs });
  try {
    const undici = await startCofferProcess({ connections: simulators.connections, cacheTtlMs, nodeArgs: ["--import", UNDICI_HOOK] });
    try {
      await sleep(2000); // both start-ups' background reads done
      const rows: ClientSwapAtLatency[] = [];
      for (const latencyMs of latencies) {
        await simulators.setLatency(latencyMs);
        // One untimed dashboard each at this latency (sockets and code paths as in the timed ones).
        await sleep(PAUSE_MS);
        await nodeFetch.dashboard();
        await undici.dashboard();
        const sides = { nodeFetch: { process: nodeFetch, wallsMs: [] as number[] }, undici: { process: undici, wallsMs: [] as number[] } };
        const cpu0 = { nodeFetch: procStats.cpuMs(nodeFetch.pid), undici: procStats.cpuMs(undici.pid) };
        let identicalAnswers = true;
        for (let run = 0; run < runs; run++) {
          // Every snapshot expired in both, and paced so the two instances (one HTX account,
          // uncoordinated) stay inside HTX's per-account budget for contract calls: at 250 ms a
          // round, 0 ms latency, they trip it and one waits out HTX's 3 s window.
          await sleep(PAUSE_MS);
          const order = run % 2 === 0 ? (["nodeFetch", "undici"] as const) : (["undici", "nodeFetch"] as const);
          const texts: Record<string, string> = {};
          for (const name of order) {
            const answer = await sides[name].process.dashboard();
            sides[name].wallsMs.push(answer.ms);
            texts[name] = answer.text;
            if (answer.status !== 200 || answer.errors > 0) identicalAnswers = false;
          }
          if (texts.nodeFetch !== texts.undici) identicalAnswers = false;
        }
        const side = (name: "nodeFetch" | "undici"): ClientSwapSide => ({
          wallsMs: sides[name].wallsMs,
          medianMs: median(sides[name].wallsMs),
          cpuMsPerDashboard: (procStats.cpuMs(sides[name].process.pid) - cpu0[name]) / runs,
        });
        const nodeFetchSide = side("nodeFetch");
        const undiciSide = side("undici");
        const ccxt = await measureCcxtPromiseAll(simulators, latencyMs, runs);
        rows.push({ latencyMs, runs, nodeFetch: nodeFetchSide, undici: undiciSide, ccxtMedianMs: ccxt.medianMs, identicalAnswers });
      }
      return { cacheTtlMs, rows };
    } finally {
      await undici.close();
    }
  } finally {
    await nodeFetch.close();
  }
}
