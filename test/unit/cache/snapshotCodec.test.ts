import { describe, expect, it } from "@jest/globals";
import { JsonNumber, parseJsonExact } from "../../../src/exchanges/kit/parseJsonExact.js";
import { Dec } from "../../../src/domain/decimal.js";
import { decodeSnapshot, encodeSnapshot, NotShareableError } from "../../../src/fleet/snapshotCodec.js";

/** Snapshots shared through Redis keep every exact number digit for digit. */
describe("snapshot codec", () => {
  it("a wire body with exact numbers comes back with the same texts", () => {
    const wire = '{"data":[{"margin_balance":0.10000000000000000555,"n":-1e-8,"big":12345678901234567890,"s":"7.50","ok":true,"z":null}]}';
    const decoded = decodeSnapshot(encodeSnapshot(parseJsonExact(wire))) as { data: Array<Record<string, unknown>> };
    const row = decoded.data[0]!;
    expect(row.margin_balance).toBeInstanceOf(JsonNumber);
    expect((row.margin_balance as JsonNumber).text).toBe("0.10000000000000000555");
    expect((row.n as JsonNumber).text).toBe("-1e-8");
    expect((row.big as JsonNumber).text).toBe("12345678901234567890");
    expect(row).toMatchObject({ s: "7.50", ok: true, z: null });
  });

  it("a Decimal comes back as Coffer's Decimal with every digit", () => {
    const value = { amount: new Dec("123456789.123456789012345678901234567890"), when: 1_700_000_000_000 };
    const decoded = decodeSnapshot(encodeSnapshot(value)) as { amount: InstanceType<typeof Dec>; when: number };
    expect(decoded.amount.toFixed()).toBe("123456789.12345678901234567890123456789");
    expect(decoded.amount.plus(new Dec("0.00000000000000000000000000001")).toFixed()).toBe("123456789.1234567890123456789012345679");
    expect(decoded.when).toBe(1_700_000_000_000);
  });

  it("a wire object that has a $t key is not mistaken for a tag", () => {
    const value = { $t: "dec", v: "1" };
    expect(decodeSnapshot(encodeSnapshot(value))).toEqual(value);
  });

  it("a class instance is not shared", () => {
    expect(() => encodeSnapshot({ at: new Date() })).toThrow(NotShareableError);
    expect(() => encodeSnapshot({ m: new Map() })).toThrow(NotShareableError);
  });
});
