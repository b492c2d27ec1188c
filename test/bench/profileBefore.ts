import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { ProfileResult } from "./sectionProfile.js";

/** Where the profile split before the speed work (issue 16) is kept: the report's "before" column. */
const BEFORE = new URL("../../../test/bench/results/profile-before.json", import.meta.url);

/** The recorded "before" profile split, or null when none was recorded. */
export function readProfileBefore(): ProfileResult | null {
  return existsSync(BEFORE) ? (JSON.parse(readFileSync(BEFORE, "utf8")) as ProfileResult) : null;
}

/** Records `result` as the "before" profile split (runProfile.js --before). */
export function writeProfileBefore(result: ProfileResult): void {
  writeFileSync(BEFORE, JSON.stringify(result, null, 2) + "\n");
}
