import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import { createReadStream } from "node:fs";
import { join } from "node:path";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { ExchangeConnector } from "../exchanges/exchange.js";
import { createAuthenticator } from "../graphql/auth.js";
import { buildCofferSchema } from "../graphql/buildCofferSchema.js";
import { createContext, type CofferServices, type GraphQLContext } from "../graphql/context.js";
import { requestSignal } from "../graphql/requestSignal.js";
import { costLimitPlugin, DEFAULT_QUERY_LIMITS, queryLimitRules, type QueryLimits } from "../graphql/limits/queryLimits.js";
import { createTokenRateLimiter, DEFAULT_TOKEN_RATE_LIMIT, type TokenRateLimit } from "../graphql/limits/tokenRateLimiter.js";
import { admitRequest, admittedPrincipal } from "../graphql/limits/admitRequest.js";
import { createFormatError } from "../graphql/plugins/formatError.js";
import { inputCodesPlugin } from "../graphql/plugins/inputCodesPlugin.js";
import { warmUpAtStart, type StartUpWarmUp } from "./warmUpOperations.js";
import { createWarmUpRequest, WARM_UP_HTTP_PRINCIPAL } from "./warmUpRequest.js";
import { answerReusePlugin } from "../graphql/plugins/answerReusePlugin.js";
import type { SnapshotCache } from "../cache/snapshotCache.js";
import { metricsPlugin } from "../graphql/plugins/metricsPlugin.js";
import { partialErrorsPlugin } from "../graphql/plugins/partialErrorsPlugin.js";
import { scopePlugin } from "../graphql/plugins/scopePlugin.js";
import { ErrorCode } from "../domain/errors.js";
import type { ConnectionHealth } from "../exchanges/kit/upstreamGuard.js";
import { createMetrics, type CofferMetrics } from "../observability/metrics.js";
import type { TransferApi } from "../graphql/transferApi.js";
import type { TokenConfig } from "../settings/config.types.js";
import type { Logger } from "../observability/logger.js";
import type { LiveServices } from "../live/liveServices.js";
import { startLiveTransport } from "../live/liveTransport.js";
import { DEFAULT_QUERY } from "../playground/defaultQuery.js";
import { GRAPHIQL_ASSETS } from "../playground/graphiqlAssets.js";
import { GRAPHIQL_INIT_SCRIPT } from "../playground/graphiqlInit.js";
import { GRAPHIQL_CSP, graphiqlCsp, renderGraphiqlPage } from "../playground/graphiqlPage.js";
import { DASHBOARD_ASSETS, dashboardCsp, dashboardDistDir, renderDashboardPage } from "../dashboard/server/dashboardPage.js";
import { httpServerOptions, resolveServerLimits, type ServerLimits } from "./serverLimits.js";
import { corsMiddleware, DEFAULT_CORS_MAX_AGE_SECONDS, type CorsOptions } from "./corsMiddleware.js";
import type { TrustedDocumentManifest } from "../graphql/trustedDocuments/trustedDocumentManifest.js";
import { trustedDocumentsMiddleware } from "../graphql/trustedDocuments/trustedDocumentsMiddleware.js";
import { DEFAULT_TUNING } from "../settings/tuning.js";

