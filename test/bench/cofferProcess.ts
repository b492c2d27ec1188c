import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sha256Hex } from "../../src/graphql/auth.js";
import { DASHBOARD_BODY } from "./dashboardBodies.js";
import type { EndpointCounts } from "./dashboardMinimum.js";
import type { SimulatorConnection } from "./simulatorsProcess.js";
import { upstreamCounts } from "./upstreamCounts.js";

/** The compiled entry point `npm start` runs, next to this compiled file (dist/test/bench → dist/src). */
const MAIN_JS = fileURLToPath(new URL("../../src/main.js", import.meta.url));
const TOKEN = "bench-process-token";

export interface CofferProcessOptions {
  readonly connections: readonly SimulatorConnection[];
  readonly cacheTtlMs: number;
  /** NODE_ENV=production, as Coffer is meant to run (default true): graphql-js, express and Apollo skip their development paths. */
  readonly production?: boolean;
  /** Node flags before the script (`--cpu-prof`, `--expose-gc`, `--import …`). */
  readonly nodeArgs?: readonly string[];
  /** More environment (a probe's settings). */
  readonly env?: Record<string, string>;
}

export interface CofferProcess {
  readonly pid: number;
  /** `http://127.0.0.1:<port>` (no path). */
  readonly origin: string;
  /** POST /graphql. */
  readonly url: string;
  readonly headers: Record<string, string>;
  /** One query (the dashboard unless another body is given) from this process: wall time, status, GraphQL error count. */
  dashboard(body?: string): Promise<{ ms: number; status: number; errors: number; text: string }>;
  /** Upstream calls so far by connection id and endpoint, from GET /metrics. */
  upstreamCalls(): Promise<Record<string, EndpointCounts>>;
  /** SIGTERM, and resolves once the process has exited (a CPU profile is written by then). */
  close(): Promise<void>;
}

/** How many GraphQL errors an answer holds (1 when it is not JSON). */
function graphqlErrors(text: string): number {
  try {
    return ((JSON.parse(text) as { errors?: unknown[] }).errors ?? []).length;
  } catch {
    return 1;
  }
}

/**
 * Coffer as it is meant to run: `node dist/src/main.js` in a process of its own, NODE_ENV=production,
 * a config file (listen on a free port, one read token, the given connections, a temp SQLite
 * journal, the given snapshot TTL). The per-token request limit is lifted (COFFER_TOKEN_RATE_*)
 * because the benchmark measures Coffer's work, not its refusals; logs at `warn`. Resolves when
 * Coffer prints that it is listening.
 */
export async function startCofferProcess(options: CofferProcessOptions): Promise<CofferProcess> {
  const dir = mkdtempSync(join(tmpdir(), "coffer-bench-process-"));
  const configPath = join(dir, "config.json");
  writeFileSync(
    configPath,
    JSON.stringify({
      listen: { host: "127.0.0.1", port: 0 },
      tokens: [{ name: "bench", sha256: sha256Hex(TOKEN), scopes: ["read"] }],
      connections: options.connections,
      journal: `sqlite:${join(dir, "journal.sqlite")}`,
      cache: { ttlMs: options.cacheTtlMs },
    }),
  );
  const env: Record<string, string | undefined> = {
    ...process.env,
    NODE_OPTIONS: "",
    COFFER_CONFIG: configPath,
    LOG_LEVEL: "warn",
    COFFER_TOKEN_RATE_PER_SECOND: "1000000",
    COFFER_TOKEN_RATE_BURST: "1000000",
    ...options.env,
  };
  if (options.production ?? true) env.NODE_ENV = "production";
  else delete env.NODE_ENV;
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), MAIN_JS], { env, stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let origin: string;
  try {
    origin = await new Promise<string>((resolve, reject) => {
      let text = "";
      child.stdout.on("data", (chunk: Buffer) => {
        text += chunk.toString("utf8");
        const match = /Coffer is listening on (http:\/\/[^/\s]+)\/graphql/.exec(text);
        if (match) resolve(match[1]!);
      });
      child.once("exit", (code) => reject(new Error(`Coffer exited (${code}) before listening: ${text.slice(0, 500)}`)));
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  child.stdout.resume(); // keep draining its output
  const headers = { "content-type": "application/json", authorization: `Bearer ${TOKEN}` };
  const url = `${origin}/graphql`;
  return {
    pid: child.pid!,
    origin,
    url,
    headers,
    async dashboard(body = DASHBOARD_BODY) {
      const started = performance.now();
      const response = await fetch(url, { method: "POST", headers, body });
      const text = await response.text();
      const ms = performance.now() - started;
      return { ms, status: response.status, errors: graphqlErrors(text), text };
    },
    async upstreamCalls() {
      const response = await fetch(`${origin}/metrics`);
      return upstreamCounts(await response.text());
    },
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
