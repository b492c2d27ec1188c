import type { Decimal } from "decimal.js";
import type { PriceTable, TickerPrice } from "../domain/price.js";
import { Exact, invert } from "./exactMath.js";
import type { Price } from "./price.js";

/** The assets a price may go through when no pair links asset and quote, in the order tried. */
const BRIDGE_ASSETS: readonly string[] = ["USDT", "BTC", "ETH"];

interface Leg {
  readonly ticker: TickerPrice;
  readonly inverted: boolean;
  /** Units of the leg's target per unit of its source. */
  readonly rate: Decimal;
}

/** from → to on one table: the pair from/to as it is, else the pair to/from inverted. */
function legOf(table: PriceTable, from: string, to: string): Leg | null {
  const direct = table.pair(from, to);
  if (direct) return { ticker: direct, inverted: false, rate: new Exact(direct.last) };
  const inverse = table.pair(to, from);
  if (inverse) return { ticker: inverse, inverted: true, rate: invert(inverse.last) };
  return null;
}

function priceOf(table: PriceTable, asset: string, quote: string, legs: readonly Leg[]): Price {
  return {
    asset,
    quote,
    price: legs.reduce((product, leg) => product.times(leg.rate), new Exact(1)),
    exchange: table.exchange,
    path: legs.map((leg) => leg.ticker.symbol),
    inverted: legs[0].inverted,
    at: new Date(Math.min(...legs.map((leg) => leg.ticker.at.getTime()))),
  };
}

/** asset = quote: worth exactly 1, from no exchange. */
export function identityPrice(asset: string): Price {
  return { asset, quote: asset, price: new Exact(1), exchange: null, path: [], inverted: false, at: null };
}

/**
 * The price of `asset` in `quote` on one exchange's tickers (upper-case codes): the direct pair
 * (ASSET/QUOTE), else the inverse pair (QUOTE/ASSET, 1 / last), else through one bridge asset
 * (USDT, BTC, ETH in that order), each leg direct or inverse. Null when none links them.
 * Products are exact; an inverse leg is rounded half-even to 18 significant digits.
 */
export function findPrice(table: PriceTable, asset: string, quote: string): Price | null {
  if (asset === quote) return identityPrice(asset);
  const single = legOf(table, asset, quote);
  if (single) return priceOf(table, asset, quote, [single]);
  for (const bridge of BRIDGE_ASSETS) {
    if (bridge === asset || bridge === quote) continue;
    const first = legOf(table, asset, bridge);
    if (!first) continue;
    const second = legOf(table, bridge, quote);
    if (second) return priceOf(table, asset, quote, [first, second]);
  }
  return null;
}
