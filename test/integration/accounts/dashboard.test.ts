import { afterEach, describe, expect, it } from "@jest/globals";
import { SANDBOX_TOKEN } from "../../../src/server/sandbox.js";
import { binanceDemoState } from "../../../src/exchanges/binance/simulator/demoState.js";
import type { BinanceSimState } from "../../../src/exchanges/binance/simulator/server.js";
import { htxDemoState, htxV5DemoState } from "../../../src/exchanges/htx/simulator/demoState.js";
import type { HtxSimState } from "../../../src/exchanges/htx/simulator/state.js";
import { countByEndpoint, minimumCalls } from "../../bench/dashboardMinimum.js";
import { DashboardDocument, TransferDocument } from "../../generated/graphql.js";
import { postGraphql } from "../../support/postGraphql.js";
import { startSandboxCoffer, type SandboxCoffer } from "../../support/startSandboxCoffer.js";

const EVERYTHING = { filter: { includeSubAccounts: true } };

/** A Binance account with more isolated pairs than one 5-symbol call holds, and three sub-accounts. */
function bigBinanceState(): BinanceSimState {
  const demo = binanceDemoState();
  const [template] = Object.values(demo.isolated);
  const isolated = { ...demo.isolated };
  for (const base of ["ADA", "DOT", "LTC", "XRP", "SOL", "BNB", "TRX"]) {
    isolated[`${base}USDT`] = { ...template, baseAsset: base, quoteAsset: "USDT", assets: { [base]: { free: "1.5" }, USDT: { free: "10.000000000000000001" } } };
  }
  const subAccounts = [...demo.subAccounts, { ...demo.subAccounts[0], email: "third@sub.example" }];
  return { ...demo, isolated, subAccounts };
}

/** An HTX account with five isolated contract accounts. */
function bigHtxState(): HtxSimState {
  const demo = htxDemoState();
  const template = demo.isolated[0];
  const extra = ["DOGE-USDT", "LTC-USDT"].map((code) => ({ ...template, contract_code: code, symbol: code.split("-")[0], margin_account: code }));
  return { ...demo, isolated: [...demo.isolated, ...(extra as typeof demo.isolated)] };
}

let env: SandboxCoffer | null = null;
afterEach(async () => {
  await env?.close();
  env = null;
});

describe("the dashboard query, batched and coalesced", () => {
  it("makes exactly the minimum number of upstream calls", async () => {
    const binanceState = bigBinanceState();
    const htxState = bigHtxState();
    env = await startSandboxCoffer({ binanceState, htxState });
    const result = await postGraphql(env.url, DashboardDocument, EVERYTHING, SANDBOX_TOKEN);
    expect(result.errors).toBeUndefined();
    // Every isolated pair and contract is there, read through the minimum of calls.
    const isolated = result.data!.accounts.filter((a) => a?.type === "MARGIN_ISOLATED");
    expect(isolated).toHaveLength(Object.keys(binanceState.isolated).length);
    const htxIsolated = result.data!.accounts.filter((a) => a?.exchange === "HTX" && a.type === "USDM_FUTURES" && a.symbol);
    expect(htxIsolated).toHaveLength(htxState.isolated.length);
    expect(result.data!.accounts.filter((a) => a?.subAccountEmail).length).toBe(2 * binanceState.subAccounts.length);

    const minimum = minimumCalls(binanceState, htxState);
    expect(countByEndpoint(env.sandbox.binance.calls)).toEqual(minimum.binance);
    expect(countByEndpoint(env.sandbox.htx.calls)).toEqual(minimum.htx);
  });

  it("keys every MarginAccount by its Account's id (MarginAccount.id = accountId = Account.id), in both places it is read", async () => {
    env = await startSandboxCoffer({ binanceState: bigBinanceState(), htxState: bigHtxState() });
    const dashboard = await postGraphql(env.url, DashboardDocument, EVERYTHING, SANDBOX_TOKEN);
    expect(dashboard.errors).toBeUndefined();
    const accountIds = new Set(dashboard.data!.accounts.map((a) => a!.id));
    const margins = dashboard.data!.marginAccounts.map((m) => m!);
    expect(margins.length).toBeGreaterThan(5);
    for (const margin of margins) {
      expect(margin.id).toBe(margin.accountId);
      expect(accountIds.has(margin.id)).toBe(true);
    }
    expect(new Set(margins.map((m) => m.id)).size).toBe(margins.length); // one cache key per MarginAccount

    // Account.margin: the same id as the Account it hangs from.
    const response = await fetch(`${env.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${SANDBOX_TOKEN}` },
      body: JSON.stringify({ query: "{ accounts(filter: { includeSubAccounts: true }) { id margin { __typename id accountId } } }" }),
    });
    const body = (await response.json()) as { data: { accounts: Array<{ id: string; margin: { __typename: string; id: string; accountId: string } | null }> }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    const withMargin = body.data.accounts.filter((a) => a.margin);
    expect(withMargin.map((a) => a.id).sort()).toEqual(margins.map((m) => m.id).sort());
    for (const a of withMargin) expect(a.margin).toEqual({ __typename: "MarginAccount", id: a.id, accountId: a.id });
  });

  it("makes exactly the minimum with HTX in Multi-Assets Collateral (V5) mode", async () => {
    const binanceState = binanceDemoState();
    const htxState = htxV5DemoState();
    env = await startSandboxCoffer({ binanceState, htxState });
    const result = await postGraphql(env.url, DashboardDocument, EVERYTHING, SANDBOX_TOKEN);
    expect(result.errors).toBeUndefined();
    const minimum = minimumCalls(binanceState, htxState);
    expect(countByEndpoint(env.sandbox.binance.calls)).toEqual(minimum.binance);
    expect(countByEndpoint(env.sandbox.htx.calls)).toEqual(minimum.htx);
  });

  it("answers 100 identical dashboard queries at once with no more upstream calls than one", async () => {
    // The promise holds inside the snapshot TTL; 100 full dashboards take a few seconds on a
    // loaded 2-core CI machine, so the TTL is set above that instead of the 2 s default.
    env = await startSandboxCoffer({ cacheTtlMs: 30_000 });
    const results = await Promise.all(Array.from({ length: 100 }, () => postGraphql(env!.url, DashboardDocument, EVERYTHING, SANDBOX_TOKEN)));
    for (const result of results) expect(result.errors).toBeUndefined();
    const first = JSON.stringify(results[0].data);
    expect(results.every((r) => JSON.stringify(r.data) === first)).toBe(true);
    const minimum = minimumCalls(binanceDemoState(), htxDemoState());
    const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
    expect(env.sandbox.binance.calls.length).toBe(total(minimum.binance));
    expect(env.sandbox.htx.calls.length).toBe(total(minimum.htx));
  });
});

