import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from "type-graphql";
import { accountId, parseAccountId, type AccountKey } from "../../domain/accountKey.js";
import { isNonZeroBalance, type Balance } from "../../domain/balance.js";
import { AccountType } from "../../domain/enums.js";
import { parseAssetCode } from "../../domain/userCodes.js";
import type { GraphQLContext } from "../context.js";
import { AccountFilterInput } from "../inputs/accountFilter.input.js";
import { AccountGql } from "../types/account.type.js";
import { BalanceType } from "../types/balance.type.js";
import { MarginAccountGql } from "../types/marginAccount.type.js";
import { liveStateOf } from "../../live/accountState.js";
import { listSelectedAccounts, prefetch } from "./selectAccounts.js";
import { selectsField } from "./selectsField.js";
import { selectsValuation } from "./selectsValuation.js";
import { toMarginAccount, type MarginAccountRoot } from "./toMarginAccount.js";
import { COST } from "../limits/costs.js";

/** Account types that never carry margin details: asking a connector for them is skipped. */
const NO_MARGIN_TYPES = new Set<AccountType>([AccountType.SPOT, AccountType.FUNDING]);

@Resolver(() => AccountGql)
export class AccountResolver {
  @Query(() => [AccountGql], {
    nullable: "items",
    complexity: COST.listAccounts,
    description: "Accounts of every selected connection. A connection that cannot be reached adds an error with its path and leaves the other connections' accounts in place.",
  })
  accounts(
    @Arg("filter", () => AccountFilterInput, { nullable: true }) filter: AccountFilterInput | null,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Array<AccountKey | Error>> {
    const wantsBalances = selectsField(info, "balances");
    const wantsMargin = selectsField(info, "margin");
    if (selectsValuation(info)) context.loaders.prices.warm();
    return listSelectedAccounts(context, filter, (accounts) => {
      // Margins first: a margin read can lead to a second call (positions' risk when the
      // account shows open positions), so it leaves first and its answer comes back first.
      if (wantsMargin)
        prefetch(
          context.loaders.margins,
          accounts.filter((a) => !NO_MARGIN_TYPES.has(a.type)),
        );
      if (wantsBalances) prefetch(context.loaders.balances, accounts);
    });
  }

  @Query(() => AccountGql, { nullable: true, complexity: COST.account })
  async account(@Arg("id", () => ID) id: string, @Ctx() context: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<AccountKey | null> {
    const parts = parseAccountId(id);
    if (!parts) return null;
    const connector = context.services.connectorById(parts.connectionId);
    if (!connector || !connector.accountTypes.includes(parts.type as AccountType)) return null;
    if (selectsValuation(info)) context.loaders.prices.warm();
    const accounts = await context.loaders.accountLists.load({
      connectionId: connector.connectionId,
      types: [parts.type as AccountType],
      includeSubAccounts: parts.subAccountEmail !== null,
    });
    return accounts.find((key) => accountId(key) === id) ?? null;
  }

  @FieldResolver(() => ID)
  id(@Root() key: AccountKey): string {
    return accountId(key);
  }

  @FieldResolver(() => [BalanceType], { complexity: COST.balances })
  async balances(
    @Root() key: AccountKey,
    @Arg("assets", () => [String], { nullable: true }) assets: string[] | null,
    @Arg("includeZero", () => Boolean, { nullable: true, defaultValue: false }) includeZero: boolean | null,
    @Ctx() context: GraphQLContext,
  ): Promise<readonly Balance[]> {
    // ASCII letters and digits only (the input-codes plugin refused anything else before the operation ran).
    const wanted = assets ? new Set(assets.map((a, i) => parseAssetCode(a, `assets[${i}]`))) : null;
    // An account pushed by a subscription carries its state: answer from it, not from an older read.
    const balances = liveStateOf(key)?.balances ?? (await context.loaders.balances.load(key));
    return balances.filter((b) => (includeZero === true || isNonZeroBalance(b)) && (!wanted || wanted.has(b.asset)));
  }

  @FieldResolver(() => MarginAccountGql, { nullable: true, complexity: COST.margin, description: "Margin details; null for accounts that carry none." })
  async margin(@Root() key: AccountKey, @Ctx() context: GraphQLContext): Promise<MarginAccountRoot | null> {
    if (NO_MARGIN_TYPES.has(key.type)) return null;
    const live = liveStateOf(key);
    const details = live ? live.margin : await context.loaders.margins.load(key);
    return details ? toMarginAccount(key, details) : null;
  }
}

export { NO_MARGIN_TYPES };
