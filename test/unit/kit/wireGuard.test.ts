import { describe, expect, it } from "@jest/globals";
import { NotFoundError, UpstreamUnavailableError } from "../../../src/domain/errors.js";
import { transportFailure } from "../../../src/exchanges/kit/transportFailure.js";
import { HttpTransportError } from "../../../src/exchanges/kit/httpClient.js";
import { createWireGuard } from "../../../src/exchanges/kit/wireGuard.js";
import { wireDecimal } from "../../../src/exchanges/kit/wireValues.js";
import { createLogger } from "../../../src/observability/logger.js";

const guard = createWireGuard({ exchange: "Example", connectionId: "conn-1", logger: createLogger({ level: "silent" }) });

describe("wire guard: one rule for every exchange", () => {
  it("a shape that does not match (TypeError) is UPSTREAM_UNAVAILABLE naming the exchange and the call", () => {
    const read = () => guard("GET /v1/x", () => wireDecimal({}, "balance"));
    expect(read).toThrow(UpstreamUnavailableError);
    expect(read).toThrow("conn-1: Example sent an answer Coffer cannot read (GET /v1/x).");
    const missingField = () => guard("GET /v1/x", () => (undefined as unknown as { rows: unknown[] }).rows.length);
    expect(missingField).toThrow(expect.objectContaining({ code: "UPSTREAM_UNAVAILABLE", outcomeUnknown: false, connectionId: "conn-1" }) as never);
  });

  it("a transfer's unreadable answer leaves its outcome unknown", () => {
    try {
      guard("POST /v1/transfer", () => wireDecimal(null, "id"), { mutates: true });
      throw new Error("not thrown");
    } catch (error) {
      expect(error).toMatchObject({ code: "UPSTREAM_UNAVAILABLE", outcomeUnknown: true });
    }
  });

  it("our own bugs and Coffer's errors pass through untouched", () => {
    const bug = new RangeError("off by one");
    expect(() =>
      guard("GET /v1/x", () => {
        throw bug;
      }),
    ).toThrow(bug);
    const notFound = new NotFoundError("no such wallet");
    expect(() =>
      guard("GET /v1/x", () => {
        throw notFound;
      }),
    ).toThrow(notFound);
    expect(guard("GET /v1/x", () => 7)).toBe(7);
  });
});

describe("transport failure", () => {
  it.each([
    ["timeout after sending", new HttpTransportError("timeout", "x", true), true],
    ["reset after connecting", new HttpTransportError("network", "x", true), true],
    ["connection refused", new HttpTransportError("network", "x", false), false],
  ])("%s", (_name, error, outcomeUnknown) => {
    expect(transportFailure("Example", "conn-1", "POST api.example.com/transfer", error)).toMatchObject({ code: "UPSTREAM_UNAVAILABLE", outcomeUnknown, connectionId: "conn-1" });
  });
});
