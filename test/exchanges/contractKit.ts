import { createSnapshotCache } from "../../src/cache/snapshotCache.js";
import type { AccountKey } from "../../src/domain/accountKey.js";
import type { AccountType } from "../../src/domain/enums.js";
import type { ExchangeConnectionConfig, ExchangeConnector, ExchangePlugin, ExchangeSimulator } from "../../src/exchanges/exchange.js";
import { createLogger } from "../../src/observability/logger.js";

/** A registered exchange's simulator (demo state) and its real connector talking to it over HTTP. */
export interface ContractKit {
  readonly plugin: ExchangePlugin;
  readonly sim: ExchangeSimulator;
  readonly connector: ExchangeConnector;
  /** The connection the connector was made for (credentials, hosts, account types). */
  readonly config: ExchangeConnectionConfig;
  /** Another connector on the same simulator (other credentials, types or tuning); closed with the kit. */
  connect(change?: ConnectOptions): ExchangeConnector;
  close(): Promise<void>;
}

export interface ConnectOptions {
  readonly credentials?: object;
  readonly accountTypes?: readonly AccountType[] | null;
  /** The plugin's connector tuning (the contract only sets knobs every connector takes). */
  readonly tuning?: unknown;
}

/**
 * Starts `plugin`'s simulator with its demo state and makes a connector for it. The snapshot
 * cache keeps nothing (ttl 0), so every read reaches the simulator and can be counted there.
 */
export async function startContractKit(plugin: ExchangePlugin, options: ConnectOptions = {}): Promise<ContractKit> {
  const sim = await plugin.startSimulator({ credentials: plugin.demoCredentials });
  const opened: ExchangeConnector[] = [];
  const base: ExchangeConnectionConfig = {
    id: `${plugin.id}-contract`,
    exchange: plugin.exchange,
    label: `${plugin.displayName} (contract)`,
    accountTypes: null,
    timeoutMs: 2000,
    streams: false,
    credentials: plugin.demoCredentials,
    urls: sim.urls,
  };
  const connect = (change: ConnectOptions = {}): ExchangeConnector => {
    const config: ExchangeConnectionConfig = {
      ...base,
      ...(change.credentials ? { credentials: change.credentials } : {}),
      ...(change.accountTypes !== undefined ? { accountTypes: change.accountTypes } : {}),
    };
    const connector = plugin.createConnector(config, { cache: createSnapshotCache({ ttlMs: 0 }), logger: createLogger({ level: "silent" }) }, change.tuning);
    opened.push(connector);
    return connector;
  };
  const connector = connect(options);
  return {
    plugin,
    sim,
    connector,
    config: base,
    connect,
    async close() {
      await Promise.all(opened.map((c) => c.close()));
      await sim.close();
    },
  };
}

/** The parts of a key the simulator tells wallets apart by. */
export function walletOf(key: AccountKey): { type: AccountType; symbol: string | null; subAccountEmail: string | null } {
  return { type: key.type, symbol: key.symbol, subAccountEmail: key.subAccountEmail };
}

/** A readable name for a wallet in test output. */
export function walletName(key: Pick<AccountKey, "type" | "symbol" | "subAccountEmail">): string {
  return `${key.subAccountEmail ? `${key.subAccountEmail} ` : ""}${key.type}${key.symbol ? `:${key.symbol}` : ""}`;
}
