import type { AccountType } from "./enums.js";

/** One side of a transfer: a kind of account, and for isolated accounts its pair or contract. */
export interface AccountRef {
  readonly type: AccountType;
  readonly symbol: string | null;
}
