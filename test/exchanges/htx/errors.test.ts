import { describe, expect, it } from "@jest/globals";
import { parseJsonExact } from "../../../src/exchanges/kit/parseJsonExact.js";
import { htxErrorOf, readEnvelope } from "../../../src/exchanges/htx/errors.js";
import { InsufficientBalanceError, RateLimitedError, UpstreamRejectedError, UpstreamUnavailableError } from "../../../src/domain/errors.js";
import { SEED_TRANSFER_FAILURE, SEED_TRANSFER_SUCCESS } from "./seedExamples.js";

const body = (text: string) => parseJsonExact(text);

describe("the four HTX envelopes", () => {
  it.each<[string, string, unknown]>([
    ["spot v1 ok", '{"status":"ok","data":[]}', { ok: true }],
    [
      "spot v1 error",
      '{"status":"error","err-code":"api-signature-not-valid","err-msg":"Signature not valid: Incorrect Access key [Access key错误]","data":null}',
      { ok: false, code: "api-signature-not-valid", message: "Signature not valid: Incorrect Access key [Access key错误]" },
    ],
    ["spot v2 ok (seed)", SEED_TRANSFER_SUCCESS, { ok: true }],
    ["spot v2 error (seed)", SEED_TRANSFER_FAILURE, { ok: false, code: "1303", message: "The single transfer-out amount must be no less than 0.0008BTC" }],
    [
      "contract v1 error",
      '{"status":"error","err_code":1030,"err_msg":"Abnormal service. Please try again later.","ts":1588093883199}',
      { ok: false, code: "1030", message: "Abnormal service. Please try again later." },
    ],
    ["contract v3 ok", '{"code":200,"msg":"ok","data":{"account_type":2},"ts":1668057324200}', { ok: true }],
    [
      "contract v3 error",
      '{"code":1032,"msg":"The number of access exceeded the limit.","ts":1}',
      { ok: false, code: "1032", message: "The number of access exceeded the limit." },
    ],
    ["not an envelope", '{"hello":1}', { ok: "unknown" }],
    ["not an object", "[1]", { ok: "unknown" }],
  ])("%s", (_name, text, outcome) => {
    expect(readEnvelope(body(text))).toEqual(outcome);
  });
});

describe("HTX answers → Coffer errors", () => {
  const where = "POST api.huobi.pro/v2/account/transfer";
  it.each<[string, number, string | undefined, boolean, new (...args: never[]) => Error, Record<string, unknown>]>([
    ["1303 minimum", 200, SEED_TRANSFER_FAILURE, true, UpstreamRejectedError, { code: "UPSTREAM_REJECTED", exchangeCode: "1303" }],
    [
      "1331 precision",
      200,
      '{"code":1331,"data":null,"message":"Exceeds limit of transfer accuracy (8 digits). Please modify it.","success":false}',
      true,
      UpstreamRejectedError,
      { exchangeCode: "1331" },
    ],
    [
      "signature",
      200,
      '{"status":"error","err-code":"api-signature-not-valid","err-msg":"Signature not valid","data":null}',
      false,
      UpstreamRejectedError,
      { exchangeCode: "api-signature-not-valid" },
    ],
    [
      "1301 insufficient",
      200,
      '{"code":1301,"data":null,"message":"Insufficient amount available.","success":false}',
      true,
      InsufficientBalanceError,
      { code: "INSUFFICIENT_BALANCE", exchangeCode: "1301" },
    ],
    [
      "dw-insufficient-balance",
      200,
      '{"status":"error","err-code":"dw-insufficient-balance","err-msg":"Insufficient balance. You can only transfer 1 at most.","data":null}',
      true,
      InsufficientBalanceError,
      { exchangeCode: "dw-insufficient-balance" },
    ],
    [
      "1047 insufficient margin",
      200,
      '{"status":"error","err_code":1047,"err_msg":"Insufficient margin available.","ts":1}',
      false,
      InsufficientBalanceError,
      { exchangeCode: "1047" },
    ],
    [
      "1032 contract rate",
      200,
      '{"status":"error","err_code":1032,"err_msg":"The number of access exceeded the limit.","ts":1}',
      false,
      RateLimitedError,
      { code: "RATE_LIMITED", retryAfterSeconds: 2 },
    ],
    ["429 transfer rate", 200, '{"code":429,"data":null,"message":"too many requests","success":false}', true, RateLimitedError, { code: "RATE_LIMITED" }],
    ["HTTP 429 without body", 429, undefined, false, RateLimitedError, { code: "RATE_LIMITED" }],
    ["HTTP 502 html", 502, undefined, true, UpstreamUnavailableError, { code: "UPSTREAM_UNAVAILABLE" }],
    ["HTTP 200 unreadable", 200, undefined, false, UpstreamUnavailableError, { code: "UPSTREAM_UNAVAILABLE" }],
    [
      "HTTP 405 unknown path",
      405,
      '{"status":"error","err-code":"method-not-allowed","err-msg":"x","data":null}',
      false,
      UpstreamRejectedError,
      { exchangeCode: "method-not-allowed" },
    ],
    ["HTTP 404 no envelope", 404, "{}", false, UpstreamRejectedError, { exchangeCode: "HTTP_404" }],
  ])("%s", (_name, status, text, mutating, type, extensions) => {
    const error = htxErrorOf("htx-1", where, status, text === undefined ? undefined : body(text), { mutating, retryAfterMs: 1500 });
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({ connectionId: "htx-1", ...extensions });
  });

  it("a 5xx or unreadable transfer answer leaves the outcome unknown; a read's does not", () => {
    expect((htxErrorOf("c", where, 502, undefined, { mutating: true }) as UpstreamUnavailableError).outcomeUnknown).toBe(true);
    expect((htxErrorOf("c", where, 200, undefined, { mutating: true }) as UpstreamUnavailableError).outcomeUnknown).toBe(true);
    expect((htxErrorOf("c", where, 502, undefined, { mutating: false }) as UpstreamUnavailableError).outcomeUnknown).toBe(false);
  });

  it("success answers are no error", () => {
    expect(htxErrorOf("c", where, 200, body(SEED_TRANSFER_SUCCESS), { mutating: true })).toBeNull();
    expect(htxErrorOf("c", where, 200, body('{"status":"ok","data":1}'), { mutating: false })).toBeNull();
  });
});
