import { describe, expect, it } from "@jest/globals";
import { Decimal } from "decimal.js";
import { binancePriceTable } from "../../../src/exchanges/binance/prices.js";
import type { ExchangeConnector } from "../../../src/exchanges/exchange.js";
import { Exchange } from "../../../src/domain/enums.js";
import { UpstreamUnavailableError } from "../../../src/domain/errors.js";
import type { PriceTable } from "../../../src/domain/price.js";
import { parseAssetCode } from "../../../src/valuation/assetCode.js";
import { createPriceBook } from "../../../src/valuation/priceBook.js";
import { valuate } from "../../../src/valuation/valuate.js";

/**
 * A connection that only answers loadPrices (an exchange double: the tables are built by the
 * real Binance table code from ticker rows) and counts its calls.
 */
function pricing(connectionId: string, exchange: Exchange, rows: Array<[string, string]> | Error, at = new Date("2026-11-21T08:00:00Z")) {
  const connector = {
    connectionId,
    exchange,
    calls: 0,
    async loadPrices(): Promise<PriceTable> {
      connector.calls++;
      if (rows instanceof Error) throw rows;
      return {
        ...binancePriceTable(
          connectionId,
          rows.map(([symbol, price]) => ({ symbol, price })),
          at,
        ),
        exchange,
      };
    },
  };
  return connector as typeof connector & ExchangeConnector;
}

const down = (id: string) => new UpstreamUnavailableError(`${id} is down`, id, { outcomeUnknown: false });
const dec = (x: string) => new Decimal(x);

describe("the request's price book", () => {
  it("asks the first configured exchange first, reads each exchange's tickers once, and keeps one price per asset", async () => {
    const binance = pricing("b", Exchange.BINANCE, [
      ["BTCUSDT", "100"],
      ["ETHUSDT", "10"],
    ]);
    const htx = pricing("h", Exchange.HTX, [
      ["BTCUSDT", "101"],
      ["HTUSDT", "2"],
    ]);
    const book = createPriceBook(() => [binance, htx]);
    const [btc, ht, again] = await Promise.all([book.price("BTC", "USDT"), book.price("HT", "USDT"), book.price("BTC", "USDT")]);
    expect(btc.price).toMatchObject({ exchange: Exchange.BINANCE });
    expect(btc.price!.price.toFixed()).toBe("100");
    expect(ht.price).toMatchObject({ exchange: Exchange.HTX });
    expect(again).toBe(btc);
    expect([binance.calls, htx.calls]).toEqual([1, 1]);
  });

  it("falls back to the next exchange when one's tickers fail, and names the failure", async () => {
    const failure = down("b");
    const book = createPriceBook(() => [pricing("b", Exchange.BINANCE, failure), pricing("h", Exchange.HTX, [["BTCUSDT", "101"]])]);
    const btc = await book.price("BTC", "USDT");
    expect(btc.price!.price.toFixed()).toBe("101");
    expect(btc.failures).toEqual([failure]);
  });

  it("reports a later exchange's failure only for assets the earlier ones could not price", async () => {
    const failure = down("h");
    const book = createPriceBook(() => [pricing("b", Exchange.BINANCE, [["BTCUSDT", "100"]]), pricing("h", Exchange.HTX, failure)]);
    expect((await book.price("BTC", "USDT")).failures).toEqual([]);
    expect(await book.price("BUSD", "USDT")).toEqual({ price: null, failures: [failure] });
  });

  it("makes one ticker call per exchange: a second connection to it only when the first fails", async () => {
    const first = pricing("b1", Exchange.BINANCE, [["BTCUSDT", "100"]]);
    const second = pricing("b2", Exchange.BINANCE, [["BTCUSDT", "100"]]);
    await createPriceBook(() => [first, second]).price("BTC", "USDT");
    expect([first.calls, second.calls]).toEqual([1, 0]);
    const broken = pricing("b1", Exchange.BINANCE, down("b1"));
    const spare = pricing("b2", Exchange.BINANCE, [["BTCUSDT", "99"]]);
    const found = await createPriceBook(() => [broken, spare]).price("BTC", "USDT");
    expect(found.price!.price.toFixed()).toBe("99");
    expect(found.failures).toEqual([]);
  });

  it("prices nothing without a connection that reads prices, and prices the quote itself at 1", async () => {
    const book = createPriceBook(() => []);
    expect(await book.price("BTC", "USDT")).toEqual({ price: null, failures: [] });
    expect((await book.price("USDT", "USDT")).price).toMatchObject({ exchange: null, path: [], inverted: false, at: null });
  });
});

describe("valuate", () => {
  const early = new Date("2026-11-21T08:00:00Z");
  const late = new Date("2026-11-21T08:00:05Z");

  it("sums total × price and net × price exactly, lists unpriced assets, skips empty ones, dates by the oldest price", async () => {
    const book = createPriceBook(() => [pricing("b", Exchange.BINANCE, [["BTCUSDT", "64250.12"]], late), pricing("h", Exchange.HTX, [["ETHUSDT", "3150.4"]], early)]);
    const { valuation, failures } = await valuate(
      [
        { asset: "BTC", total: dec("1.000000000000000001"), net: dec("0.9") },
        { asset: "ETH", total: dec("123456789.123456789012345678"), net: dec("123456789.123456789012345678") },
        { asset: "USDT", total: dec("0.000000000000000001"), net: dec("-5") },
        { asset: "ZZZ", total: dec("7"), net: dec("7") },
        { asset: "AAA", total: dec("3"), net: dec("3") },
        { asset: "QQQ", total: dec("0"), net: dec("0") },
      ],
      "USDT",
      book,
    );
    // Computed apart (Python decimal): 1.000000000000000001 × 64250.12 + 123456789.123456789012345678 × 3150.4 + 1e-18
    expect(valuation.total.toFixed()).toBe("388938332704.65826810449388822232");
    // 0.9 × 64250.12 + 123456789.123456789012345678 × 3150.4 − 5
    expect(valuation.net.toFixed()).toBe("388938326274.6462681044938239712");
    expect(valuation.unpriced).toEqual(["AAA", "ZZZ"]);
    expect(valuation.pricedAt).toEqual(early);
    expect(failures).toEqual([]);
  });

  it("has no pricedAt when nothing needed a price", async () => {
    const { valuation } = await valuate(
      [{ asset: "USDT", total: dec("5"), net: dec("5") }],
      "USDT",
      createPriceBook(() => []),
    );
    expect(valuation).toMatchObject({ quote: "USDT", unpriced: [], pricedAt: null });
    expect(valuation.total.toFixed()).toBe("5");
  });
});

describe("asset codes from clients", () => {
  it.each([
    ["USDT", "USDT"],
    ["btc", "BTC"],
    ["1000sats", "1000SATS"],
    ["uSdC", "USDC"],
  ])("%s → %s", (input, output) => {
    expect(parseAssetCode(input, "quote")).toBe(output);
  });

  it.each(["", "ütc", "ßtc", "ıusdt", "ＵＳＤＴ", "US DT", "BTC-USDT", "x".repeat(33)])("refuses %j with BAD_USER_INPUT", (input) => {
    expect(() => parseAssetCode(input, "quote")).toThrow(expect.objectContaining({ code: "BAD_USER_INPUT" }));
  });
});
