import { Decimal } from "decimal.js";

/**
 * Decimal for values: products and sums up to 1000 significant digits, far beyond any amount
 * times any price (an 18-decimal balance times an 18-digit price has about 60), so they are
 * exact. Never used to divide.
 */
export const Exact = Decimal.clone({ precision: 1000, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -1000, toExpPos: 1000 });
export type Exact = Decimal;

/** Significant digits of an inverse price. */
const INVERSE_SIGNIFICANT_DIGITS = 18;
const Inverse = Decimal.clone({ precision: INVERSE_SIGNIFICANT_DIGITS, rounding: Decimal.ROUND_HALF_EVEN });

/** 1 / last, rounded half-even to 18 significant digits: the only rounding valuation makes. */
export function invert(last: Decimal): Decimal {
  if (!last.gt(0)) throw new RangeError("A price to invert must be positive");
  return new Exact(new Inverse(1).div(new Inverse(last.toFixed())));
}
