import type { Decimal } from "decimal.js";
import { ZERO } from "./decimal.js";

/**
 * One asset in one wallet, exact. `total = free + locked` and `net = total − borrowed − interest`
 * are derived here, once, so every exchange's balances obey the same arithmetic.
 */
export interface Balance {
  readonly asset: string;
  readonly free: Decimal;
  readonly locked: Decimal;
  readonly borrowed: Decimal;
  readonly interest: Decimal;
  readonly total: Decimal;
  readonly net: Decimal;
}

export interface BalanceParts {
  asset: string;
  free: Decimal;
  locked: Decimal;
  borrowed?: Decimal;
  interest?: Decimal;
}

export function makeBalance(parts: BalanceParts): Balance {
  const borrowed = parts.borrowed ?? ZERO;
  const interest = parts.interest ?? ZERO;
  const total = parts.free.plus(parts.locked);
  return {
    asset: parts.asset.toUpperCase(),
    free: parts.free,
    locked: parts.locked,
    borrowed,
    interest,
    total,
    net: total.minus(borrowed).minus(interest),
  };
}

/** A balance worth showing by default: anything held, owed or accruing. */
export function isNonZeroBalance(balance: Balance): boolean {
  return !balance.total.isZero() || !balance.borrowed.isZero() || !balance.interest.isZero();
}
