import type { Decimal } from "decimal.js";
import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, Info, Query, Resolver } from "type-graphql";
import { isNonZeroBalance } from "../../domain/balance.js";
import { ZERO } from "../../domain/decimal.js";
import type { GraphQLContext } from "../context.js";
import { partialError } from "../partialError.js";
import { AccountFilterInput } from "../inputs/accountFilter.input.js";
import { PortfolioGql, type PortfolioAssetGql } from "../types/portfolio.type.js";
import { listSelectedAccounts, prefetch } from "./selectAccounts.js";
import { selectsValuation } from "./selectsValuation.js";
import { COST } from "../limits/costs.js";

@Resolver(() => PortfolioGql)
export class PortfolioResolver {
  /**
   * Sums balances per asset, exactly. An account that cannot be read is left out of the sums
   * and reported as an error at `portfolio`, so the client knows the total is partial rather
   * than silently wrong, and the rest of the query keeps its data.
   */
  @Query(() => PortfolioGql, { complexity: COST.portfolio, description: "Balances summed per asset over the selected accounts." })
  async portfolio(
    @Arg("filter", () => AccountFilterInput, { nullable: true }) filter: AccountFilterInput | null,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<PortfolioGql> {
    if (selectsValuation(info)) context.loaders.prices.warm();
    const accounts = await listSelectedAccounts(context, filter, (listed) => prefetch(context.loaders.balances, listed));
    const sums = new Map<string, { total: Decimal; net: Decimal; accounts: number }>();
    const failures: Error[] = [];
    await Promise.all(
      accounts.map(async (account) => {
        if (account instanceof Error) return failures.push(account);
        try {
          for (const balance of await context.loaders.balances.load(account)) {
            if (!isNonZeroBalance(balance)) continue;
            const sum = sums.get(balance.asset) ?? { total: ZERO, net: ZERO, accounts: 0 };
            sums.set(balance.asset, {
              total: sum.total.plus(balance.total),
              net: sum.net.plus(balance.net),
              accounts: sum.accounts + 1,
            });
          }
        } catch (error) {
          failures.push(error as Error);
        }
      }),
    );
    for (const failure of failures) {
      context.partialErrors.push(partialError(["portfolio"], `The portfolio leaves out accounts that could not be read: ${failure.message}`, failure));
    }
    const assets: PortfolioAssetGql[] = [...sums]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([asset, sum]) => ({ asset, total: sum.total, net: sum.net, accounts: sum.accounts }));
    return { assets };
  }
}
