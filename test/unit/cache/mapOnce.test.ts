import { describe, expect, it } from "@jest/globals";
import { createMapOnce } from "../../../src/cache/mapOnce.js";

describe("mapOnce (a cached answer mapped once)", () => {
  it("maps the same answer once per tag, a new answer again, and remembers no failure", () => {
    const once = createMapOnce();
    let runs = 0;
    const wire = { free: "1.5" };
    const map = (w: { free: string }) => () => {
      runs++;
      return { free: w.free };
    };
    const first = once("balances", wire, map(wire));
    expect(once("balances", wire, map(wire))).toBe(first);
    expect(runs).toBe(1);
    once("details", wire, map(wire)); // another mapping of the same answer
    expect(runs).toBe(2);
    const fresh = { free: "2" };
    expect(once("balances", fresh, map(fresh))).toEqual({ free: "2" });
    expect(runs).toBe(3);
    const failing = {};
    expect(() =>
      once("balances", failing, () => {
        throw new TypeError("bad shape");
      }),
    ).toThrow("bad shape");
    expect(once("balances", failing, () => "read after all")).toBe("read after all");
  });

  it("maps again when an answer it combines with was replaced", () => {
    const once = createMapOnce();
    const account = {};
    const riskA = [{ p: "1" }];
    const riskB = [{ p: "2" }];
    const a = once("details", account, () => ({ risk: riskA }), [riskA]);
    expect(once("details", account, () => ({ risk: riskA }), [riskA])).toBe(a);
    expect(once("details", account, () => ({ risk: riskB }), [riskB])).toEqual({ risk: riskB });
  });
});
