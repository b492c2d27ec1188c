import { describe, expect, it } from "@jest/globals";
import { binanceTransferRoutes, resolveBinanceRoute, walletsOfUniversalType } from "../../../src/exchanges/binance/routes.js";
import { Dec } from "../../../src/domain/decimal.js";
import { AccountType as T } from "../../../src/domain/enums.js";
import type { TransferRequest } from "../../../src/domain/transfer.js";

describe("Binance routes", () => {
  it.each([
    ["MAIN_UMFUTURE", [T.SPOT, T.USDM_FUTURES]],
    ["MARGIN_ISOLATEDMARGIN", [T.MARGIN_CROSS, T.MARGIN_ISOLATED]],
    ["ISOLATEDMARGIN_ISOLATEDMARGIN", [T.MARGIN_ISOLATED, T.MARGIN_ISOLATED]],
    ["PORTFOLIO_MARGIN_MAIN", [T.PORTFOLIO_MARGIN, T.SPOT]],
    ["MAIN_ISOLATED_MARGIN", [T.SPOT, T.MARGIN_ISOLATED]],
    ["CMFUTURE_FUNDING", [T.COINM_FUTURES, T.FUNDING]],
    ["NOT_A_TYPE", null],
  ])("%s splits into its wallets", (type, wallets) => {
    expect(walletsOfUniversalType(type)).toEqual(wallets);
  });

  it("has 33 universal routes + 2 sub-account routes, no duplicate (from, to, sub) triple", () => {
    const routes = binanceTransferRoutes();
    expect(routes).toHaveLength(35);
    const keys = routes.map((r) => `${r.from.type}>${r.to.type}:${r.needsSubAccountEmail}`);
    expect(new Set(keys).size).toBe(35);
    expect(routes.filter((r) => r.fromNeedsSymbol).length).toBe(3);
    expect(routes.filter((r) => r.toNeedsSymbol).length).toBe(3);
  });

  const base: TransferRequest = {
    connectionId: "c",
    asset: "USDT",
    amount: new Dec("1"),
    from: { type: T.SPOT, symbol: null },
    to: { type: T.USDM_FUTURES, symbol: null },
    subAccountEmail: null,
    idempotencyKey: "routes-1",
  };
  it.each<[string, Partial<TransferRequest>, string | null]>([
    ["valid universal", {}, null],
    ["8 decimals", { amount: new Dec("0.00000001") }, null],
    ["9 decimals", { amount: new Dec("0.000000001") }, "BAD_USER_INPUT"],
    ["zero", { amount: new Dec("0") }, "BAD_USER_INPUT"],
    ["negative", { amount: new Dec("-5") }, "BAD_USER_INPUT"],
    ["other connection", { connectionId: "d" }, "BAD_USER_INPUT"],
    ["bad asset", { asset: "US DT" }, "BAD_USER_INPUT"],
    ["no route", { to: { type: T.OPTIONS, symbol: null }, from: { type: T.COINM_FUTURES, symbol: null } }, "UNSUPPORTED_ROUTE"],
    ["isolated without symbol", { to: { type: T.MARGIN_ISOLATED, symbol: null }, from: { type: T.MARGIN_CROSS, symbol: null } }, "BAD_USER_INPUT"],
    ["isolated with symbol", { to: { type: T.MARGIN_ISOLATED, symbol: "BTCUSDT" }, from: { type: T.MARGIN_CROSS, symbol: null } }, null],
    ["same isolated pair", { from: { type: T.MARGIN_ISOLATED, symbol: "BTCUSDT" }, to: { type: T.MARGIN_ISOLATED, symbol: "BTCUSDT" } }, "BAD_USER_INPUT"],
    ["unexpected symbol", { from: { type: T.SPOT, symbol: "BTCUSDT" } }, "BAD_USER_INPUT"],
    ["sub-account spot → margin", { to: { type: T.MARGIN_CROSS, symbol: null }, subAccountEmail: "a@b.co" }, null],
    ["sub-account email on a universal route", { subAccountEmail: "a@b.co" }, "BAD_USER_INPUT"],
    ["sub-account email not an email", { to: { type: T.MARGIN_CROSS, symbol: null }, subAccountEmail: "nope" }, "BAD_USER_INPUT"],
  ])("%s", (_name, change, code) => {
    const request = { ...base, ...change };
    if (code === null) expect(() => resolveBinanceRoute("c", request)).not.toThrow();
    else expect(() => resolveBinanceRoute("c", request)).toThrow(expect.objectContaining({ code }) as unknown as Error);
  });

  it("chooses the sub-account route only with an email", () => {
    const request = { ...base, to: { type: T.MARGIN_CROSS, symbol: null } };
    expect(resolveBinanceRoute("c", request).via).toEqual({ kind: "universal", type: "MAIN_MARGIN" });
    expect(resolveBinanceRoute("c", { ...request, subAccountEmail: "a@b.co" }).via).toEqual({ kind: "subAccountMargin", type: 1 });
  });
});
