import { GraphQLError, GraphQLScalarType, Kind } from "graphql";
import { ErrorCode } from "../../domain/errors.js";

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;

/** Parses an ISO-8601 instant with a zone (Z or ±hh:mm); anything else is a client error. */
export function parseDateTimeInput(value: unknown): Date {
  const fail = (detail: string): never => {
    throw new GraphQLError(`Invalid DateTime: ${detail}; a DateTime is an ISO-8601 instant with a zone, e.g. "2026-11-21T08:00:00.000Z".`, {
      extensions: { code: ErrorCode.BAD_USER_INPUT },
    });
  };
  if (typeof value !== "string") return fail(`received ${value === null ? "null" : typeof value}`);
  if (!ISO_8601.test(value)) return fail(`received ${JSON.stringify(value.slice(0, 40))}`);
  const date = new Date(value);
  // Date is lenient ("2026-02-30" becomes March 2nd): the calendar fields must exist as written.
  const [year, month, day, hour, minute, second] = value.split(/[-T:.Z+]/).map(Number);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const real = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 59;
  if (!real || Number.isNaN(date.getTime())) return fail(`received ${JSON.stringify(value)}, which is not a real instant`);
  return date;
}

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: "DateTime",
  description: 'Instant in UTC as ISO-8601 with milliseconds, e.g. "2026-11-21T08:00:00.000Z".',
  serialize(value) {
    if (value instanceof Date) return value.toISOString();
    throw new Error(`DateTime.serialize expects a Date, received ${typeof value}`);
  },
  parseValue: parseDateTimeInput,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) return parseDateTimeInput(ast.kind);
    return parseDateTimeInput(ast.value);
  },
});
