import type { Decimal } from "decimal.js";
import { Dec, parseDecimal } from "../../domain/decimal.js";
import { JsonNumber } from "./parseJsonExact.js";

/**
 * Reads single wire values exactly. A JSON number arrives as a JsonNumber whose text goes
 * straight into a Decimal; an exponent form ("1E-8", which Java's BigDecimal may write) is
 * converted exactly too. Anything unexpected throws TypeError: a wire-format surprise is the
 * exchange's failure to surface (the wire guard names the exchange), never a number to guess.
 */
export function wireDecimal(value: unknown, field: string): Decimal {
  const parsed = wireOptionalDecimal(value, field);
  if (parsed === null) throw new TypeError(`field ${field} is empty where a number is required`);
  return parsed;
}

/** `null`, absent and `""` (how exchanges say "no value") become null, never zero. */
export function wireOptionalDecimal(value: unknown, field: string): Decimal | null {
  if (value === null || value === undefined || value === "") return null;
  const text = value instanceof JsonNumber ? value.text : typeof value === "string" ? value.trim() : undefined;
  if (text === undefined) throw new TypeError(`field ${field} is not a number: ${typeof value}`);
  if (/[eE]/.test(text)) {
    if (!/^-?\d+(\.\d+)?[eE][+-]?\d+$/.test(text)) throw new TypeError(`field ${field} is not a number`);
    return new Dec(text);
  }
  try {
    return parseDecimal(text);
  } catch {
    throw new TypeError(`field ${field} is not a number`);
  }
}

/** An id or count sent as a JSON number (or a string of digits), as exact text. */
export function wireIdText(value: unknown, field: string): string {
  const text = value instanceof JsonNumber ? value.text : typeof value === "string" ? value : undefined;
  if (text === undefined || !/^-?\d+$/.test(text)) throw new TypeError(`field ${field} is not an integer id`);
  return text;
}

export function wireString(value: unknown, field: string): string {
  if (typeof value !== "string") throw new TypeError(`field ${field} is not a string`);
  return value;
}

/** A string that may be null, absent or "" (all three become null). */
export function wireOptionalString(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

export function wireArray<T>(value: unknown, field: string): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new TypeError(`field ${field} is not a list`);
  return value as T[];
}

export function wireObject<T>(value: unknown, field: string): T {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new TypeError(`field ${field} is not an object`);
  return value as T;
}
