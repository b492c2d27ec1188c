import "./enums.js";
import { lexicographicSortSchema, type GraphQLSchema } from "graphql";
import { buildSchemaSync } from "type-graphql";
import { AccountResolver } from "./resolvers/account.resolver.js";
import { AccountValueResolver } from "./resolvers/accountValue.resolver.js";
import { BalanceValueResolver } from "./resolvers/balanceValue.resolver.js";
import { ConnectionResolver } from "./resolvers/connection.resolver.js";
import { MarginAccountResolver } from "./resolvers/marginAccount.resolver.js";
import { PortfolioResolver } from "./resolvers/portfolio.resolver.js";
import { PortfolioAssetValueResolver } from "./resolvers/portfolioAssetValue.resolver.js";
import { PortfolioValueResolver } from "./resolvers/portfolioValue.resolver.js";
import { PricesResolver } from "./resolvers/prices.resolver.js";
import { TransferResolver } from "./resolvers/transfer.resolver.js";

/** Builds the executable schema from the type-graphql classes, sorted so the emitted file is stable. */
export function buildCofferSchema(): GraphQLSchema {
  const schema = buildSchemaSync({
    resolvers: [
      ConnectionResolver,
      AccountResolver,
      MarginAccountResolver,
      PortfolioResolver,
      TransferResolver,
      // Valuation (prices from the exchanges' public tickers).
      AccountValueResolver,
      BalanceValueResolver,
      PortfolioValueResolver,
      PortfolioAssetValueResolver,
      PricesResolver,
    ],
    validate: false,
  });
  return lexicographicSortSchema(schema);
}
