import { createHmac } from "node:crypto";

/**
 * HTX Signature Version 2 (HmacSHA256), as pure functions so the official vectors can pin them.
 * Pre-sign text: `METHOD\nhost\npath\nsortedParams`; the host is the request's own host (with
 * its port when it has one). GET signs every parameter; POST signs only the four auth
 * parameters (the business parameters travel in the JSON body).
 */

/** Percent-encoding with upper-case hex, space as %20, and only RFC 3986 unreserved characters left bare. */
export function htxEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

/** HTX's Timestamp: UTC `YYYY-MM-DDThh:mm:ss`, no milliseconds, no zone letter. */
export function htxTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19);
}

/** `k=v&…` with names in ASCII order, names and values percent-encoded. */
export function sortedQuery(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((key) => `${htxEncode(key)}=${htxEncode(params[key])}`)
    .join("&");
}

/** The exact text HTX signs. `host` is lower-cased, as HTX does. */
export function buildPreSignText(method: string, host: string, path: string, params: Readonly<Record<string, string>>): string {
  return `${method.toUpperCase()}\n${host.toLowerCase()}\n${path}\n${sortedQuery(params)}`;
}

/** base64(HMAC-SHA256(secret, preSignText)). */
export function signHtx(secretKey: string, preSignText: string): string {
  return createHmac("sha256", secretKey).update(preSignText, "utf8").digest("base64");
}

/** The four parameters every signed call carries. */
export function authParams(accessKey: string, epochMs: number): Record<string, string> {
  return {
    AccessKeyId: accessKey,
    SignatureMethod: "HmacSHA256",
    SignatureVersion: "2",
    Timestamp: htxTimestamp(epochMs),
  };
}

export interface SignedUrlInput {
  readonly method: "GET" | "POST";
  /** Scheme and host, e.g. `https://api.huobi.pro` or `http://127.0.0.1:41234`. */
  readonly baseUrl: string;
  readonly path: string;
  readonly accessKey: string;
  readonly secretKey: string;
  /** Business parameters; for POST these are not signed and not put in the URL (send them as the body). */
  readonly params?: Readonly<Record<string, string>>;
  /** Epoch ms of the request, on the exchange's clock. */
  readonly epochMs: number;
}

/**
 * The full signed URL: sorted parameters, then `&Signature=`. Holds a signature: never log it.
 */
export function signedUrl(input: SignedUrlInput): string {
  const base = new URL(input.baseUrl);
  const signedParams = {
    ...authParams(input.accessKey, input.epochMs),
    ...(input.method === "GET" ? input.params : {}),
  };
  const preSign = buildPreSignText(input.method, base.host, input.path, signedParams);
  const signature = signHtx(input.secretKey, preSign);
  return `${base.protocol}//${base.host}${input.path}?${sortedQuery(signedParams)}&Signature=${htxEncode(signature)}`;
}
