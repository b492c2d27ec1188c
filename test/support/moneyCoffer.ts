import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSnapshotCache } from "../../src/cache/snapshotCache.js";
import type { CofferConfig, ConnectionConfig } from "../../src/settings/config.types.js";
import { createConnector } from "../../src/exchanges/createConnector.js";
import type { ExchangeConnector } from "../../src/exchanges/exchange.js";
import { createCoffer, type Coffer } from "../../src/server/createCoffer.js";
import { Exchange } from "../../src/domain/enums.js";
import { sha256Hex } from "../../src/graphql/auth.js";
import { createLogger, silentLogger } from "../../src/observability/logger.js";
import { binanceDemoState } from "../../src/exchanges/binance/simulator/demoState.js";
import { startBinanceSimulator, type BinanceSimLimits, type BinanceSimState, type BinanceSimulator } from "../../src/exchanges/binance/simulator/server.js";
import { htxDemoState } from "../../src/exchanges/htx/simulator/demoState.js";
import type { HtxSimLimits } from "../../src/exchanges/htx/simulator/limits.js";
import type { HtxSimState } from "../../src/exchanges/htx/simulator/state.js";
import { startHtxSimulator, type HtxSimulator } from "../../src/exchanges/htx/simulator/server.js";

/**
 * The money end-to-end tests' world: a Binance and an HTX simulator (limits adjustable, which
 * the sandbox does not offer) and a Coffer on them, built from a config exactly as `main.ts`
 * builds one from a file, with a real journal (a temp SQLite file, or a PostgreSQL URL).
 */

export const MONEY_TOKEN = "coffer-money-e2e-token";
export const BINANCE_ID = "binance-e2e";
export const HTX_ID = "htx-e2e";

const BINANCE_CREDENTIALS = { apiKey: "money-e2e-binance-key", apiSecret: "money-e2e-binance-secret" };
const HTX_CREDENTIALS = { accessKey: "money-e2e-htx-access", secretKey: "money-e2e-htx-secret" };

export interface MoneySimulatorOptions {
  readonly binanceState?: BinanceSimState;
  readonly htxState?: HtxSimState;
  readonly binanceLimits?: Partial<BinanceSimLimits>;
  readonly htxLimits?: Partial<HtxSimLimits>;
  /** Life of the Binance simulator's futures listenKeys (live-update tests shorten it). */
  readonly binanceListenKeyTtlMs?: number;
}

export interface MoneySimulators {
  readonly binance: BinanceSimulator;
  readonly htx: HtxSimulator;
  /** The two connections (ids BINANCE_ID, HTX_ID) pointing at these simulators. */
  connections(timeoutMs: number): ConnectionConfig[];
  close(): Promise<void>;
}

export async function startMoneySimulators(options: MoneySimulatorOptions = {}): Promise<MoneySimulators> {
  const binance = await startBinanceSimulator({
    ...BINANCE_CREDENTIALS,
    state: options.binanceState ?? binanceDemoState(),
    limits: options.binanceLimits,
    ...(options.binanceListenKeyTtlMs !== undefined ? { listenKeyTtlMs: options.binanceListenKeyTtlMs } : {}),
  });
  const htx = await startHtxSimulator({ ...HTX_CREDENTIALS, state: options.htxState ?? htxDemoState(), limits: options.htxLimits });
  return {
    binance,
    htx,
    connections: (timeoutMs) => [
      { id: BINANCE_ID, exchange: Exchange.BINANCE, label: "Binance (e2e simulator)", credentials: BINANCE_CREDENTIALS, urls: binance.urls, accountTypes: null, timeoutMs },
      { id: HTX_ID, exchange: Exchange.HTX, label: "HTX (e2e simulator)", credentials: HTX_CREDENTIALS, urls: htx.urls, accountTypes: null, timeoutMs },
    ],
    async close() {
      await Promise.all([binance.close(), htx.close()]);
    },
  };
}

export interface MoneyConfigOptions {
  readonly journal: string;
  readonly timeoutMs?: number;
  readonly port?: number;
  readonly cacheTtlMs?: number;
}

