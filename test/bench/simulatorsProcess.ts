import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/** The compiled `npm run simulators` next to this compiled file (dist/test/bench → dist/src). */
const SIMULATORS_JS = fileURLToPath(new URL("../../src/exchanges/serveSimulators.js", import.meta.url));

/** One entry of what `npm run simulators` prints: a config file's connection to one simulator. */
export interface SimulatorConnection {
  readonly id: string;
  readonly exchange: string;
  readonly credentials: Record<string, string>;
  readonly urls: Record<string, string>;
}

export interface SimulatorsProcess {
  readonly pid: number;
  /** Ready for a config file's `connections`. */
  readonly connections: readonly SimulatorConnection[];
  /** Sets every simulator's fixed latency per answer; resolves when the process has answered the command. */
  setLatency(ms: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Every registered exchange's simulator in a process of its own (`node
 * dist/src/exchanges/serveSimulators.js`, what `npm run simulators` runs), so that the
 * simulators' signature checks and answer building never share Coffer's event loop or the
 * bench's. It prints `{"connections": [...]}` first, then answers one line per command line.
 */
export async function startSimulatorsProcess(nodeArgs: readonly string[] = []): Promise<SimulatorsProcess> {
  const child = spawn(process.execPath, [...nodeArgs, SIMULATORS_JS], { env: { ...process.env, NODE_OPTIONS: "" }, stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw new Error("the simulators process exited before printing its connections");
  const { connections } = JSON.parse(first.value as string) as { connections: SimulatorConnection[] };
  let queue = Promise.resolve();
  return {
    pid: child.pid!,
    connections,
    setLatency(ms) {
      queue = queue.then(async () => {
        child.stdin.write(JSON.stringify({ latencyMs: ms }) + "\n");
        const answer = await lines.next();
        const parsed = JSON.parse(answer.value as string) as { ok?: boolean; latencyMs?: number };
        if (!parsed.ok || parsed.latencyMs !== ms) throw new Error(`the simulators did not take latency ${ms}: ${String(answer.value)}`);
      });
      return queue;
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.stdin.end(); // stdin closing stops it
      await exited;
    },
  };
}
