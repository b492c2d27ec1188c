import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { ExchangeConnector } from "../../exchanges/exchange.js";
import type { AccountKey } from "../../domain/accountKey.js";
import { AccountType } from "../../domain/enums.js";
import type { GraphQLContext } from "../context.js";
import { AccountGql } from "../types/account.type.js";
import { ExchangeConnectionGql } from "../types/exchangeConnection.type.js";
import { typesFor } from "./selectAccounts.js";
import { COST } from "../limits/costs.js";

interface ConnectionRoot {
  id: string;
  exchange: ExchangeConnector["exchange"];
  label: string | null;
}

@Resolver(() => ExchangeConnectionGql)
export class ConnectionResolver {
  @Query(() => [ExchangeConnectionGql], { description: "Every configured exchange connection." })
  connections(@Ctx() context: GraphQLContext): ConnectionRoot[] {
    return context.services.connectors.map((c) => ({ id: c.connectionId, exchange: c.exchange, label: c.label }));
  }

  @FieldResolver(() => [AccountGql], { nullable: true, complexity: COST.listAccounts })
  async accounts(
    @Root() connection: ConnectionRoot,
    @Arg("types", () => [AccountType], { nullable: true }) types: AccountType[] | null,
    @Ctx() context: GraphQLContext,
  ): Promise<AccountKey[]> {
    const connector = context.services.connectorById(connection.id);
    if (!connector) return [];
    const selected = typesFor(connector, types);
    if (selected.length === 0) return [];
    return context.loaders.accountLists.load({ connectionId: connection.id, types: selected, includeSubAccounts: false });
  }
}
