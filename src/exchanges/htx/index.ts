import { Exchange } from "../../domain/enums.js";
import type { ExchangePlugin } from "../exchange.js";
import { HTX_CONNECTION_KEYS, type HtxConnectionConfig } from "./config.js";
import { createHtxConnector, HTX_ACCOUNT_TYPES, type HtxConnectorOptions } from "./connector.js";
import { htxDemoState } from "./simulator/demoState.js";
import { startHtxSimulator, type HtxSimulator } from "./simulator/server.js";
import type { HtxSimState } from "./simulator/state.js";

/** HTX as Coffer knows it: spot and USDT-margined contracts, Signature v2 against the Host header. */
export const htxPlugin: ExchangePlugin<"htx", HtxConnectionConfig, HtxConnectorOptions, HtxSimulator, HtxSimState> = {
  id: "htx",
  exchange: Exchange.HTX,
  displayName: "HTX",
  accountTypes: HTX_ACCOUNT_TYPES,
  connectionKeys: HTX_CONNECTION_KEYS,
  createConnector: createHtxConnector,
  startSimulator: ({ credentials, state, host }) => startHtxSimulator({ ...credentials, state: state ?? htxDemoState(), ...(host !== undefined ? { host } : {}) }),
  demoCredentials: { accessKey: "sandbox-htx-access", secretKey: "sandbox-htx-secret" },
};
