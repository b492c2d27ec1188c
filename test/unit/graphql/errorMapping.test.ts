import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { ApolloServer } from "@apollo/server";
import { GraphQLError, GraphQLObjectType, GraphQLSchema, GraphQLString } from "graphql";
import {
  AppError,
  BadUserInputError,
  InsufficientBalanceError,
  InternalError,
  invariant,
  RateLimitedError,
  UpstreamRejectedError,
  UpstreamUnavailableError,
} from "../../../src/domain/errors.js";
import { ForbiddenError, UnauthenticatedError } from "../../../src/graphql/authErrors.js";
import { TokenRateLimitedError } from "../../../src/graphql/limits/tokenRateLimiter.js";
import { domainErrorOf, domainExtensions, RequestRefusal } from "../../../src/graphql/plugins/errorMapping.js";
import { createFormatError } from "../../../src/graphql/plugins/formatError.js";

/** Each field throws one error; the server formats errors as the app does. */
const thrown: Record<string, () => Error> = {
  rejected: () => new UpstreamRejectedError("binance-main", -3003, "Margin account does not exist."),
  insufficient: () => new InsufficientBalanceError("htx-main", 1301, "Insufficient amount available."),
  limited: () => new RateLimitedError("Binance asked to wait.", "binance-main", 2.2),
  unavailable: () => new UpstreamUnavailableError("Binance did not answer.", "binance-main", { outcomeUnknown: true }),
  badInput: () => new BadUserInputError("amount must be a number greater than zero.", { argumentName: "amount" }),
  internal: () => new InternalError("Not sent: the journal could not mark it."),
  bug: () => {
    try {
      invariant(false, "a row vanished at /var/lib/coffer");
    } catch (error) {
      return error as Error;
    }
    return new Error("unreachable");
  },
  forbidden: () => new ForbiddenError('This token (dashboard) lacks the "transfer" scope needed for this operation.'),
};

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: "Query",
    fields: Object.fromEntries(
      Object.entries(thrown).map(([name, make]) => [
        name,
        {
          type: GraphQLString,
          resolve: () => {
            throw make();
          },
        },
      ]),
    ),
  }),
});

describe("domain errors are plain Errors with a stable code", () => {
  it.each(Object.entries(thrown).filter(([name]) => !["bug", "forbidden"].includes(name)))("%s is no GraphQLError", (_name, make) => {
    const error = make();
    expect(error).toBeInstanceOf(AppError);
    expect(error).not.toBeInstanceOf(GraphQLError);
    expect(error).not.toHaveProperty("extensions");
  });

  it("the GraphQL layer's refusals are GraphQLErrors carrying their HTTP status", () => {
    expect(new UnauthenticatedError().extensions).toMatchObject({ code: "UNAUTHENTICATED", http: { status: 401 } });
    expect(new ForbiddenError("no").extensions).toMatchObject({ code: "FORBIDDEN", http: { status: 403 } });
    expect(new RequestRefusal("BAD_USER_INPUT", "too costly").extensions).toMatchObject({ code: "BAD_USER_INPUT", http: { status: 400 } });
    const limited = new TokenRateLimitedError("dashboard", 1.5);
    expect(limited.extensions).toMatchObject({ code: "RATE_LIMITED", retryAfterSeconds: 2, http: { status: 429 } });
    expect((limited.extensions.http as { headers: Map<string, string> }).headers.get("retry-after")).toBe("2");
  });

  it("domainExtensions holds the code and the public fields, nothing else", () => {
    expect(domainExtensions(thrown.rejected!() as AppError)).toEqual({
      code: "UPSTREAM_REJECTED",
      connectionId: "binance-main",
      exchangeCode: "-3003",
      exchangeMessage: "Margin account does not exist.",
    });
    expect(domainExtensions(thrown.limited!() as AppError)).toEqual({ code: "RATE_LIMITED", connectionId: "binance-main", retryAfterSeconds: 3 });
    expect(domainExtensions(thrown.badInput!() as AppError)).toEqual({ code: "BAD_USER_INPUT" });
  });

  it("domainErrorOf finds the domain error under graphql-js's and Apollo's wrappers", () => {
    const cause = thrown.internal!();
    const located = new GraphQLError(cause.message, { path: ["x"], originalError: cause });
    const wrapped = new GraphQLError(cause.message, { originalError: located });
    expect(domainErrorOf(wrapped)).toBe(cause);
    expect(domainErrorOf(new Error("plain"))).toBeNull();
    expect(domainErrorOf(new ForbiddenError("no"))).toBeNull();
  });
});

describe("what a client sees of an error thrown by a resolver", () => {
  const server = new ApolloServer({ schema, formatError: createFormatError(), includeStacktraceInErrorResponses: false });
  beforeAll(() => server.start());
  afterAll(() => server.stop());
  const run = async (field: string) => {
    const response = await server.executeOperation({ query: `{ ${field} }` });
    if (response.body.kind !== "single") throw new Error("expected a single result");
    return { status: response.http.status ?? 200, error: response.body.singleResult.errors?.[0] };
  };

  it.each<[string, number, string, Record<string, unknown>]>([
    [
      "rejected",
      200,
      "The exchange refused the request: Margin account does not exist. (-3003).",
      { code: "UPSTREAM_REJECTED", connectionId: "binance-main", exchangeCode: "-3003", exchangeMessage: "Margin account does not exist." },
    ],
    [
      "insufficient",
      200,
      "The source account does not hold enough for this transfer.",
      { code: "INSUFFICIENT_BALANCE", connectionId: "htx-main", exchangeCode: "1301", exchangeMessage: "Insufficient amount available." },
    ],
    ["limited", 200, "Binance asked to wait.", { code: "RATE_LIMITED", connectionId: "binance-main", retryAfterSeconds: 3 }],
    ["unavailable", 200, "Binance did not answer.", { code: "UPSTREAM_UNAVAILABLE", connectionId: "binance-main" }],
    ["badInput", 200, "amount must be a number greater than zero.", { code: "BAD_USER_INPUT" }],
    ["internal", 200, "Not sent: the journal could not mark it.", { code: "INTERNAL_SERVER_ERROR" }],
    ["bug", 200, "Internal server error.", { code: "INTERNAL_SERVER_ERROR" }],
    ["forbidden", 403, 'This token (dashboard) lacks the "transfer" scope needed for this operation.', { code: "FORBIDDEN" }],
  ])("%s → HTTP %d, its message and exactly its extensions", async (field, status, message, extensions) => {
    const { status: got, error } = await run(field);
    expect(got).toBe(status);
    expect(error).toMatchObject({ message, path: [field] });
    expect(error?.extensions).toEqual(extensions);
  });
});
