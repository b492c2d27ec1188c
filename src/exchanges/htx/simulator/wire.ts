import { JsonNumber, stringifyJsonExact } from "../../kit/parseJsonExact.js";
import { simAnswer } from "../../kit/simulator/simAnswer.js";
import type { SimResponse } from "../../kit/simulator/simServer.js";
import type { HtxAuthFailure } from "./auth.js";
import type { SimNumber } from "./state.js";

/**
 * Writing HTX answers by hand: numbers as bare tokens from exact text, and the four error
 * envelopes (spot v1, spot v2, contract v1, contract v3) with HTX's own codes and wording.
 */

/** A state figure as HTX writes it: a number token, null, or the empty string. */
export function num(value: SimNumber): JsonNumber | null | "" {
  if (value === null) return null;
  if (value === "") return "";
  return new JsonNumber(value);
}

export function int(value: number): JsonNumber {
  return new JsonNumber(String(value));
}

export function jsonAnswer(body: unknown, headers?: Record<string, string>, status = 200): SimResponse {
  return simAnswer(status, stringifyJsonExact(body), headers);
}

/** Which envelope a path answers in. */
export type HtxEnvelope = "spot-v1" | "spot-v2-transfer" | "spot-v2-ledger" | "contract-v1" | "contract-v3";

export function envelopeOf(path: string): HtxEnvelope {
  if (path === "/v2/account/transfer") return "spot-v2-transfer";
  if (path.startsWith("/v2/")) return "spot-v2-ledger";
  if (path.startsWith("/linear-swap-api/v3/") || path.startsWith("/v5/")) return "contract-v3";
  if (path.startsWith("/linear-swap-api/") || path.startsWith("/api/")) return "contract-v1";
  return "spot-v1";
}

/** An error in the envelope of `path`. Spot codes are strings or numbers; contract codes numbers. */
export function errorAnswer(path: string, code: string | number, message: string, now: number, headers?: Record<string, string>): SimResponse {
  switch (envelopeOf(path)) {
    case "spot-v1":
      return jsonAnswer({ status: "error", "err-code": String(code), "err-msg": message, data: null }, headers);
    case "spot-v2-transfer":
      return jsonAnswer({ code: int(Number(code)), data: null, message, success: false }, headers);
    case "spot-v2-ledger":
      return jsonAnswer({ code: int(Number(code)), message, ok: false }, headers);
    case "contract-v1":
      return jsonAnswer({ status: "error", err_code: int(Number(code)), err_msg: message, ts: int(now) }, headers);
    case "contract-v3":
      return jsonAnswer({ code: int(Number(code)), msg: message, data: null, ts: int(now) }, headers);
  }
}

/** HTX's refusal of a badly signed request, per envelope. */
export function authErrorAnswer(path: string, failure: HtxAuthFailure, now: number): SimResponse {
  const envelope = envelopeOf(path);
  if (envelope === "spot-v1") {
    if (failure === "missing") return errorAnswer(path, "login-required", "Signature is missing, or user not find (key and uid not match).", now);
    const reason: Record<HtxAuthFailure, string> = {
      missing: "",
      "bad-method": "Signature not valid: Incorrect signature method",
      "bad-version": "Signature not valid: Incorrect signature version",
      "bad-timestamp": "Signature not valid: Timestamp is invalid",
      "stale-timestamp": "Signature not valid: Timestamp expired",
      "unknown-key": "Signature not valid: Incorrect Access key [Access key错误]",
      "bad-signature": "Signature not valid: Verification failure [校验失败]",
    };
    return errorAnswer(path, "api-signature-not-valid", reason[failure], now);
  }
  if (envelope === "spot-v2-transfer") {
    return failure === "missing" ? errorAnswer(path, 512, "Reject anonymous requests", now) : errorAnswer(path, 513, "Invalid signature", now);
  }
  if (envelope === "spot-v2-ledger") return errorAnswer(path, 1003, "unauthorized", now);
  const contract: Record<HtxAuthFailure, [number, string]> = {
    missing: [12008, "Verification failed."],
    "bad-method": [12003, "Incorrect signature method."],
    "bad-version": [12002, "Incorrect signature version."],
    "bad-timestamp": [12006, "The submission time can't be empty."],
    "stale-timestamp": [12001, "Invalid submission time."],
    "unknown-key": [12009, "The user is locked or doesn't exist."],
    "bad-signature": [12008, "Verification failed."],
  };
  const [code, message] = contract[failure];
  return errorAnswer(path, code, message, now);
}

/** HTX's "too many requests", per envelope. */
export function rateLimitAnswer(path: string, now: number, headers: Record<string, string>): SimResponse {
  switch (envelopeOf(path)) {
    case "spot-v1":
      return errorAnswer(path, "base-request-exceed-frequency-limit", "Exceeded the frequency limit, please try again later.", now, headers);
    case "spot-v2-transfer":
    case "spot-v2-ledger":
      return errorAnswer(path, 429, "too many requests", now, headers);
    default:
      return errorAnswer(path, 1032, "The number of access exceeded the limit.", now, headers);
  }
}

/** Unknown path (or a path of the other host): HTTP 405 `method-not-allowed`, as HTX answers. */
export function unknownPathAnswer(): SimResponse {
  return jsonAnswer({ status: "error", "err-code": "method-not-allowed", "err-msg": "The path does not exist.", data: null }, undefined, 405);
}
