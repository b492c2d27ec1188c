import type { ExchangeConnector } from "../../connectors/connector.js";
import type { AccountKey } from "../../domain/accountKey.js";
import type { AccountType, Exchange } from "../../domain/enums.js";
import type { GraphQLContext } from "../context.js";

export interface AccountSelection {
  readonly connectionIds?: readonly string[] | null;
  readonly exchanges?: readonly Exchange[] | null;
  readonly types?: readonly AccountType[] | null;
  readonly includeSubAccounts?: boolean | null;
}

export function selectConnectors(context: GraphQLContext, selection: AccountSelection | null | undefined): ExchangeConnector[] {
  return context.services.connectors.filter(
    (c) =>
      (!selection?.connectionIds || selection.connectionIds.includes(c.connectionId)) &&
      (!selection?.exchanges || selection.exchanges.includes(c.exchange)),
  );
}

/** The account types to read on a connection: what it is configured for, narrowed by the filter. */
export function typesFor(connector: ExchangeConnector, types: readonly AccountType[] | null | undefined): AccountType[] {
  return connector.accountTypes.filter((t) => !types || types.includes(t));
}

/**
 * Lists the selected accounts, one entry per connection that failed (an Error where its
 * accounts would be), so the list can carry a located error and keep everyone else's data.
 */
export async function listSelectedAccounts(
  context: GraphQLContext,
  selection: AccountSelection | null | undefined,
): Promise<Array<AccountKey | Error>> {
  const connectors = selectConnectors(context, selection);
  const lists = await Promise.all(
    connectors.map(async (connector) => {
      const types = typesFor(connector, selection?.types);
      if (types.length === 0) return [];
      try {
        return await context.loaders.accountLists.load({
          connectionId: connector.connectionId,
          types,
          includeSubAccounts: selection?.includeSubAccounts ?? false,
        });
      } catch (error) {
        return [error as Error];
      }
    }),
  );
  return lists.flat();
}
