import type { Decimal } from "decimal.js";
import type { Exchange } from "../domain/enums.js";

/** One asset's price in a quote asset, and how it was found (Price in the contract). */
export interface Price {
  readonly asset: string;
  readonly quote: string;
  /** Quote units for one unit of the asset. */
  readonly price: Decimal;
  /** Null when asset = quote. */
  readonly exchange: Exchange | null;
  /** The tickers used, in order, as the exchange spells them; empty when asset = quote. */
  readonly path: readonly string[];
  /** Whether the first leg was read as an inverse pair (quote/asset). */
  readonly inverted: boolean;
  /** The oldest ticker time of the path; null when asset = quote. */
  readonly at: Date | null;
}
