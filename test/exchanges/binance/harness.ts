import { createSnapshotCache, type SnapshotCache } from "../../../src/cache/snapshotCache.js";
import type { BinanceConnectionConfig } from "../../../src/exchanges/binance/config.js";
import type { ExchangeConnector } from "../../../src/exchanges/exchange.js";
import { createBinanceConnector, type BinanceConnectorOptions } from "../../../src/exchanges/binance/connector.js";
import type { AccountType } from "../../../src/domain/enums.js";
import { Exchange } from "../../../src/domain/enums.js";
import { createLogger } from "../../../src/observability/logger.js";
import { startBinanceSimulator, type BinanceSimulator } from "../../../src/exchanges/binance/simulator/server.js";
import type { BinanceSimLimits } from "../../../src/exchanges/binance/simulator/limits.js";
import type { BinanceSimState } from "../../../src/exchanges/binance/simulator/state.js";

/** Test wiring: a real Binance simulator on 127.0.0.1 and a real connector talking to it over HTTP. */
export const API_KEY = "test-key-vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0M";
export const API_SECRET = "test-secret-NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3U";
export const CONNECTION_ID = "binance-it";

export interface Harness {
  readonly sim: BinanceSimulator;
  readonly connector: ExchangeConnector;
  readonly config: BinanceConnectionConfig;
  readonly cache: SnapshotCache;
  /** Every log line the connector wrote (debug level). */
  readonly lines: string[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly state?: BinanceSimState;
  readonly limits?: Partial<BinanceSimLimits>;
  readonly connectorOptions?: BinanceConnectorOptions;
  readonly now?: () => number;
  /** The secret the connector signs with (default: the right one). */
  readonly secret?: string;
  readonly accountTypes?: readonly AccountType[] | null;
  readonly timeoutMs?: number;
  readonly cacheTtlMs?: number;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const sim = await startBinanceSimulator({ apiKey: API_KEY, apiSecret: API_SECRET, state: options.state, limits: options.limits });
  const lines: string[] = [];
  const logger = createLogger({ level: "debug", write: (line) => lines.push(line) });
  const cache = createSnapshotCache({ ttlMs: options.cacheTtlMs ?? 2000 });
  const config: BinanceConnectionConfig = {
    id: CONNECTION_ID,
    exchange: Exchange.BINANCE,
    label: "Binance (test)",
    accountTypes: options.accountTypes ?? null,
    timeoutMs: options.timeoutMs ?? 2000,
    credentials: { apiKey: API_KEY, apiSecret: options.secret ?? API_SECRET },
    urls: sim.urls,
  };
  const connector = createBinanceConnector(config, { cache, logger, now: options.now }, options.connectorOptions);
  return {
    sim,
    connector,
    config,
    cache,
    lines,
    close: async () => {
      await connector.close();
      await sim.close();
    },
  };
}

/** The parameters a recorded call carried (query and form body). */
export function paramsOf(call: { rawQuery: string; body: string }): URLSearchParams {
  const params = new URLSearchParams(call.body);
  for (const [k, v] of new URLSearchParams(call.rawQuery)) params.set(k, v);
  return params;
}
