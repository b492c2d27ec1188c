import { describe, expect, it } from "@jest/globals";
import { DateTimeScalar, parseDateTimeInput } from "../../../src/graphql/scalars/dateTime.scalar.js";

describe("DateTime scalar", () => {
  it.each([
    ["2026-11-21T08:00:00.000Z", "2026-11-21T08:00:00.000Z"],
    ["2026-11-21T08:00:00Z", "2026-11-21T08:00:00.000Z"],
    ["2026-11-21T10:00:00.5+02:00", "2026-11-21T08:00:00.500Z"],
  ])("parses %s as %s", (input, iso) => {
    expect(DateTimeScalar.serialize(parseDateTimeInput(input))).toBe(iso);
  });

  it.each([["2026-11-21"], ["2026-11-21T08:00:00"], ["yesterday"], ["2026-13-45T08:00:00Z"], [""], [1700000000000]])("rejects %p with BAD_USER_INPUT", (input) => {
    expect(() => parseDateTimeInput(input)).toThrow(/Invalid DateTime/);
  });
});
