import DataLoader from "dataloader";
import type { ExchangeConnector } from "../../exchanges/exchange.js";
import { accountId, type AccountKey } from "../../domain/accountKey.js";
import type { Balance } from "../../domain/balance.js";
import type { AccountType } from "../../domain/enums.js";
import { NotFoundError } from "../../domain/errors.js";
import type { MarginDetails } from "../../domain/margin.js";
import { createPriceBook, type PriceBook } from "../../valuation/priceBook.js";

export interface AccountListKey {
  readonly connectionId: string;
  readonly types: readonly AccountType[];
  readonly includeSubAccounts: boolean;
}

/** Per-request loaders: every upstream read of one GraphQL request is batched and made once. */
export interface Loaders {
  readonly accountLists: DataLoader<AccountListKey, AccountKey[], string>;
  readonly balances: DataLoader<AccountKey, readonly Balance[], string>;
  readonly margins: DataLoader<AccountKey, MarginDetails | null, string>;
  /** Prices for valuation: each exchange's tickers read once, one price per asset and quote. */
  readonly prices: PriceBook;
}

/**
 * Groups keys by connection, calls each connector's batch method once, in parallel across
 * connections, and puts the answers back in the order DataLoader asked.
 */
function batchByConnection<V>(
  connectorById: (id: string) => ExchangeConnector | undefined,
  load: (connector: ExchangeConnector, keys: readonly AccountKey[]) => Promise<Array<V | Error>>,
) {
  return async (keys: readonly AccountKey[]): Promise<Array<V | Error>> => {
    const groups = new Map<string, number[]>();
    keys.forEach((key, index) => {
      const group = groups.get(key.connectionId) ?? [];
      group.push(index);
      groups.set(key.connectionId, group);
    });
    const results = new Array<V | Error>(keys.length);
    await Promise.all(
      [...groups].map(async ([connectionId, indexes]) => {
        const connector = connectorById(connectionId);
        if (!connector) {
          for (const i of indexes) results[i] = new NotFoundError(`No connection "${connectionId}" is configured.`);
          return;
        }
        try {
          const values = await load(
            connector,
            indexes.map((i) => keys[i]),
          );
          indexes.forEach((i, n) => (results[i] = values[n]));
        } catch (error) {
          for (const i of indexes) results[i] = error as Error;
        }
      }),
    );
    return results;
  };
}

export function createLoaders(
  connectorById: (id: string) => ExchangeConnector | undefined,
  /** Every configured connector, in configured order (the order prices are looked for in). */
  connectors: () => readonly ExchangeConnector[] = () => [],
): Loaders {
  return {
    accountLists: new DataLoader<AccountListKey, AccountKey[], string>(
      (keys) =>
        Promise.all(
          keys.map(async (key) => {
            const connector = connectorById(key.connectionId);
            if (!connector) return new NotFoundError(`No connection "${key.connectionId}" is configured.`);
            try {
              return await connector.listAccounts({ types: key.types, includeSubAccounts: key.includeSubAccounts });
            } catch (error) {
              return error as Error;
            }
          }),
        ),
      {
        cacheKeyFn: (key) => `${key.connectionId}|${[...key.types].sort().join(",")}|${key.includeSubAccounts}`,
        // A batch settles only when its slowest key does; each listing is its own call so a
        // type that needs no discovery is not held back by one that does (the connector's
        // snapshot cache already shares their upstream reads).
        batch: false,
      },
    ),
    balances: new DataLoader(
      batchByConnection(connectorById, (connector, keys) => connector.loadBalances(keys)),
      { cacheKeyFn: accountId },
    ),
    margins: new DataLoader(
      batchByConnection(connectorById, (connector, keys) => connector.loadMargins(keys)),
      { cacheKeyFn: accountId },
    ),
    prices: createPriceBook(connectors),
  };
}
