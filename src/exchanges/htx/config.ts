import type { ConnectionBase } from "../../settings/config.types.js";
import type { Exchange } from "../../domain/enums.js";
import type { ConnectionKeys } from "../exchange.js";

/** HTX's hosts: spot and contracts, and their account streams. */
export interface HtxUrls {
  readonly spot: string;
  readonly swap: string;
  /** Spot account stream (v2), e.g. wss://api.huobi.pro/ws/v2. */
  readonly spotWs: string;
  /** USDT-M account stream, e.g. wss://api.hbdm.com/linear-swap-notification. */
  readonly swapWs: string;
}

export type HtxCredentials = {
  readonly accessKey: string;
  readonly secretKey: string;
};

/** A validated HTX connection (credentials resolved: never logged). */
export interface HtxConnectionConfig extends ConnectionBase {
  readonly exchange: Exchange.HTX;
  readonly credentials: HtxCredentials;
  readonly urls: HtxUrls;
}

export const DEFAULT_HTX_URLS: HtxUrls = {
  spot: "https://api.huobi.pro",
  swap: "https://api.hbdm.com",
  spotWs: "wss://api.huobi.pro/ws/v2",
  swapWs: "wss://api.hbdm.com/linear-swap-notification",
};

/** The config file's keys of an HTX connection: its credentials, its hosts and which of them are streams. */
export const HTX_CONNECTION_KEYS: ConnectionKeys<HtxCredentials, HtxUrls> = {
  credentials: ["accessKey", "secretKey"],
  defaultUrls: DEFAULT_HTX_URLS,
  streamUrls: ["spotWs", "swapWs"],
};
