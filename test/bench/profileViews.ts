import type { CpuProfile, ProfileWindow } from "./cpuProfile.js";
import { selfTimes } from "./cpuProfile.js";
import { profileCategory } from "./profileCategory.js";

/** Self time of each category (profileCategory) inside the window, in µs, largest first, with the busy total. */
export function categoryTimes(profile: CpuProfile, window?: ProfileWindow): { busyUs: number; samples: number; categories: Array<{ category: string; us: number }> } {
  const { byNode, busyUs, samples } = selfTimes(profile, window);
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const totals = new Map<string, number>();
  for (const [id, us] of byNode) {
    const category = profileCategory(frames.get(id)!);
    totals.set(category, (totals.get(category) ?? 0) + us);
  }
  return {
    busyUs,
    samples,
    categories: [...totals].map(([category, us]) => ({ category, us })).sort((a, b) => b.us - a.us),
  };
}

/** "name@package-or-dist-path:line" of a frame: short enough to read, precise enough to find. */
export function frameName(frame: { functionName: string; url: string; lineNumber: number }): string {
  const where = frame.url.replace(/^.*\/(node_modules|dist)\//, "").replace(/^file:\/\//, "");
  return `${frame.functionName || "(anonymous)"}@${where}:${frame.lineNumber + 1}`;
}

/** The functions with the most self time in the window (optionally only those whose frameName matches `pattern`). */
export function topFunctions(profile: CpuProfile, window: ProfileWindow | undefined, limit: number, pattern?: RegExp): Array<{ fn: string; us: number }> {
  const { byNode } = selfTimes(profile, window);
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const totals = new Map<string, number>();
  for (const [id, us] of byNode) {
    const name = frameName(frames.get(id)!);
    if (pattern && !pattern.test(name)) continue;
    totals.set(name, (totals.get(name) ?? 0) + us);
  }
  return [...totals]
    .map(([fn, us]) => ({ fn, us }))
    .sort((a, b) => b.us - a.us)
    .slice(0, limit);
}

/** The call stacks (leaf first, `depth` frames) under which the functions matching `pattern` spent their self time. */
export function topStacks(profile: CpuProfile, window: ProfileWindow | undefined, pattern: RegExp, limit: number, depth = 14): Array<{ stack: string[]; us: number }> {
  const { byNode } = selfTimes(profile, window);
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const totals = new Map<string, { stack: string[]; us: number }>();
  for (const [id, us] of byNode) {
    if (!pattern.test(frameName(nodes.get(id)!.callFrame))) continue;
    const stack: string[] = [];
    for (let at: number | undefined = id; at !== undefined && stack.length < depth; at = parent.get(at)) stack.push(frameName(nodes.get(at)!.callFrame));
    const key = stack.join(" < ");
    const entry = totals.get(key) ?? { stack, us: 0 };
    entry.us += us;
    totals.set(key, entry);
  }
  return [...totals.values()].sort((a, b) => b.us - a.us).slice(0, limit);
}
