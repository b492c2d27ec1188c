import { ALL_ACCOUNT_TYPES, Exchange } from "../../domain/enums.js";
import type { ExchangePlugin } from "../exchange.js";
import { BINANCE_CONNECTION_KEYS, type BinanceConnectionConfig } from "./config.js";
import { createBinanceConnector, type BinanceConnectorOptions } from "./connector.js";
import { binanceDemoState } from "./simulator/demoState.js";
import { startBinanceSimulator, type BinanceSimState, type BinanceSimulator } from "./simulator/server.js";

/** Binance as Coffer knows it: every wallet family, signed HMAC-SHA256 requests, weight budgets. */
export const binancePlugin: ExchangePlugin<"binance", BinanceConnectionConfig, BinanceConnectorOptions, BinanceSimulator, BinanceSimState> = {
  id: "binance",
  exchange: Exchange.BINANCE,
  displayName: "Binance",
  accountTypes: ALL_ACCOUNT_TYPES,
  connectionKeys: BINANCE_CONNECTION_KEYS,
  createConnector: createBinanceConnector,
  startSimulator: ({ credentials, state, host }) => startBinanceSimulator({ ...credentials, state: state ?? binanceDemoState(), ...(host !== undefined ? { host } : {}) }),
  demoCredentials: { apiKey: "sandbox-binance-key", apiSecret: "sandbox-binance-secret" },
};
