import { describe, expect, it } from "@jest/globals";
import { HTX_TRANSFER_ROUTES, transferBodyOf, validateHtxTransfer } from "../../../src/exchanges/htx/routes.js";
import { parseDecimal } from "../../../src/domain/decimal.js";
import { AccountType } from "../../../src/domain/enums.js";
import { BadUserInputError, UnsupportedRouteError } from "../../../src/domain/errors.js";
import type { TransferRequest } from "../../../src/domain/transfer.js";

const S = AccountType.SPOT;
const U = AccountType.USDM_FUTURES;
function request(from: [AccountType, string | null], to: [AccountType, string | null], amount = "1", asset = "USDT", subAccountEmail: string | null = null): TransferRequest {
  return {
    connectionId: "htx-1",
    asset,
    amount: parseDecimal(amount),
    from: { type: from[0], symbol: from[1] },
    to: { type: to[0], symbol: to[1] },
    subAccountEmail,
    idempotencyKey: "htx-routes",
  };
}

describe("HTX transfer rules", () => {
  it("lists exactly SPOT → USDM_FUTURES and back, symbol optional", () => {
    expect(HTX_TRANSFER_ROUTES.map((r) => [r.from.type, r.to.type, r.fromSymbol, r.toSymbol, r.fromNeedsSymbol, r.toNeedsSymbol, r.needsSubAccountEmail])).toEqual([
      [S, U, "NONE", "OPTIONAL", false, false, false],
      [U, S, "OPTIONAL", "NONE", false, false, false],
    ]);
  });

  it.each<[string, TransferRequest, (new (...a: never[]) => Error) | null]>([
    ["spot → cross", request([S, null], [U, null]), null],
    ["spot → isolated", request([S, null], [U, "BTC-USDT"]), null],
    ["isolated (lower case) → spot", request([U, "eth-usdt"], [S, null], "0.00000001"), null],
    ["8 decimals", request([S, null], [U, null], "1.12345678"), null],
    ["9 decimals", request([S, null], [U, null], "1.123456789"), BadUserInputError],
    ["zero", request([S, null], [U, null], "0"), BadUserInputError],
    ["negative", request([S, null], [U, null], "-5"), BadUserInputError],
    ["not USDT", request([S, null], [U, null], "1", "BTC"), BadUserInputError],
    ["spot with a symbol", request([S, "BTCUSDT"], [U, null]), BadUserInputError],
    ["not a contract code", request([S, null], [U, "BTCUSDT"]), BadUserInputError],
    ["a futures code", request([S, null], [U, "BTC-USDT-210625"]), BadUserInputError],
    ["spot → funding", request([S, null], [AccountType.FUNDING, null]), UnsupportedRouteError],
    ["spot → spot", request([S, null], [S, null]), UnsupportedRouteError],
    ["coin-m → spot", request([AccountType.COINM_FUTURES, null], [S, null]), UnsupportedRouteError],
    ["usdm → usdm", request([U, null], [U, "BTC-USDT"]), UnsupportedRouteError],
    ["sub-account", request([S, null], [U, null], "1", "USDT", "a@b.c"), UnsupportedRouteError],
  ])("%s", (_name, req, error) => {
    if (error) expect(() => validateHtxTransfer(req)).toThrow(error);
    else expect(() => validateHtxTransfer(req)).not.toThrow();
  });

  it.each<[TransferRequest, string]>([
    [request([S, null], [U, null], "100"), '{"from":"spot","to":"linear-swap","currency":"usdt","amount":100,"margin-account":"USDT"}'],
    [request([S, null], [U, "btc-usdt"], "0.10000000"), '{"from":"spot","to":"linear-swap","currency":"usdt","amount":0.1,"margin-account":"BTC-USDT"}'],
    [
      request([U, "ETH-USDT"], [S, null], "12345678901234.12345678"),
      '{"from":"linear-swap","to":"spot","currency":"usdt","amount":12345678901234.12345678,"margin-account":"ETH-USDT"}',
    ],
    [request([U, null], [S, null], "0.00000001"), '{"from":"linear-swap","to":"spot","currency":"usdt","amount":0.00000001,"margin-account":"USDT"}'],
  ])("body %#", (req, body) => {
    expect(transferBodyOf(req)).toBe(body);
  });
});
