import { describe, expect, it } from "@jest/globals";
import { Decimal } from "decimal.js";
import { binancePriceTable } from "../../../src/exchanges/binance/prices.js";
import { htxPriceTable } from "../../../src/exchanges/htx/prices.js";
import { parseJsonExact } from "../../../src/exchanges/kit/parseJsonExact.js";
import { invert } from "../../../src/valuation/exactMath.js";
import { findPrice } from "../../../src/valuation/findPrice.js";

const AT = new Date("2026-11-21T08:00:00.000Z");
/** A Binance table from [symbol, price] rows, as GET /api/v3/ticker/price answers. */
const binance = (rows: Array<[string, string]>) =>
  binancePriceTable(
    "b",
    rows.map(([symbol, price]) => ({ symbol, price })),
    AT,
  );

describe("inverse prices: 1 / last, rounded half-even to 18 significant digits", () => {
  it.each([
    ["3", "0.333333333333333333"],
    ["41.2345", "0.0242515369411536456"],
    ["8", "0.125"],
    ["0.5", "2"],
    ["7", "0.142857142857142857"],
    ["6", "0.166666666666666667"],
    ["64250.12", "0.0000155641732653573254"],
    ["2649325.81", "0.000000377454519268809751"],
    // 1 / 2^27 = 7.450580596923828125e-9 exactly (19 digits): a tie, to the even 2, not up to 3.
    ["134217728", "0.00000000745058059692382812"],
    // Results above 1 round the same way.
    ["0.000000000000000003", "333333333333333333"],
  ])("1 / %s = %s", (last, expected) => {
    expect(invert(new Decimal(last)).toFixed()).toBe(expected);
  });

  it("refuses to invert zero or a negative price", () => {
    expect(() => invert(new Decimal(0))).toThrow(RangeError);
    expect(() => invert(new Decimal(-1))).toThrow(RangeError);
  });
});

describe("path finding on one exchange's tickers", () => {
  const table = binance([
    ["BTCUSDT", "64250.12000000"],
    ["ETHUSDT", "3150.40000000"],
    ["ETHBTC", "0.04903400"],
    ["BNBBTC", "0.00902700"],
    ["USDTTRY", "41.23450000"],
    ["LINKETH", "0.00500000"],
    ["XRPBTC", "0.00000800"],
    ["XRPETH", "0.00020000"],
    ["SOLUSDT", "142.37000000"],
    ["TUSDT", "0.01712000"],
    ["DEADUSDT", "0.00000000"],
  ]);
  // Expected figures computed apart (Python's decimal, 18 digits half-even for an inverse leg).
  it.each([
    // name, asset, quote, price, path, inverted
    ["direct pair", "BTC", "USDT", "64250.12", ["BTCUSDT"], false],
    ["direct beats inverse", "ETH", "BTC", "0.049034", ["ETHBTC"], false],
    ["inverse pair", "TRY", "USDT", "0.0242515369411536456", ["USDTTRY"], true],
    ["inverse of a direct pair", "USDT", "BTC", "0.0000155641732653573254", ["BTCUSDT"], true],
    ["bridge through BTC", "BNB", "USDT", "579.98583324", ["BNBBTC", "BTCUSDT"], false],
    ["bridge through ETH (no USDT or BTC pair)", "LINK", "USDT", "15.752", ["LINKETH", "ETHUSDT"], false],
    ["bridge with an inverse first leg", "TRY", "BTC", "0.00000037745512290332913924291738687547824", ["USDTTRY", "BTCUSDT"], true],
    ["bridge with an inverse second leg", "SOL", "BTC", "0.002215871347788922417198", ["SOLUSDT", "BTCUSDT"], false],
    ["asset = quote is worth 1", "ETH", "ETH", "1", [], false],
  ] as const)("%s: %s in %s", (_name, asset, quote, price, path, inverted) => {
    const found = findPrice(table, asset, quote);
    expect(found && { price: found.price.toFixed(), path: found.path, inverted: found.inverted }).toEqual({ price, path, inverted });
  });

  it("goes through USDT first when several bridges link asset and quote", () => {
    const t = binance([
      ["AAAUSDT", "2"],
      ["AAABTC", "0.00005"],
      ["USDTEUR", "0.9"],
      ["BTCEUR", "60000"],
    ]);
    const found = findPrice(t, "AAA", "EUR")!;
    expect(found.path).toEqual(["AAAUSDT", "USDTEUR"]);
    expect(found.price.toFixed()).toBe("1.8");
  });

  it("takes BTC when no USDT route exists, and ETH only after BTC", () => {
    const t = binance([
      ["AAABTC", "0.5"],
      ["AAAETH", "7"],
      ["BTCEUR", "10"],
      ["ETHEUR", "3"],
    ]);
    expect(findPrice(t, "AAA", "EUR")!.path).toEqual(["AAABTC", "BTCEUR"]);
    const noBtc = binance([
      ["AAAETH", "7"],
      ["ETHEUR", "3"],
    ]);
    expect(findPrice(noBtc, "AAA", "EUR")).toMatchObject({ path: ["AAAETH", "ETHEUR"] });
    expect(findPrice(noBtc, "AAA", "EUR")!.price.toFixed()).toBe("21");
  });

  it("finds nothing when no pair or single bridge links them", () => {
    expect(findPrice(table, "BUSD", "USDT")).toBeNull();
    expect(findPrice(table, "XRP", "TRY")).toBeNull();
    // A ticker at 0 (a halted pair) is no price.
    expect(findPrice(table, "DEAD", "USDT")).toBeNull();
  });

  it("never reads a symbol that only spells base + quote (TUSDT is T/USDT, not TUSD/T)", () => {
    expect(findPrice(table, "T", "USDT")).toMatchObject({ path: ["TUSDT"] });
    expect(findPrice(table, "TUSD", "T")).toBeNull();
  });

  it("dates a price by its oldest ticker and names the exchange", () => {
    const found = findPrice(table, "BNB", "USDT")!;
    expect(found.at).toEqual(AT);
    expect(found.exchange).toBe("BINANCE");
  });
});

