import type { ConnectionConfig } from "../config/config.types.js";
import { Exchange } from "../domain/enums.js";
import { createBinanceConnector } from "./binance/binanceConnector.js";
import type { ExchangeConnector } from "./connector.js";
import type { ConnectorDeps } from "./connectorDeps.js";
import { createHtxConnector } from "./htx/htxConnector.js";

/** The one place that knows which factory serves which exchange. */
export function createConnector(config: ConnectionConfig, deps: ConnectorDeps): ExchangeConnector {
  switch (config.exchange) {
    case Exchange.BINANCE:
      return createBinanceConnector(config, deps);
    case Exchange.HTX:
      return createHtxConnector(config, deps);
  }
}
