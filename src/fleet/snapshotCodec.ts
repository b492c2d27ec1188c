import { Decimal } from "decimal.js";
import { Dec } from "../domain/decimal.js";
import { JsonNumber } from "../exchanges/kit/parseJsonExact.js";

/** A value that cannot be written to the shared cache (a class instance, a function…): it stays in this process. */
export class NotShareableError extends Error {}

type Encoded = null | boolean | number | string | Encoded[] | { [key: string]: Encoded };

/**
 * Snapshots as JSON text for the fleet's cache, with every exact number kept as its text:
 * a wire number (JsonNumber) and a Decimal become `{"$t":"jn"|"dec","v":"<text>"}`, so
 * "0.10000000000000000555" comes back digit for digit. A plain object that itself has a "$t"
 * key is wrapped (`{"$t":"obj","v":{…}}`), so no wire body can be mistaken for a tag.
 */
export function encodeSnapshot(value: unknown): string {
  return JSON.stringify(encode(value, 0));
}

export function decodeSnapshot(text: string): unknown {
  return decode(JSON.parse(text) as Encoded);
}

function encode(value: unknown, depth: number): Encoded {
  if (depth > 256) throw new NotShareableError("nested too deeply");
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new NotShareableError("a non-finite number");
    return value;
  }
  if (value instanceof JsonNumber) return { $t: "jn", v: value.text };
  if (Decimal.isDecimal(value)) return { $t: "dec", v: (value as Decimal).toFixed() };
  if (Array.isArray(value)) return value.map((item) => encode(item, depth + 1));
  if (typeof value === "object") {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) throw new NotShareableError(`an instance of ${(value as object).constructor?.name ?? "a class"}`);
    const out: Record<string, Encoded> = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = encode(item, depth + 1);
    return "$t" in out ? { $t: "obj", v: out } : out;
  }
  throw new NotShareableError(`a ${typeof value}`);
}

function decode(value: Encoded): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(decode);
  const tag = value.$t;
  if (tag === "jn") return new JsonNumber(value.v as string);
  if (tag === "dec") return new Dec(value.v as string);
  const source = tag === "obj" ? (value.v as Record<string, Encoded>) : value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(source)) out[key] = decode(item);
  return out;
}
