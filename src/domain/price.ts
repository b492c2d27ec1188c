import type { Decimal } from "decimal.js";
import type { Exchange } from "./enums.js";

/** One exchange ticker read as a pair of Coffer asset codes. */
export interface TickerPrice {
  /** Upper-case asset codes: one `base` costs `last` units of `quote`. */
  readonly base: string;
  readonly quote: string;
  /** The ticker as the exchange spells it, e.g. BTCUSDT or btcusdt. */
  readonly symbol: string;
  /** The last traded price, exact, always > 0. */
  readonly last: Decimal;
  /** The exchange's timestamp of the ticker when it gives one, else when the tickers arrived. */
  readonly at: Date;
}

/**
 * One exchange's public tickers, read in one call. Exchange-neutral: the exchange's folder
 * builds it and alone knows how its symbols spell a pair.
 */
export interface PriceTable {
  readonly exchange: Exchange;
  /** The connection whose call read them. */
  readonly connectionId: string;
  /** When the answer arrived (local clock). */
  readonly receivedAt: Date;
  /** How many usable tickers the exchange listed. */
  readonly size: number;
  /** The ticker of base/quote (upper-case asset codes) if the exchange lists that pair, else null. */
  pair(base: string, quote: string): TickerPrice | null;
}

/** What an exchange's folder supplies to build its PriceTable. */
export interface PriceTableSpelling {
  /** The exchange's symbol for base/quote, e.g. (BTC, USDT) → BTCUSDT. */
  symbolOf(base: string, quote: string): string;
  /**
   * How the exchange's own conventions split a symbol (e.g. by its known quote assets), or null
   * when they cannot tell. Used to refuse a symbol that only happens to spell base + quote.
   */
  split(symbol: string): { base: string; quote: string } | null;
}

export interface RawTicker {
  readonly symbol: string;
  readonly last: Decimal;
  readonly at: Date;
}

/**
 * A PriceTable over an exchange's tickers. A pair is found by spelling its symbol from the two
 * asset codes (no exchangeInfo call needed, and every asset the request holds is covered), then
 * checked against the exchange's own split so that a symbol which merely concatenates to the
 * same letters (e.g. "TUSDT" asked as TUSD/T) is not misread. Tickers without a positive price
 * (halted pairs) are left out.
 */
export function createPriceTable(meta: { exchange: Exchange; connectionId: string; receivedAt: Date }, tickers: Iterable<RawTicker>, spelling: PriceTableSpelling): PriceTable {
  const bySymbol = new Map<string, RawTicker>();
  for (const ticker of tickers) if (ticker.last.gt(0)) bySymbol.set(ticker.symbol, ticker);
  return {
    ...meta,
    size: bySymbol.size,
    pair(base: string, quote: string): TickerPrice | null {
      if (base === "" || quote === "" || base === quote) return null;
      const symbol = spelling.symbolOf(base, quote);
      const ticker = bySymbol.get(symbol);
      if (!ticker) return null;
      const split = spelling.split(symbol);
      if (split && (split.base !== base || split.quote !== quote)) return null;
      return { base, quote, symbol, last: ticker.last, at: ticker.at };
    },
  };
}

/**
 * Splits a symbol written without a separator at the longest known quote asset it ends with
 * (the base must stay non-empty): "ETHBTC" → ETH/BTC, "BTCFDUSD" → BTC/FDUSD. Null when no
 * known quote ends it. Both `symbol` and `quotes` in the same case.
 */
export function splitAtKnownQuote(symbol: string, quotes: readonly string[]): { base: string; quote: string } | null {
  let best: string | null = null;
  for (const quote of quotes) {
    if (quote.length < symbol.length && symbol.endsWith(quote) && (best === null || quote.length > best.length)) best = quote;
  }
  return best === null ? null : { base: symbol.slice(0, symbol.length - best.length), quote: best };
}
