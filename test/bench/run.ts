import "reflect-metadata";
import { mkdirSync, writeFileSync } from "node:fs";
import { describeMachine } from "./machine.js";
import { renderReport } from "./report.js";
import { measureCcxt } from "./sectionCcxt.js";
import { measureCallsAndChain, measureConcurrency, measureOverhead, measureValuedDashboard } from "./sectionsCoffer.js";
import { measureHistoryAtScale } from "./sectionHistory.js";
import { binanceBurst, htxBurst } from "./sectionRateBudget.js";
import { measureSeparateProcesses } from "./sectionSeparateProcesses.js";
import { measureLive, renderLiveSection } from "./sectionLive.js";
import { measureFleetSection, renderFleet } from "./sectionFleet.js";

/**
 * `npm run bench`: every figure of issue #8, the valued dashboard and the history at scale
 * (issue #11), live updates, and three instances sharing budgets through Redis (issue #15;
 * skipped with the reason when redis-server or PostgreSQL is missing), measured in one run
 * against the simulators.
 */
const LATENCY_MS = 50;
/** Section 2b's latency: a real exchange's order of magnitude. */
const SEPARATE_LATENCY_MS = 200;

async function main(): Promise<void> {
  const t0 = performance.now();
  const step = (name: string) => console.error(`[bench ${((performance.now() - t0) / 1000).toFixed(1)} s] ${name}`);
  const machine = describeMachine();
  step("1-2 dashboard calls and chain");
  const callsAndChain = await measureCallsAndChain(LATENCY_MS, 5, [0, 200]);
  step("2b dashboard with Coffer and the simulators in separate processes");
  const separate = await measureSeparateProcesses(SEPARATE_LATENCY_MS, 5);
  step("3 concurrent dashboards");
  const concurrency = await measureConcurrency(LATENCY_MS, [1, 10, 100, 500], 120_000);
  step("4 overhead vs bare Apollo");
  const overhead = await measureOverhead(3000, [1, 10]);
  step("5 rate budgets");
  const rate = [await binanceBurst(150, LATENCY_MS), await htxBurst(20, LATENCY_MS, undefined), await htxBurst(20, LATENCY_MS, 40)];
  step("6 CCXT peer");
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
  const results = { machine, latencyMs: LATENCY_MS, totalS, callsAndChain, separate, concurrency, overhead, rate, ccxt, valued, history, live, fleet };
  const markdown = renderReport(results) + renderLiveSection(live) + renderFleet(fleet);
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
