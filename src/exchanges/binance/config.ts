import type { ConnectionBase } from "../../settings/config.types.js";
import type { Exchange } from "../../domain/enums.js";
import type { ConnectionKeys } from "../exchange.js";

/** Binance's hosts: one REST host per product family, and the account streams. */
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

export type BinanceCredentials = {
  readonly apiKey: string;
  readonly apiSecret: string;
};

/** A validated Binance connection (credentials resolved: never logged). */
export interface BinanceConnectionConfig extends ConnectionBase {
  readonly exchange: Exchange.BINANCE;
  readonly credentials: BinanceCredentials;
  readonly urls: BinanceUrls;
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

/** The config file's keys of a Binance connection: its credentials, its hosts and which of them are streams. */
export const BINANCE_CONNECTION_KEYS: ConnectionKeys<BinanceCredentials, BinanceUrls> = {
  credentials: ["apiKey", "apiSecret"],
  defaultUrls: DEFAULT_BINANCE_URLS,
  streamUrls: ["wsApi", "usdmWs", "coinmWs"],
};
