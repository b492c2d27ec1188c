import { describe, expect, it } from "@jest/globals";
import { mapMarginHistoryRow, mapUniversalHistoryRow } from "../../../src/exchanges/binance/historyMapping.js";
import { AccountType as T } from "../../../src/domain/enums.js";

const row = { amount: "0.10000000", asset: "bnb", status: "CONFIRMED", timestamp: 1566898617000, txId: 5240372201 };

describe("Binance history rows → ExchangeTransfer", () => {
  it.each([
    ["ROLL_IN from spot to isolated", { type: "ROLL_IN", transFrom: "SPOT", transTo: "ISOLATED_MARGIN", toSymbol: "BTCUSDT" }, [T.SPOT, null, T.MARGIN_ISOLATED, "BTCUSDT"]],
    [
      "isolated → isolated",
      { type: "ROLL_OUT", transFrom: "ISOLATED_MARGIN", transTo: "ISOLATED_MARGIN", fromSymbol: "BNBUSDT", toSymbol: "BTCUSDT" },
      [T.MARGIN_ISOLATED, "BNBUSDT", T.MARGIN_ISOLATED, "BTCUSDT"],
    ],
    ["ROLL_IN without wallets = spot → cross", { type: "ROLL_IN" }, [T.SPOT, null, T.MARGIN_CROSS, null]],
    ["ROLL_OUT without wallets = cross → spot", { type: "ROLL_OUT" }, [T.MARGIN_CROSS, null, T.SPOT, null]],
    ["futures and delivery", { type: "ROLL_OUT", transFrom: "CROSS_MARGIN", transTo: "DELIVERY" }, [T.MARGIN_CROSS, null, T.COINM_FUTURES, null]],
  ] as const)("margin row: %s", (_name, extra, [from, fromSymbol, to, toSymbol]) => {
    const t = mapMarginHistoryRow("c", { ...row, ...extra });
    expect(t).toMatchObject({ exchangeTransferId: "5240372201", asset: "BNB", status: "CONFIRMED", from: { type: from, symbol: fromSymbol }, to: { type: to, symbol: toSymbol } });
    expect(t!.amount.toFixed()).toBe("0.1");
  });

  it("a margin row naming a wallet Coffer does not model is skipped", () => {
    expect(mapMarginHistoryRow("c", { ...row, type: "ROLL_IN", transFrom: "SUB_SPOT", transTo: "CROSS_MARGIN" })).toBeNull();
  });

  it("reads the documented seconds example as seconds", () => {
    expect(mapMarginHistoryRow("c", { ...row, type: "ROLL_IN", timestamp: 1566898617 })!.createdAt.toISOString()).toBe("2019-08-27T09:36:57.000Z");
  });

  it.each([
    ["CONFIRMED", "CONFIRMED"],
    ["PENDING", "PENDING"],
    ["FAILED", "FAILED"],
    ["WHATEVER", "UNKNOWN"],
  ])("universal row status %s → %s", (status, expected) => {
    const t = mapUniversalHistoryRow("c", { asset: "USDT", amount: "1", type: "MAIN_UMFUTURE", status, tranId: 11415955596, timestamp: 1544433328000 });
    expect(t).toMatchObject({ status: expected, exchangeTransferId: "11415955596", from: { type: T.SPOT }, to: { type: T.USDM_FUTURES } });
  });
});
