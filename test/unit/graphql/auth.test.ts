import { describe, expect, it } from "@jest/globals";
import { createAuthenticator, requireScope, sha256Hex } from "../../../src/graphql/auth.js";

const authenticate = createAuthenticator([
  { name: "dashboard", sha256: sha256Hex("read-token"), scopes: ["read"] },
  { name: "treasury", sha256: sha256Hex("transfer-token"), scopes: ["read", "transfer"] },
]);

describe("authenticator", () => {
  it("finds the principal of a known token", () => {
    expect(authenticate("Bearer read-token").name).toBe("dashboard");
    expect(authenticate("bearer transfer-token").scopes.has("transfer")).toBe(true);
  });

  it.each([[undefined], [""], ["read-token"], ["Basic cmVhZA=="], ["Bearer"], ["Bearer wrong"], ["Bearer read-token extra"]])("refuses %p with UNAUTHENTICATED", (header) => {
    expect(() => authenticate(header)).toThrow(expect.objectContaining({ code: "UNAUTHENTICATED" }));
  });

  it("refuses a read-only principal the transfer scope with FORBIDDEN", () => {
    expect(() => requireScope(authenticate("Bearer read-token"), "transfer")).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    expect(() => requireScope(authenticate("Bearer transfer-token"), "transfer")).not.toThrow();
  });
});
