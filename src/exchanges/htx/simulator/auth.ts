import { decodeQuery } from "../../kit/simulator/simRequest.js";
import { hmacMatches } from "../../kit/simulator/simSignature.js";

/** Why a signed request was refused; each envelope words it its own way (wire.ts). */
export type HtxAuthFailure = "missing" | "bad-method" | "bad-version" | "bad-timestamp" | "stale-timestamp" | "unknown-key" | "bad-signature";

export interface HtxAuthInput {
  readonly method: string;
  /** The request's Host header: HTX signs the host the client connected to. */
  readonly host: string;
  readonly path: string;
  readonly rawQuery: string;
  /** The simulator's clock, epoch ms. */
  readonly now: number;
}

/** HTX tolerates this much clock difference (the spot doc says 5 minutes). */
export const TIMESTAMP_TOLERANCE_MS = 5 * 60 * 1000;

function encode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

/** The text HTX signs, rebuilt from what was received: `METHOD\nhost\npath\n` and the parameters sorted and re-encoded. */
export function simPreSignText(method: string, host: string, path: string, params: ReadonlyMap<string, string>): string {
  const sorted = [...params.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => `${encode(name)}=${encode(params.get(name) ?? "")}`)
    .join("&");
  return `${method.toUpperCase()}\n${host.toLowerCase()}\n${path}\n${sorted}`;
}

/** Why a Timestamp is refused (HTX's `YYYY-MM-DDThh:mm:ss` in UTC, within the tolerance of `now`), or null. */
export function timestampFailure(stamp: string, now: number): "bad-timestamp" | "stale-timestamp" | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(stamp)) return "bad-timestamp";
  const at = Date.parse(stamp + "Z");
  if (!Number.isFinite(at)) return "bad-timestamp";
  return Math.abs(now - at) > TIMESTAMP_TOLERANCE_MS ? "stale-timestamp" : null;
}

/**
 * Checks Signature v2 independently of the connector's code: rebuilds the pre-sign text from
 * the query as received (every parameter but Signature, sorted, re-encoded) and the Host header.
 * Null when the request is genuine.
 */
export function verifyHtxSignature(input: HtxAuthInput, accessKey: string, secretKey: string): HtxAuthFailure | null {
  const pairs = decodeQuery(input.rawQuery);
  if (pairs === null) return "bad-signature";
  const params = new Map(pairs);
  const signature = params.get("Signature");
  const key = params.get("AccessKeyId");
  if (!signature || !key) return "missing";
  if (params.get("SignatureMethod") !== "HmacSHA256") return "bad-method";
  if (params.get("SignatureVersion") !== "2") return "bad-version";
  const stampProblem = timestampFailure(params.get("Timestamp") ?? "", input.now);
  if (stampProblem) return stampProblem;
  if (key !== accessKey) return "unknown-key";
  params.delete("Signature");
  return hmacMatches(secretKey, simPreSignText(input.method, input.host, input.path, params), "base64", signature) ? null : "bad-signature";
}
