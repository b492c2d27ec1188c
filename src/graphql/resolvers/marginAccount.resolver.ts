import { Arg, Ctx, Query, Resolver } from "type-graphql";
import type { AccountKey } from "../../domain/accountKey.js";
import type { GraphQLContext } from "../context.js";
import { AccountFilterInput } from "../inputs/accountFilter.input.js";
import { MarginAccountGql } from "../types/marginAccount.type.js";
import { NO_MARGIN_TYPES } from "./account.resolver.js";
import { listSelectedAccounts, prefetch } from "./selectAccounts.js";
import { toMarginAccount, type MarginAccountRoot } from "./toMarginAccount.js";
import { COST } from "../limits/costs.js";

@Resolver(() => MarginAccountGql)
export class MarginAccountResolver {
  @Query(() => [MarginAccountGql], {
    nullable: "items",
    complexity: COST.marginAccounts,
    description: "Margin details of every selected margin-capable account.",
  })
  async marginAccounts(
    @Arg("filter", () => AccountFilterInput, { nullable: true }) filter: AccountFilterInput | null,
    @Ctx() context: GraphQLContext,
  ): Promise<Array<MarginAccountRoot | Error>> {
    const accounts = await listSelectedAccounts(context, filter, (listed) =>
      prefetch(
        context.loaders.margins,
        listed.filter((a) => !NO_MARGIN_TYPES.has(a.type)),
      ),
    );
    const marginCapable = accounts.filter((a): a is AccountKey | Error => a instanceof Error || !NO_MARGIN_TYPES.has(a.type));
    const details = await Promise.all(
      marginCapable.map(async (account) => {
        if (account instanceof Error) return account;
        try {
          const margin = await context.loaders.margins.load(account);
          return margin ? toMarginAccount(account, margin) : null;
        } catch (error) {
          return error as Error;
        }
      }),
    );
    return details.filter((d): d is MarginAccountRoot | Error => d !== null);
  }
}
