import { describe, expect, it } from "@jest/globals";
import { mapBinanceFailure } from "../../../src/exchanges/binance/errors.js";

const WHERE = "POST api.binance.com/sapi/v1/asset/transfer";
const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers: new Map(Object.entries(headers)),
  text: typeof body === "string" ? body : JSON.stringify(body),
});

describe("mapBinanceFailure", () => {
  it.each([
    ["-5013 insufficient", answer(400, { code: -5013, msg: "Asset transfer failed: insufficient balance" }), { code: "INSUFFICIENT_BALANCE", exchangeCode: "-5013" }],
    ["-3020 margin transfer-out", answer(400, { code: -3020, msg: "Transfer out amount exceeds max amount." }), { code: "INSUFFICIENT_BALANCE" }],
    ["-5002", answer(400, { code: -5002, msg: "You have insufficient balance." }), { code: "INSUFFICIENT_BALANCE" }],
    ["-3041", answer(400, { code: -3041, msg: "Balance is not enough" }), { code: "INSUFFICIENT_BALANCE" }],
    [
      "-1022 signature",
      answer(400, { code: -1022, msg: "Signature for this request is not valid." }),
      { code: "UPSTREAM_REJECTED", exchangeCode: "-1022", exchangeMessage: "Signature for this request is not valid." },
    ],
    ["-2015 key", answer(401, { code: -2015, msg: "Invalid API-key, IP, or permissions for action." }), { code: "UPSTREAM_REJECTED", exchangeCode: "-2015" }],
    ["-1021 timestamp", answer(400, { code: -1021, msg: "Timestamp for this request is outside of the recvWindow." }), { code: "UPSTREAM_REJECTED", exchangeCode: "-1021" }],
    ["-3003 no margin", answer(400, { code: -3003, msg: "Margin account does not exist." }), { code: "UPSTREAM_REJECTED", exchangeCode: "-3003" }],
    [
      "-1007 backend timeout",
      answer(408, { code: -1007, msg: "Timeout waiting for response from backend server. Send status unknown; execution status unknown." }),
      { code: "UPSTREAM_UNAVAILABLE", outcomeUnknown: true },
    ],
    ["429", answer(429, { code: -1003, msg: "Too much request weight used" }, { "retry-after": "7" }), { code: "RATE_LIMITED", retryAfterSeconds: 7 }],
    ["418", answer(418, { code: -1003, msg: "Way too much request weight used" }, { "retry-after": "120" }), { code: "RATE_LIMITED", retryAfterSeconds: 120 }],
    ["500 html", answer(500, "<html>502 Bad Gateway</html>"), { code: "UPSTREAM_UNAVAILABLE", outcomeUnknown: true }],
    ["503 json", answer(503, { code: -1001, msg: "Internal error" }), { code: "UPSTREAM_UNAVAILABLE", outcomeUnknown: true }],
    ["404 html", answer(404, "<html>404</html>"), { code: "UPSTREAM_REJECTED", exchangeCode: "HTTP_404" }],
    ["200 unreadable", answer(200, '{"tranId":'), { code: "UPSTREAM_UNAVAILABLE", outcomeUnknown: true }],
  ])("%s", (_name, failure, expected) => {
    const error = mapBinanceFailure("conn-1", WHERE, failure);
    expect(error).toMatchObject({ ...expected, connectionId: "conn-1" });
    expect(error.connectionId).toBe("conn-1");
  });
});
