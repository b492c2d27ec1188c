/**
 * Removes secret values from anything about to be logged or shown, and nothing else: Coffer's
 * own sentences ("send Authorization: Bearer <token>") pass through word for word. What counts
 * as a secret value: whatever sits under a secret-named key, the query string of a URL (it may
 * carry a signature or an access key), the password in a URL, the value of a `signature=` /
 * `AccessKeyId=` style parameter, the credential after an `Authorization:` or `X-MBX-APIKEY:`
 * header name or after "Bearer", a secret-named key's value inside quoted JSON, and any
 * configured secret given by value.
 */
const SECRET_KEY = /secret|signature|password|token|authorization|apikey|api_key|accesskey|x-mbx-apikey|credential/i;

export const REDACTED = "[redacted]";

const URL_QUERY = /(https?:\/\/[^\s?"'<>]+)\?[^\s"'<>]*/g;
/** The password in a URL's user info, e.g. postgres://coffer:PASSWORD@db/coffer. */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@"']+):[^\s/@"']+@/gi;
/** `name=value` parameters whose value is a credential or a signature. */
const SECRET_PARAM = /\b(signature|Signature|AccessKeyId|apiKey|secret|secretKey|SecretKey|accessKey)=[^&\s"']+/g;
/** A secret-named key quoted inside text, e.g. a JSON body in a message: "apiSecret":"…". */
const QUOTED_SECRET = /("(?:[A-Za-z_-]*(?:secret|signature|password|token|apikey|api_key|accesskey|authorization)[A-Za-z_-]*)"\s*:\s*)"[^"]*"/gi;
/**
 * A header written as text: the credential after `Authorization:` (and its scheme, kept) or
 * `X-MBX-APIKEY:`. A placeholder (`<token>`) or an already redacted value is not a credential.
 */
const SECRET_HEADER = /\b(x-mbx-apikey|authorization)(\s*[:=]\s*)(?:(bearer|basic|digest)\s+)?(?!(?:bearer|basic|digest)\b)(?![<[])[^\s,;"']+/gi;
/** "Bearer" followed by what may be a token (never ending in a sentence's full stop). */
const BEARER_VALUE = /\b(bearer)(\s+)(?![<[])([A-Za-z0-9._~+/=-]*[A-Za-z0-9_~+/=-])/gi;
/** A plain word after "Bearer" ("a bearer token is required") is prose, not a token: tokens carry digits or punctuation, or are long. */
const PROSE_WORD = /^[A-Za-z]{1,15}$/;
/** Configured secrets shorter than this are not searched for by value (they would match ordinary words). */
const MIN_SECRET_LENGTH = 6;

/** Redacts the secret values of one text; `secrets` are configured values to remove wherever they appear. */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text
    .replace(URL_QUERY, "$1?[redacted-query]")
    .replace(URL_PASSWORD, `$1:${REDACTED}@`)
    .replace(SECRET_PARAM, `$1=${REDACTED}`)
    .replace(QUOTED_SECRET, `$1"${REDACTED}"`)
    .replace(SECRET_HEADER, (_all, name: string, sep: string, scheme: string | undefined) => `${name}${sep}${scheme ? `${scheme} ` : ""}${REDACTED}`)
    .replace(BEARER_VALUE, (all, word: string, space: string, value: string) => (PROSE_WORD.test(value) ? all : `${word}${space}${REDACTED}`));
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH && out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/** Redacts a value to be logged: secret-named keys at any depth, and the secret values inside every string. */
export function redact(value: unknown, secrets: readonly string[] = [], depth = 0): unknown {
  if (depth > 8) return "[deep]";
  if (typeof value === "string") return redactText(value, secrets);
  if (Array.isArray(value)) return value.map((v) => redact(v, secrets, depth + 1));
  if (value instanceof Error) {
    return { name: value.name, message: redactText(value.message, secrets) };
  }
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] = SECRET_KEY.test(key) ? REDACTED : redact(v, secrets, depth + 1);
    }
    return out;
  }
  return value;
}
