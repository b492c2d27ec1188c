/**
 * JSON with exact numbers. Some exchanges write money as JSON numbers (`"margin_balance":0.10000000000000000555`);
 * `JSON.parse` would round those through a float. `parseJsonExact` keeps every number as its
 * source text in a `JsonNumber`, and `stringifyJsonExact` writes a `JsonNumber` back as a bare
 * number token, so an amount can travel wire → Decimal → wire with no float in between.
 * Everything else follows RFC 8259 strictly: no trailing commas, comments, leading zeros,
 * NaN/Infinity, single quotes, raw control characters or trailing content.
 */

/** A JSON number kept as the exact text it was written with (e.g. "1e-8", "-0.5", "12345678901234567890"). */
export class JsonNumber {
  readonly text: string;
  constructor(text: string) {
    if (!NUMBER_TOKEN.test(text)) throw new SyntaxError(`Not a JSON number: ${JSON.stringify(text)}`);
    this.text = text;
  }
  toString(): string {
    return this.text;
  }
  toJSON(): string {
    return this.text;
  }
}

/** A value `parseJsonExact` returns: like JSON.parse's, with numbers as `JsonNumber`. */
export type ExactJson = null | boolean | string | JsonNumber | ExactJson[] | { [key: string]: ExactJson };

const NUMBER_TOKEN = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
const MAX_DEPTH = 512;

/** Parses JSON text, keeping numbers exact. Throws SyntaxError (with the offset) on anything that is not JSON. */
export function parseJsonExact(text: string): unknown {
  const parser = new ExactParser(text);
  parser.skipWhitespace();
  const value = parser.value(0);
  parser.skipWhitespace();
  if (parser.pos !== text.length) parser.fail("unexpected text after the JSON value");
  return value;
}

class ExactParser {
  pos = 0;
  constructor(private readonly text: string) {}

  fail(reason: string): never {
    throw new SyntaxError(`Invalid JSON at offset ${this.pos}: ${reason}`);
  }

  skipWhitespace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.pos++;
      else break;
    }
  }

  value(depth: number): ExactJson {
    if (depth > MAX_DEPTH) this.fail("nested too deeply");
    const c = this.text[this.pos];
    switch (c) {
      case "{":
        return this.object(depth);
      case "[":
        return this.array(depth);
      case '"':
        return this.string();
      case "t":
        return this.literal("true", true);
      case "f":
        return this.literal("false", false);
      case "n":
        return this.literal("null", null);
      case undefined:
        return this.fail("unexpected end of input");
      default:
        if (c === "-" || (c >= "0" && c <= "9")) return this.number();
        return this.fail(`unexpected character ${JSON.stringify(c)}`);
    }
  }

  private literal<T extends ExactJson>(word: string, value: T): T {
    if (this.text.startsWith(word, this.pos)) {
      this.pos += word.length;
      return value;
    }
    return this.fail(`expected ${word}`);
  }

  private number(): JsonNumber {
    const match = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
    match.lastIndex = this.pos;
    const found = match.exec(this.text);
    if (!found || found[0] === "-" || found[0].length === 0) this.fail("malformed number");
    const end = this.pos + found[0].length;
    // "01", "1.", "1e", "-" leave a digit, dot or exponent right after the match: not JSON.
    const next = this.text[end];
    if (next !== undefined && /[0-9.eE+-]/.test(next)) this.fail("malformed number");
    this.pos = end;
    return new JsonNumber(found[0]);
  }

  private string(): string {
    const t = this.text;
    this.pos++; // opening quote
    let out = "";
    let runStart = this.pos;
    for (;;) {
      if (this.pos >= t.length) this.fail("unterminated string");
      const c = t.charCodeAt(this.pos);
      if (c === 0x22) {
        out += t.slice(runStart, this.pos);
        this.pos++;
        return out;
      }
      if (c < 0x20) this.fail("raw control character in a string");
      if (c !== 0x5c) {
        this.pos++;
        continue;
      }
      out += t.slice(runStart, this.pos);
      const e = t[this.pos + 1];
      this.pos += 2;
      switch (e) {
        case '"':
          out += '"';
          break;
        case "\\":
          out += "\\";
          break;
        case "/":
          out += "/";
          break;
        case "b":
          out += "\b";
          break;
        case "f":
          out += "\f";
          break;
        case "n":
          out += "\n";
          break;
        case "r":
          out += "\r";
          break;
        case "t":
          out += "\t";
          break;
        case "u": {
          const hex = t.slice(this.pos, this.pos + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail("bad \\u escape");
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 4;
          break;
        }
        default:
          this.pos -= 1;
          this.fail(`bad escape \\${e ?? ""}`);
      }
      runStart = this.pos;
    }
  }

  private array(depth: number): ExactJson[] {
    this.pos++; // [
    const items: ExactJson[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === "]") {
      this.pos++;
      return items;
    }
    for (;;) {
      this.skipWhitespace();
      items.push(this.value(depth + 1));
      this.skipWhitespace();
      const c = this.text[this.pos];
      if (c === ",") {
        this.pos++;
        continue;
      }
      if (c === "]") {
        this.pos++;
        return items;
      }
      this.fail("expected , or ] in an array");
    }
  }

  private object(depth: number): { [key: string]: ExactJson } {
    this.pos++; // {
    const result: { [key: string]: ExactJson } = {};
    this.skipWhitespace();
    if (this.text[this.pos] === "}") {
      this.pos++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') this.fail("expected a string key");
      const key = this.string();
      this.skipWhitespace();
      if (this.text[this.pos] !== ":") this.fail("expected : after a key");
      this.pos++;
      this.skipWhitespace();
      const value = this.value(depth + 1);
      // defineProperty: a "__proto__" key stays a plain property, as with JSON.parse.
      Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
      this.skipWhitespace();
      const c = this.text[this.pos];
      if (c === ",") {
        this.pos++;
        continue;
      }
      if (c === "}") {
        this.pos++;
        return result;
      }
      this.fail("expected , or } in an object");
    }
  }
}

/**
 * JSON text of a value, writing each `JsonNumber` as its bare number token. Plain JS numbers
 * are accepted only when they are safe integers (ids, codes): an amount must be a JsonNumber.
 */
export function stringifyJsonExact(value: unknown): string {
  if (value === null) return "null";
  if (value instanceof JsonNumber) return value.text;
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isSafeInteger(value)) {
        throw new TypeError(`Refusing to write the float ${value}: pass a JsonNumber with its exact text`);
      }
      return String(value);
    case "object": {
      if (Array.isArray(value)) return `[${value.map((v) => stringifyJsonExact(v === undefined ? null : v)).join(",")}]`;
      const parts: string[] = [];
      for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
        if (v === undefined) continue;
        parts.push(`${JSON.stringify(key)}:${stringifyJsonExact(v)}`);
      }
      return `{${parts.join(",")}}`;
    }
    default:
      throw new TypeError(`Cannot write a ${typeof value} as JSON`);
  }
}
