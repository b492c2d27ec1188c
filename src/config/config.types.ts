import type { AccountType, Exchange } from "../domain/enums.js";

/** A bearer token Coffer accepts; only its SHA-256 is stored. */
export interface TokenConfig {
  readonly name: string;
  readonly sha256: string;
  readonly scopes: readonly ("read" | "transfer")[];
}

export interface BinanceUrls {
  readonly spot: string;
  readonly usdm: string;
  readonly coinm: string;
  readonly options: string;
  readonly portfolioMargin: string;
}

export interface HtxUrls {
  readonly spot: string;
  readonly swap: string;
}

interface ConnectionBase {
  readonly id: string;
  readonly label: string | null;
  /** The wallets this connection reads; every type its exchange has when not configured. */
  readonly accountTypes: readonly AccountType[] | null;
  /** Timeout of every upstream call, ms. */
  readonly timeoutMs: number;
}

export interface BinanceConnectionConfig extends ConnectionBase {
  readonly exchange: Exchange.BINANCE;
  /** Resolved credentials (env: references already read). Never logged. */
  readonly credentials: { readonly apiKey: string; readonly apiSecret: string };
  readonly urls: BinanceUrls;
}

export interface HtxConnectionConfig extends ConnectionBase {
  readonly exchange: Exchange.HTX;
  readonly credentials: { readonly accessKey: string; readonly secretKey: string };
  readonly urls: HtxUrls;
}

export type ConnectionConfig = BinanceConnectionConfig | HtxConnectionConfig;

/** The validated configuration Coffer runs with (the README's "Configuration" section lists every key). */
export interface CofferConfig {
  readonly listen: { readonly host: string; readonly port: number };
  readonly tokens: readonly TokenConfig[];
  readonly connections: readonly ConnectionConfig[];
  /** `sqlite:<path>` or a `postgres://` URL. */
  readonly journal: string;
  readonly cache: { readonly ttlMs: number };
  /** The fleet's Redis (`redis://…`): budgets, snapshots, events and circuits shared by every instance. null or absent: this instance alone. */
  readonly redis?: string | null;
  /** Absent: { size: 2, single: false }. */
  readonly fleet?: FleetConfig;
}

/** How this instance shares the exchanges with others. */
export interface FleetConfig {
  /** Instances sharing the budgets; with Redis unreachable each keeps to 1/size of every budget (default 2). */
  readonly size: number;
  /** This is the only instance (Redis used, a SQLite journal allowed). Default false. */
  readonly single: boolean;
}

export const DEFAULT_BINANCE_URLS: BinanceUrls = {
  spot: "https://api.binance.com",
  usdm: "https://fapi.binance.com",
  coinm: "https://dapi.binance.com",
  options: "https://eapi.binance.com",
  portfolioMargin: "https://papi.binance.com",
};

export const DEFAULT_HTX_URLS: HtxUrls = {
  spot: "https://api.huobi.pro",
  swap: "https://api.hbdm.com",
};
