import { afterEach, describe, expect, it } from "@jest/globals";
import { binanceDemoState } from "../../../src/exchanges/binance/simulator/demoState.js";
import type { BinanceSimState } from "../../../src/exchanges/binance/simulator/server.js";
import type { SimCall } from "../../../src/exchanges/kit/simulator/simServer.js";
import { SANDBOX_TOKEN } from "../../../src/server/sandbox.js";
import { DashboardDocument } from "../../generated/graphql.js";
import { postGraphql } from "../../support/postGraphql.js";
import { startSandboxCoffer, type SandboxCoffer } from "../../support/startSandboxCoffer.js";

/**
 * Reads whose target only a discovery call names (a master key's sub-accounts) leave together
 * with that call once it has been answered before, instead of one round trip after it; the
 * discovery's fresh answer still decides what the dashboard shows.
 */
const EVERYTHING = { filter: { includeSubAccounts: true } };
const LATENCY_MS = 200;
const SUB_ASSETS = "/sapi/v4/sub-account/assets";
const SUB_LIST = "/sapi/v1/sub-account/list";

let env: SandboxCoffer | null = null;
afterEach(async () => {
  await env?.close();
  env = null;
});

async function dashboard() {
  const result = await postGraphql(env!.url, DashboardDocument, EVERYTHING, SANDBOX_TOKEN);
  expect(result.errors).toBeUndefined();
  return result.data!.accounts.filter((a) => a?.subAccountEmail);
}

const emailOf = (call: SimCall) => new URLSearchParams(call.rawQuery).get("email");

/** The calls of the last dashboard (those after `from`). */
function callsSince(from: number, path: string): SimCall[] {
  return env!.sandbox.binance.callsTo(path).slice(from);
}

describe("sub-accounts' wallets read ahead of their list", () => {
  it("the first dashboard after start-up (list learned there) asks for every sub-account's wallets before the list could answer", async () => {
    const state = binanceDemoState();
    env = await startSandboxCoffer({ binanceState: state, cacheTtlMs: 100 });
    expect(env.sandbox.binance.callsTo(SUB_LIST)).toHaveLength(1); // learned at start-up
    await new Promise((resolve) => setTimeout(resolve, 150)); // that answer expired: the dashboard reads the list again
    env.sandbox.binance.faults.latencyMs = LATENCY_MS;
    const before = { list: env.sandbox.binance.callsTo(SUB_LIST).length, assets: env.sandbox.binance.callsTo(SUB_ASSETS).length };
    const subs = await dashboard();
    expect(new Set(subs.map((a) => a!.subAccountEmail))).toEqual(new Set(state.subAccounts.map((s) => s.email)));
    const [list] = callsSince(before.list, SUB_LIST);
    const assets = callsSince(before.assets, SUB_ASSETS);
    expect(assets.map(emailOf).sort()).toEqual(state.subAccounts.map((s) => s.email).sort());
    for (const call of assets) expect(call.at).toBeLessThan(list.at + LATENCY_MS);
  });

  it("a sub-account created since is shown with its wallets (read one step later); a removed one is not shown and costs no error", async () => {
    const state = binanceDemoState();
    env = await startSandboxCoffer({ binanceState: state, cacheTtlMs: 100 });
    await dashboard();
    const [kept, removed] = state.subAccounts;
    const added = { ...kept, email: "newcomer@sub.example" };
    (state as { subAccounts: BinanceSimState["subAccounts"] }).subAccounts = [kept, added];
    await new Promise((resolve) => setTimeout(resolve, 150));
    env.sandbox.binance.faults.latencyMs = LATENCY_MS;
    const from = env.sandbox.binance.callsTo(SUB_ASSETS).length;
    const subs = await dashboard();
    expect([...new Set(subs.map((a) => a!.subAccountEmail))].sort()).toEqual([added.email, kept.email].sort());
    // A new sub-account starts empty; its wallets are there, read from the exchange.
    expect(subs.filter((a) => a!.subAccountEmail === added.email).map((a) => [a!.type, a!.balances])).toEqual([
      ["SPOT", []],
      ["MARGIN_CROSS", []],
    ]);
    const [list] = callsSince(env.sandbox.binance.callsTo(SUB_LIST).length - 1, SUB_LIST);
    const byEmail = new Map(callsSince(from, SUB_ASSETS).map((c) => [emailOf(c), c.at]));
    // The known ones left with the list (the removed one's read was wasted, not shown); the new one after its answer.
    expect(byEmail.get(kept.email)!).toBeLessThan(list.at + LATENCY_MS);
    expect(byEmail.get(removed.email)!).toBeLessThan(list.at + LATENCY_MS);
    expect(byEmail.get(added.email)!).toBeGreaterThanOrEqual(list.at + LATENCY_MS);
  });
});
