import { readFileSync } from "node:fs";

/** A V8 CPU profile as `node --cpu-prof` writes it (.cpuprofile, JSON). Times in µs on CLOCK_MONOTONIC. */
export interface CpuProfile {
  readonly nodes: ReadonlyArray<{ id: number; callFrame: CallFrame; children?: number[] }>;
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
  readonly columnNumber: number;
}

/**
 * A window of a profile, in µs of the monotonic clock. On Linux `process.hrtime` (libuv) and V8's
 * profile timestamps both read CLOCK_MONOTONIC, so a window taken by the parent around the
 * measured requests trims another process's profile to exactly them.
 */
export interface ProfileWindow {
  readonly fromUs: number;
  readonly toUs: number;
}

/** Now on the monotonic clock the profiles use, in µs. */
export function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

export function readCpuProfile(path: string): CpuProfile {
  return JSON.parse(readFileSync(path, "utf8")) as CpuProfile;
}

/**
 * Self time (µs) per profile node inside `window` (the whole profile without one): each
 * sample is charged the interval since the previous sample, as cat.mjs-style tools and
 * DevTools do. `(idle)` is left out: what remains is the main thread's busy time.
 */
export function selfTimes(profile: CpuProfile, window?: ProfileWindow): { byNode: Map<number, number>; busyUs: number; samples: number } {
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === "(idle)").map((n) => n.id));
  const byNode = new Map<number, number>();
  let ts = profile.startTime;
  let busyUs = 0;
  let samples = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    ts += delta;
    if (window && (ts < window.fromUs || ts > window.toUs)) continue;
    const id = profile.samples[i]!;
    if (idle.has(id)) continue;
    samples++;
    busyUs += delta;
    byNode.set(id, (byNode.get(id) ?? 0) + delta);
  }
  return { byNode, busyUs, samples };
}
