import type { Decimal } from "decimal.js";
import { Exact } from "./exactMath.js";
import type { PriceBook } from "./priceBook.js";

/** An amount of one asset to value (a balance, a portfolio line). */
export interface Holding {
  readonly asset: string;
  readonly total: Decimal;
  readonly net: Decimal;
}

/** What a set of holdings is worth in one quote asset (Valuation in the contract). */
export interface Valuation {
  readonly quote: string;
  readonly total: Decimal;
  readonly net: Decimal;
  /** Assets held (total or net not zero) with no price, sorted; in neither sum. */
  readonly unpriced: readonly string[];
  /** The oldest price time used; null when nothing needed a price. */
  readonly pricedAt: Date | null;
}

/**
 * Sums total × price and net × price over the holdings, exactly. An asset without a price is
 * listed in `unpriced`, never counted as zero; `failures` are the exchanges that could not be
 * read while looking for such a price (the caller reports them where the valuation is).
 */
export async function valuate(holdings: readonly Holding[], quote: string, book: PriceBook): Promise<{ valuation: Valuation; failures: Error[] }> {
  const held = holdings.filter((h) => !h.total.isZero() || !h.net.isZero());
  const lookups = await Promise.all(held.map((h) => book.price(h.asset, quote)));
  let total: Decimal = new Exact(0);
  let net: Decimal = new Exact(0);
  let oldest: number | null = null;
  const unpriced = new Set<string>();
  const failures = new Set<Error>();
  held.forEach((holding, i) => {
    const { price, failures: missed } = lookups[i];
    for (const failure of missed) failures.add(failure);
    if (!price) {
      unpriced.add(holding.asset);
      return;
    }
    total = total.plus(new Exact(holding.total).times(price.price));
    net = net.plus(new Exact(holding.net).times(price.price));
    if (price.at) oldest = Math.min(oldest ?? Infinity, price.at.getTime());
  });
  return {
    valuation: { quote, total, net, unpriced: [...unpriced].sort(), pricedAt: oldest === null ? null : new Date(oldest) },
    failures: [...failures],
  };
}

/** amount × price, exact. */
export function valueOf(amount: Decimal, price: Decimal): Decimal {
  return new Exact(amount).times(price);
}
