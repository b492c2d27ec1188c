import type { Exchange } from "../domain/enums.js";
import { binancePlugin } from "./binance/index.js";
import { htxPlugin } from "./htx/index.js";

/**
 * The only list of exchanges. Config parsing, the connector factory, the sandbox and the
 * simulators loop over it; adding an exchange is a folder under src/exchanges, one line here
 * and one value of the Exchange enum.
 */
export const EXCHANGE_PLUGINS = [binancePlugin, htxPlugin] as const;

/** Any registered plugin, with its precise types. */
export type RegisteredPlugin = (typeof EXCHANGE_PLUGINS)[number];

/** A validated connection of any registered exchange (a union: narrow on `exchange`). */
export type RegisteredConnectionConfig = ConnectionConfigOf<RegisteredPlugin>;

type ConnectionConfigOf<P> = P extends { createConnector(config: infer Config, ...rest: never[]): unknown } ? Config : never;

/** The plugin of an exchange; every Exchange enum value has one. */
export function pluginFor(exchange: Exchange): RegisteredPlugin {
  const plugin = EXCHANGE_PLUGINS.find((p) => p.exchange === exchange);
  if (!plugin) throw new Error(`Invariant: no exchange plugin is registered for ${String(exchange)}`);
  return plugin;
}
