import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { Dec } from "../../../src/domain/decimal.js";
import { binanceDemoState } from "../../../src/exchanges/binance/simulator/demoState.js";
import { TransferRoutesDocument, type AccountType, type TransferInput, type TransferRoutesQuery } from "../../generated/graphql.js";
import { BINANCE_ID, HTX_ID, MONEY_TOKEN, startMoneyCoffer, type MoneyCoffer } from "../../support/moneyCoffer.js";
import { postGraphql } from "../../support/postGraphql.js";
import { codeOf, mutateTransfer, transferPosts } from "./transferKit.js";

/**
 * Issue #6 / contract: `transferRoutes` lists exactly what `transfer` accepts. Every listed
 * route of both connections carries a small real transfer through Coffer to the simulator,
 * which either moves it (CONFIRMED) or finds the wallet short (INSUFFICIENT_BALANCE) —
 * nothing else. Every (from, to) pair not listed is UNSUPPORTED_ROUTE and sends nothing.
 */

const ALL_TYPES: AccountType[] = ["SPOT", "FUNDING", "MARGIN_CROSS", "MARGIN_ISOLATED", "USDM_FUTURES", "COINM_FUTURES", "OPTIONS", "PORTFOLIO_MARGIN"];
type Route = TransferRoutesQuery["transferRoutes"][number];

let env: MoneyCoffer;
beforeAll(async () => {
  // HTX allows one transfer a second; the simulator's budget is raised so only Coffer's own
  // pacing applies (HTX has two routes here, so this costs at most a second either way).
  env = await startMoneyCoffer({ htxLimits: { transfer: { limit: 100, intervalMs: 1000 } } });
});
afterAll(async () => {
  await env?.close();
});

async function routesOf(connectionId: string): Promise<Route[]> {
  const result = await postGraphql(env.url, TransferRoutesDocument, { connectionId }, MONEY_TOKEN);
  expect(result.errors).toBeUndefined();
  return result.data!.transferRoutes;
}

/** A transfer that exercises one route: USDT (BTC on COIN-M), symbols and a sub-account where needed. */
function inputFor(connectionId: string, route: Route, n: number): TransferInput {
  const coinm = route.from.type === "COINM_FUTURES" || route.to.type === "COINM_FUTURES";
  const symbols = ["BTCUSDT", "ETHUSDT"];
  return {
    connectionId,
    asset: coinm ? "BTC" : "USDT",
    amount: coinm ? "0.0001" : "0.5",
    from: { type: route.from.type, symbol: route.fromNeedsSymbol ? symbols[0] : null },
    to: { type: route.to.type, symbol: route.toNeedsSymbol ? symbols[route.fromNeedsSymbol ? 1 : 0] : null },
    subAccountEmail: route.needsSubAccountEmail ? binanceDemoState().subAccounts[0]!.email : null,
    idempotencyKey: `route-${connectionId}-${n}`,
  };
}

const label = (r: { from: { type: string }; to: { type: string } }) => `${r.from.type} → ${r.to.type}`;
const transferPostCount = () => {
  const posts = transferPosts(env.sims.binance, env.sims.htx);
  return posts.binance + posts.htx;
};

