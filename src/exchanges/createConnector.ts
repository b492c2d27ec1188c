import type { ConnectionConfig } from "../settings/config.types.js";
import { Exchange } from "../domain/enums.js";
import { createBinanceConnector, type BinanceConnectorOptions } from "./binance/connector.js";
import type { ExchangeConnector } from "./exchange.js";
import type { ConnectorDeps } from "./kit/connectorDeps.js";
import { createHtxConnector, type HtxConnectorOptions } from "./htx/connector.js";

/** Tuning per exchange (tests and benchmarks scale budgets down); production uses the defaults. */
export interface ConnectorTuning {
  readonly binance?: BinanceConnectorOptions;
  readonly htx?: HtxConnectorOptions;
}

/** The one place that knows which factory serves which exchange. */
export function createConnector(config: ConnectionConfig, deps: ConnectorDeps, tuning: ConnectorTuning = {}): ExchangeConnector {
  switch (config.exchange) {
    case Exchange.BINANCE:
      return createBinanceConnector(config, deps, tuning.binance);
    case Exchange.HTX:
      return createHtxConnector(config, deps, tuning.htx);
  }
}
