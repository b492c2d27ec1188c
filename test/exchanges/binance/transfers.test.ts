import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { Dec } from "../../../src/domain/decimal.js";
import { AccountType } from "../../../src/domain/enums.js";
import type { TransferRequest } from "../../../src/domain/transfer.js";
import type { BinanceSimState } from "../../../src/exchanges/binance/simulator/state.js";
import { CONNECTION_ID, paramsOf, startHarness, type Harness } from "./harness.js";

const T = AccountType;
const rich = { USDT: { free: "100000.000000000000000001" } };
const state: BinanceSimState = {
  spot: rich,
  funding: rich,
  crossMargin: rich,
  isolated: {
    BTCUSDT: {
      baseAsset: "BTC",
      quoteAsset: "USDT",
      assets: { USDT: { free: "5000" } },
      marginLevel: "999",
      marginLevelStatus: "EXCESSIVE",
      indexPrice: "60000",
      liquidatePrice: "0",
    },
    ETHUSDT: {
      baseAsset: "ETH",
      quoteAsset: "USDT",
      assets: { USDT: { free: "5000" } },
      marginLevel: "999",
      marginLevelStatus: "EXCESSIVE",
      indexPrice: "3000",
      liquidatePrice: "0",
    },
  },
  usdm: rich,
  coinm: rich,
  options: rich,
  portfolioMargin: rich,
  subAccounts: [{ email: "sub1@example.com", spot: { USDT: { free: "100" } }, margin: { USDT: { free: "10" } } }],
};

/** The universal-transfer types Binance documents for POST /sapi/v1/asset/transfer, written out independently of the connector. */
const UNIVERSAL: Array<[string, AccountType, AccountType]> = [
  ["MAIN_UMFUTURE", T.SPOT, T.USDM_FUTURES],
  ["MAIN_CMFUTURE", T.SPOT, T.COINM_FUTURES],
  ["MAIN_MARGIN", T.SPOT, T.MARGIN_CROSS],
  ["UMFUTURE_MAIN", T.USDM_FUTURES, T.SPOT],
  ["UMFUTURE_MARGIN", T.USDM_FUTURES, T.MARGIN_CROSS],
  ["CMFUTURE_MAIN", T.COINM_FUTURES, T.SPOT],
  ["CMFUTURE_MARGIN", T.COINM_FUTURES, T.MARGIN_CROSS],
  ["MARGIN_MAIN", T.MARGIN_CROSS, T.SPOT],
  ["MARGIN_UMFUTURE", T.MARGIN_CROSS, T.USDM_FUTURES],
  ["MARGIN_CMFUTURE", T.MARGIN_CROSS, T.COINM_FUTURES],
  ["ISOLATEDMARGIN_MARGIN", T.MARGIN_ISOLATED, T.MARGIN_CROSS],
  ["MARGIN_ISOLATEDMARGIN", T.MARGIN_CROSS, T.MARGIN_ISOLATED],
  ["ISOLATEDMARGIN_ISOLATEDMARGIN", T.MARGIN_ISOLATED, T.MARGIN_ISOLATED],
  ["MAIN_FUNDING", T.SPOT, T.FUNDING],
  ["FUNDING_MAIN", T.FUNDING, T.SPOT],
  ["FUNDING_UMFUTURE", T.FUNDING, T.USDM_FUTURES],
  ["UMFUTURE_FUNDING", T.USDM_FUTURES, T.FUNDING],
  ["MARGIN_FUNDING", T.MARGIN_CROSS, T.FUNDING],
  ["FUNDING_MARGIN", T.FUNDING, T.MARGIN_CROSS],
  ["FUNDING_CMFUTURE", T.FUNDING, T.COINM_FUTURES],
  ["CMFUTURE_FUNDING", T.COINM_FUTURES, T.FUNDING],
  ["MAIN_OPTION", T.SPOT, T.OPTIONS],
  ["OPTION_MAIN", T.OPTIONS, T.SPOT],
  ["UMFUTURE_OPTION", T.USDM_FUTURES, T.OPTIONS],
  ["OPTION_UMFUTURE", T.OPTIONS, T.USDM_FUTURES],
  ["MARGIN_OPTION", T.MARGIN_CROSS, T.OPTIONS],
  ["OPTION_MARGIN", T.OPTIONS, T.MARGIN_CROSS],
  ["FUNDING_OPTION", T.FUNDING, T.OPTIONS],
  ["OPTION_FUNDING", T.OPTIONS, T.FUNDING],
  ["MAIN_PORTFOLIO_MARGIN", T.SPOT, T.PORTFOLIO_MARGIN],
  ["PORTFOLIO_MARGIN_MAIN", T.PORTFOLIO_MARGIN, T.SPOT],
  ["MAIN_ISOLATED_MARGIN", T.SPOT, T.MARGIN_ISOLATED],
  ["ISOLATED_MARGIN_MAIN", T.MARGIN_ISOLATED, T.SPOT],
];

const fromSymbolOf = (type: AccountType) => (type === T.MARGIN_ISOLATED ? "BTCUSDT" : null);
const toSymbolOf = (type: AccountType) => (type === T.MARGIN_ISOLATED ? "ETHUSDT" : null);