export function moneyConfig(sims: MoneySimulators, options: MoneyConfigOptions): CofferConfig {
  return {
    listen: { host: "127.0.0.1", port: options.port ?? 0 },
    tokens: [{ name: "money-e2e", sha256: sha256Hex(MONEY_TOKEN), scopes: ["read", "transfer"] }],
    connections: sims.connections(options.timeoutMs ?? 5_000),
    journal: options.journal,
    cache: { ttlMs: options.cacheTtlMs ?? 2_000 },
  };
}

/** The same config as a JSON file `loadConfigFile` accepts (for a Coffer child process). */
export function writeMoneyConfigFile(path: string, sims: MoneySimulators, options: MoneyConfigOptions): void {
  const config = moneyConfig(sims, options);
  const file = {
    listen: config.listen,
    tokens: config.tokens,
    connections: config.connections.map(({ accountTypes: _types, ...c }) => c),
    journal: config.journal,
    cache: config.cache,
  };
  writeFileSync(path, JSON.stringify(file, null, 2));
}

/** Connectors of their own on the same simulators: transfers made with them bypass Coffer's journal. */
export function directConnectors(sims: MoneySimulators): { binance: ExchangeConnector; htx: ExchangeConnector; close(): Promise<void> } {
  const [b, h] = sims.connections(5_000);
  const deps = { cache: createSnapshotCache({ ttlMs: 0 }), logger: silentLogger };
  const binance = createConnector(b!, deps);
  const htx = createConnector(h!, deps);
  return {
    binance,
    htx,
    async close() {
      await Promise.all([binance.close(), htx.close()]);
    },
  };
}

export interface MoneyCofferOptions extends MoneySimulatorOptions {
  /** Default: a new temp SQLite file. */
  readonly journal?: string;
  readonly timeoutMs?: number;
  readonly cacheTtlMs?: number;
  /** How long each exchange's asset list is reused (Coffer's default: hours). */
  readonly assetListTtlMs?: number;
  /** After a failed asset-list read, how long transfers skip the check (Coffer's default: 60 s). */
  readonly assetListRetryMs?: number;
  /** Reconciliation timings (a child process reads them from COFFER_RECONCILE_* variables). */
  readonly settleDelayMs?: number;
  readonly reconcileIntervalMs?: number;
  /** How long a transfer claim lasts without renewal (COFFER_TRANSFER_LEASE_MS). */
  readonly leaseMs?: number;
  /** Simulators to share with another Coffer (left running by `close`); new ones by default. */
  readonly sims?: MoneySimulators;
}

export interface MoneyCoffer {
  readonly sims: MoneySimulators;
  readonly coffer: Coffer;
  readonly url: string;
  /** The SQLite file, when the journal is one. */
  readonly journalPath: string | null;
  readonly logLines: string[];
  close(): Promise<void>;
}

export async function startMoneyCoffer(options: MoneyCofferOptions = {}): Promise<MoneyCoffer> {
  const dir = mkdtempSync(join(tmpdir(), "coffer-money-"));
  const journalPath = options.journal ? null : join(dir, "journal.sqlite");
  const sims = options.sims ?? (await startMoneySimulators(options));
  const closeSims = options.sims ? async () => undefined : () => sims.close();
  const config = moneyConfig(sims, { journal: options.journal ?? `sqlite:${journalPath}`, timeoutMs: options.timeoutMs, cacheTtlMs: options.cacheTtlMs });
  const logLines: string[] = [];
  const logger = createLogger({ level: "debug", write: (line) => logLines.push(line) });
  let coffer: Coffer;
  try {
    coffer = await createCoffer(config, {
      logger,
      assetListTtlMs: options.assetListTtlMs,
      assetListRetryMs: options.assetListRetryMs,
      reconcile: { settleDelayMs: options.settleDelayMs, reconcileIntervalMs: options.reconcileIntervalMs, leaseMs: options.leaseMs },
    });
    await coffer.ready; // the start-up warm-up's calls are not a test's
  } catch (error) {
    await closeSims();
    throw error;
  }
  return {
    sims,
    coffer,
    url: coffer.url,
    journalPath,
    logLines,
    async close() {
      await coffer.close();
      await closeSims();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
