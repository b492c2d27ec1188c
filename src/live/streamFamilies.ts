import type { ExchangeConnector } from "../exchanges/exchange.js";
import type { AccountStreamFamily } from "./streamSupervisor.js";

/** Every connection's account stream families (each connector knows its exchange's streams). */
export function streamFamiliesFor(connectors: readonly ExchangeConnector[]): AccountStreamFamily[] {
  return connectors.flatMap((connector) => connector.accountStreams?.() ?? []);
}
