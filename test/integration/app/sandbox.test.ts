import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { SANDBOX_READONLY_TOKEN, SANDBOX_TOKEN } from "../../../src/server/sandbox.js";
import { ConnectionsDocument, DashboardDocument, TransferDocument } from "../../generated/graphql.js";
import { postGraphql } from "../../support/postGraphql.js";
import { startSandboxCoffer, type SandboxCoffer } from "../../support/startSandboxCoffer.js";

let env: SandboxCoffer;

beforeAll(async () => {
  env = await startSandboxCoffer();
});
afterAll(async () => {
  await env?.close();
});

describe("the sandbox, end to end over HTTP", () => {
  it("lists both connections and their spot wallets, read through the connectors from the simulators", async () => {
    const before = env.sandbox.binance.calls.length + env.sandbox.htx.calls.length;
    const result = await postGraphql(env.url, DashboardDocument, {}, SANDBOX_TOKEN);
    expect(result.errors).toBeUndefined();
    const data = result.data!;
    expect(data.connections.map((c) => c.exchange).sort()).toEqual(["BINANCE", "HTX"]);
    const spot = data.accounts.filter((a) => a?.type === "SPOT");
    expect(spot.map((a) => a!.exchange).sort()).toEqual(["BINANCE", "HTX"]);
    for (const account of spot) expect(account!.balances.length).toBeGreaterThan(0);

    // The data came over the wire: both simulators saw signed calls for it.
    const binanceCalls = env.sandbox.binance.calls.filter((c) => c.path === "/api/v3/account");
    expect(binanceCalls.length).toBeGreaterThan(0);
    expect(binanceCalls.every((c) => /(^|&)signature=[0-9a-f]{64}$/.test(c.rawQuery))).toBe(true);
    const htxCalls = env.sandbox.htx.calls.filter((c) => /\/v1\/account\/accounts\/\d+\/balance/.test(c.path));
    expect(htxCalls.length).toBeGreaterThan(0);
    expect(htxCalls.every((c) => c.rawQuery.includes("Signature="))).toBe(true);
    expect(env.sandbox.binance.calls.length + env.sandbox.htx.calls.length).toBeGreaterThan(before);
  });

  it("shows the simulator's exact balance for a Binance spot asset", async () => {
    const result = await postGraphql(env.url, DashboardDocument, { filter: { exchanges: ["BINANCE"], types: ["SPOT"] } }, SANDBOX_TOKEN);
    const account = result.data!.accounts[0]!;
    for (const balance of account.balances) {
      expect(balance.total).toBe(env.sandbox.binance.balance({ type: "SPOT" as never }, balance.asset));
    }
  });

  it("serves ExchangeConnection.accounts narrowed by type", async () => {
    const result = await postGraphql(env.url, ConnectionsDocument, { types: ["SPOT"] }, SANDBOX_TOKEN);
    expect(result.errors).toBeUndefined();
    for (const connection of result.data!.connections) {
      expect(connection.accounts!.map((a) => a.type)).toEqual(["SPOT"]);
    }
  });
});

describe("authentication", () => {
  it("refuses a request without a token with UNAUTHENTICATED and makes no upstream call", async () => {
    const before = env.sandbox.binance.calls.length + env.sandbox.htx.calls.length;
    const result = await postGraphql(env.url, DashboardDocument, {}, null);
    expect(result.status).toBe(401);
    expect(result.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    expect(result.data ?? null).toBeNull();
    expect(env.sandbox.binance.calls.length + env.sandbox.htx.calls.length).toBe(before);
  });

  it("refuses an unknown token with UNAUTHENTICATED", async () => {
    const result = await postGraphql(env.url, DashboardDocument, {}, "not-a-token");
    expect(result.status).toBe(401);
    expect(result.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("refuses the transfer mutation to a read-only token with FORBIDDEN and sends nothing", async () => {
    const before = env.sandbox.binance.calls.filter((c) => c.method === "POST").length;
    const result = await postGraphql(
      env.url,
      TransferDocument,
      {
        input: {
          connectionId: "binance-sandbox",
          asset: "USDT",
          amount: "1",
          from: { type: "SPOT" },
          to: { type: "USDM_FUTURES" },
          idempotencyKey: "forbidden-1",
        },
      },
      SANDBOX_READONLY_TOKEN,
    );
    expect(result.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect(env.sandbox.binance.calls.filter((c) => c.method === "POST").length).toBe(before);
  });

  it("lets the read-only token read", async () => {
    const result = await postGraphql(env.url, ConnectionsDocument, {}, SANDBOX_READONLY_TOKEN);
    expect(result.errors).toBeUndefined();
    expect(result.data!.connections).toHaveLength(2);
  });
});

describe("bad input", () => {
  it("answers a Decimal sent as a number with BAD_USER_INPUT naming the field", async () => {
    const response = await fetch(`${env.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${SANDBOX_TOKEN}` },
      body: JSON.stringify({
        query: "mutation($input: TransferInput!) { transfer(input: $input) { replayed } }",
        variables: {
          input: { connectionId: "binance-sandbox", asset: "USDT", amount: 1e-7, from: { type: "SPOT" }, to: { type: "FUNDING" }, idempotencyKey: "k" },
        },
      }),
    });
    const body = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
    expect(body.errors[0].message).toContain("input.amount");
    expect(body.errors[0].message).toContain("a Decimal is a string of digits");
  });

  it("answers a query that does not fit the schema with BAD_USER_INPUT", async () => {
    const response = await fetch(`${env.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${SANDBOX_TOKEN}` },
      body: JSON.stringify({ query: "{ accounts { noSuchField } }" }),
    });
    const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
  });
});
