import "reflect-metadata";
import { mkdirSync, writeFileSync } from "node:fs";
import { describeMachine } from "./machine.js";
import { measureHistoryAtScale, renderHistorySection } from "./sectionHistory.js";

/**
 * Section 7 alone (`npm run build && node dist/test/bench/runHistory.js`): the history at
 * 100,000 journal rows, written to test/bench/results/history.md (and .json).
 */
const LATENCY_MS = 50;

async function main(): Promise<void> {
  const machine = describeMachine();
  const history = await measureHistoryAtScale(LATENCY_MS);
  const markdown = `Machine: ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}; run ${machine.when}.\n\n${renderHistorySection(history)}`;
  const dir = new URL("../../../test/bench/results/", import.meta.url);
  mkdirSync(dir, { recursive: true });
  writeFileSync(new URL("history.md", dir), markdown);
  writeFileSync(new URL("history.json", dir), JSON.stringify({ machine, history }, null, 2) + "\n");
  console.log(markdown);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
