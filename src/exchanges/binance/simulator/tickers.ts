import type { SimResponse } from "../../kit/simulator/simServer.js";
import type { SimTicker } from "../../kit/simulator/simTicker.js";
import { binanceError, simErrors } from "./errors.js";

const STATUSES = new Set(["TRADING", "HALT", "BREAK"]);

/**
 * GET /api/v3/ticker/price as Binance answers it: one `{symbol, price}` for `symbol` (weight 2),
 * a list for `symbols` (a JSON array) or for no symbol at all (every pair; weight 4).
 * `symbolStatus` drops the pairs in another status from a list, and refuses a single symbol in
 * another status. Prices are strings, exact.
 */
export function tickerPriceAnswer(tickers: readonly SimTicker[], params: URLSearchParams): SimResponse {
  const symbol = params.get("symbol");
  const symbols = params.get("symbols");
  const status = params.get("symbolStatus");
  if (symbol !== null && symbols !== null) return binanceError(400, -1128, "Combination of optional parameters invalid.");
  if (status !== null && !STATUSES.has(status)) return simErrors.mandatory("symbolStatus");
  const rows = tickers.map((t) => ({ symbol: `${t.base}${t.quote}`, price: t.price, status: t.status ?? "TRADING" }));
  const wire = (row: (typeof rows)[number]) => ({ symbol: row.symbol, price: row.price });
  if (symbol !== null) {
    const row = rows.find((r) => r.symbol === symbol);
    if (!row) return binanceError(400, -1121, "Invalid symbol.");
    if (status !== null && row.status !== status) return binanceError(400, -1220, "The symbol's status does not match the requested symbolStatus.");
    return { status: 200, body: wire(row) };
  }
  let wanted: Set<string> | null = null;
  if (symbols !== null) {
    let list: unknown;
    try {
      list = JSON.parse(symbols);
    } catch {
      list = null;
    }
    if (!Array.isArray(list) || list.length === 0 || !list.every((x) => typeof x === "string")) return simErrors.mandatory("symbols");
    if (list.some((x) => !rows.some((r) => r.symbol === x))) return binanceError(400, -1121, "Invalid symbol.");
    wanted = new Set(list as string[]);
  }
  const listed = rows.filter((r) => (!wanted || wanted.has(r.symbol)) && (status === null || r.status === status));
  return { status: 200, body: listed.map(wire) };
}