describe("HTX tickers: lower-case symbols, exact JSON numbers, the answer's ts", () => {
  const body = parseJsonExact(
    '{"status":"ok","ts":1629789355531,"data":[' +
      '{"symbol":"ethbtc","open":0.049,"close":0.049034567890123456789,"bid":0.049,"ask":0.05},' +
      '{"symbol":"btcusdt","close":64261.37},' +
      '{"symbol":"htusdt","close":null},' +
      '{"symbol":"husdusdt","close":1.0001}]}',
  ) as Record<string, unknown>;
  const table = htxPriceTable("h", body, AT);

  it("reads every digit of a JSON number and spells pairs lower-case", () => {
    const eth = findPrice(table, "ETH", "BTC")!;
    expect(eth.price.toFixed()).toBe("0.049034567890123456789");
    expect(eth.path).toEqual(["ethbtc"]);
    expect(eth.exchange).toBe("HTX");
    expect(eth.at).toEqual(new Date(1629789355531));
    expect(findPrice(table, "ETH", "USDT")).toMatchObject({ path: ["ethbtc", "btcusdt"] });
  });

  it("leaves out a ticker without a last price, and refuses a misleading split", () => {
    expect(findPrice(table, "HT", "USDT")).toBeNull();
    expect(table.size).toBe(3);
    expect(findPrice(table, "HUSD", "USDT")).toMatchObject({ path: ["husdusdt"] });
    expect(findPrice(table, "HUSDU", "SDT")).toBeNull();
  });

  it("throws TypeError (an unreadable answer) on a price that is not a number", () => {
    expect(() => htxPriceTable("h", { status: "ok", data: [{ symbol: "btcusdt", close: {} }] }, AT)).toThrow(TypeError);
    expect(() => binancePriceTable("b", [{ symbol: "BTCUSDT", price: "1e5" }], AT)).toThrow(TypeError);
    expect(() => binancePriceTable("b", { symbol: "BTCUSDT" }, AT)).toThrow(TypeError);
  });
});
