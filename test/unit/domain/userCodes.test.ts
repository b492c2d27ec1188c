import { describe, expect, it } from "@jest/globals";
import { ErrorCode } from "../../../src/domain/errors.js";
import { parseAssetCode, parseSubAccountEmail, parseSymbol } from "../../../src/domain/userCodes.js";

/** Texts that Unicode case folding or a careless trim would turn into (or pass as) a real code. */
const LOOK_ALIKES: Array<[string, string, string]> = [
  ["long s ſ (U+017F)", "uſdt", "U+017F"],
  ["sharp s ß", "ß", "U+00DF"],
  ["dotless i ı", "ıota", "U+0131"],
  ["Kelvin sign K (U+212A)", "\u212Asm", "U+212A"],
  ["full-width ＵＳＤＴ", "ＵＳＤＴ", "U+FF35"],
  ["Cyrillic А (U+0410)", "\u0410DA", "U+0410"],
  ["Cyrillic Т (U+0422)", "USD\u0422", "U+0422"],
  ["zero-width joiner", "US\u200DDT", "U+200D"],
  ["zero-width space", "USDT\u200B", "U+200B"],
  ["combining acute accent", "US\u0301DT", "U+0301"],
  ["ligature ﬀ", "\uFB00", "U+FB00"],
  ["tab", "USDT\t", "U+0009"],
  ["newline", "\nUSDT", "U+000A"],
  ["no-break space", "\u00A0USDT", "U+00A0"],
  ["ideographic space", "USDT\u3000", "U+3000"],
  ["byte-order mark", "\uFEFFUSDT", "U+FEFF"],
  ["right-to-left override", "\u202EUSDT", "U+202E"],
  ["NUL", "USDT\u0000", "U+0000"],
];

const badInput = (argumentName: string) => expect.objectContaining({ code: ErrorCode.BAD_USER_INPUT, argumentName });

describe("parseAssetCode", () => {
  it.each<[string, string]>([
    ["usdt", "USDT"],
    ["USDT", "USDT"],
    ["UsDt", "USDT"],
    ["1inch", "1INCH"],
    [" usdt ", "USDT"],
    ["A".repeat(20), "A".repeat(20)],
  ])("accepts %j as %j", (input, expected) => {
    expect(parseAssetCode(input, "asset")).toBe(expected);
  });

  it.each(LOOK_ALIKES)("refuses %s, naming the argument, the value and the character", (_name, input, codePoint) => {
    expect(() => parseAssetCode(input, "asset")).toThrow(badInput("asset"));
    let message = "";
    try {
      parseAssetCode(input, "filter.assets[0]");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("filter.assets[0]");
    expect(message).toContain(`received ${JSON.stringify(input)}`);
    expect(message).toContain(`${codePoint} is not allowed`);
  });

  it.each<[string, unknown]>([
    ["empty", ""],
    ["blank", "   "],
    ["too long", "A".repeat(21)],
    ["a hyphen", "US-DT"],
    ["a dollar", "US$T"],
    ["a dot", "USD.T"],
    ["not a string", 42],
    ["null", null],
  ])("refuses %s", (_name, input) => {
    expect(() => parseAssetCode(input, "asset")).toThrow(badInput("asset"));
  });
});

describe("parseSymbol", () => {
  it.each<[unknown, string | null]>([
    ["btcusdt", "BTCUSDT"],
    ["btc-usdt", "BTC-USDT"],
    [" BTCUSDT ", "BTCUSDT"],
    ["", null],
    ["  ", null],
    [null, null],
    [undefined, null],
  ])("accepts %j as %j", (input, expected) => {
    expect(parseSymbol(input, "to.symbol")).toBe(expected);
  });

  it.each<[string, string]>([
    ...LOOK_ALIKES.map(([name, text]) => [name, `btc${text}`] as [string, string]),
    ["leading hyphen", "-BTCUSDT"],
    ["trailing hyphen", "BTC-"],
    ["double hyphen", "BTC--USDT"],
    ["underscore", "BTC_USDT"],
    ["slash", "BTC/USDT"],
    ["too long", "A".repeat(31)],
  ])("refuses %s", (_name, input) => {
    expect(() => parseSymbol(input, "to.symbol")).toThrow(badInput("to.symbol"));
  });
});

describe("parseSubAccountEmail", () => {
  it.each<[unknown, string | null]>([
    ["sub@example.com", "sub@example.com"],
    ["Sub.One+x_virtual@abc.notreal", "Sub.One+x_virtual@abc.notreal"],
    [" sub@example.com ", "sub@example.com"],
    ["", null],
    [null, null],
  ])("accepts %j as %j", (input, expected) => {
    expect(parseSubAccountEmail(input, "subAccountEmail")).toBe(expected);
  });

  it.each<[string, string]>([
    ["no @", "not-an-email"],
    ["two @", "a@b@c"],
    ["nothing before @", "@example.com"],
    ["a space inside", "sub one@example.com"],
    ["long s in the local part", "ſub@example.com"],
    ["non-ASCII domain", "sub@exämple.com"],
    ["full-width @", "sub＠example.com"],
    ["zero-width joiner", "sub\u200D@example.com"],
    ["tab", "sub@example.com\t"],
    ["too long", `${"a".repeat(250)}@b.cd`],
  ])("refuses %s", (_name, input) => {
    expect(() => parseSubAccountEmail(input, "subAccountEmail")).toThrow(badInput("subAccountEmail"));
  });
});
