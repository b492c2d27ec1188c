import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from "graphql";
import type { Decimal } from "decimal.js";
import { Dec, formatDecimal } from "../../domain/decimal.js";
import { ErrorCode } from "../../domain/errors.js";

/** Longest decimal text accepted from a client; far above any real amount, far below abuse. */
export const MAX_DECIMAL_INPUT_LENGTH = 64;

const UNSIGNED_DECIMAL = /^\d+(\.\d+)?$/;

const RULE = 'a Decimal is a string of digits with an optional fraction, e.g. "0.1" or "1250.00000001" (no sign, exponent, NaN, Infinity, hex or blanks)';

function reject(detail: string): never {
  throw new GraphQLError(`Invalid Decimal: ${detail}; ${RULE}.`, { extensions: { code: ErrorCode.BAD_USER_INPUT } });
}

/**
 * Checks decimal text from a client. A JS number is refused even when it looks exact: by the
 * time it reached us it went through a float. Graphql-js prefixes our message with the
 * variable and the path of the field, so the client learns which field broke which rule.
 */
export function parseDecimalInput(value: unknown): Decimal {
  if (typeof value === "number") reject(`received the number ${String(value)}, send it as a string`);
  if (typeof value !== "string") reject(`received ${value === null ? "null" : typeof value}`);
  if (value.length === 0) reject("received an empty string");
  if (value.length > MAX_DECIMAL_INPUT_LENGTH) reject(`received ${value.length} characters, at most ${MAX_DECIMAL_INPUT_LENGTH} are allowed`);
  if (value.startsWith("-")) reject(`received ${JSON.stringify(value)}; negative amounts are not accepted here`);
  if (!UNSIGNED_DECIMAL.test(value)) reject(`received ${JSON.stringify(value)}`);
  return new Dec(value);
}

function parseLiteral(ast: ValueNode): Decimal {
  if (ast.kind === Kind.STRING) return parseDecimalInput(ast.value);
  if (ast.kind === Kind.INT || ast.kind === Kind.FLOAT) reject(`received the number literal ${ast.value}, send it as a string`);
  return reject(`received a ${ast.kind} literal`);
}

const printed = new WeakMap<Decimal, string>();

export const DecimalScalar = new GraphQLScalarType<Decimal, string>({
  name: "Decimal",
  description:
    'Exact decimal number carried as a string, e.g. "0.1" or "1250.00000001". Inputs must be strings of digits with an optional fraction; floats, exponents, NaN, Infinity, hex and blanks are rejected.',
  serialize(value) {
    if (Dec.isDecimal(value)) {
      // A cached snapshot's amounts are printed for every request that reads them: once is enough
      // (a Decimal never changes; weakly held, so a dropped snapshot takes its texts with it).
      let text = printed.get(value as Decimal);
      if (text === undefined) {
        text = formatDecimal(value as Decimal);
        printed.set(value as Decimal, text);
      }
      return text;
    }
    throw new Error(`Decimal.serialize expects a Decimal instance, received ${typeof value}`);
  },
  parseValue: parseDecimalInput,
  parseLiteral,
});
