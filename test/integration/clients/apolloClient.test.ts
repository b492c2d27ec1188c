import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { SANDBOX_TOKEN } from "../../../src/server/sandbox.js";
import { DashboardDocument, TransferDocument, TransfersDocument } from "../../generated/graphql.js";
import { postGraphql } from "../../support/postGraphql.js";
import { startSandboxCoffer, type SandboxCoffer } from "../../support/startSandboxCoffer.js";
import { readme, recipeSource } from "./readmeRecipe.js";
import { cofferApolloClient } from "./recipes/apolloClientRecipe.js";

let env: SandboxCoffer;

beforeAll(async () => {
  env = await startSandboxCoffer();
});
afterAll(async () => {
  await env?.close();
});

describe("the Apollo Client recipe against the sandbox", () => {
  it("is the code the README shows", () => {
    expect(readme()).toContain(recipeSource("apolloClientRecipe.ts", "apollo-client"));
  });

  it("normalises accounts by id and margin accounts by accountId", async () => {
    const client = cofferApolloClient(`${env.url}/graphql`, SANDBOX_TOKEN);
    const { data } = await client.query({ query: DashboardDocument, variables: { filter: { includeSubAccounts: true } } });
    const margin = data!.marginAccounts.filter((m) => m !== null);
    expect(margin.length).toBeGreaterThan(0);
    const cache = client.cache.extract() as Record<string, unknown>;
    for (const m of margin) expect(cache[`MarginAccount:${JSON.stringify({ accountId: m!.accountId })}`]).toBeDefined();
    for (const a of data!.accounts) if (a) expect(cache[`Account:${a.id}`]).toBeDefined();
    // Every margin account got its own entry: none overwrote another.
    expect(Object.keys(cache).filter((key) => key.startsWith("MarginAccount:"))).toHaveLength(margin.length);
    client.stop();
  });

  it("pages transfers with relayStylePagination: fetchMore appends each page to one list, in the server's order", async () => {
    const client = cofferApolloClient(`${env.url}/graphql`, SANDBOX_TOKEN);
    for (let i = 0; i < 5; i += 1) {
      const { data } = await client.mutate({
        mutation: TransferDocument,
        variables: {
          input: { connectionId: "binance-sandbox", asset: "USDT", amount: `0.${i + 1}`, from: { type: "SPOT" }, to: { type: "FUNDING" }, idempotencyKey: `apollo-recipe-${i}` },
        },
      });
      expect(data!.transfer.transfer.status).toBe("CONFIRMED");
    }
    const filter = { connectionIds: ["binance-sandbox"] };
    // The whole history in one page, straight over HTTP, to compare with.
    const whole = await postGraphql(env.url, TransfersDocument, { filter, first: 100 }, SANDBOX_TOKEN);
    const expected = whole.data!.transfers.edges.map((e) => e.node.id);
    expect(expected.length).toBeGreaterThanOrEqual(5);

    const watched = client.watchQuery({ query: TransfersDocument, variables: { filter, first: 2 } });
    const first = await new Promise<{ endCursor: string | null; hasNextPage: boolean }>((resolve, reject) => {
      const subscription = watched.subscribe({
        next: (result) => {
          if (result.dataState !== "complete") return;
          subscription.unsubscribe();
          resolve(result.data.transfers.pageInfo);
        },
        error: reject,
      });
    });
    expect(first.hasNextPage).toBe(true);
    let pageInfo = first;
    let pages = 1;
    while (pageInfo.hasNextPage) {
      const more = await watched.fetchMore({ variables: { after: pageInfo.endCursor } });
      pageInfo = more.data!.transfers.pageInfo;
      pages += 1;
      expect(pages).toBeLessThan(100);
    }
    const merged = client.readQuery({ query: TransfersDocument, variables: { filter, first: 2 } })!;
    expect(pages).toBe(Math.ceil(expected.length / 2));
    expect(merged.transfers.edges.map((e) => e.node.id)).toEqual(expected);
    expect(merged.transfers.pageInfo.hasNextPage).toBe(false);
    client.stop();
  });
});
