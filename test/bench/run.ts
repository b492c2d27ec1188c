import "reflect-metadata";
import os from "node:os";
import { mkdirSync, writeFileSync } from "node:fs";
import { describeMachine } from "./machine.js";
import { readProfileBefore } from "./profileBefore.js";
import { renderProcessSections, renderReport } from "./report.js";
import { measureCcxt } from "./sectionCcxt.js";
import { measureCcxtPromiseAll } from "./sectionCcxtWall.js";
import { measureClientSwap } from "./sectionClientSwap.js";
import { measureCallsAndChain, measureConcurrency, measureValuedDashboard } from "./sectionsCoffer.js";
import { measureHistoryAtScale } from "./sectionHistory.js";
import { measureHttpClients } from "./sectionHttpClient.js";
import { measureMemory } from "./sectionMemory.js";
import { measureOverhead } from "./sectionOverhead.js";
import { measureProfile } from "./sectionProfile.js";
import { binanceBurst, htxBurst } from "./sectionRateBudget.js";
import { measureSeparateProcesses } from "./sectionSeparateProcesses.js";
import { measureLive, renderLiveSection } from "./sectionLive.js";
import { measureFleetSection, renderFleet } from "./sectionFleet.js";
import { startSimulatorsProcess } from "./simulatorsProcess.js";

/**
 * `npm run bench`: every figure of issue #8, the valued dashboard and the history at scale
 * (issue #11), live updates, three instances sharing budgets through Redis (issue #15; skipped
 * with the reason when redis-server or PostgreSQL is missing), and issue #16's measures with
 * Coffer as it is meant to run — its own process, NODE_ENV=production — beside a simulators
 * process: the dashboard against its chain, cached dashboards against a bare Apollo Server,
 * memory, the profile split and the HTTP clients. One run.
 */
const LATENCY_MS = 50;

/** The sections that run against one simulators process, in this order (the dashboard section warms it first). */
async function withSimulatorsProcess(step: (name: string) => void) {
  const simulators = await startSimulatorsProcess();
  try {
    step("2 dashboard, separate processes, production mode (simulators warmed first)");
    const separate = await measureSeparateProcesses(simulators, LATENCY_MS, 20);
    step("6 CCXT Promise.all against the same simulators process");
    const ccxtWall = await measureCcxtPromiseAll(simulators, LATENCY_MS, 10);
    step("12 profile split (uncached, cached)");
    const profile = await measureProfile(simulators, LATENCY_MS, 20, 400);
    step("4 cached dashboards vs bare Apollo, separate processes");
    const overhead = await measureOverhead(simulators, 3000, [1, 10]);
    step("11 memory after 1,000 / 5,000 / 10,000 cached dashboards");
    const memory = await measureMemory(simulators, [1000, 5000, 10_000], 10);
    return { separate, ccxtWall, profile, overhead, memory };
  } finally {
    await simulators.close();
  }
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const step = (name: string) => console.error(`[bench ${((performance.now() - t0) / 1000).toFixed(1)} s] ${name}`);
  const machine = describeMachine();
  step("1, 2a dashboard calls and chain, in-process");
  const callsAndChain = await measureCallsAndChain(LATENCY_MS, 5, [0, 200]);
  step("simulators process");
  const { separate, ccxtWall, profile, overhead, memory } = await withSimulatorsProcess(step);
  step("6a the full dashboard with node-fetch and with undici's request, and CCXT, at 50 and 0 ms (own simulators process)");
  const clientSwap = await measureClientSwap([LATENCY_MS, 0], 20);
  step("13 HTTP clients");
  const httpClients = await measureHttpClients(2000, 16);
  step("3 concurrent dashboards");
  const concurrency = await measureConcurrency(LATENCY_MS, [1, 10, 100, 500], 120_000);
  step("5 rate budgets");
  // 151 = three windows of 50 and one more: the ideal span is three whole windows, so what is
  // measured is the rate kept over them, not how closely the first window's 50 calls land together.
  const rate = [await binanceBurst(151, LATENCY_MS), await htxBurst(20, LATENCY_MS, undefined), await htxBurst(20, LATENCY_MS, 40)];
  step("6 CCXT peer: calls and amounts");
  const ccxt = await measureCcxt(LATENCY_MS);
  step("7 dashboard with values");
  const valued = await measureValuedDashboard(LATENCY_MS, 5);
  step("8 history at 100,000 journal rows");
  const history = await measureHistoryAtScale(LATENCY_MS);
  step("9 live updates");
  const live = await measureLive();
  step("10 several instances (Redis)");
  const fleet = await measureFleetSection(LATENCY_MS);
  if (fleet.skipped) step(`10 skipped: ${fleet.skipped}`);
  const totalS = (performance.now() - t0) / 1000;
  const loadAverageAtEnd = os.loadavg().map((x) => Math.round(x * 100) / 100);
  const results = {
    machine,
    loadAverageAtEnd,
    latencyMs: LATENCY_MS,
    totalS,
    callsAndChain,
    separate,
    concurrency,
    overhead,
    rate,
    ccxt,
    ccxtWall,
    clientSwap,
    valued,
    history,
    memory,
    profile,
    httpClients,
    live,
    fleet,
  };
  const profileBefore = readProfileBefore();
  const markdown = renderReport(results, profileBefore) + renderLiveSection(live) + renderFleet(fleet) + renderProcessSections(results, profileBefore);
  const dir = new URL("../../../test/bench/results/", import.meta.url);
  mkdirSync(dir, { recursive: true });
  writeFileSync(new URL("latest.md", dir), markdown);
  writeFileSync(new URL("latest.json", dir), JSON.stringify(results, null, 2) + "\n");
  console.log(markdown);
  step("done; written to test/bench/results/latest.md and latest.json");
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
