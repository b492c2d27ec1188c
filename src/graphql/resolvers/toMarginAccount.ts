import { accountId, type AccountKey } from "../../domain/accountKey.js";
import type { MarginDetails } from "../../domain/margin.js";

/** The root object of a MarginAccount: the margin figures plus the account they belong to. */
export type MarginAccountRoot = MarginDetails & {
  /** The Account's id: MarginAccount.id and accountId are the same opaque id. */
  readonly id: string;
  readonly accountId: string;
  readonly account: AccountKey;
  readonly connectionId: string;
  readonly exchange: AccountKey["exchange"];
};

export function toMarginAccount(key: AccountKey, details: MarginDetails): MarginAccountRoot {
  const id = accountId(key);
  return { ...details, id, accountId: id, account: key, connectionId: key.connectionId, exchange: key.exchange };
}
