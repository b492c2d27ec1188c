import { describe, expect, it } from "@jest/globals";
import { GraphQLError, Kind } from "graphql";
import { DecimalScalar, MAX_DECIMAL_INPUT_LENGTH, parseDecimalInput } from "../../../src/graphql/scalars/decimal.scalar.js";
import { Dec } from "../../../src/domain/decimal.js";

describe("Decimal scalar", () => {
  it.each([
    ["a JS number", 0.1, /number 0.1, send it as a string/],
    ["an integer number", 5, /number 5/],
    ["an exponent", "1e5", /"1e5"/],
    ["a capital exponent", "1E-7", /"1E-7"/],
    ["NaN", "NaN", /"NaN"/],
    ["Infinity", "Infinity", /"Infinity"/],
    ["hex", "0x10", /"0x10"/],
    ["blank", "", /empty string/],
    ["spaces", " 1.5", /" 1.5"/],
    ["inner spaces", "1 000", /"1 000"/],
    ["a plus sign", "+1", /"\+1"/],
    ["a minus sign", "-1", /negative amounts are not accepted/],
    ["a bare fraction", ".5", /".5"/],
    ["a trailing point", "5.", /"5."/],
    ["a comma", "1,5", /"1,5"/],
    ["too long", "1".repeat(MAX_DECIMAL_INPUT_LENGTH + 1), /at most 64/],
    ["null", null, /received null/],
    ["a boolean", true, /received boolean/],
    ["an object", {}, /received object/],
  ])("rejects %s with BAD_USER_INPUT and the rule", (_name, value, detail) => {
    let thrown: unknown;
    try {
      parseDecimalInput(value);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GraphQLError);
    const error = thrown as GraphQLError;
    expect(error.extensions.code).toBe("BAD_USER_INPUT");
    expect(error.message).toMatch(detail);
    expect(error.message).toMatch(/a Decimal is a string of digits/);
  });

  it.each(["0", "1", "0.1", "1250.00000001", "000.5", "123456789012345678901234567890.123456789012345678"])("accepts %s and round-trips it exactly", (text) => {
    const parsed = parseDecimalInput(text);
    expect(DecimalScalar.serialize(parsed)).toBe(new Dec(text).toFixed());
  });

  it("keeps every digit of a long decimal through parse and serialize", () => {
    const text = "98765432109876543210.123456789012345678";
    expect(DecimalScalar.serialize(parseDecimalInput(text))).toBe(text);
  });

  it("serializes tiny and huge values without an exponent", () => {
    expect(DecimalScalar.serialize(new Dec("0.00000001"))).toBe("0.00000001");
    expect(DecimalScalar.serialize(new Dec("1e30"))).toBe("1000000000000000000000000000000");
  });

  it("rejects number literals in a query and accepts string literals", () => {
    expect(() => DecimalScalar.parseLiteral({ kind: Kind.FLOAT, value: "0.1" })).toThrow(/number literal 0.1/);
    expect(() => DecimalScalar.parseLiteral({ kind: Kind.INT, value: "1" })).toThrow(/number literal 1/);
    expect(DecimalScalar.serialize(DecimalScalar.parseLiteral({ kind: Kind.STRING, value: "2.50" }))).toBe("2.5");
  });

  it("refuses to serialize something that is not a Decimal (our bug, not the client's)", () => {
    expect(() => DecimalScalar.serialize(0.1)).toThrow(/expects a Decimal instance/);
  });
});
