import type { AccountKey } from "../domain/accountKey.js";
import type { Balance } from "../domain/balance.js";
import { AccountType } from "../domain/enums.js";
import type { MarginDetails } from "../domain/margin.js";

/** Why an account update was sent (the contract's AccountUpdateReason). */
export type AccountUpdateReason = "SNAPSHOT" | "STREAM" | "POLL" | "TRANSFER";

/** One account's balances and margin as Coffer last saw them, with a fingerprint to spot changes. */
export interface AccountState {
  readonly balances: readonly Balance[];
  readonly margin: MarginDetails | null;
  readonly fingerprint: string;
}

/** What a subscriber receives: the account (its key carrying this state) and why. */
export interface LiveAccountUpdate {
  readonly key: AccountKey;
  readonly state: AccountState;
  readonly reason: AccountUpdateReason;
  readonly at: Date;
}

/** Account types that carry no margin details (reading them is skipped). */
export const NO_MARGIN = new Set<AccountType>([AccountType.SPOT, AccountType.FUNDING]);

/**
 * The state from balances and margin. The fingerprint is exact text (decimal.js `toJSON` is the
 * exact decimal string), in asset order, so two reads are the same state exactly when their
 * fingerprints are equal (an asset going to zero is a change; a zero row listed or not is not).
 */
export function accountState(balances: readonly Balance[], margin: MarginDetails | null): AccountState {
  const sorted = [...balances].sort((a, b) => (a.asset < b.asset ? -1 : a.asset > b.asset ? 1 : 0));
  // An asset at zero and an asset not listed are the same state (a REST read may omit zero rows
  // that a stream message names).
  const held = sorted.filter((b) => !b.free.isZero() || !b.locked.isZero() || !b.borrowed.isZero() || !b.interest.isZero());
  const fingerprint = JSON.stringify([held.map((b) => [b.asset, b.free, b.locked, b.borrowed, b.interest]), margin]);
  return { balances: sorted, margin, fingerprint };
}

const LIVE_STATE = Symbol("coffer.liveState");

/** The key with its pushed state attached: the Account resolvers answer from it instead of re-reading. */
export function keyWithState(key: AccountKey, state: AccountState): AccountKey {
  return Object.assign({ ...key }, { [LIVE_STATE]: state });
}

/** The state a live update attached to this key, if any. */
export function liveStateOf(key: AccountKey): AccountState | undefined {
  return (key as { [LIVE_STATE]?: AccountState })[LIVE_STATE];
}
