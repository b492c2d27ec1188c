import type { ExchangeConnector } from "../../exchanges/exchange.js";
import type { AccountKey } from "../../domain/accountKey.js";
import type { AccountType, Exchange } from "../../domain/enums.js";
import type { GraphQLContext } from "../context.js";

export interface AccountSelection {
  readonly connectionIds?: readonly string[] | null;
  readonly exchanges?: readonly Exchange[] | null;
  readonly types?: readonly AccountType[] | null;
  readonly includeSubAccounts?: boolean | null;
}

function selectConnectors(context: GraphQLContext, selection: AccountSelection | null | undefined): ExchangeConnector[] {
  return context.services.connectors.filter(
    (c) => (!selection?.connectionIds || selection.connectionIds.includes(c.connectionId)) && (!selection?.exchanges || selection.exchanges.includes(c.exchange)),
  );
}

/** The account types to read on a connection: what it is configured for, narrowed by the filter. */
export function typesFor(connector: ExchangeConnector, types: readonly AccountType[] | null | undefined): AccountType[] {
  return connector.accountTypes.filter((t) => !types || types.includes(t));
}

/**
 * Lists the selected accounts, one entry per connection and type that failed (an Error where
 * its accounts would be), so the list can carry a located error and keep everyone else's data.
 * Each type is listed on its own so that a type needing no discovery (a spot wallet) has its
 * balances on the way while another type (isolated pairs) is still being discovered: the
 * connector caches its reads, so this costs no extra upstream call.
 */
export async function listSelectedAccounts(
  context: GraphQLContext,
  selection: AccountSelection | null | undefined,
  /** Called with each type's accounts as soon as they are known (to start their reads early). */
  onListed: (accounts: readonly AccountKey[]) => void = () => undefined,
): Promise<Array<AccountKey | Error>> {
  const includeSubAccounts = selection?.includeSubAccounts ?? false;
  const lists = await Promise.all(
    selectConnectors(context, selection).flatMap((connector) =>
      typesFor(connector, selection?.types).map(async (type) => {
        // With sub-accounts asked for, a type's listing waits for the sub-account list; the
        // master's own account of that type (a spot wallet) needs no discovery, so it is listed
        // alone first and its reads start one step earlier. Both listings share the
        // connector's cached reads; an error there surfaces through the full listing below.
        // The sub-accounts the last discovery found are read right away too; the listing below
        // still decides which of them are answered.
        if (includeSubAccounts) {
          context.loaders.accountLists.load({ connectionId: connector.connectionId, types: [type], includeSubAccounts: false }).then(onListed, () => undefined);
          const known = connector.knownAccounts?.({ types: [type], includeSubAccounts });
          if (known?.length) onListed(known);
        }
        try {
          const accounts = await context.loaders.accountLists.load({ connectionId: connector.connectionId, types: [type], includeSubAccounts });
          onListed(accounts);
          return accounts;
        } catch (error) {
          return [error as Error];
        }
      }),
    ),
  );
  return lists.flat();
}

/** Starts loading (without awaiting) so the field resolvers find the answer on its way; errors surface there. */
export function prefetch<K, V>(loader: { load(key: K): Promise<V> }, keys: readonly K[]): void {
  for (const key of keys) loader.load(key).catch(() => undefined);
}
