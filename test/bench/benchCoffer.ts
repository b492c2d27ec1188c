import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox, type Sandbox } from "../../src/server/sandbox.js";
import { createCoffer, type Coffer } from "../../src/server/createCoffer.js";
import { createLogger } from "../../src/observability/logger.js";
import { binanceDemoState } from "../../src/exchanges/binance/simulator/demoState.js";
import { htxDemoState } from "../../src/exchanges/htx/simulator/demoState.js";
import { DASHBOARD_BODY } from "./dashboardBodies.js";

export interface BenchCoffer {
  readonly sandbox: Sandbox;
  readonly coffer: Coffer;
  readonly url: string;
  readonly headers: Record<string, string>;
  /** Upstream calls received so far by both simulators. */
  upstreamCalls(): number;
  /** Sets the simulators' fixed latency per call. */
  setLatency(ms: number): void;
  /** Drops every cached snapshot (both connections). */
  invalidate(): void;
  /** One dashboard query (or another body) over HTTP from this thread: its wall time and body. */
  dashboard(body?: string): Promise<{ ms: number; status: number; body: { data?: unknown; errors?: unknown[] } }>;
  close(): Promise<void>;
}

/** The sandbox simulators (demo state) and a Coffer on them, on free ports, with a temp journal and a silent logger. */
export async function startBenchCoffer(cacheTtlMs: number): Promise<BenchCoffer> {
  const dir = mkdtempSync(join(tmpdir(), "coffer-bench-"));
  const sandbox = await startSandbox({
    port: 0,
    journal: `sqlite:${join(dir, "journal.sqlite")}`,
    cacheTtlMs,
    binanceState: binanceDemoState(),
    htxState: htxDemoState(),
  });
  // The per-token request limit (hardening; default 50/s, burst 200) would answer 429 to the
  // N = 500 and throughput runs by design: lifted here, since they measure Coffer's work.
  // (A variable, not a literal, so this compiles against createCoffer with or without the option.)
  const options = {
    logger: createLogger({ level: "silent" }),
    demoToken: sandbox.demoToken,
    tokenRateLimit: { perSecond: 1_000_000, burst: 1_000_000 },
    // The in-process sections count a first query's calls from the simulators' logs: the
    // start-up's wallet reads would take them (sections 2 and 12 start Coffer as it runs, with them).
    warmUpReads: false,
  };
  const coffer = await createCoffer(sandbox.config, options);
  const headers = { "content-type": "application/json", authorization: `Bearer ${sandbox.demoToken}` };
  return {
    sandbox,
    coffer,
    url: `${coffer.url}/graphql`,
    headers,
    upstreamCalls: () => sandbox.binance.calls.length + sandbox.htx.calls.length,
    setLatency(ms) {
      sandbox.binance.faults.latencyMs = ms;
      sandbox.htx.faults.latencyMs = ms;
    },
    invalidate() {
      for (const connection of sandbox.config.connections) coffer.cache.invalidate(connection.id);
    },
    async dashboard(body = DASHBOARD_BODY) {
      const started = performance.now();
      const response = await fetch(`${coffer.url}/graphql`, { method: "POST", headers, body });
      const answer = (await response.json()) as { data?: unknown; errors?: unknown[] };
      return { ms: performance.now() - started, status: response.status, body: answer };
    },
    async close() {
      await coffer.close();
      await sandbox.close();
    },
  };
}
