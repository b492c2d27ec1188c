import { accountId, type AccountKey } from "../../domain/accountKey.js";
import type { MarginDetails } from "../../domain/margin.js";

/** The root object of a MarginAccount: the margin figures plus the account they belong to. */
export type MarginAccountRoot = MarginDetails & {
  readonly accountId: string;
  readonly account: AccountKey;
  readonly connectionId: string;
  readonly exchange: AccountKey["exchange"];
};

export function toMarginAccount(key: AccountKey, details: MarginDetails): MarginAccountRoot {
  return { ...details, accountId: accountId(key), account: key, connectionId: key.connectionId, exchange: key.exchange };
}
