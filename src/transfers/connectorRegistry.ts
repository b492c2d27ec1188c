import type { ExchangeConnector } from "../exchanges/exchange.js";

/** The configured connections, as the transfer service sees them. */
export interface ConnectorRegistry {
  /** The connector of a connection, or undefined when no such connection is configured. */
  get(connectionId: string): ExchangeConnector | undefined;
  /** Every configured connector (history reads all of them unless filtered). */
  list(): readonly ExchangeConnector[];
}

/** A registry over a fixed set of connectors (ids must be unique). */
export function connectorRegistry(connectors: Iterable<ExchangeConnector>): ConnectorRegistry {
  const byId = new Map<string, ExchangeConnector>();
  for (const connector of connectors) {
    if (byId.has(connector.connectionId)) throw new Error(`Two connectors share the connection id ${connector.connectionId}`);
    byId.set(connector.connectionId, connector);
  }
  const all = [...byId.values()];
  return { get: (id) => byId.get(id), list: () => all };
}
