import type { ExchangeConnector } from "../exchanges/exchange.js";
import type { Exchange } from "../domain/enums.js";
import type { PriceTable } from "../domain/price.js";
import { findPrice, identityPrice } from "./findPrice.js";
import type { Price } from "./price.js";

export interface PriceLookup {
  /** Null when no exchange could price the asset. */
  readonly price: Price | null;
  /**
   * Exchanges whose tickers could not be read and that came before the one that priced the
   * asset (all of them when none did): the answer might have been another without them.
   */
  readonly failures: readonly Error[];
}

/**
 * The prices of one GraphQL request. One price per asset and quote for the whole request, so
 * an asset is worth the same in every account: the first exchange (in the order its first
 * connection is configured) whose tickers price it wins. Each exchange's tickers are read once
 * per request (the connector's snapshot cache shares them across requests), all at once, so a
 * slow exchange holds back only the assets it is asked about.
 */
export interface PriceBook {
  /** Starts reading every exchange's tickers, without waiting (a query that will need them). */
  warm(): void;
  price(asset: string, quote: string): Promise<PriceLookup>;
}

type TableOrError = PriceTable | Error;

/** Tickers of one exchange: its first connection's; the next connection's only if that one fails. */
async function loadExchange(connectors: readonly ExchangeConnector[]): Promise<TableOrError> {
  let failure: Error = new Error("no connection can read prices");
  for (const connector of connectors) {
    try {
      return await connector.loadPrices!();
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
    }
  }
  return failure;
}

export function createPriceBook(connectors: () => readonly ExchangeConnector[]): PriceBook {
  let tables: Array<Promise<TableOrError>> | null = null;
  const memo = new Map<string, Promise<PriceLookup>>();

  function sources(): Array<Promise<TableOrError>> {
    if (!tables) {
      const byExchange = new Map<Exchange, ExchangeConnector[]>();
      for (const connector of connectors()) {
        if (!connector.loadPrices) continue;
        const list = byExchange.get(connector.exchange) ?? [];
        list.push(connector);
        byExchange.set(connector.exchange, list);
      }
      tables = [...byExchange.values()].map(loadExchange);
    }
    return tables;
  }

  async function lookup(asset: string, quote: string): Promise<PriceLookup> {
    if (asset === quote) return { price: identityPrice(asset), failures: [] };
    const failures: Error[] = [];
    for (const source of sources()) {
      const table = await source;
      if (table instanceof Error) {
        failures.push(table);
        continue;
      }
      const price = findPrice(table, asset, quote);
      if (price) return { price, failures };
    }
    return { price: null, failures };
  }

  return {
    warm() {
      void sources();
    },
    price(asset, quote) {
      const key = `${asset} ${quote}`;
      let found = memo.get(key);
      if (!found) {
        found = lookup(asset, quote);
        memo.set(key, found);
      }
      return found;
    },
  };
}
