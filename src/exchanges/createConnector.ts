import type { ConnectionConfig } from "../settings/config.types.js";
import type { ExchangeConnector, ExchangePlugin } from "./exchange.js";
import type { ConnectorDeps } from "./kit/connectorDeps.js";
import { pluginFor, type RegisteredPlugin } from "./registry.js";

/**
 * Tuning per exchange, keyed by plugin id (tests and benchmarks scale budgets down); production
 * uses the defaults.
 */
export type ConnectorTuning = {
  readonly [P in RegisteredPlugin as P["id"]]?: Parameters<P["createConnector"]>[2];
};

/** A connection's connector, made by its exchange's plugin. */
export function createConnector(config: ConnectionConfig, deps: ConnectorDeps, tuning: ConnectorTuning = {}): ExchangeConnector {
  const plugin: ExchangePlugin = pluginFor(config.exchange) as unknown as ExchangePlugin;
  return plugin.createConnector(config, deps, (tuning as Record<string, unknown>)[plugin.id]);
}
