import { describe, expect, it } from "@jest/globals";
import { JsonNumber, parseJsonExact, stringifyJsonExact } from "../../../src/exchanges/kit/parseJsonExact.js";

const n = (text: string) => new JsonNumber(text);

describe("parseJsonExact keeps every number as its source text", () => {
  it.each<[string, unknown]>([
    ["0", n("0")],
    ["-0", n("-0")],
    ["0.10000000000000000555", n("0.10000000000000000555")],
    ["-12.5", n("-12.5")],
    ["1e-8", n("1e-8")],
    ["1E+21", n("1E+21")],
    ["-2.5e10", n("-2.5e10")],
    ["123456789012345678901234567890", n("123456789012345678901234567890")],
    ['{"a":[1,{"b":0.30000000000000004441}],"c":null}', { a: [n("1"), { b: n("0.30000000000000004441") }], c: null }],
    ['  [ true , false , null , "" ]  ', [true, false, null, ""]],
    ['"a\\"b\\\\c\\/d\\b\\f\\n\\r\\t"', 'a"b\\c/d\b\f\n\r\t'],
    ['"\\u00e9\\u4E2D\\ud83d\\ude00"', "é中😀"],
    ['"中文 ok"', "中文 ok"],
    ["{}", {}],
    ["[]", []],
    ['{"a":1,"a":2}', { a: n("2") }],
  ])("%s", (text, expected) => {
    expect(parseJsonExact(text)).toEqual(expected);
  });

  it("keeps __proto__ as a plain key", () => {
    const value = parseJsonExact('{"__proto__":{"polluted":1}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    "",
    " ",
    "01",
    "1.",
    ".5",
    "+1",
    "1e",
    "1e+",
    "-",
    "--1",
    "0x10",
    "NaN",
    "Infinity",
    "[1,]",
    '{"a":1,}',
    "{a:1}",
    "{'a':1}",
    '{"a" 1}',
    "[1 2]",
    '"unterminated',
    '"bad \\x escape"',
    '"\\u12"',
    '"raw\nnewline"',
    "tru",
    "nul",
    "[1]]",
    "{} {}",
    "// comment\n1",
    "[".repeat(600) + "]".repeat(600),
  ])("refuses malformed input %j", (text) => {
    expect(() => parseJsonExact(text)).toThrow(SyntaxError);
  });
});

describe("stringifyJsonExact writes JsonNumbers as bare tokens", () => {
  it.each<[unknown, string]>([
    [
      { from: "spot", amount: n("0.10000000000000000555"), id: 176104252, ok: true, none: null, skip: undefined },
      '{"from":"spot","amount":0.10000000000000000555,"id":176104252,"ok":true,"none":null}',
    ],
    [[n("1e-8"), 'x"y'], '[1e-8,"x\\"y"]'],
  ])("%j", (value, text) => {
    expect(stringifyJsonExact(value)).toBe(text);
    expect(stringifyJsonExact(parseJsonExact(text))).toBe(text);
  });

  it("refuses floats and non-number text", () => {
    expect(() => stringifyJsonExact({ amount: 0.1 })).toThrow(TypeError);
    expect(() => new JsonNumber("1,5")).toThrow(SyntaxError);
  });
});
