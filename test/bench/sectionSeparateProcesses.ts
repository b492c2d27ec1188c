import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { sha256Hex } from "../../src/graphql/auth.js";
import { DASHBOARD_BODY } from "./benchCoffer.js";
import { LONGEST_CHAIN_WARM } from "./dashboardMinimum.js";
import { median } from "./load.js";

/** The compiled entry points next to this compiled file (dist/test/bench → dist/src). */
const MAIN_JS = fileURLToPath(new URL("../../src/main.js", import.meta.url));
const SIMULATORS_JS = fileURLToPath(new URL("../../src/exchanges/serveSimulators.js", import.meta.url));
const TOKEN = "bench-separate-token";

export interface SeparateProcessesResult {
  readonly latencyMs: number;
  readonly runs: number;
  readonly wallsMs: number[];
  readonly medianMs: number;
  readonly chainMs: number;
  readonly errors: number;
}

/** What `npm run simulators` prints first: config-file connections to its simulators. */
interface SimulatorsInfo {
  connections: Array<{ id: string; exchange: string; credentials: Record<string, string>; urls: Record<string, string> }>;
}

/**
 * Section 2b: a warm dashboard's wall time against its longest chain of dependent calls, with
 * Coffer (`node dist/src/main.js`, what `npm start` runs) and the simulators
 * (`npm run simulators`) each in its own process, as Coffer and the exchanges are: in one
 * process the simulators' signature checks and answer building are charged to Coffer's
 * critical path. Between runs the snapshots expire (a TTL shorter than the pause), so every run
 * reads every wallet again. This was an integration test's assertion (median ≤ 1.2 × the
 * chain at 200 ms); a wall-clock figure belongs here, printed, not in a test.
 */
export async function measureSeparateProcesses(latencyMs: number, runs: number): Promise<SeparateProcessesResult> {
  const ttlMs = 1_000;
  const dir = mkdtempSync(join(tmpdir(), "coffer-bench-separate-"));
  const children: ChildProcess[] = [];
  try {
    const simulators = spawn(process.execPath, [SIMULATORS_JS], { env: { ...process.env, NODE_OPTIONS: "" }, stdio: ["pipe", "pipe", "inherit"] });
    children.push(simulators);
    const lines = createInterface({ input: simulators.stdout! })[Symbol.asyncIterator]();
    const info = JSON.parse((await lines.next()).value as string) as SimulatorsInfo;
    const configPath = join(dir, "config.json");
    writeFileSync(
      configPath,
      JSON.stringify({
        listen: { host: "127.0.0.1", port: 0 },
        tokens: [{ name: "bench", sha256: sha256Hex(TOKEN), scopes: ["read"] }],
        connections: info.connections,
        journal: `sqlite:${join(dir, "journal.sqlite")}`,
        cache: { ttlMs },
      }),
    );
    const coffer = spawn(process.execPath, [MAIN_JS], {
      env: { ...process.env, NODE_OPTIONS: "", COFFER_CONFIG: configPath, LOG_LEVEL: "warn", COFFER_TOKEN_RATE_PER_SECOND: "1000", COFFER_TOKEN_RATE_BURST: "1000" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    children.push(coffer);
    const url = await new Promise<string>((resolve, reject) => {
      let text = "";
      coffer.stdout!.on("data", (chunk: Buffer) => {
        text += chunk.toString("utf8");
        const match = /Coffer is listening on (http:\/\/\S+\/graphql)/.exec(text);
        if (match) resolve(match[1]!);
      });
      coffer.once("exit", (code) => reject(new Error(`Coffer exited (${code}) before listening: ${text}`)));
    });
    const dashboard = async () => {
      const started = performance.now();
      const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` }, body: DASHBOARD_BODY });
      const body = (await response.json()) as { errors?: unknown[] };
      return { ms: performance.now() - started, errors: body.errors?.length ?? 0 };
    };
    // The first query learns the clock offsets and opens the connections: once per process.
    let errors = (await dashboard()).errors;
    simulators.stdin!.write(JSON.stringify({ latencyMs }) + "\n");
    await lines.next();
    const wallsMs: number[] = [];
    for (let run = 0; run < runs; run++) {
      await new Promise((resolve) => setTimeout(resolve, ttlMs + 100)); // every snapshot expired
      const result = await dashboard();
      wallsMs.push(result.ms);
      errors += result.errors;
    }
    return { latencyMs, runs, wallsMs, medianMs: median(wallsMs), chainMs: LONGEST_CHAIN_WARM * latencyMs, errors };
  } finally {
    for (const child of children) child.kill("SIGTERM");
    await Promise.all(children.filter((child) => child.exitCode === null && child.signalCode === null).map((child) => new Promise((r) => child.once("exit", r))));
    rmSync(dir, { recursive: true, force: true });
  }
}
