import { GraphQLError, getOperationAST, parse, specifiedRules, validate, type ExecutionArgs, type GraphQLFormattedError, type GraphQLSchema } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import type http from "node:http";
import { WebSocketServer } from "ws";
import { ErrorCode } from "../domain/errors.js";
import { createContext, type CofferServices } from "../graphql/context.js";
import { operationCost, queryLimitRules, type QueryLimits } from "../graphql/limits/queryLimits.js";
import type { Principal } from "../graphql/principal.js";
import type { Logger } from "../observability/logger.js";
import { LIVE_CLOSE, type LiveServices } from "./liveServices.js";

export interface LiveTransportOptions {
  readonly httpServer: http.Server;
  readonly path: string;
  readonly schema: GraphQLSchema;
  readonly services: CofferServices;
  readonly live: LiveServices;
  readonly authenticate: (authorization: string | undefined) => Principal;
  readonly limits: QueryLimits;
  readonly formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  readonly logger: Logger;
  /** Largest message a client may send, bytes (default 100 kB, as the HTTP body limit). */
  readonly maxPayload?: number;
}

type SocketExtra = { principal?: Principal };

/**
 * graphql-ws on the app's own HTTP server and path: the token comes in connection_init
 * (`{ authorization: "Bearer <token>" }`): missing or unknown → close 4401, without the read
 * scope → 4403. Only subscriptions are served here (queries and mutations go over HTTP, where
 * their cost and scope checks run); each document passes the same depth/alias/token limits as
 * over HTTP (depth, aliases, tokens, cost), and the subscriptions per socket and per token are
 * capped (RATE_LIMITED).
 */
export function startLiveTransport(options: LiveTransportOptions): { dispose(): Promise<void> } {
  const wss = new WebSocketServer({ server: options.httpServer, path: options.path, maxPayload: options.maxPayload ?? 100 * 1024 });
  const byToken = new Map<string, Set<{ subscriptions: Record<string, unknown> }>>();
  const rules = [...specifiedRules, ...queryLimitRules(options.limits)];
  const refuse = (message: string, code: ErrorCode) => [new GraphQLError(message, { extensions: { code } })];
  const cleanup = useServer<Record<string, unknown> | undefined, SocketExtra>(
    {
      schema: options.schema,
      onConnect: (ctx) => {
        const authorization = ctx.connectionParams?.authorization;
        let principal: Principal;
        try {
          principal = options.authenticate(typeof authorization === "string" ? authorization : undefined);
        } catch {
          ctx.extra.socket.close(LIVE_CLOSE.UNAUTHENTICATED, 'Unauthorized: send { authorization: "Bearer <token>" } in connection_init.');
          return false;
        }
        if (!principal.scopes.has("read")) {
          ctx.extra.socket.close(LIVE_CLOSE.FORBIDDEN, "Forbidden: this token lacks the read scope.");
          return false;
        }
        (ctx.extra as SocketExtra).principal = principal;
        let sockets = byToken.get(principal.name);
        if (!sockets) byToken.set(principal.name, (sockets = new Set()));
        sockets.add(ctx);
        return true;
      },
      onClose: (ctx) => {
        const principal = (ctx.extra as SocketExtra).principal;
        if (principal) byToken.get(principal.name)?.delete(ctx);
      },
      onSubscribe: (ctx, _id, payload) => {
        const principal = (ctx.extra as SocketExtra).principal as Principal;
        const limits = options.live.limits;
        // The placeholder of this very subscription is already in ctx.subscriptions.
        if (Object.keys(ctx.subscriptions).length > limits.subscriptionsPerSocket) {
          return refuse(`At most ${limits.subscriptionsPerSocket} subscriptions are open at once on one socket.`, ErrorCode.RATE_LIMITED);
        }
        let forToken = 0;
        for (const socket of byToken.get(principal.name) ?? []) forToken += Object.keys(socket.subscriptions).length;
        if (forToken > limits.subscriptionsPerToken) {
          return refuse(`At most ${limits.subscriptionsPerToken} subscriptions are open at once for one token.`, ErrorCode.RATE_LIMITED);
        }
        let document;
        try {
          document = parse(payload.query, { maxTokens: options.limits.maxTokens });
        } catch (error) {
          return refuse(error instanceof GraphQLError ? error.message : "The document could not be parsed.", ErrorCode.BAD_USER_INPUT);
        }
        const errors = validate(options.schema, document, rules);
        if (errors.length) return errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: ErrorCode.BAD_USER_INPUT } }));
        const operation = getOperationAST(document, payload.operationName);
        if (operation?.operation !== "subscription") {
          return refuse("Only subscriptions are served over WebSocket; send queries and mutations as HTTP POST to /graphql.", ErrorCode.BAD_USER_INPUT);
        }
        // The same cost budget as over HTTP: a subscription's first answer reads what a query would.
        let cost: number;
        try {
          cost = operationCost(options.schema, document, payload.variables ?? undefined, payload.operationName);
        } catch (error) {
          return refuse(error instanceof GraphQLError ? error.message : "The operation's variables could not be read.", ErrorCode.BAD_USER_INPUT);
        }
        if (cost > options.limits.maxCost) {
          return refuse(
            `This operation is too expensive: it costs ${cost} and the limit is ${options.limits.maxCost} (each field that reads from the exchanges costs more). Split it into smaller operations.`,
            ErrorCode.BAD_USER_INPUT,
          );
        }
        const args: ExecutionArgs = {
          schema: options.schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: {
            ...createContext(principal, options.services),
            socket: { close: (code: number, reason: string) => ctx.extra.socket.close(code, reason) },
          },
        };
        return args;
      },
      onNext: (_ctx, _id, _payload, _args, result) => {
        if (!result.errors?.length) return undefined;
        return { ...result, errors: result.errors.map((e) => options.formatError(e.toJSON(), e)) } as never;
      },
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => options.formatError(e.toJSON(), e)) as never,
    },
    wss,
  );
  wss.on("error", (error) => options.logger.error({ err: error.message }, "live WebSocket server error"));
  return {
    dispose: async () => {
      await cleanup.dispose();
    },
  };
}
