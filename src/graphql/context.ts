import type { GraphQLError } from "graphql";
import type { ExchangeConnector } from "../exchanges/exchange.js";
import type { LiveServices, LiveSocket } from "../live/liveServices.js";
import type { TransferApi } from "./transferApi.js";
import { createLoaders, type Loaders } from "./loaders/createLoaders.js";
import type { Principal } from "./principal.js";

/** The long-lived parts the resolvers reach through the context (one set per running app). */
export interface CofferServices {
  readonly connectors: readonly ExchangeConnector[];
  connectorById(id: string): ExchangeConnector | undefined;
  readonly transfers: TransferApi;
  /** Live updates (subscriptions); absent when the app runs without them. */
  readonly live?: LiveServices;
}

export interface GraphQLContext {
  readonly principal: Principal;
  readonly services: CofferServices;
  readonly loaders: Loaders;
  /**
   * Errors about data that is still partly returned (e.g. a portfolio missing one
   * connection); the partial-errors plugin adds them to the response.
   */
  readonly partialErrors: GraphQLError[];
  /**
   * Fires when the HTTP request is over (answered, or its client gone): upstream reads made for
   * it (history walks) stop with it instead of running on in the background.
   */
  readonly signal: AbortSignal;
  /** Set for an operation that arrived over a WebSocket (a subscription). */
  readonly socket?: LiveSocket;
  /** Set for the start-up warm-up's own operations: not a client's, so not counted. */
  readonly warmUp?: boolean;
}

export function createContext(principal: Principal, services: CofferServices, signal: AbortSignal = new AbortController().signal): GraphQLContext {
  return {
    principal,
    services,
    loaders: createLoaders(
      (id) => services.connectorById(id),
      () => services.connectors,
    ),
    partialErrors: [],
    signal,
  };
}
