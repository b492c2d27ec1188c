import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startCofferProcess } from "./cofferProcess.js";
import { DASHBOARD_BODY } from "./dashboardBodies.js";
import { runLoad } from "./load.js";
import { procStats } from "./procStats.js";
import type { SimulatorsProcess } from "./simulatorsProcess.js";

const MEMORY_PROBE_URL = new URL("./memoryProbe.js", import.meta.url).href;

export interface MemoryPoint {
  readonly dashboards: number;
  /** V8 heap in use after a full GC (process.memoryUsage().heapUsed, via the memory probe). */
  readonly heapUsedBytes: number;
  readonly heapTotalBytes: number;
  /** VmRSS from /proc after that GC. */
  readonly rssBytes: number;
}

export interface MemoryResult {
  readonly concurrency: number;
  readonly points: MemoryPoint[];
}

/** Signals the probe and waits for the line it appends. */
async function probe(pid: number, file: string): Promise<{ heapUsed: number; heapTotal: number }> {
  const lines = () => (existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : []);
  const before = lines().length;
  process.kill(pid, "SIGUSR2");
  const deadline = performance.now() + 10_000;
  while (performance.now() < deadline) {
    const now = lines();
    if (now.length > before) return JSON.parse(now[now.length - 1]!) as { heapUsed: number; heapTotal: number };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("the memory probe did not answer");
}

/**
 * Section: Coffer's memory under cached dashboards. A Coffer process (production mode, snapshot
 * TTL 10 min so every dashboard after the first is cached) preloaded with memoryProbe.ts;
 * after each checkpoint (e.g. 1,000 and 10,000 dashboards, `concurrency` in flight) a full GC,
 * then its heap in use and its RSS. A leak per request shows as growth between checkpoints.
 */
export async function measureMemory(simulators: SimulatorsProcess, checkpoints: readonly number[], concurrency: number): Promise<MemoryResult> {
  const dir = mkdtempSync(join(tmpdir(), "coffer-bench-memory-"));
  const file = join(dir, "memory.jsonl");
  const coffer = await startCofferProcess({
    connections: simulators.connections,
    cacheTtlMs: 10 * 60_000,
    nodeArgs: ["--expose-gc", "--import", MEMORY_PROBE_URL],
    env: { COFFER_BENCH_MEMORY_FILE: file },
  });
  try {
    const first = await coffer.dashboard();
    if (first.status !== 200 || first.errors > 0) throw new Error(`memory: dashboard answered ${first.status}: ${first.text.slice(0, 300)}`);
    let done = 1;
    const points: MemoryPoint[] = [];
    for (const checkpoint of checkpoints) {
      const count = checkpoint - done;
      if (count > 0) {
        const r = await runLoad({ url: coffer.url, body: DASHBOARD_BODY, headers: coffer.headers, concurrency, count });
        if ((r.statuses["200"] ?? 0) !== count) throw new Error(`memory: non-200 answers ${JSON.stringify(r.statuses)}`);
        done = checkpoint;
      }
      const heap = await probe(coffer.pid, file);
      points.push({ dashboards: done, heapUsedBytes: heap.heapUsed, heapTotalBytes: heap.heapTotal, rssBytes: procStats.rssBytes(coffer.pid) });
    }
    return { concurrency, points };
  } finally {
    await coffer.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
