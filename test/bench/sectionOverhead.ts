import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { startCofferProcess } from "./cofferProcess.js";
import { totalCalls } from "./dashboardMinimum.js";
import { DASHBOARD_BODY } from "./dashboardBodies.js";
import { quantile, runLoad } from "./load.js";
import { procStats } from "./procStats.js";
import type { SimulatorsProcess } from "./simulatorsProcess.js";

const BARE_APOLLO_MAIN_JS = fileURLToPath(new URL("./bareApolloMain.js", import.meta.url));

export interface OverheadRow {
  readonly server: "coffer" | "bare";
  readonly concurrency: number;
  readonly requests: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** The server process's CPU (user + system, /proc) per request over the measured run. */
  readonly cpuMsPerRequest: number;
}

export interface OverheadResult {
  readonly mode: "production";
  readonly rows: OverheadRow[];
  readonly sameAnswer: boolean;
  readonly upstreamCallsDuringRun: number;
  readonly responseBytes: number;
  readonly durationMs: number;
}

/** The bare Apollo Server in a process of its own (bareApolloMain.ts) with NODE_ENV=production. */
async function startBareApolloProcess(recordedPath: string): Promise<{ pid: number; url: string; close(): Promise<void> }> {
  const child = spawn(process.execPath, [BARE_APOLLO_MAIN_JS, recordedPath], {
    env: { ...process.env, NODE_OPTIONS: "", NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const first = await createInterface({ input: child.stdout })[Symbol.asyncIterator]().next();
  if (first.done) throw new Error("the bare Apollo process exited before listening");
  const { url } = JSON.parse(first.value as string) as { url: string };
  return {
    pid: child.pid!,
    url,
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/**
 * Section 4: Coffer's own overhead. Cached dashboards per second, Coffer vs a bare Apollo
 * Server (same express 5 integration, Coffer's schema SDL, root resolvers returning Coffer's
 * recorded answer from memory), both as they are meant to run: each in a process of its own
 * with NODE_ENV=production (graphql-js decides its dev-mode `instanceOf` check when it is first
 * imported, from NODE_ENV, so both servers must start with the same value). The client is the
 * same keep-alive node:http load worker for both (a thread of this process); each row runs
 * `durationMs` after 200 warm-up requests, and also reports the server process's CPU per
 * request, which the machine's other load disturbs less than requests per second.
 */
export async function measureOverhead(simulators: SimulatorsProcess, durationMs: number, concurrencies: readonly number[]): Promise<OverheadResult> {
  const dir = mkdtempSync(join(tmpdir(), "coffer-bench-overhead-"));
  const coffer = await startCofferProcess({ connections: simulators.connections, cacheTtlMs: 10 * 60_000 });
  let bare: Awaited<ReturnType<typeof startBareApolloProcess>> | null = null;
  try {
    const first = await coffer.dashboard(); // fills every snapshot; everything after is cached
    const parsed = JSON.parse(first.text) as { data?: Record<string, unknown>; errors?: unknown[] };
    if (first.status !== 200 || parsed.errors || !parsed.data) throw new Error(`dashboard had errors: ${first.text.slice(0, 300)}`);
    const recordedPath = join(dir, "recorded.json");
    writeFileSync(recordedPath, JSON.stringify(parsed.data));
    bare = await startBareApolloProcess(recordedPath);
    const servers = { coffer: { url: coffer.url, pid: coffer.pid }, bare: { url: bare.url, pid: bare.pid } } as const;
    const calls = async () => Object.values(await coffer.upstreamCalls()).reduce((sum, counts) => sum + totalCalls(counts), 0);
    const before = await calls();
    // The two servers must answer the very same JSON for the comparison to mean anything.
    const probe = async (url: string) => (await runLoad({ url, body: DASHBOARD_BODY, headers: coffer.headers, concurrency: 1, count: 1 })).sampleBody;
    const cofferAnswer = await probe(servers.coffer.url);
    const sameAnswer = cofferAnswer === (await probe(servers.bare.url));
    const rows: OverheadRow[] = [];
    for (const concurrency of concurrencies) {
      for (const server of ["coffer", "bare"] as const) {
        const { url, pid } = servers[server];
        await runLoad({ url, body: DASHBOARD_BODY, headers: coffer.headers, concurrency, count: 200 }); // warm-up (JIT)
        const cpu0 = procStats.cpuMs(pid);
        const r = await runLoad({ url, body: DASHBOARD_BODY, headers: coffer.headers, concurrency, durationMs });
        const cpuMs = procStats.cpuMs(pid) - cpu0;
        const ok = r.statuses["200"] ?? 0;
        if (ok !== r.latenciesMs.length) throw new Error(`${server}: non-200 answers ${JSON.stringify(r.statuses)}`);
        rows.push({
          server,
          concurrency,
          requests: r.latenciesMs.length,
          perSecond: (r.latenciesMs.length / r.wallMs) * 1000,
          p50Ms: quantile(r.latenciesMs, 0.5),
          p99Ms: quantile(r.latenciesMs, 0.99),
          cpuMsPerRequest: cpuMs / r.latenciesMs.length,
        });
      }
    }
    return { mode: "production", rows, sameAnswer, upstreamCallsDuringRun: (await calls()) - before, responseBytes: Buffer.byteLength(cofferAnswer), durationMs };
  } finally {
    await bare?.close();
    await coffer.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
