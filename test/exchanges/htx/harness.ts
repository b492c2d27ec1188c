import { createSnapshotCache } from "../../../src/cache/snapshotCache.js";
import type { HtxConnectionConfig } from "../../../src/exchanges/htx/config.js";
import type { ExchangeConnector } from "../../../src/exchanges/exchange.js";
import { createHtxConnector, type HtxConnectorOptions } from "../../../src/exchanges/htx/connector.js";
import { parseDecimal } from "../../../src/domain/decimal.js";
import { AccountType, Exchange } from "../../../src/domain/enums.js";
import type { TransferRequest } from "../../../src/domain/transfer.js";
import { createLogger } from "../../../src/observability/logger.js";
import { startHtxSimulator, type HtxSimulator, type HtxSimulatorOptions } from "../../../src/exchanges/htx/simulator/server.js";

export const ACCESS_KEY = "htx-test-access-key-7f3a";
export const SECRET_KEY = "htx-test-secret-key-9c2e-never-log-me";

/** A real simulator on 127.0.0.1:0 and a real connector talking to it, with every log line collected. */
export interface HtxKit {
  readonly sim: HtxSimulator;
  readonly connector: ExchangeConnector;
  readonly logLines: string[];
  close(): Promise<void>;
}

export async function startHtxKit(
  options: { sim?: Partial<HtxSimulatorOptions>; connector?: HtxConnectorOptions; secretKey?: string; timeoutMs?: number; ttlMs?: number } = {},
): Promise<HtxKit> {
  const sim = await startHtxSimulator({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, ...options.sim });
  const logLines: string[] = [];
  const config: HtxConnectionConfig = {
    id: "htx-test",
    exchange: Exchange.HTX,
    label: "HTX test",
    accountTypes: null,
    timeoutMs: options.timeoutMs ?? 2000,
    credentials: { accessKey: ACCESS_KEY, secretKey: options.secretKey ?? SECRET_KEY },
    urls: sim.urls,
  };
  const connector = createHtxConnector(
    config,
    { cache: createSnapshotCache({ ttlMs: options.ttlMs ?? 2000 }), logger: createLogger({ level: "debug", write: (line) => logLines.push(line) }) },
    options.connector,
  );
  return {
    sim,
    connector,
    logLines,
    async close() {
      await connector.close();
      await sim.close();
    },
  };
}

export function spotToContracts(amount: string, symbol: string | null = null): TransferRequest {
  return {
    connectionId: "htx-test",
    asset: "USDT",
    amount: parseDecimal(amount),
    from: { type: AccountType.SPOT, symbol: null },
    to: { type: AccountType.USDM_FUTURES, symbol },
    subAccountEmail: null,
    idempotencyKey: "htx-1",
  };
}

export function contractsToSpot(amount: string, symbol: string | null = null): TransferRequest {
  return {
    connectionId: "htx-test",
    asset: "USDT",
    amount: parseDecimal(amount),
    from: { type: AccountType.USDM_FUTURES, symbol },
    to: { type: AccountType.SPOT, symbol: null },
    subAccountEmail: null,
    idempotencyKey: "htx-1",
  };
}
