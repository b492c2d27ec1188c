import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { cacheExchange, Client, fetchExchange } from "@urql/core";
import { SANDBOX_TOKEN } from "../../../src/server/sandbox.js";
import { ConnectionsDocument, DashboardDocument } from "../../generated/graphql.js";
import { startSandboxCoffer, type SandboxCoffer } from "../../support/startSandboxCoffer.js";
import { readme, recipeSource } from "./readmeRecipe.js";
import { cofferUrqlClient, cofferUrqlGetClient } from "./recipes/urqlRecipe.js";

let env: SandboxCoffer;
/** The HTTP method of every request Coffer received, in order. */
const methods: string[] = [];

beforeAll(async () => {
  env = await startSandboxCoffer();
  env.coffer.app.server.prependListener("request", (req) => methods.push(req.method ?? ""));
});
afterAll(async () => {
  await env?.close();
});

describe("the urql recipe against the sandbox", () => {
  it("is the code the README shows", () => {
    expect(readme()).toContain(recipeSource("urqlRecipe.ts", "urql"));
  });

  it("runs the dashboard over POST and gets typed data", async () => {
    methods.length = 0;
    const result = await cofferUrqlClient(`${env.url}/graphql`, SANDBOX_TOKEN)
      .query(DashboardDocument, { filter: { exchanges: ["HTX"] } })
      .toPromise();
    expect(result.error).toBeUndefined();
    expect(result.data!.accounts.length).toBeGreaterThan(0);
    expect(new Set(result.data!.accounts.map((a) => a?.exchange))).toEqual(new Set(["HTX"]));
    expect(methods).toEqual(["POST"]);
  });

  it("runs a short query over GET when the request carries apollo-require-preflight", async () => {
    methods.length = 0;
    const result = await cofferUrqlGetClient(`${env.url}/graphql`, SANDBOX_TOKEN).query(ConnectionsDocument, {}).toPromise();
    expect(result.error).toBeUndefined();
    expect(result.data!.connections).toHaveLength(2);
    expect(methods).toEqual(["GET"]);
  });

  it("shows why: urql's default GET without the header is refused by the CSRF guard", async () => {
    const plain = new Client({
      url: `${env.url}/graphql`,
      exchanges: [cacheExchange, fetchExchange],
      fetchOptions: () => ({ headers: { authorization: `Bearer ${SANDBOX_TOKEN}` } }),
    });
    const result = await plain.query(ConnectionsDocument, {}).toPromise();
    expect(result.data).toBeUndefined();
    expect(result.error?.response?.status).toBe(400);
    expect(result.error?.graphQLErrors[0]?.extensions.code).toBe("BAD_USER_INPUT");
    expect(result.error?.graphQLErrors[0]?.message).toContain("apollo-require-preflight");
  });

  it("surfaces Coffer's error code", async () => {
    const result = await cofferUrqlClient(`${env.url}/graphql`, "not-a-token").query(ConnectionsDocument, {}).toPromise();
    expect(result.error?.graphQLErrors[0]?.extensions.code).toBe("UNAUTHENTICATED");
  });
});
