import type { AccountKey } from "../../domain/accountKey.js";
import type { AccountType, Exchange } from "../../domain/enums.js";
import { NotFoundError } from "../../domain/errors.js";
import { settleEach } from "./settleEach.js";

export interface AccountKeysOptions {
  readonly connectionId: string;
  readonly exchange: Exchange;
  /** The exchange's name as a person reads it (its plugin's display name). */
  readonly name: string;
  /** Every account type the exchange has. */
  readonly supportedTypes: readonly AccountType[];
  /** The types this connection reads (the configured ones among the supported). */
  readonly accountTypes: readonly AccountType[];
  /** The exchange's own rules on a key's symbol and sub-account: the refusal's sentence, or null when the key is well formed. */
  readonly shapeProblem?: (key: AccountKey) => string | null;
}

/** The keys of one connection: how they are made, which are its own, and per-key batch loading. */
export interface AccountKeys {
  readonly key: (type: AccountType, symbol?: string | null, subAccountEmail?: string | null) => AccountKey;
  /** Throws NotFoundError for a key that is not one of this connection's accounts. */
  check(key: AccountKey): void;
  /** Checks each key, then loads it; one value or one Error per key, in order. */
  settle<T>(keys: readonly AccountKey[], load: (key: AccountKey) => Promise<T>): Promise<Array<T | Error>>;
}

/**
 * One rule for every exchange: a key belongs to the connection (its id and exchange), names a
 * type the exchange has and the connection is configured to read, and passes the exchange's
 * own shape rules. Anything else is NOT_FOUND: no wallet of this connection answers to it.
 */
export function createAccountKeys(options: AccountKeysOptions): AccountKeys {
  const { connectionId, exchange, name } = options;
  function check(k: AccountKey): void {
    if (k.connectionId !== connectionId || k.exchange !== exchange) {
      throw new NotFoundError(`Account of ${k.connectionId} asked of ${name} connection ${connectionId}.`);
    }
    if (!options.supportedTypes.includes(k.type)) throw new NotFoundError(`${name} connection ${connectionId} has no ${k.type} account.`);
    if (!options.accountTypes.includes(k.type)) throw new NotFoundError(`Connection ${connectionId} is not configured to read ${k.type}.`);
    const problem = options.shapeProblem?.(k) ?? null;
    if (problem !== null) throw new NotFoundError(problem);
  }
  return {
    key: (type, symbol = null, subAccountEmail = null) => ({ connectionId, exchange, type, symbol, subAccountEmail }),
    check,
    settle: (keys, load) =>
      settleEach(keys, (k) => {
        check(k);
        return load(k);
      }),
  };
}
