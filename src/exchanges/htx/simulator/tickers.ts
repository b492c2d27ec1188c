import type { SimTicker } from "../../kit/simulator/simTicker.js";
import { int, num } from "./wire.js";

/**
 * GET /market/tickers as HTX answers it: `{status, ts, data}` with one row per pair, the symbol
 * lower-case and every figure a bare JSON number (`close` is the last price). The simulator
 * models no order book or volume: open/high/low/bid/ask repeat the last price, sizes are fixed.
 */
export function marketTickersBody(tickers: readonly SimTicker[], now: number) {
  return {
    status: "ok",
    ts: int(now),
    data: tickers.map((t) => ({
      symbol: `${t.base}${t.quote}`.toLowerCase(),
      open: num(t.price),
      high: num(t.price),
      low: num(t.price),
      close: num(t.price),
      amount: num("1000"),
      vol: num("1000"),
      count: int(100),
      bid: num(t.price),
      bidSize: num("1"),
      ask: num(t.price),
      askSize: num("1"),
    })),
  };
}
