import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import { createReadStream } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { ExchangeConnector } from "./connectors/connector.js";
import { createAuthenticator } from "./graphql/auth.js";
import { buildCofferSchema } from "./graphql/buildCofferSchema.js";
import { createContext, type CofferServices, type GraphQLContext } from "./graphql/context.js";
import { formatError } from "./graphql/plugins/formatError.js";
import { partialErrorsPlugin } from "./graphql/plugins/partialErrorsPlugin.js";
import type { TransferApi } from "./graphql/transferApi.js";
import type { TokenConfig } from "./config/config.types.js";
import type { Logger } from "./observability/logger.js";
import { DEFAULT_QUERY } from "./playground/defaultQuery.js";
import { GRAPHIQL_ASSETS } from "./playground/graphiqlAssets.js";
import { GRAPHIQL_INIT_SCRIPT } from "./playground/graphiqlInit.js";
import { GRAPHIQL_CSP, renderGraphiqlPage } from "./playground/graphiqlPage.js";

export interface AppOptions {
  readonly tokens: readonly TokenConfig[];
  readonly connectors: readonly ExchangeConnector[];
  readonly transfers: TransferApi | null;
  readonly logger: Logger;
  /** Pre-filled in GraphiQL (sandbox only). */
  readonly demoToken?: string | null;
  /** Largest request body accepted. */
  readonly bodyLimit?: string;
}

export interface RunningApp {
  readonly server: http.Server;
  readonly url: string;
  close(): Promise<void>;
}

const ASSETS_PATH = "/graphiql-assets";

/** Builds the HTTP app: GraphQL on POST /graphql, GraphiQL on GET /graphql from a browser, /healthz. */
export async function createApp(options: AppOptions): Promise<{ app: express.Express; apollo: ApolloServer<GraphQLContext>; httpServer: http.Server }> {
  const byId = new Map(options.connectors.map((c) => [c.connectionId, c]));
  const services: CofferServices = {
    connectors: options.connectors,
    connectorById: (id) => byId.get(id),
    transfers: options.transfers,
  };
  const authenticate = createAuthenticator(options.tokens);
  const app = express();
  app.disable("x-powered-by");
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<GraphQLContext>({
    schema: buildCofferSchema(),
    formatError,
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      partialErrorsPlugin(),
    ],
  });
  await apollo.start();

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok", connections: options.connectors.map((c) => ({ id: c.connectionId, exchange: c.exchange })) });
  });

  app.get(`${ASSETS_PATH}/:name`, (req, res) => {
    if (req.params.name === "init.js") {
      res.type("text/javascript").send(GRAPHIQL_INIT_SCRIPT);
      return;
    }
    const asset = GRAPHIQL_ASSETS[req.params.name];
    if (!asset) {
      res.status(404).end();
      return;
    }
    res.setHeader("content-type", asset.type);
    res.setHeader("cache-control", "public, max-age=3600");
    createReadStream(asset.file).pipe(res);
  });

  // A browser asking for /graphql gets GraphiQL; API clients fall through to Apollo.
  app.get("/graphql", (req, res, next) => {
    if (req.accepts(["application/json", "text/html"]) !== "text/html") return next();
    res.setHeader("content-security-policy", GRAPHIQL_CSP);
    res.type("html").send(
      renderGraphiqlPage({ endpoint: "/graphql", demoToken: options.demoToken ?? null, defaultQuery: DEFAULT_QUERY, assetsPath: ASSETS_PATH }),
    );
  });

  app.use(
    "/graphql",
    express.json({ limit: options.bodyLimit ?? "100kb" }),
    expressMiddleware(apollo, {
      context: async ({ req }) => createContext(authenticate(req.headers.authorization), services),
    }),
  );
  return { app, apollo, httpServer };
}

/** Starts the app on host:port (port 0 picks a free one). */
export async function startApp(options: AppOptions & { host: string; port: number }): Promise<RunningApp> {
  const { apollo, httpServer } = await createApp(options);
  await new Promise<void>((resolve) => httpServer.listen(options.port, options.host, resolve));
  const address = httpServer.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    server: httpServer,
    url: `http://${host}:${address.port}`,
    async close() {
      await apollo.stop();
      httpServer.closeAllConnections();
    },
  };
}
