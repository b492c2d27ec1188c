import { describe, expect, it } from "@jest/globals";
import { buildPreSignText, htxEncode, htxTimestamp, signedUrl, signHtx } from "../../../src/exchanges/htx/auth.js";
import { verifyHtxSignature } from "../../../src/exchanges/htx/simulator/auth.js";

const AT = Date.UTC(2019, 10, 21, 10, 0, 0); // 2019-11-21 10:00:00 UTC, the Go SDK's time
const AUTH = { AccessKeyId: "access", SignatureMethod: "HmacSHA256", SignatureVersion: "2", Timestamp: "2019-11-21T10:00:00" };

describe("HTX Signature v2", () => {
  it("formats the Timestamp as UTC without milliseconds and encodes with upper-case hex", () => {
    expect(htxTimestamp(AT + 999)).toBe("2019-11-21T10:00:00");
    expect(htxEncode("2019-11-21T10:00:00")).toBe("2019-11-21T10%3A00%3A00");
    expect(htxEncode("a b+c/=*!'()~")).toBe("a%20b%2Bc%2F%3D%2A%21%27%28%29~");
  });

  // Official: HuobiRDCenter/huobi_Golang internal/requestbuilder/signer_test.go
  it("matches the official Go-SDK signer vector", () => {
    expect(signHtx("secret", "GET\napi.huobi.pro\n/v1/account/history\naccount-id=1&currency=btcusdt")).toBe("HUP3n78npIuTzVKyjEOrPictRKEUTRoYs7Ld5y38hmA=");
  });

  // Official: huobi_Golang privateurlbuilder_test.go
  it.each<{ path: string; params: Record<string, string>; url: string }>([
    {
      path: "/v1/account/accounts",
      params: {},
      url: "https://api.huobi.pro/v1/account/accounts?AccessKeyId=access&SignatureMethod=HmacSHA256&SignatureVersion=2&Timestamp=2019-11-21T10%3A00%3A00&Signature=rWnLcMt3XBAsmXoNHtTQVpvMbH%2FcE1PXFwQAGeYwt3s%3D",
    },
    {
      path: "/v1/account/history",
      params: { "account-id": "123", currency: "btc" },
      url: "https://api.huobi.pro/v1/account/history?AccessKeyId=access&SignatureMethod=HmacSHA256&SignatureVersion=2&Timestamp=2019-11-21T10%3A00%3A00&account-id=123&currency=btc&Signature=SGZYJ9Ub%2FhFerEBbSWsCxl8Djk%2BLRBgEZOB4fLc4T9Q%3D",
    },
  ])("matches the official Go-SDK URL vector for GET $path", ({ path, params, url }) => {
    expect(signedUrl({ method: "GET", baseUrl: "https://api.huobi.pro", path, accessKey: "access", secretKey: "secret", params, epochMs: AT })).toBe(url);
  });

  // Derived in the reference (not official).
  it.each([
    ["POST", "api.huobi.pro", "/v2/account/transfer", {}, "uyztCacGGJjW0NcdCqdyCTxhFZ7I0kPTCxdMC/K2neU="],
    ["POST", "api.hbdm.com", "/linear-swap-api/v1/swap_account_info", {}, "2iG8UkI1dyrOSEocjXYHNxdnz2APga/2D09JiFIzdz8="],
    ["GET", "api.hbdm.com", "/linear-swap-api/v3/unified_account_info", { contract_code: "BTC-USDT" }, "O4U+OhGu1EGNSILj80u5RaQwiC0nNSt8wymUY9RuQg0="],
  ])("matches the derived vector %s %s%s", (method, host, path, params, signature) => {
    expect(signHtx("secret", buildPreSignText(method, host, path, { ...AUTH, ...params }))).toBe(signature);
  });

  it("POST signs only the four auth params and keeps the host's port", () => {
    const url = signedUrl({
      method: "POST",
      baseUrl: "http://127.0.0.1:41234",
      path: "/v2/account/transfer",
      accessKey: "access",
      secretKey: "secret",
      params: { amount: "1" },
      epochMs: AT,
    });
    expect(url).not.toContain("amount");
    const query = url.slice(url.indexOf("?") + 1);
    const expected = signHtx("secret", buildPreSignText("POST", "127.0.0.1:41234", "/v2/account/transfer", AUTH));
    expect(new URLSearchParams(query).get("Signature")).toBe(expected);
  });

  it("the simulator accepts the official vector URL at its time and refuses it otherwise", () => {
    const rawQuery =
      "AccessKeyId=access&SignatureMethod=HmacSHA256&SignatureVersion=2&Timestamp=2019-11-21T10%3A00%3A00&account-id=123&currency=btc&Signature=SGZYJ9Ub%2FhFerEBbSWsCxl8Djk%2BLRBgEZOB4fLc4T9Q%3D";
    const request = { method: "GET", host: "api.huobi.pro", path: "/v1/account/history", rawQuery, now: AT + 60_000 };
    expect(verifyHtxSignature(request, "access", "secret")).toBeNull();
    expect(verifyHtxSignature(request, "access", "wrong")).toBe("bad-signature");
    expect(verifyHtxSignature(request, "other", "secret")).toBe("unknown-key");
    expect(verifyHtxSignature({ ...request, host: "api.huobi.pro:443" }, "access", "secret")).toBe("bad-signature");
    expect(verifyHtxSignature({ ...request, now: AT + 6 * 60_000 }, "access", "secret")).toBe("stale-timestamp");
    expect(verifyHtxSignature({ ...request, rawQuery: "AccessKeyId=access" }, "access", "secret")).toBe("missing");
  });
});
