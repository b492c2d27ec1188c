import { Decimal } from "decimal.js";
import type { BinanceSimState } from "../../src/exchanges/binance/simulator/server.js";
import type { HtxSimState } from "../../src/exchanges/htx/simulator/state.js";

/**
 * What the tests expect valuation to answer, computed straight from the simulators' states
 * with decimal.js, independently of src/valuation: the balances each wallet holds, the
 * tickers each exchange quotes, and the architecture's rule for a price (first exchange in
 * configured order; direct pair, inverse pair rounded half-even to 18 significant digits,
 * then one bridge: USDT, BTC, ETH).
 */

const D = Decimal.clone({ precision: 1000, rounding: Decimal.ROUND_HALF_EVEN });
const D18 = Decimal.clone({ precision: 18, rounding: Decimal.ROUND_HALF_EVEN });

export interface OracleTicker {
  readonly base: string;
  readonly quote: string;
  readonly symbol: string;
  readonly price: Decimal;
}

export interface OracleExchange {
  readonly exchange: "BINANCE" | "HTX";
  readonly tickers: readonly OracleTicker[];
}

export interface OraclePrice {
  readonly price: Decimal;
  readonly exchange: "BINANCE" | "HTX" | null;
  readonly path: string[];
  readonly inverted: boolean;
}

export interface OracleHolding {
  readonly asset: string;
  readonly total: Decimal;
  readonly net: Decimal;
}

/** Binance quotes what GET /api/v3/ticker/price?symbolStatus=TRADING lists; HTX every ticker. */
export function exchangesOf(binance: BinanceSimState | null, htx: HtxSimState | null): OracleExchange[] {
  const list: OracleExchange[] = [];
  if (binance) {
    list.push({
      exchange: "BINANCE",
      tickers: (binance.tickers ?? [])
        .filter((t) => (t.status ?? "TRADING") === "TRADING")
        .map((t) => ({ base: t.base, quote: t.quote, symbol: `${t.base}${t.quote}`, price: new D(t.price) })),
    });
  }
  if (htx) {
    list.push({
      exchange: "HTX",
      tickers: (htx.tickers ?? []).map((t) => ({ base: t.base, quote: t.quote, symbol: `${t.base}${t.quote}`.toLowerCase(), price: new D(t.price) })),
    });
  }
  return list;
}

function leg(exchange: OracleExchange, from: string, to: string): { rate: Decimal; symbol: string; inverted: boolean } | null {
  const direct = exchange.tickers.find((t) => t.base === from && t.quote === to);
  if (direct) return { rate: direct.price, symbol: direct.symbol, inverted: false };
  const inverse = exchange.tickers.find((t) => t.base === to && t.quote === from);
  if (inverse) return { rate: new D(new D18(1).div(inverse.price.toFixed())), symbol: inverse.symbol, inverted: true };
  return null;
}

/** The price the rule gives, or null. */
export function expectedPrice(asset: string, quote: string, exchanges: readonly OracleExchange[]): OraclePrice | null {
  if (asset === quote) return { price: new D(1), exchange: null, path: [], inverted: false };
  for (const exchange of exchanges) {
    const single = leg(exchange, asset, quote);
    if (single) return { price: single.rate, exchange: exchange.exchange, path: [single.symbol], inverted: single.inverted };
    for (const bridge of ["USDT", "BTC", "ETH"]) {
      if (bridge === asset || bridge === quote) continue;
      const first = leg(exchange, asset, bridge);
      const second = first && leg(exchange, bridge, quote);
      if (first && second) {
        return { price: first.rate.times(second.rate), exchange: exchange.exchange, path: [first.symbol, second.symbol], inverted: first.inverted };
      }
    }
  }
  return null;
}

/** Σ total × price and Σ net × price over held assets; assets without a price listed apart. */
export function expectedValuation(holdings: readonly OracleHolding[], quote: string, exchanges: readonly OracleExchange[]) {
  let total = new D(0);
  let net = new D(0);
  const unpriced = new Set<string>();
  for (const h of holdings) {
    if (h.total.isZero() && h.net.isZero()) continue;
    const p = expectedPrice(h.asset, quote, exchanges);
    if (!p) {
      unpriced.add(h.asset);
      continue;
    }
    total = total.plus(h.total.times(p.price));
    net = net.plus(h.net.times(p.price));
  }
  return { total: total.toFixed(), net: net.toFixed(), unpriced: [...unpriced].sort() };
}

type Wallet = Readonly<Record<string, { free: string; locked?: string; borrowed?: string; interest?: string }>>;

function walletHoldings(wallet: Wallet | null | undefined): OracleHolding[] {
  return Object.entries(wallet ?? {}).map(([asset, a]) => {
    const total = new D(a.free).plus(a.locked ?? "0");
    return { asset, total, net: total.minus(a.borrowed ?? "0").minus(a.interest ?? "0") };
  });
}

/** What a Coffer account (as the dashboard lists it) holds, read from the simulator states. */
export function holdingsOf(
  account: { exchange: string; type: string; symbol?: string | null; subAccountEmail?: string | null },
  binance: BinanceSimState,
  htx: HtxSimState,
): OracleHolding[] {
  if (account.exchange === "BINANCE") {
    if (account.subAccountEmail) {
      const sub = binance.subAccounts.find((s) => s.email === account.subAccountEmail)!;
      return walletHoldings(account.type === "SPOT" ? sub.spot : sub.margin);
    }
    const wallets: Record<string, Wallet | undefined> = {
      SPOT: binance.spot,
      FUNDING: binance.funding,
      MARGIN_CROSS: binance.crossMargin,
      MARGIN_ISOLATED: account.symbol ? binance.isolated[account.symbol]?.assets : undefined,
      USDM_FUTURES: binance.usdm,
      COINM_FUTURES: binance.coinm,
      OPTIONS: binance.options,
      PORTFOLIO_MARGIN: binance.portfolioMargin,
    };
    return walletHoldings(wallets[account.type]);
  }
  if (account.type === "SPOT") {
    const sums = new Map<string, Decimal>();
    for (const row of htx.spot) sums.set(row.currency.toUpperCase(), (sums.get(row.currency.toUpperCase()) ?? new D(0)).plus(row.balance));
    return [...sums].map(([asset, total]) => ({ asset, total, net: total }));
  }
  const contract = account.symbol ? htx.isolated.find((a) => a.contract_code === account.symbol)! : htx.cross;
  const total = new D(contract.margin_balance);
  return [{ asset: contract.margin_asset.toUpperCase(), total, net: total }];
}

/** 1 / x rounded half-even to 18 significant digits, as plain text. */
export function inverse18(x: string): string {
  return new D18(1).div(x).toFixed();
}

export const exact = (x: Decimal.Value) => new D(x);
