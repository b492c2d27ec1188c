import "reflect-metadata";
import { renderFleet, measureFleet } from "./sectionFleet.js";

/** `npm run bench:fleet`: section 8 alone (three instances through Redis), printed as markdown. */
measureFleet(50).then(
  (rows) => {
    console.log(renderFleet(rows).join("\n"));
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