export interface AppOptions {
  readonly tokens: readonly TokenConfig[];
  readonly connectors: readonly ExchangeConnector[];
  readonly transfers: TransferApi;
  readonly logger: Logger;
  /** Pre-filled in GraphiQL (sandbox only). */
  readonly demoToken?: string | null;
  /** Largest request body accepted (default "100kb"); larger → 413. */
  readonly bodyLimit?: string;
  /** Production mode (default off; `main.ts` turns it on with NODE_ENV=production): no introspection, no field suggestions. */
  readonly production?: boolean;
  /** Depth, aliases, cost budget and token count of one operation. */
  readonly queryLimits?: Partial<QueryLimits>;
  /** Requests per token (default 50/s, bursts of 200), checked from the headers before the body is read. */
  readonly tokenRateLimit?: TokenRateLimit;
  /** Header, request and keep-alive timeouts and the connection cap (defaults: DEFAULT_SERVER_LIMITS). */
  readonly serverLimits?: Partial<ServerLimits>;
  /** Prometheus metrics served on GET /metrics (default: a registry of this app's own). */
  readonly metrics?: CofferMetrics;
  /** Each connection's last upstream state, for GET /healthz. */
  readonly health?: () => readonly ConnectionHealth[];
  /** Browser origins allowed to call /graphql (default: none). */
  readonly cors?: CorsOptions;
  /** When given, only these documents run (trusted documents); default: any operation. */
  readonly trustedDocuments?: TrustedDocumentManifest | null;
  /** Live updates: GraphQL subscriptions over graphql-ws on /graphql (none when absent). */
  readonly live?: LiveServices;
  /** The fleet's Redis state for GET /healthz (`redis` section), when `redis` is configured. */
  readonly fleet?: () => { readonly mode: "shared" | "degraded"; readonly fleetSize: number; readonly slot: number | null };
  /** The snapshot cache the connectors read through: answers built from it are reused while it is unchanged (none when absent). */
  readonly snapshots?: SnapshotCache;
  /** Runs the queries once with no connections at start-up, in the background (default on; see warmUpOperations). */
  readonly warmUp?: boolean;
  /** When given: once it settles, every wallet is read once through the queries (see warmUpReads; part of `warmedUp`). */
  readonly warmUpReadsAfter?: Promise<void>;
}

export interface RunningApp {
  readonly server: http.Server;
  readonly url: string;
  /** Settles when the start-up warm-up is over (at once when it is off). */
  readonly warmedUp: Promise<void>;
  close(): Promise<void>;
}

const ASSETS_PATH = "/graphiql-assets";
const DASHBOARD_ASSETS_PATH = "/dashboard-assets";

