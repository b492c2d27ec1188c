import { describe, expect, it } from "@jest/globals";
import { parseStrictJson } from "../../support/strictJson.js";

describe("parseStrictJson (the log-line checker)", () => {
  it("reads what JSON.parse reads", () => {
    for (const text of ['{"a":1,"b":[true,null,"x\\"y"],"c":{"d":-1.5e3}}', "[]", "{}", ' { "a" : [ 1 , 2 ] } ', '"s"']) {
      expect(parseStrictJson(text)).toEqual(JSON.parse(text));
    }
  });

  it("refuses a key written twice in one object, at any depth, and nothing else", () => {
    expect(() => parseStrictJson('{"connectionId":"a","level":"info","connectionId":"a"}')).toThrow('duplicate key "connectionId"');
    expect(() => parseStrictJson('{"a":{"x":1,"x":2}}')).toThrow('duplicate key "x"');
    expect(parseStrictJson('{"x":{"x":1},"y":[{"x":2},{"x":3}]}')).toEqual({ x: { x: 1 }, y: [{ x: 2 }, { x: 3 }] });
  });

  it("refuses malformed text", () => {
    for (const text of ['{"a":1,}', '{"a" 1}', "[1 2]", '{"a":1} x', '"open']) expect(() => parseStrictJson(text)).toThrow(SyntaxError);
  });
});
