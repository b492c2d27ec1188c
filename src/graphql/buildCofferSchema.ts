import "./enums.js";
import { lexicographicSortSchema, type GraphQLSchema } from "graphql";
import { buildSchemaSync } from "type-graphql";
import { AccountResolver } from "./resolvers/account.resolver.js";
import { AccountValueResolver } from "./resolvers/accountValue.resolver.js";
import { BalanceValueResolver } from "./resolvers/balanceValue.resolver.js";
import { ConnectionResolver } from "./resolvers/connection.resolver.js";
import { LiveResolver } from "./resolvers/live.resolver.js";
import { MarginAccountResolver } from "./resolvers/marginAccount.resolver.js";
import { PortfolioResolver } from "./resolvers/portfolio.resolver.js";
import { PortfolioAssetValueResolver } from "./resolvers/portfolioAssetValue.resolver.js";
import { PortfolioValueResolver } from "./resolvers/portfolioValue.resolver.js";
import { PricesResolver } from "./resolvers/prices.resolver.js";
import { TransferResolver } from "./resolvers/transfer.resolver.js";
import { ViewerResolver } from "./resolvers/viewer.resolver.js";

/** Builds the executable schema from the type-graphql classes, sorted so the emitted file is stable. */
export function buildCofferSchema(): GraphQLSchema {
  const schema = buildSchemaSync({
    resolvers: [
      ConnectionResolver,
      AccountResolver,
      MarginAccountResolver,
      PortfolioResolver,
      TransferResolver,
      ViewerResolver,
      // Valuation (prices from the exchanges' public tickers).
      AccountValueResolver,
      BalanceValueResolver,
      PortfolioValueResolver,
      PortfolioAssetValueResolver,
      PricesResolver,
      // Live updates (graphql-ws subscriptions).
      LiveResolver,
    ],
    validate: false,
    // Every subscription brings its own `subscribe` (the live hub); type-graphql still insists
    // on a PubSub, so it gets one that no resolver uses.
    pubSub: {
      publish: () => undefined,
      subscribe: () => {
        throw new Error("Coffer's subscriptions do not use type-graphql's PubSub.");
      },
    },
  });
  return lexicographicSortSchema(schema);
}
