import { parseDecimal } from "../../domain/decimal.js";
import { Exchange } from "../../domain/enums.js";
import { createPriceTable, splitAtKnownQuote, type PriceTable } from "../../domain/price.js";
import type { WireTickerPrice } from "./wire.js";

/**
 * Quote assets Binance spot pairs are listed against. Binance symbols have no separator
 * ("ETHBTC"), so a pair is found by spelling base + quote from the asset codes a request
 * needs; this list only serves to refuse a symbol that splits differently by Binance's own
 * quotes (e.g. "TUSDT" is T/USDT, never TUSD/T). A quote missing here is still found by
 * spelling; it just goes unchecked. Limit: a symbol that spells base + quote but whose real
 * split is a quote unknown here would be misread — Binance lists no such pair today.
 */
export const BINANCE_QUOTE_ASSETS: readonly string[] = [
  "USDT",
  "USDC",
  "FDUSD",
  "TUSD",
  "USDP",
  "DAI",
  "BUSD",
  "USD1",
  "BFUSD",
  "AEUR",
  "EURI",
  "BTC",
  "ETH",
  "BNB",
  "XRP",
  "TRX",
  "DOGE",
  "DOT",
  "EUR",
  "GBP",
  "TRY",
  "BRL",
  "ARS",
  "JPY",
  "MXN",
  "PLN",
  "RON",
  "ZAR",
  "UAH",
  "IDR",
  "COP",
  "CZK",
  "AUD",
  "RUB",
  "NGN",
  "BIDR",
  "IDRT",
];

const spelling = {
  symbolOf: (base: string, quote: string) => `${base}${quote}`,
  split: (symbol: string) => splitAtKnownQuote(symbol, BINANCE_QUOTE_ASSETS),
};

/**
 * The PriceTable of GET /api/v3/ticker/price: prices are exact strings; the answer carries no
 * time, so every ticker is dated when the answer arrived. Throws TypeError on a shape it
 * cannot read.
 */
export function binancePriceTable(connectionId: string, wire: unknown, receivedAt: Date): PriceTable {
  if (!Array.isArray(wire)) throw new TypeError("ticker/price answer is not a list");
  const tickers = (wire as WireTickerPrice[]).map((row) => {
    if (typeof row?.symbol !== "string" || typeof row.price !== "string") throw new TypeError("ticker without symbol or price");
    return { symbol: row.symbol.toUpperCase(), last: parseDecimal(row.price), at: receivedAt };
  });
  return createPriceTable({ exchange: Exchange.BINANCE, connectionId, receivedAt }, tickers, spelling);
}