/** Builds the HTTP app: GraphQL on POST /graphql, GraphiQL on GET /graphql from a browser, /healthz. */
async function createApp(options: AppOptions): Promise<{
  app: express.Express;
  apollo: ApolloServer<GraphQLContext>;
  httpServer: http.Server;
  /** What the start-up warm-up runs against, once the server listens. */
  warmUpParts: Omit<StartUpWarmUp, "endpoint" | "stopped">;
}> {
  const byId = new Map(options.connectors.map((c) => [c.connectionId, c]));
  const services: CofferServices = {
    connectors: options.connectors,
    connectorById: (id) => byId.get(id),
    transfers: options.transfers,
    ...(options.live ? { live: options.live } : {}),
  };
  const configuredTokens = createAuthenticator(options.tokens);
  const warmUpRequest = createWarmUpRequest();
  /** The configured tokens, and the start-up's own request (one, over loopback, reading nothing). */
  const authenticate = (authorization: string | undefined) => warmUpRequest.admit(authorization) ?? configuredTokens(authorization);
  const production = options.production ?? false;
  const limits: QueryLimits = { ...DEFAULT_QUERY_LIMITS, ...options.queryLimits };
  const bodyLimit = options.bodyLimit ?? DEFAULT_TUNING.bodyLimit;
  const metrics = options.metrics ?? createMetrics({ processMetrics: false });
  const tokenLimiter = createTokenRateLimiter(options.tokenRateLimit ?? DEFAULT_TOKEN_RATE_LIMIT);
  const serverLimits = resolveServerLimits(options.serverLimits);
  const formatError = createFormatError({
    hideSuggestions: production,
    onError: (code) => metrics.graphqlErrors.inc({ code }),
    onInternal: (formatted, error) =>
      options.logger.error({ message: formatted.message, apolloCode: formatted.extensions?.code, path: formatted.path, error }, "internal error masked for the client"),
  });
  const schema = buildCofferSchema();
  const app = express();
  app.disable("x-powered-by");
  // No ETag: a GraphQL answer is POSTed, per token and live; hashing every body (18 KB for a
  // dashboard) bought no 304 a client could use.
  app.set("etag", false);
  const httpServer = http.createServer(httpServerOptions(serverLimits), app);
  // Past the cap Node closes a new connection at once, before reading a byte of it.
  httpServer.maxConnections = serverLimits.maxConnections;
  httpServer.on("drop", () => metrics.connectionsDropped.inc());
  // Subscriptions: graphql-ws on the same server and path, closed when Apollo drains.
  const liveTransport = options.live
    ? startLiveTransport({ httpServer, path: "/graphql", schema, services, live: options.live, authenticate: configuredTokens, limits, formatError, logger: options.logger })
    : null;
  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: !production,
    hideSchemaDetailsFromClientErrors: production,
    // A browser form or a simple request cannot post an operation (GraphiQL and API clients send JSON).
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // No automatic persisted queries: every operation arrives whole and is checked whole.
    persistedQueries: false,
    // Parsing stops at this many tokens: a huge document is refused before it costs anything.
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: queryLimitRules(limits),
    // Our own handler below stops the server on SIGTERM, after in-flight requests.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // No @cacheControl hints in the schema and every answer is per token: Apollo's cache-control
      // plugin (a wrapper around every field resolver) would only compute "no-store" at a cost.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      costLimitPlugin(schema, limits.maxCost),
      scopePlugin(),
      inputCodesPlugin(schema),
      partialErrorsPlugin(formatError),
      ...(options.snapshots ? [answerReusePlugin(options.snapshots)] : []),
      metricsPlugin(metrics),
      { serverWillStart: async () => ({ drainServer: async () => liveTransport?.dispose() }) },
    ],
  });
  await apollo.start();

  app.get("/healthz", (_req, res) => {
    const health = new Map((options.health?.() ?? []).map((h) => [h.id, h]));
    const connections = options.connectors.map((c) => ({ exchange: c.exchange, ...(health.get(c.connectionId) ?? { state: "unknown" }), id: c.connectionId }));
    const fleet = options.fleet?.();
    const degraded = connections.some((c) => c.state === "down" || c.state === "failing" || c.state === "rate_limited") || fleet?.mode === "degraded";
    res.setHeader("cache-control", "no-store");
    res.json({ status: degraded ? "degraded" : "ok", connections, ...(fleet ? { redis: fleet } : {}) });
  });

  app.get("/metrics", async (_req, res) => {
    res.setHeader("content-type", metrics.registry.contentType);
    res.setHeader("cache-control", "no-store");
    res.send(await metrics.registry.metrics());
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

  // The dashboard: a page over this API, bundled at build time (npm run build), served from here.
  const dashboardDir = dashboardDistDir();
  app.get("/", (_req, res) => res.redirect(302, "/dashboard"));
  app.get("/dashboard", (req, res) => {
    res.setHeader("content-security-policy", dashboardCsp(req.headers.host, req.secure));
    res.setHeader("cache-control", "no-store");
    res.type("html").send(renderDashboardPage({ endpoint: "/graphql", demoToken: options.demoToken ?? null, assetsPath: DASHBOARD_ASSETS_PATH }));
  });
  app.get(`${DASHBOARD_ASSETS_PATH}/:name`, (req, res) => {
    const type = DASHBOARD_ASSETS[req.params.name];
    if (!type) {
      res.status(404).end();
      return;
    }
    res.setHeader("content-type", type);
    res.setHeader("cache-control", "no-cache");
    createReadStream(join(dashboardDir, req.params.name))
      .on("error", () => {
        if (!res.headersSent) res.status(503).type("text/plain").send("The dashboard is not built: run npm run build.");
      })
      .pipe(res);
  });

  // ── Client fit: CORS for the configured browser origins (preflights answered here, before
  // anything else on /graphql) and, when on, trusted documents (after the body is read, before
  // Apollo parses anything).
  app.use("/graphql", corsMiddleware(options.cors ?? { origins: [], maxAgeSeconds: DEFAULT_CORS_MAX_AGE_SECONDS }));
  const trustedDocuments = options.trustedDocuments
    ? [trustedDocumentsMiddleware({ manifest: options.trustedDocuments, maxTokens: limits.maxTokens, onRefused: (code) => metrics.graphqlErrors.inc({ code }) })]
    : [];
  // ── end of client fit

  // A browser asking for /graphql gets GraphiQL; API clients fall through to Apollo.
  app.get("/graphql", (req, res, next) => {
    if (req.accepts(["application/json", "text/html"]) !== "text/html") return next();
    res.setHeader("content-security-policy", options.live ? graphiqlCsp(req.headers.host, req.secure) : GRAPHIQL_CSP);
    res.type("html").send(renderGraphiqlPage({ endpoint: "/graphql", demoToken: options.demoToken ?? null, defaultQuery: DEFAULT_QUERY, assetsPath: ASSETS_PATH }));
  });

  app.use(
    "/graphql",
    // Token and rate limit from the headers first: a refused client never gets its body read.
    admitRequest({ authenticate, tokenLimiter, onRefused: (code) => metrics.graphqlErrors.inc({ code }) }),
    express.json({ limit: bodyLimit }),
    (req, _res, next) => {
      // A POST that is not JSON leaves no body: let Apollo refuse it (400), not the integration (500).
      if (!("body" in req)) (req as { body?: unknown }).body = undefined;
      next();
    },
    ...trustedDocuments,
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const principal = admittedPrincipal(res) ?? authenticate(req.headers.authorization);
        const context = createContext(principal, services, requestSignal(res));
        return principal === WARM_UP_HTTP_PRINCIPAL ? { ...context, warmUp: true } : context;
      },
    }),
  );

  app.use((_req: express.Request, res: express.Response) => {
    res.status(404).json({ errors: [{ message: "Not found. GraphQL is served on /graphql.", extensions: { code: ErrorCode.NOT_FOUND } }] });
  });

  // Requests the body parser refused (bad JSON, too large, wrong charset) get a GraphQL-shaped
  // 4xx; anything else is our bug and says no more than that.
  app.use((error: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(error);
    const e = error as { status?: number; statusCode?: number; type?: string };
    const status = e.status ?? e.statusCode ?? 500;
    let message = "Internal server error.";
    let code: ErrorCode = ErrorCode.INTERNAL_SERVER_ERROR;
    if (status >= 400 && status < 500) {
      code = ErrorCode.BAD_USER_INPUT;
      message =
        e.type === "entity.too.large"
          ? `The request body is larger than the limit of ${bodyLimit}.`
          : e.type === "entity.parse.failed"
            ? "The request body is not valid JSON."
            : e.type === "charset.unsupported" || e.type === "encoding.unsupported"
              ? "The request body's charset or encoding is not supported; send UTF-8 JSON."
              : "The request could not be read.";
    } else {
      options.logger.error({ error }, "unhandled error in the HTTP layer");
    }
    metrics.graphqlErrors.inc({ code });
    res.status(status >= 400 && status < 500 ? status : 500).json({ errors: [{ message, extensions: { code } }] });
  });
  const warmUpParts = {
    apollo,
    schema,
    services,
    operations: options.warmUp !== false,
    ...(options.warmUpReadsAfter ? { readsAfter: options.warmUpReadsAfter } : {}),
    ...(options.snapshots ? { snapshots: options.snapshots } : {}),
    // With trusted documents on, the request's own document would be refused (and counted as a
    // client's error): none then; the operations are still warmed through Apollo.
    request: options.warmUp !== false && !options.trustedDocuments ? warmUpRequest : null,
  };
  if (!warmUpParts.request) warmUpRequest.revoke();
  return { app, apollo, httpServer, warmUpParts };
}

/** Starts the app on host:port (port 0 picks a free one). */
export async function startApp(options: AppOptions & { host: string; port: number }): Promise<RunningApp> {
  const { apollo, httpServer, warmUpParts } = await createApp(options);
  // A server that failed to listen or is closing runs no more warm-up (Apollo refuses
  // operations once stopped, and the connectors are closed).
  let stopping = false;
  // A port already taken (or any listen error) fails the start instead of leaving it waiting.
  await new Promise<void>((resolve, reject) => {
    const failed = (error: Error) => reject(error);
    httpServer.once("error", failed);
    httpServer.listen(options.port, options.host, () => {
      httpServer.off("error", failed);
      resolve();
    });
  }).catch(async (error: unknown) => {
    await apollo.stop().catch(() => undefined);
    throw error;
  });
  const address = httpServer.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  const url = `http://${host}:${address.port}`;
  const warmedUp = warmUpAtStart({ ...warmUpParts, endpoint: `${url}/graphql`, stopped: () => stopping });
  return {
    server: httpServer,
    url,
    warmedUp,
    async close() {
      stopping = true;
      await apollo.stop();
      httpServer.closeAllConnections();
    },
  };
}