describe("transferRoutes lists exactly what transfer accepts", () => {
  for (const connectionId of [BINANCE_ID, HTX_ID]) {
    it(`${connectionId}: every listed route transfers (or is short of funds)`, async () => {
      const routes = await routesOf(connectionId);
      expect(routes.length).toBeGreaterThan(0);
      const outcomes: Record<string, string> = {};
      let n = 0;
      for (const route of routes) {
        const result = await mutateTransfer(env.url, inputFor(connectionId, route, n++));
        const key = `${label(route)}${route.needsSubAccountEmail ? " (sub-account)" : ""}`;
        outcomes[key] = result.errors ? String(codeOf(result)) : result.data!.transfer.transfer.status;
      }
      if (process.env.MONEY_DEBUG) console.log(outcomes);
      const unexpected = Object.entries(outcomes).filter(([, outcome]) => outcome !== "CONFIRMED" && outcome !== "INSUFFICIENT_BALANCE");
      expect(unexpected).toEqual([]);
      // Most routes have funds in the demo state: this is not a test of refusals.
      expect(Object.values(outcomes).filter((o) => o === "CONFIRMED").length).toBeGreaterThan(routes.length / 2);
    }, 60_000);

    it(`${connectionId}: every (from, to) pair not listed is UNSUPPORTED_ROUTE, with no upstream call`, async () => {
      const listed = new Set((await routesOf(connectionId)).map(label));
      const calls = env.sims.binance.calls.length + env.sims.htx.calls.length;
      const refused: Record<string, unknown> = {};
      for (const from of ALL_TYPES) {
        for (const to of ALL_TYPES) {
          if (listed.has(`${from} → ${to}`)) continue;
          // Well-formed otherwise, so the route is the only thing wrong.
          const isolated = (t: AccountType, symbol: string) => (t === "MARGIN_ISOLATED" ? symbol : null);
          const result = await mutateTransfer(env.url, {
            connectionId,
            asset: "USDT",
            amount: "1",
            from: { type: from, symbol: isolated(from, "BTCUSDT") },
            to: { type: to, symbol: isolated(to, "ETHUSDT") },
            idempotencyKey: `unlisted-${from}-${to}`,
          });
          refused[`${from} → ${to}`] = codeOf(result);
        }
      }
      expect(Object.keys(refused).length).toBeGreaterThan(0);
      expect(Object.entries(refused).filter(([, code]) => code !== "UNSUPPORTED_ROUTE")).toEqual([]);
      expect(env.sims.binance.calls.length + env.sims.htx.calls.length).toBe(calls);
    });
  }

  it("htx-e2e: the listed routes' optional contract symbol (an isolated account) is accepted both ways", async () => {
    const routes = await routesOf(HTX_ID);
    expect(routes.every((r) => !r.fromNeedsSymbol && !r.toNeedsSymbol)).toBe(true);
    const before = env.sims.htx.contractBalance("BTC-USDT").marginBalance;
    const there = await mutateTransfer(env.url, {
      connectionId: HTX_ID,
      asset: "USDT",
      amount: "2",
      from: { type: "SPOT" },
      to: { type: "USDM_FUTURES", symbol: "btc-usdt" },
      idempotencyKey: "htx-isolated-there",
    });
    const back = await mutateTransfer(env.url, {
      connectionId: HTX_ID,
      asset: "USDT",
      amount: "0.5",
      from: { type: "USDM_FUTURES", symbol: "BTC-USDT" },
      to: { type: "SPOT" },
      idempotencyKey: "htx-isolated-back",
    });
    expect([there.data?.transfer.transfer.status, back.data?.transfer.transfer.status]).toEqual(["CONFIRMED", "CONFIRMED"]);
    expect(there.data!.transfer.transfer.to).toEqual({ type: "USDM_FUTURES", symbol: "BTC-USDT" });
    expect(env.sims.htx.contractBalance("BTC-USDT").marginBalance).toBe(new Dec(before).plus("1.5").toFixed());
  });

  it("each side of each route says whether it takes a symbol, and transfer holds to it", async () => {
    const symbolOf = (connectionId: string) => (connectionId === HTX_ID ? "BTC-USDT" : "BTCUSDT");
    const requirements: Record<string, Set<string>> = {};
    const outcomes: string[] = [];
    let n = 0;
    for (const connectionId of [BINANCE_ID, HTX_ID]) {
      requirements[connectionId] = new Set();
      for (const route of await routesOf(connectionId)) {
        for (const side of ["from", "to"] as const) {
          const requirement = side === "from" ? route.fromSymbol : route.toSymbol;
          const needs = side === "from" ? route.fromNeedsSymbol : route.toNeedsSymbol;
          requirements[connectionId]!.add(`${route[side].type}:${requirement}`);
          expect(needs).toBe(requirement === "REQUIRED");
          const base = inputFor(connectionId, route, n++);
          const posts = transferPostCount();
          if (requirement === "NONE" || requirement === "REQUIRED") {
            // A symbol where none is taken, or none where one is required: refused, nothing sent.
            const wrong = { ...base, idempotencyKey: `symbol-wrong-${n}`, [side]: { type: route[side].type, symbol: requirement === "NONE" ? symbolOf(connectionId) : null } };
            outcomes.push(`${connectionId} ${label(route)} ${side} ${requirement}: ${String(codeOf(await mutateTransfer(env.url, wrong)))}`);
            expect(transferPostCount()).toBe(posts);
          } else {
            // OPTIONAL: with a symbol as well as without (the first test sends it without).
            const withSymbol = { ...base, idempotencyKey: `symbol-optional-${n}`, [side]: { type: route[side].type, symbol: symbolOf(connectionId) } };
            const result = await mutateTransfer(env.url, withSymbol);
            outcomes.push(`${connectionId} ${label(route)} ${side} OPTIONAL: ${result.errors ? String(codeOf(result)) : "accepted"}`);
          }
        }
      }
    }
    expect(outcomes.filter((o) => !/(NONE|REQUIRED): BAD_USER_INPUT$|OPTIONAL: (accepted|INSUFFICIENT_BALANCE)$/.test(o))).toEqual([]);
    // Binance isolated margin always needs its pair; HTX's contract side takes an isolated contract or none (cross).
    expect([...requirements[BINANCE_ID]!].filter((r) => r.endsWith("OPTIONAL"))).toEqual([]);
    expect(requirements[BINANCE_ID]!.has("MARGIN_ISOLATED:REQUIRED")).toBe(true);
    expect(requirements[HTX_ID]).toEqual(new Set(["SPOT:NONE", "USDM_FUTURES:OPTIONAL"]));
  }, 60_000);

  it("an unknown connection has no routes: NOT_FOUND", async () => {
    const result = await postGraphql(env.url, TransferRoutesDocument, { connectionId: "nope" }, MONEY_TOKEN);
    expect(codeOf(result)).toBe("NOT_FOUND");
  });
});