describe("read-your-writes", () => {
  it("shows the moved balances in the very next query after a transfer", async () => {
    env = await startSandboxCoffer({ cacheTtlMs: 60_000 });
    const spotUsdt = async () => {
      const result = await postGraphql(env!.url, DashboardDocument, { filter: { exchanges: ["BINANCE"], types: ["SPOT", "USDM_FUTURES"] } }, SANDBOX_TOKEN);
      const byType = new Map(result.data!.accounts.map((a) => [a!.type, a!.balances.find((b) => b.asset === "USDT")?.total ?? "0"]));
      return { spot: byType.get("SPOT"), futures: byType.get("USDM_FUTURES") };
    };
    const before = await spotUsdt();
    const moved = await postGraphql(
      env.url,
      TransferDocument,
      {
        input: {
          connectionId: "binance-sandbox",
          asset: "usdt",
          amount: "12.345678",
          from: { type: "SPOT" },
          to: { type: "USDM_FUTURES" },
          idempotencyKey: "ryw-1",
        },
      },
      SANDBOX_TOKEN,
    );
    expect(moved.errors).toBeUndefined();
    expect(moved.data!.transfer.transfer.status).toBe("CONFIRMED");
    const after = await spotUsdt();
    const { Dec } = await import("../../../src/domain/decimal.js");
    expect(new Dec(after.spot!).toFixed()).toBe(new Dec(before.spot!).minus("12.345678").toFixed());
    expect(new Dec(after.futures!).toFixed()).toBe(new Dec(before.futures!).plus("12.345678").toFixed());
  });
});

describe("partial results", () => {
  it("keeps Binance's accounts when HTX fails, with located errors naming HTX", async () => {
    env = await startSandboxCoffer();
    env.sandbox.htx.faults.fail5xx = 1_000;
    const result = await postGraphql(env.url, DashboardDocument, EVERYTHING, SANDBOX_TOKEN);
    expect(result.status).toBe(200);
    const accounts = result.data!.accounts;
    const binance = accounts.filter((a) => a?.exchange === "BINANCE");
    expect(binance.length).toBeGreaterThan(5);
    expect(binance.every((a) => a!.balances.length >= 0)).toBe(true);
    const nullIndexes = accounts.flatMap((a, i) => (a === null ? [i] : []));
    expect(nullIndexes.length).toBeGreaterThan(0);
    const accountErrors = result.errors!.filter((e) => e.path?.[0] === "accounts");
    expect(accountErrors.map((e) => e.path?.[1]).sort()).toEqual(nullIndexes.sort());
    for (const error of result.errors!) {
      expect(error.extensions?.connectionId).toBe("htx-sandbox");
      expect(error.extensions?.code).toBe("UPSTREAM_UNAVAILABLE");
    }
    // The portfolio still sums Binance and says it is partial.
    expect(result.data!.portfolio.assets.length).toBeGreaterThan(0);
    expect(result.errors!.some((e) => e.path?.[0] === "portfolio")).toBe(true);
  });
});
