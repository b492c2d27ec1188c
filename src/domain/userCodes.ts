import { asciiUpper } from "./asciiCase.js";
import { BadUserInputError } from "./errors.js";

/**
 * What a client may type where Coffer expects a code: an asset code (USDT), a market symbol
 * (BTCUSDT, BTC-USDT) or a sub-account email. Each is checked on the text as received, before
 * any case change, so a Unicode look-alike ("uſdt", "ＵＳＤＴ", Cyrillic "Т", a zero-width
 * joiner) is refused rather than folded into a real code. Only ASCII spaces around the text are
 * dropped (" usdt " is USDT); any other blank (tab, no-break space, ideographic space) is
 * refused. Upper-casing is ASCII-only (`asciiUpper`). Each throws BadUserInputError naming the
 * argument and the value received; pure.
 */

const MAX_ASSET_CODE_LENGTH = 20;
const MAX_SYMBOL_LENGTH = 30;
const MAX_EMAIL_LENGTH = 254;

const ASSET_CODE = new RegExp(`^[A-Za-z0-9]{1,${MAX_ASSET_CODE_LENGTH}}$`);
const SYMBOL = /^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/;
/** Printable ASCII, no spaces, one "@" with text on both sides. */
const EMAIL = /^[\x21-\x3F\x41-\x7E]+@[\x21-\x3F\x41-\x7E]+$/;

/** Drops ASCII spaces (U+0020) at both ends, nothing else. */
export function trimAsciiSpaces(text: string): string {
  return text.replace(/^ +| +$/g, "");
}

/** "uſdt" → `received "uſdt" (U+017F is not allowed)`: the value as received (at most 40 characters shown) and its first character outside `allowed`. */
function describeReceived(value: unknown, allowed: RegExp = /[A-Za-z0-9]/): string {
  if (typeof value !== "string") return `received ${value === null ? "null" : typeof value}`;
  const shown = [...value].length > 40 ? `${[...value].slice(0, 40).join("")}…` : value;
  const odd = [...trimAsciiSpaces(value)].find((c) => !allowed.test(c));
  const codePoint = odd === undefined ? "" : ` (U+${odd.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")} is not allowed)`;
  return `received ${JSON.stringify(shown)}${codePoint}`;
}

/** An asset code: ASCII letters and digits, 1 to 20, returned upper-case. */
export function parseAssetCode(value: unknown, argumentName: string): string {
  const text = typeof value === "string" ? trimAsciiSpaces(value) : "";
  if (!ASSET_CODE.test(text)) {
    throw new BadUserInputError(`${argumentName} must be an asset code such as USDT (ASCII letters and digits, 1 to ${MAX_ASSET_CODE_LENGTH}); ${describeReceived(value)}.`, {
      argumentName,
    });
  }
  return asciiUpper(text);
}

/**
 * A market symbol: ASCII letters and digits, hyphens between them (BTCUSDT, BTC-USDT), at most
 * 30, returned upper-case; an empty or all-space text is "no symbol" (null). The connector
 * checks the exchange's own form.
 */
export function parseSymbol(value: unknown, argumentName: string): string | null {
  if (value === null || value === undefined) return null;
  const text = typeof value === "string" ? trimAsciiSpaces(value) : undefined;
  if (text === "") return null;
  if (text === undefined || text.length > MAX_SYMBOL_LENGTH || !SYMBOL.test(text)) {
    throw new BadUserInputError(
      `${argumentName} must be a symbol such as BTCUSDT or BTC-USDT (ASCII letters, digits and inner hyphens, at most ${MAX_SYMBOL_LENGTH}); ${describeReceived(value, /[A-Za-z0-9-]/)}.`,
      { argumentName },
    );
  }
  return asciiUpper(text);
}

/** A sub-account email in plain ASCII (no spaces), kept as sent; empty or all-space is "none" (null). */
export function parseSubAccountEmail(value: unknown, argumentName: string): string | null {
  if (value === null || value === undefined) return null;
  const text = typeof value === "string" ? trimAsciiSpaces(value) : undefined;
  if (text === "") return null;
  if (text === undefined || text.length > MAX_EMAIL_LENGTH || !EMAIL.test(text)) {
    throw new BadUserInputError(`${argumentName} must be an email address in ASCII, such as sub@example.com; ${describeReceived(value, /[\x21-\x7E]/)}.`, { argumentName });
  }
  return text;
}
