import "reflect-metadata";
import { measureLive, renderLiveSection } from "./sectionLive.js";

/** Only the live-updates section of the benchmark: `tsc -p tsconfig.bench.json && node dist/test/bench/runLive.js`. */
measureLive().then(
  (results) => {
    console.log(renderLiveSection(results));
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
