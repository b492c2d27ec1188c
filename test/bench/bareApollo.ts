import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The yardstick for Coffer's own overhead: a bare Apollo Server on the same express 5
 * integration, with Coffer's public schema (schema/schema.graphql, SDL) and root resolvers that
 * return a recorded dashboard answer from memory. No auth, no loaders, no cache, no connectors.
 */
export async function startBareApollo(recorded: Record<string, unknown>): Promise<{ url: string; close(): Promise<void> }> {
  const typeDefs = readFileSync(new URL("../../../schema/schema.graphql", import.meta.url), "utf8");
  const app = express();
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer({
    typeDefs,
    resolvers: {
      Query: {
        connections: () => recorded.connections,
        accounts: () => recorded.accounts,
        marginAccounts: () => recorded.marginAccounts,
        portfolio: () => recorded.portfolio,
      },
    },
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginDrainHttpServer({ httpServer })],
  });
  await apollo.start();
  app.post("/graphql", express.json({ limit: "1mb" }), expressMiddleware(apollo));
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    async close() {
      await apollo.stop();
    },
  };
}
