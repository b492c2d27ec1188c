import { createHmac, timingSafeEqual } from "node:crypto";

/** Why a signed request was refused; each envelope words it its own way (htxSimErrors.ts). */
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

/**
 * Checks Signature v2 independently of the connector's code: rebuilds the pre-sign text from
 * the query as received (every parameter but Signature, sorted, re-encoded) and the Host header.
 * Null when the request is genuine.
 */
export function verifyHtxSignature(input: HtxAuthInput, accessKey: string, secretKey: string): HtxAuthFailure | null {
  const params = new Map<string, string>();
  for (const part of input.rawQuery.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const rawKey = eq === -1 ? part : part.slice(0, eq);
    const rawValue = eq === -1 ? "" : part.slice(eq + 1);
    try {
      params.set(decodeURIComponent(rawKey), decodeURIComponent(rawValue));
    } catch {
      return "bad-signature";
    }
  }
  const signature = params.get("Signature");
  const key = params.get("AccessKeyId");
  if (!signature || !key) return "missing";
  if (params.get("SignatureMethod") !== "HmacSHA256") return "bad-method";
  if (params.get("SignatureVersion") !== "2") return "bad-version";
  const stamp = params.get("Timestamp") ?? "";
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(stamp)) return "bad-timestamp";
  const at = Date.parse(stamp + "Z");
  if (!Number.isFinite(at)) return "bad-timestamp";
  if (Math.abs(input.now - at) > TIMESTAMP_TOLERANCE_MS) return "stale-timestamp";
  if (key !== accessKey) return "unknown-key";
  params.delete("Signature");
  const sorted = [...params.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => `${encode(name)}=${encode(params.get(name) ?? "")}`)
    .join("&");
  const preSign = `${input.method.toUpperCase()}\n${input.host.toLowerCase()}\n${input.path}\n${sorted}`;
  const expected = Buffer.from(createHmac("sha256", secretKey).update(preSign, "utf8").digest("base64"));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? null : "bad-signature";
}