function request(from: AccountType, to: AccountType, amount: string, subAccountEmail: string | null = null): TransferRequest {
  return {
    connectionId: CONNECTION_ID,
    asset: "USDT",
    amount: new Dec(amount),
    from: { type: from, symbol: fromSymbolOf(from) },
    to: { type: to, symbol: toSymbolOf(to) },
    subAccountEmail,
    idempotencyKey: "transfers-1",
  };
}

describe("Binance transfers through the simulator", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ state });
  });
  afterAll(async () => {
    await h.close();
  });

  it("lists exactly the seed's universal types plus the sub-account margin routes", () => {
    const routes = h.connector.transferRoutes();
    expect(routes).toHaveLength(UNIVERSAL.length + 2);
    for (const [, from, to] of UNIVERSAL) {
      expect(routes.filter((r) => r.from.type === from && r.to.type === to && !r.needsSubAccountEmail)).toHaveLength(1);
    }
    expect(routes.filter((r) => r.needsSubAccountEmail).map((r) => [r.from.type, r.to.type])).toEqual([
      [T.SPOT, T.MARGIN_CROSS],
      [T.MARGIN_CROSS, T.SPOT],
    ]);
  });

  // That each route moves exactly the amount is the connector contract's "moves exactly the amount on every declared route".
  it.each(UNIVERSAL)("%s sends the right parameters", async (type, from, to) => {
    const amount = "1.23456789";
    const postsBefore = h.sim.callsTo("/sapi/v1/asset/transfer", "POST").length;

    const receipt = await h.connector.transfer(request(from, to, amount));

    const posts = h.sim.callsTo("/sapi/v1/asset/transfer", "POST");
    expect(posts).toHaveLength(postsBefore + 1);
    const sent = paramsOf(posts[posts.length - 1]);
    expect(sent.get("type")).toBe(type);
    expect(sent.get("asset")).toBe("USDT");
    expect(sent.get("amount")).toBe(amount);
    expect(sent.get("fromSymbol")).toBe(from === T.MARGIN_ISOLATED ? "BTCUSDT" : null);
    expect(sent.get("toSymbol")).toBe(to === T.MARGIN_ISOLATED ? "ETHUSDT" : null);
    expect(receipt.exchangeTransferId).toMatch(/^\d+$/);
    expect(receipt.status).toBe("CONFIRMED");
  });

  it.each([
    [T.SPOT, T.MARGIN_CROSS, "1"],
    [T.MARGIN_CROSS, T.SPOT, "2"],
  ] as const)("sub-account %s → %s sends email, asset, amount and type %s", async (from, to, type) => {
    const email = "sub1@example.com";
    const receipt = await h.connector.transfer(request(from, to, "0.5", email));
    const posts = h.sim.callsTo("/sapi/v1/sub-account/margin/transfer", "POST");
    const sent = paramsOf(posts[posts.length - 1]);
    expect([sent.get("email"), sent.get("asset"), sent.get("amount"), sent.get("type")]).toEqual([email, "USDT", "0.5", type]);
    expect(receipt.exchangeTransferId).toMatch(/^\d+$/);
  });

  it("refuses an overdraft with INSUFFICIENT_BALANCE and moves nothing", async () => {
    const before = h.sim.balance({ type: T.MARGIN_ISOLATED, symbol: "BTCUSDT" }, "USDT");
    await expect(h.connector.transfer(request(T.MARGIN_ISOLATED, T.MARGIN_CROSS, "99999999"))).rejects.toMatchObject({
      code: "INSUFFICIENT_BALANCE",
      exchangeCode: "-3020",
      connectionId: CONNECTION_ID,
    });
    await expect(h.connector.transfer(request(T.FUNDING, T.SPOT, "99999999"))).rejects.toMatchObject({
      code: "INSUFFICIENT_BALANCE",
      exchangeCode: "-5013",
    });
    expect(h.sim.balance({ type: T.MARGIN_ISOLATED, symbol: "BTCUSDT" }, "USDT")).toBe(before);
  });

  // Undeclared routes, zero or negative amounts and a symbol on a side that takes none: the connector contract.
  it("validates before any request: a missing destination symbol, a sub-account email on a universal route, 9 decimals", () => {
    const calls = h.sim.calls.length;
    const cases: Array<[TransferRequest, string]> = [
      [{ ...request(T.MARGIN_CROSS, T.MARGIN_ISOLATED, "1"), to: { type: T.MARGIN_ISOLATED, symbol: null } }, "BAD_USER_INPUT"],
      [request(T.SPOT, T.FUNDING, "1", "sub1@example.com"), "BAD_USER_INPUT"],
      [request(T.SPOT, T.FUNDING, "0.000000001"), "BAD_USER_INPUT"],
    ];
    for (const [req, code] of cases) {
      expect(() => h.connector.validateTransfer(req)).toThrow(expect.objectContaining({ code }) as unknown as Error);
    }
    expect(h.sim.calls.length).toBe(calls);
  });
});
