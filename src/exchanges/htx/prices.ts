import { Exchange } from "../../domain/enums.js";
import { createPriceTable, splitAtKnownQuote, type PriceTable } from "../../domain/price.js";
import type { HtxTickerWire } from "./wire.js";
import { wireArray, wireIdText, wireOptionalDecimal, wireString } from "../kit/wireValues.js";

/**
 * Quote assets HTX spot pairs are listed against, lower-case as HTX writes symbols
 * ("ethbtc"). A pair is found by spelling lower(base + quote) from the asset codes a request
 * needs; this list only refuses a symbol that splits differently by HTX's own quotes
 * ("htusdt" is HT/USDT, never HTU/SDT). Same limit as Binance's: a symbol whose real quote is
 * missing here and which also spells another base + quote would be misread.
 */
export const HTX_QUOTE_ASSETS: readonly string[] = ["usdt", "usdc", "usdd", "tusd", "husd", "btc", "eth", "ht", "htx", "trx", "eur", "gbp", "brl", "try", "uah"];

const spelling = {
  symbolOf: (base: string, quote: string) => `${base}${quote}`.toLowerCase(),
  split(symbol: string) {
    const split = splitAtKnownQuote(symbol, HTX_QUOTE_ASSETS);
    return split && { base: split.base.toUpperCase(), quote: split.quote.toUpperCase() };
  },
};

/**
 * The PriceTable of GET /market/tickers (the body `{status, ts, data}`). Prices are JSON numbers
 * read exactly from their text; each ticker is dated by the answer's `ts` (ms), or by its
 * arrival when `ts` is missing. A ticker with no `close` (no trade yet) is left out. Throws
 * TypeError on a shape it cannot read.
 */
export function htxPriceTable(connectionId: string, body: Record<string, unknown>, receivedAt: Date): PriceTable {
  const at = body.ts === undefined || body.ts === null ? receivedAt : new Date(Number(wireIdText(body.ts, "ts")));
  const tickers = [];
  for (const row of wireArray<HtxTickerWire>(body.data, "data")) {
    const last = wireOptionalDecimal(row.close, "close");
    if (last === null) continue;
    tickers.push({ symbol: wireString(row.symbol, "symbol").toLowerCase(), last, at });
  }
  return createPriceTable({ exchange: Exchange.HTX, connectionId, receivedAt }, tickers, spelling);
}
