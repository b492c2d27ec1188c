import { describe, expect, it } from "@jest/globals";
import { mapCoinList } from "../../../src/exchanges/binance/mapping.js";
import { htxListedCurrencies } from "../../../src/exchanges/htx/mapping.js";

describe("exchange asset lists", () => {
  it("Binance: the coin codes of the capital config list", () => {
    const set = mapCoinList([{ coin: "BTC" }, { coin: "1MBABYDOGE" }, { coin: "usdt" }]);
    expect([...set].sort()).toEqual(["1MBABYDOGE", "BTC", "USDT"]);
  });

  it("Binance: an empty list or a coin without a code is unreadable, never 'nothing listed'", () => {
    expect(() => mapCoinList([])).toThrow(TypeError);
    expect(() => mapCoinList([{ coin: "" }])).toThrow(TypeError);
    expect(() => mapCoinList({} as never)).toThrow(TypeError);
  });

  it("HTX: lower-case currencies become Coffer's upper-case codes, delisted ones included", () => {
    const set = htxListedCurrencies({
      code: 200,
      data: [
        { currency: "usdt", instStatus: "normal" },
        { currency: "ht", instStatus: "delisted" },
      ],
    });
    expect([...set].sort()).toEqual(["HT", "USDT"]);
  });

  it("HTX: an empty or malformed list is unreadable", () => {
    expect(() => htxListedCurrencies({ code: 200, data: [] })).toThrow(TypeError);
    expect(() => htxListedCurrencies({ code: 200, data: [{ currency: 5 }] })).toThrow(TypeError);
    expect(() => htxListedCurrencies({ code: 200, data: "x" })).toThrow(TypeError);
  });
});
