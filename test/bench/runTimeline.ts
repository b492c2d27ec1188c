import { startCofferProcess } from "./cofferProcess.js";
import { startSimulatorsProcess } from "./simulatorsProcess.js";
import { warmSimulators } from "./warmSimulators.js";

/**
 * One Coffer process with the upstream-timeline hook (upstreamTimeline.ts), a warmed simulators
 * process at `latencyMs` (argument, default 50), then a first dashboard and `runs` (second
 * argument, default 3) warm ones, snapshots expired before each: each query's upstream calls,
 * with their send and answer times, on stderr. For looking, not for the report:
 * `npx tsc -p tsconfig.bench.json && node dist/test/bench/runTimeline.js 50 3`.
 */
const latencyMs = Number(process.argv[2] ?? 50);
const runs = Number(process.argv[3] ?? 3);
const ttlMs = 200;
const simulators = await startSimulatorsProcess();
try {
  await warmSimulators(simulators);
  await simulators.setLatency(latencyMs);
  const coffer = await startCofferProcess({
    connections: simulators.connections,
    cacheTtlMs: ttlMs,
    nodeArgs: ["--import", new URL("./upstreamTimeline.js", import.meta.url).href],
    env: { COFFER_BENCH_TIMELINE: "1" },
  });
  try {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (let i = 0; i <= runs; i++) {
      const answer = await coffer.dashboard();
      console.log(`${i === 0 ? "first" : "warm"} dashboard: ${answer.ms.toFixed(1)} ms at the client, status ${answer.status}, ${answer.errors} errors`);
      await new Promise((resolve) => setTimeout(resolve, ttlMs + 50));
    }
  } finally {
    await coffer.close();
  }
} finally {
  await simulators.close();
}
