import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCoffer, type Coffer, type CofferOptions } from "../../src/server/createCoffer.js";
import { startSandbox, type Sandbox, type SandboxOptions } from "../../src/server/sandbox.js";
import type { CofferConfig, TokenConfig } from "../../src/settings/config.types.js";
import { createLogger } from "../../src/observability/logger.js";
import { startCofferChild, type CofferBuild, type CofferChild } from "./cofferChild.js";
import { moneyConfig, startMoneySimulators, type MoneySimulatorOptions, type MoneySimulators } from "./moneyCoffer.js";

/**
 * Where a test Coffer's exchanges come from:
 * - `sandbox`: the sandbox's simulators, connections and tokens (SANDBOX_TOKEN), demo or given states;
 * - `simulators`: simulators of its own whose limits a test may scale, the money connections
 *   (BINANCE_ID, HTX_ID) and MONEY_TOKEN;
 * - `shared`: simulators another Coffer runs on (a restart, a fleet), left running by `close`.
 */
export type TestWorld = { readonly sandbox: Omit<SandboxOptions, "port" | "journal"> } | { readonly simulators: MoneySimulatorOptions } | { readonly shared: MoneySimulators };

/** Reconciliation timings (in a child process: its COFFER_RECONCILE_* variables instead). */
export interface ReconcileTimings {
  readonly settleDelayMs?: number;
  readonly reconcileIntervalMs?: number;
  /** How long a transfer claim lasts without renewal. */
  readonly leaseMs?: number;
}

export interface TestCofferOptions {
  /** Default: simulators of its own in their demo states. */
  readonly world?: TestWorld;
  /** Default: a new temp SQLite file (`journalPath`); or any journal URL (a PostgreSQL database). */
  readonly journal?: string;
  /** Upstream timeout of each connection (own or shared simulators; the sandbox sets its own). */
  readonly timeoutMs?: number;
  readonly cacheTtlMs?: number;
  /** Tokens besides the world's own. */
  readonly tokens?: readonly TokenConfig[];
  /** The fleet's Redis and size (`fleet.single` false unless given). */
  readonly redis?: string;
  readonly fleet?: CofferConfig["fleet"];
  /** Last word on the config (e.g. `cors`, shorter timeouts). */
  readonly configure?: (config: CofferConfig) => CofferConfig;
  /** createCoffer's options: hardening limits, connector tuning, instance id, process metrics… */
  readonly coffer?: Omit<CofferOptions, "logger" | "demoToken">;
  readonly reconcile?: ReconcileTimings;
  /** Level of the collected log lines (default debug). */
  readonly logLevel?: "debug" | "info";
  /** Wait for the start-up warm-up, so its calls are not a test's (default true). */
  readonly ready?: boolean;
  /** Run it as `node <build>/src/main.js` on a config file instead, with these variables. */
  readonly child?: { readonly build: CofferBuild; readonly env?: Readonly<Record<string, string>> };
}

interface TestCofferBase {
  readonly url: string;
  readonly config: CofferConfig;
  /** Set in the sandbox world. */
  readonly sandbox: Sandbox | null;
  /** Set in the simulators and shared worlds. */
  readonly sims: MoneySimulators | null;
  /** The SQLite file, when the journal is the default one. */
  readonly journalPath: string | null;
  /** Stops Coffer (a child is killed if still running), then its own simulators; removes its temp files. */
  close(): Promise<void>;
}

/** A Coffer in this process. */
export interface TestCoffer extends TestCofferBase {
  readonly coffer: Coffer;
  /** Every log line Coffer wrote (tests grep them for secrets and events). */
  readonly logLines: string[];
}

/** A Coffer as a child process. */
export interface TestCofferChild extends TestCofferBase {
  readonly child: CofferChild;
  /** The config file it was started with. */
  readonly configPath: string;
}

/**
 * The one builder of a Coffer for tests: a world of simulators, a journal, a config, and
 * Coffer on them — in this process, or as a child process on a config file, exactly as
 * `npm start` runs it.
 */
export function startTestCoffer(options?: TestCofferOptions & { readonly child?: undefined }): Promise<TestCoffer>;
export function startTestCoffer(options: TestCofferOptions & { readonly child: NonNullable<TestCofferOptions["child"]> }): Promise<TestCofferChild>;
export async function startTestCoffer(options: TestCofferOptions = {}): Promise<TestCoffer | TestCofferChild> {
  const dir = mkdtempSync(join(tmpdir(), "coffer-test-"));
  const journalPath = options.journal ? null : join(dir, "journal.sqlite");
  const journal = options.journal ?? `sqlite:${journalPath}`;
  const world = options.world ?? { simulators: {} };
  let sandbox: Sandbox | null = null;
  let sims: MoneySimulators | null = null;
  let base: CofferConfig;
  if ("sandbox" in world) {
    sandbox = await startSandbox({ ...world.sandbox, port: 0, journal });
    base = sandbox.config;
  } else {
    sims = "shared" in world ? world.shared : await startMoneySimulators(world.simulators);
    base = moneyConfig(sims, { journal, timeoutMs: options.timeoutMs, cacheTtlMs: options.cacheTtlMs });
  }
  const stopWorld = async () => {
    await sandbox?.close();
    if (sims && !("shared" in world)) await sims.close();
    rmSync(dir, { recursive: true, force: true });
  };
  const configure = options.configure ?? ((config: CofferConfig) => config);
  const config = configure({
    ...base,
    ...(sandbox && options.cacheTtlMs !== undefined ? { cache: { ttlMs: options.cacheTtlMs } } : {}),
    tokens: [...base.tokens, ...(options.tokens ?? [])],
    ...(options.redis !== undefined ? { redis: options.redis, fleet: options.fleet ?? { size: 2, single: false } } : {}),
    ...(options.redis === undefined && options.fleet ? { fleet: options.fleet } : {}),
  });
  const common = { config, sandbox, sims, journalPath };

  if (options.child) {
    const configPath = join(dir, "coffer.json");
    writeConfigFile(configPath, config);
    let child: CofferChild;
    try {
      child = await startCofferChild(options.child.build, configPath, { ...options.child.env });
    } catch (error) {
      await stopWorld();
      throw error;
    }
    return {
      ...common,
      child,
      configPath,
      url: child.url,
      async close() {
        await child.kill("SIGKILL");
        await stopWorld();
      },
    };
  }

  const logLines: string[] = [];
  const logger = createLogger({ level: options.logLevel ?? "debug", write: (line) => logLines.push(line) });
  let coffer: Coffer;
  try {
    coffer = await createCoffer(config, {
      logger,
      ...(sandbox ? { demoToken: sandbox.demoToken } : {}),
      ...(options.reconcile ? { reconcile: options.reconcile } : {}),
      // A test's upstream calls are its own: the start-up's wallet reads only where a test asks
      // for them (test/integration/server/warmUp.test.ts). Clocks and account ids are still learned.
      warmUpReads: false,
      ...options.coffer,
    });
    if (options.ready !== false) await coffer.ready;
  } catch (error) {
    await stopWorld();
    throw error;
  }
  return {
    ...common,
    coffer,
    url: coffer.url,
    logLines,
    async close() {
      await coffer.close();
      await stopWorld();
    },
  };
}

/** A config as the JSON file `loadConfigFile` accepts: an unset `accountTypes` is left out. */
function writeConfigFile(path: string, config: CofferConfig): void {
  const connections = config.connections.map(({ accountTypes, ...connection }) => (accountTypes === null ? connection : { ...connection, accountTypes }));
  writeFileSync(path, JSON.stringify({ ...config, connections }, null, 2));
}
