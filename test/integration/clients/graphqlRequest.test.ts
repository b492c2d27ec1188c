import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { SANDBOX_READONLY_TOKEN, SANDBOX_TOKEN } from "../../../src/server/sandbox.js";
import { AccountType } from "../../../src/domain/enums.js";
import { startSandboxCoffer, type SandboxCoffer } from "../../support/startSandboxCoffer.js";
import { readme, recipeSource } from "./readmeRecipe.js";
import { cofferClient, loadDashboard, transfer } from "./recipes/graphqlRequestRecipe.js";

let env: SandboxCoffer;

beforeAll(async () => {
  env = await startSandboxCoffer();
});
afterAll(async () => {
  await env?.close();
});

describe("the graphql-request recipe against the sandbox", () => {
  it("is the code the README shows", () => {
    expect(readme()).toContain(recipeSource("graphqlRequestRecipe.ts", "graphql-request"));
  });

  it("loads the dashboard, typed, with the simulators' exact balances", async () => {
    const data = await loadDashboard(cofferClient(`${env.url}/graphql`, SANDBOX_TOKEN));
    expect(new Set(data.connections.map((c) => c.exchange))).toEqual(new Set(["BINANCE", "HTX"]));
    const spot = data.accounts.find((a) => a?.exchange === "BINANCE" && a.type === "SPOT")!;
    expect(spot.balances.length).toBeGreaterThan(0);
    for (const balance of spot.balances) expect(balance.total).toBe(env.sandbox.binance.balance({ type: AccountType.SPOT }, balance.asset));
  });

  it("moves funds with the transfer mutation and surfaces a refusal's extensions.code", async () => {
    const moved = await transfer(cofferClient(`${env.url}/graphql`, SANDBOX_TOKEN), {
      connectionId: "binance-sandbox",
      asset: "USDT",
      amount: "1.25",
      from: { type: "SPOT" },
      to: { type: "FUNDING" },
      idempotencyKey: "graphql-request-recipe-1",
    });
    expect(moved.replayed).toBe(false);
    expect(moved.transfer.status).toBe("CONFIRMED");
    expect(moved.transfer.amount).toBe("1.25");
    await expect(
      transfer(cofferClient(`${env.url}/graphql`, SANDBOX_READONLY_TOKEN), {
        connectionId: "binance-sandbox",
        asset: "USDT",
        amount: "1",
        from: { type: "SPOT" },
        to: { type: "FUNDING" },
        idempotencyKey: "graphql-request-recipe-2",
      }),
    ).rejects.toThrow("transfer refused: FORBIDDEN");
  });

  it("keeps the data of the connections that answered when one fails", async () => {
    env.sandbox.htx.faults.fail5xx = 1_000;
    env.coffer.cache.invalidate("htx-sandbox"); // no snapshot from the tests above may answer
    try {
      const data = await loadDashboard(cofferClient(`${env.url}/graphql`, SANDBOX_TOKEN));
      expect(data.accounts.some((a) => a?.exchange === "BINANCE")).toBe(true);
      expect(data.accounts.some((a) => a === null)).toBe(true);
    } finally {
      env.sandbox.htx.faults.fail5xx = 0;
    }
  });
});
