import { createHmac } from "node:crypto";

/**
 * Binance HMAC-SHA256 signature: hex of HMAC(secret, queryString + body), the two joined
 * without a separator (Binance's "SIGNED endpoint security"). Pure, so it is tested against the official
 * vectors.
 */
export function signBinance(payload: string, secret: string): string {
  return createHmac("sha256", secret).update(payload, "utf8").digest("hex");
}

/**
 * Form-encodes parameters in the order given, the way Binance reads them: every value
 * percent-encoded (non-ASCII included) so the signed text is exactly the sent text.
 */
export function encodeParams(params: ReadonlyArray<readonly [string, string]>): string {
  return params.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join("&");
}
