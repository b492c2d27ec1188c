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
  /** WebSocket API (spot and margin account streams), e.g. wss://ws-api.binance.com:443/ws-api/v3. */
  readonly wsApi: string;
  /** USDⓈ-M futures user-data stream host (the `/private` forms are added to it). */
  readonly usdmWs: string;
  /** COIN-M futures user-data stream host. */
  readonly coinmWs: string;
}

export interface HtxUrls {
  readonly spot: string;
  readonly swap: string;
  /** Spot account stream (v2), e.g. wss://api.huobi.pro/ws/v2. */
  readonly spotWs: string;
  /** USDT-M account stream, e.g. wss://api.hbdm.com/linear-swap-notification. */
  readonly swapWs: string;
}

interface ConnectionBase {
  readonly id: string;
  readonly label: string | null;
  /** The wallets this connection reads; every type its exchange has when not configured. */
  readonly accountTypes: readonly AccountType[] | null;
  /** Timeout of every upstream call, ms. */
  readonly timeoutMs: number;
  /** False turns the connection's account streams off (live updates then come by polling). Default true. */
  readonly streams?: boolean;
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
  /** Browser pages on these origins may call Coffer (CORS); none when absent. */
  readonly cors?: CorsConfig;
  /** Only the operations of schema/trusted-documents.json run (off when absent). */
  readonly trustedDocuments?: boolean;
  /** The fleet's Redis (`redis://…`): budgets, snapshots, events and circuits shared by every instance. null or absent: this instance alone. */
  readonly redis?: string | null;
  /** Absent: { size: 2, single: false }. */
  readonly fleet?: FleetConfig;
}

export interface CorsConfig {
  /** Exact origins, `scheme://host[:port]`. */
  readonly origins: readonly string[];
  /** How long a browser caches a preflight's answer, seconds. */
  readonly maxAgeSeconds: number;
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
  wsApi: "wss://ws-api.binance.com:443/ws-api/v3",
  usdmWs: "wss://fstream.binance.com",
  coinmWs: "wss://dstream.binance.com",
};

export const DEFAULT_HTX_URLS: HtxUrls = {
  spot: "https://api.huobi.pro",
  swap: "https://api.hbdm.com",
  spotWs: "wss://api.huobi.pro/ws/v2",
  swapWs: "wss://api.hbdm.com/linear-swap-notification",
};
