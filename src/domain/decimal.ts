import { Decimal } from "decimal.js";

/**
 * The one Decimal constructor Coffer computes money with. decimal.js rounds every result to
 * `precision` significant digits (20 by default), which would silently cut an 18-decimal
 * balance of a large wallet; 100 digits holds any amount an exchange sends. The exponent
 * thresholds keep `toString()` in plain notation, but output goes through `formatDecimal`.
 */
export const Dec = Decimal.clone({ precision: 100, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -100, toExpPos: 100 });
export type Dec = Decimal;

export const ZERO: Decimal = new Dec(0);

const DECIMAL_TEXT = /^-?(0|[1-9]\d*|\d+)(\.\d+)?$/;

/**
 * Parses decimal text as an exchange sends it ("0.00100000", "-12.5", "1"). Exponents, blanks,
 * hex, NaN and Infinity are refused: an upstream value that is not plain decimal text is a
 * wire-format bug we want to see, not a number to guess at.
 */
export function parseDecimal(text: string): Decimal {
  const trimmed = text.trim();
  if (!DECIMAL_TEXT.test(trimmed)) {
    throw new TypeError(`Expected plain decimal text such as "12.5", received ${JSON.stringify(text)}`);
  }
  return new Dec(trimmed);
}

/** Like `parseDecimal`, but null, undefined and "" (how exchanges say "no value") become null. */
export function parseOptionalDecimal(text: string | null | undefined): Decimal | null {
  if (text === null || text === undefined || text === "") return null;
  return parseDecimal(text);
}

/** Plain notation, never an exponent, no digit lost: the only way Coffer prints an amount. */
export function formatDecimal(value: Decimal): string {
  return value.toFixed();
}

/** Number of digits after the decimal point that carry information ("1.2300" → 2). */
export function decimalPlaces(value: Decimal): number {
  return value.decimalPlaces();
}
