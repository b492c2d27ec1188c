import { startApp, type RunningApp } from "./app.js";
import { createSnapshotCache, type SnapshotCache } from "./cache/snapshotCache.js";
import type { CofferConfig } from "./config/config.types.js";
import type { ExchangeConnector } from "./connectors/connector.js";
import { createConnector } from "./connectors/createConnector.js";
import type { TransferApi } from "./graphql/transferApi.js";
import { createLogger, type Logger } from "./observability/logger.js";
import { openTransferApi } from "./transfers/openTransferApi.js";

export interface Coffer {
  readonly url: string;
  readonly app: RunningApp;
  readonly connectors: readonly ExchangeConnector[];
  readonly cache: SnapshotCache;
  readonly transfers: TransferApi;
  close(): Promise<void>;
}

export interface CofferOptions {
  readonly logger?: Logger;
  readonly demoToken?: string | null;
  /** Local clock for the connectors (tests skew it). */
  readonly now?: () => number;
}

/**
 * Assembles a running Coffer from a validated config: the shared snapshot cache, one
 * connector per connection, the journal and transfer service (reconciling what a previous run
 * left unsettled), and the HTTP app.
 */
export async function createCoffer(config: CofferConfig, options: CofferOptions = {}): Promise<Coffer> {
  const logger = options.logger ?? createLogger();
  const cache = createSnapshotCache({ ttlMs: config.cache.ttlMs });
  const connectors = config.connections.map((connection) =>
    createConnector(connection, { cache, logger: logger.child({ connectionId: connection.id }), now: options.now }),
  );
  const transfers = await openTransferApi({ journal: config.journal, connectors, cache, logger });
  const app = await startApp({
    host: config.listen.host,
    port: config.listen.port,
    tokens: config.tokens,
    connectors,
    transfers: transfers.api,
    logger,
    demoToken: options.demoToken ?? null,
  });
  return {
    url: app.url,
    app,
    connectors,
    cache,
    transfers: transfers.api,
    async close() {
      await app.close();
      await transfers.close();
      await Promise.all(connectors.map((c) => c.close()));
    },
  };
}
