import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startCofferProcess, type CofferProcess } from "./cofferProcess.js";
import { monotonicUs, readCpuProfile, type ProfileWindow } from "./cpuProfile.js";
import { procStats } from "./procStats.js";
import { categoryTimes, topFunctions } from "./profileViews.js";
import type { SimulatorsProcess } from "./simulatorsProcess.js";
import { sourceVersion } from "./sourceVersion.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sampling interval of the profiles, µs (V8's default is 1000). */
const INTERVAL_US = 1000;

export interface ProfilePath {
  readonly dashboards: number;
  readonly windowMs: number;
  /** CPU of the whole process over the window, from /proc (every thread: GC helpers, compiler, libuv), per dashboard. */
  readonly procCpuMsPerDashboard: number;
  /** The main thread's busy time in the profile's window (non-idle samples), per dashboard. */
  readonly profiledMsPerDashboard: number;
  readonly samples: number;
  /** Self time by category (profileCategory), per dashboard, and its share of the busy time. */
  readonly categories: Array<{ category: string; msPerDashboard: number; share: number }>;
  readonly topFunctions: Array<{ fn: string; msPerDashboard: number }>;
}

export interface ProfileResult {
  readonly commit: string;
  /** src/ had uncommitted changes when measured. */
  readonly srcChanged: boolean;
  readonly when: string;
  readonly node: string;
  readonly latencyMs: number;
  readonly intervalUs: number;
  /** Every snapshot expired before each dashboard: all upstream calls made, answers parsed and mapped. */
  readonly uncached: ProfilePath;
  /** Every snapshot fresh: Coffer's own per-request work (auth, limits, GraphQL, resolvers, serialising). */
  readonly cached: ProfilePath;
}

/** Runs `measure` against a Coffer started with --cpu-prof; the profile is trimmed to the window `measure` reports. */
async function profiled(
  simulators: SimulatorsProcess,
  cacheTtlMs: number,
  measure: (coffer: CofferProcess) => Promise<{ window: ProfileWindow; dashboards: number; cpuMs: number }>,
): Promise<ProfilePath> {
  const dir = mkdtempSync(join(tmpdir(), "coffer-bench-profile-"));
  try {
    const coffer = await startCofferProcess({
      connections: simulators.connections,
      cacheTtlMs,
      nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${dir}`, `--cpu-prof-interval=${INTERVAL_US}`],
    });
    let measured: Awaited<ReturnType<typeof measure>>;
    try {
      await sleep(1000); // start-up warm-up
      measured = await measure(coffer);
    } finally {
      await coffer.close(); // the profile is written on exit
    }
    const file = readdirSync(dir).find((name) => name.endsWith(".cpuprofile"));
    if (!file) throw new Error("Coffer wrote no CPU profile");
    const profile = readCpuProfile(join(dir, file));
    const { window, dashboards } = measured;
    const split = categoryTimes(profile, window);
    const perDashboardMs = (us: number) => us / 1000 / dashboards;
    return {
      dashboards,
      windowMs: (window.toUs - window.fromUs) / 1000,
      procCpuMsPerDashboard: measured.cpuMs / dashboards,
      profiledMsPerDashboard: perDashboardMs(split.busyUs),
      samples: split.samples,
      categories: split.categories.map((c) => ({ category: c.category, msPerDashboard: perDashboardMs(c.us), share: c.us / split.busyUs })),
      topFunctions: topFunctions(profile, window, 15).map((f) => ({ fn: f.fn, msPerDashboard: perDashboardMs(f.us) })),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The CPU split ("profile split"): where Coffer's CPU goes per dashboard, by package, Node
 * internal and src/ folder, for both paths — uncached (snapshots expired before each, latency
 * `latencyMs`) and cached (every snapshot fresh) — each in a Coffer process of its own
 * (production mode, as meant to run) started with --cpu-prof, the profile trimmed to the
 * measured dashboards by a window taken in this process on the same monotonic clock. The
 * process's first dashboard and, for the cached path, `cachedRuns / 2` warm-up requests stay
 * outside the window. The simulators are expected warm (warmSimulators).
 */
export async function measureProfile(simulators: SimulatorsProcess, latencyMs: number, uncachedRuns: number, cachedRuns: number): Promise<ProfileResult> {
  await simulators.setLatency(latencyMs);
  const check = (answer: { status: number; errors: number; text: string }) => {
    if (answer.status !== 200 || answer.errors > 0) throw new Error(`profile: dashboard answered ${answer.status}: ${answer.text.slice(0, 300)}`);
  };
  const uncachedTtlMs = 200;
  const uncached = await profiled(simulators, uncachedTtlMs, async (coffer) => {
    check(await coffer.dashboard()); // the cold one, outside the window
    await sleep(uncachedTtlMs + 50);
    const cpu0 = procStats.cpuMs(coffer.pid);
    const fromUs = monotonicUs();
    for (let i = 0; i < uncachedRuns; i++) {
      await sleep(uncachedTtlMs + 50);
      check(await coffer.dashboard());
    }
    const toUs = monotonicUs();
    return { window: { fromUs, toUs }, dashboards: uncachedRuns, cpuMs: procStats.cpuMs(coffer.pid) - cpu0 };
  });
  const cached = await profiled(simulators, 10 * 60_000, async (coffer) => {
    check(await coffer.dashboard()); // fills every snapshot
    for (let i = 0; i < cachedRuns / 2; i++) check(await coffer.dashboard()); // JIT warm-up
    const cpu0 = procStats.cpuMs(coffer.pid);
    const fromUs = monotonicUs();
    for (let i = 0; i < cachedRuns; i++) check(await coffer.dashboard());
    const toUs = monotonicUs();
    return { window: { fromUs, toUs }, dashboards: cachedRuns, cpuMs: procStats.cpuMs(coffer.pid) - cpu0 };
  });
  return { ...sourceVersion(), when: new Date().toISOString(), node: process.version, latencyMs, intervalUs: INTERVAL_US, uncached, cached };
}
