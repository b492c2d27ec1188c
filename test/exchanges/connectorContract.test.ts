import type { ExchangePlugin } from "../../src/exchanges/exchange.js";
import { EXCHANGE_PLUGINS } from "../../src/exchanges/registry.js";
import { defineConnectorContract } from "./connector.contract.js";

/** Every registered exchange passes the one connector contract against its own simulator. */
for (const plugin of EXCHANGE_PLUGINS) defineConnectorContract(plugin as ExchangePlugin);
