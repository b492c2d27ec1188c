import type { ConnectionConfig } from "../config/config.types.js";
import { binanceStreamFamilies } from "../connectors/binance/binanceStreams.js";
import { htxStreamFamilies } from "../connectors/htx/htxStreams.js";
import { Exchange } from "../domain/enums.js";
import type { AccountStreamFamily } from "./streamSupervisor.js";

/** Every configured connection's account stream families (none for a connection with `streams: false`). */
export function streamFamiliesFor(connections: readonly ConnectionConfig[], deps: { now?: () => number } = {}): AccountStreamFamily[] {
  return connections.flatMap((connection) => {
    if (connection.streams === false) return [];
    switch (connection.exchange) {
      case Exchange.BINANCE:
        return binanceStreamFamilies(connection, deps);
      case Exchange.HTX:
        return htxStreamFamilies(connection, deps);
    }
  });
}
