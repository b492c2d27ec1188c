/**
 * One pair a simulator quotes on its public ticker endpoint: `price` units of `quote` for one
 * `base`, exact text. Each simulator spells the symbol its exchange's way (BTCUSDT, btcusdt).
 */
export interface SimTicker {
  readonly base: string;
  readonly quote: string;
  readonly price: string;
  /** The symbol's trading status (default TRADING); a BREAK pair is dropped by a filter on TRADING. */
  readonly status?: "TRADING" | "HALT" | "BREAK";
}
