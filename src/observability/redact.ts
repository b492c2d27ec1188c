/**
 * Removes secrets from anything about to be logged or shown: values under secret-looking keys,
 * query strings of URLs (they may carry a signature or an access key), bearer tokens and
 * signature parameters inside free text.
 */
const SECRET_KEY = /secret|signature|password|token|authorization|apikey|api_key|accesskey|x-mbx-apikey|credential/i;

const URL_QUERY = /(https?:\/\/[^\s?"']+)\?[^\s"']*/g;
const BEARER = /bearer\s+[A-Za-z0-9._~+/=-]+/gi;
const SIGNATURE_PARAM = /(signature|Signature|AccessKeyId|apiKey|secret|secretKey|SecretKey|accessKey)=[^&\s"']+/g;
/** A secret-named key quoted inside text, e.g. a JSON body in a message: "apiSecret":"…". */
const QUOTED_SECRET = /("(?:[A-Za-z_-]*(?:secret|signature|password|token|apikey|api_key|accesskey|authorization)[A-Za-z_-]*)"\s*:\s*)"[^"]*"/gi;
/** A header line as text: X-MBX-APIKEY: abc, Authorization: Basic abc. */
const SECRET_HEADER = /\b(x-mbx-apikey|authorization)(\s*[:=]\s*)(?!Bearer \[redacted\])[^\s,;"']+(\s+[A-Za-z0-9._~+/=-]+)?/gi;

export const REDACTED = "[redacted]";

export function redactText(text: string): string {
  return text
    .replace(URL_QUERY, "$1?[redacted-query]")
    .replace(BEARER, "Bearer [redacted]")
    .replace(SIGNATURE_PARAM, "$1=[redacted]")
    .replace(QUOTED_SECRET, '$1"[redacted]"')
    .replace(SECRET_HEADER, "$1$2[redacted]");
}

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) return "[deep]";
  if (typeof value === "string") return redactText(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value instanceof Error) {
    return { name: value.name, message: redactText(value.message) };
  }
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] = SECRET_KEY.test(key) ? REDACTED : redact(v, depth + 1);
    }
    return out;
  }
  return value;
}
