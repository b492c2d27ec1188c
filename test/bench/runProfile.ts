import { readProfileBefore, writeProfileBefore } from "./profileBefore.js";
import { renderProfile } from "./renderProfile.js";
import { measureProfile } from "./sectionProfile.js";
import { startSimulatorsProcess } from "./simulatorsProcess.js";
import { warmSimulators } from "./warmSimulators.js";

/**
 * The profile split alone (`npx tsc -p tsconfig.bench.json && node dist/test/bench/runProfile.js`):
 * prints it beside the recorded "before"; with `--before`, records this run as the "before"
 * (test/bench/results/profile-before.json) instead — run that on the code before a round of
 * speed work.
 */
const asBefore = process.argv.includes("--before");
const simulators = await startSimulatorsProcess();
try {
  await warmSimulators(simulators);
  const result = await measureProfile(simulators, 50, 20, 400);
  if (asBefore) writeProfileBefore(result);
  console.log(renderProfile(result, asBefore ? result : readProfileBefore()));
} finally {
  await simulators.close();
}
