import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The repository root, from the compiled file (dist/test/bench → root). */
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/**
 * The commit the measured code was built from, and whether src/ had uncommitted changes then
 * ("unknown" outside a git checkout): a profile is only comparable with another of known code.
 */
export function sourceVersion(): { commit: string; srcChanged: boolean } {
  try {
    const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
    const status = execFileSync("git", ["status", "--porcelain", "--", "src"], { cwd: ROOT, encoding: "utf8" }).trim();
    return { commit, srcChanged: status.length > 0 };
  } catch {
    return { commit: "unknown", srcChanged: false };
  }
}
