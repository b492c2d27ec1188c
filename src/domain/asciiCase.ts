/**
 * Case changes for codes (asset codes, symbols) that touch ASCII letters only.
 *
 * `String.prototype.toUpperCase` follows Unicode: "ſ" (long s) becomes "S", "ß" becomes "SS",
 * "ı" (dotless i) becomes "I", and the Kelvin sign lower-cases to "k". Folding a user's text
 * that way turns look-alikes into real asset codes ("uſdt" → "USDT"). These functions change
 * a–z / A–Z and leave every other character exactly as it was, so a non-ASCII character stays
 * visible to the check that refuses it.
 */
export function asciiUpper(text: string): string {
  return text.replace(/[a-z]+/g, (run) => String.fromCharCode(...[...run].map((c) => c.charCodeAt(0) - 32)));
}

/** The ASCII-only lower case (for exchanges whose wire wants "usdt"). */
export function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (run) => String.fromCharCode(...[...run].map((c) => c.charCodeAt(0) + 32)));
}
