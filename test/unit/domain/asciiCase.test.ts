import { describe, expect, it } from "@jest/globals";
import { asciiLower, asciiUpper } from "../../../src/domain/asciiCase.js";

describe("asciiUpper", () => {
  it.each<[string, string, string]>([
    ["ASCII lower case", "usdt", "USDT"],
    ["mixed case and digits", "1inch", "1INCH"],
    ["already upper", "BTC-USDT", "BTC-USDT"],
    ["empty", "", ""],
    ["every ASCII letter", "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"],
    ["long s stays (Unicode makes it S)", "uſdt", "UſDT"],
    ["sharp s stays (Unicode makes it SS)", "ß", "ß"],
    ["dotless i stays (Unicode makes it I)", "ıusdt", "ıUSDT"],
    ["Kelvin sign stays", "\u212Asm", "\u212ASM"],
    ["full-width letters stay", "ｕｓｄｔ", "ｕｓｄｔ"],
    ["Cyrillic look-alikes stay", "usdт", "USDт"],
    ["ligature ﬀ stays (Unicode makes it FF)", "ﬀ", "ﬀ"],
    ["combining mark stays", "us\u0301dt", "US\u0301DT"],
    ["zero-width joiner stays", "us\u200Ddt", "US\u200DDT"],
    ["punctuation and spaces stay", " a-b_c.d ", " A-B_C.D "],
  ])("%s: %j → %j", (_name, input, expected) => {
    expect(asciiUpper(input)).toBe(expected);
  });
});

describe("asciiLower", () => {
  it.each<[string, string, string]>([
    ["ASCII upper case", "USDT", "usdt"],
    ["digits and hyphen", "BTC-USDT1", "btc-usdt1"],
    ["Kelvin sign stays (Unicode makes it k)", "\u212ASM", "\u212Asm"],
    ["dotted capital I stays (Unicode makes it i̇)", "\u0130", "\u0130"],
    ["full-width capitals stay", "ＵＳＤＴ", "ＵＳＤＴ"],
    ["Cyrillic capitals stay", "USDТ", "usdТ"],
  ])("%s: %j → %j", (_name, input, expected) => {
    expect(asciiLower(input)).toBe(expected);
  });
});
