import { startCofferProcess } from "./cofferProcess.js";
import type { SimulatorsProcess } from "./simulatorsProcess.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Warms a fresh simulators process (and this process's HTTP client) with a throwaway Coffer:
 * a few dashboards at 0 ms latency, every snapshot expired before each, then that Coffer exits.
 * Without it the simulators' own first answers (their JIT, their first signature checks) would
 * be charged to the measured Coffer's first dashboard. Leaves the latency at 0.
 */
export async function warmSimulators(simulators: SimulatorsProcess, dashboards = 5): Promise<void> {
  await simulators.setLatency(0);
  const ttlMs = 100;
  const throwaway = await startCofferProcess({ connections: simulators.connections, cacheTtlMs: ttlMs });
  try {
    await sleep(300); // its start-up warm-up
    for (let i = 0; i < dashboards; i++) {
      const answer = await throwaway.dashboard();
      if (answer.status !== 200 || answer.errors > 0) throw new Error(`warming the simulators: ${answer.status} ${answer.text.slice(0, 300)}`);
      await sleep(ttlMs + 50);
    }
  } finally {
    await throwaway.close();
  }
}
