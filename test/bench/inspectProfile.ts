import { readCpuProfile, type ProfileWindow } from "./cpuProfile.js";
import { categoryTimes, topFunctions, topStacks } from "./profileViews.js";

/**
 * Looks into a .cpuprofile (e.g. one written by `node --cpu-prof dist/src/main.js`):
 *
 *   node dist/test/bench/inspectProfile.js <file> [--window <fromUs> <toUs>] [--functions [regexp]] [--stacks <regexp>]
 *
 * Without a view flag: self time by category (profileCategory.ts). `--functions`: the 25
 * functions with the most self time (matching the regexp). `--stacks`: the 8 call stacks under
 * which the matching functions spent the most. Times in ms; the window in µs of the monotonic
 * clock, as `process.hrtime` gives it.
 */
const [file, ...args] = process.argv.slice(2);
if (!file) {
  console.error("usage: inspectProfile.js <file.cpuprofile> [--window <fromUs> <toUs>] [--functions [regexp]] [--stacks <regexp>]");
  process.exit(2);
}
const flag = (name: string) => args.indexOf(name);
const at = flag("--window");
const window: ProfileWindow | undefined = at >= 0 ? { fromUs: Number(args[at + 1]), toUs: Number(args[at + 2]) } : undefined;
const profile = readCpuProfile(file);
const msText = (us: number) => (us / 1000).toFixed(1).padStart(8);
const fnAt = flag("--functions");
const stacksAt = flag("--stacks");
if (stacksAt >= 0) {
  for (const s of topStacks(profile, window, new RegExp(args[stacksAt + 1] ?? "."), 8)) console.log(`${msText(s.us)} ms  ${s.stack.join("\n             < ")}\n`);
} else if (fnAt >= 0) {
  const pattern = args[fnAt + 1] && !args[fnAt + 1]!.startsWith("--") ? new RegExp(args[fnAt + 1]!) : undefined;
  for (const f of topFunctions(profile, window, 25, pattern)) console.log(`${msText(f.us)} ms  ${f.fn}`);
} else {
  const split = categoryTimes(profile, window);
  console.log(`busy ${msText(split.busyUs)} ms in ${split.samples} samples`);
  for (const c of split.categories) console.log(`${msText(c.us)} ms ${((100 * c.us) / split.busyUs).toFixed(1).padStart(5)} %  ${c.category}`);
}
