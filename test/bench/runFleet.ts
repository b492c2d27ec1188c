import "reflect-metadata";
import { measureFleetSection, renderFleet } from "./sectionFleet.js";

/** `npm run bench:fleet`: section 10 alone (three instances through Redis), printed as markdown; `npm run bench` includes it. */
measureFleetSection(50).then(
  (section) => {
    console.log(renderFleet(section));
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
