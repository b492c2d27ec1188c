import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { ApolloServer } from "@apollo/server";
import { getNamedType, isInputObjectType, isObjectType } from "graphql";
import { buildCofferSchema } from "../../../src/graphql/buildCofferSchema.js";
import { INPUT_CODE_RULES, inputCodesPlugin } from "../../../src/graphql/plugins/inputCodesPlugin.js";

const schema = buildCofferSchema();

describe("INPUT_CODE_RULES", () => {
  it.each(Object.keys(INPUT_CODE_RULES))("%s names a String argument or input field of the schema", (coordinate) => {
    const match = /^(\w+)\.(\w+)(?:\((\w+):\))?$/.exec(coordinate);
    expect(match).not.toBeNull();
    const [, typeName, fieldName, argName] = match!;
    const type = schema.getType(typeName);
    let found;
    if (argName) {
      expect(isObjectType(type)).toBe(true);
      found = (type as import("graphql").GraphQLObjectType).getFields()[fieldName]?.args.find((a) => a.name === argName);
    } else {
      expect(isInputObjectType(type)).toBe(true);
      found = (type as import("graphql").GraphQLInputObjectType).getFields()[fieldName];
    }
    expect(found).toBeDefined();
    expect(getNamedType(found!.type).name).toBe("String");
  });
});

describe("inputCodesPlugin", () => {
  const server = new ApolloServer({ schema, plugins: [inputCodesPlugin(schema)] });
  const run = async (query: string, variables?: Record<string, unknown>) => {
    const response = await server.executeOperation({ query, variables }, { contextValue: {} });
    if (response.body.kind !== "single") throw new Error("expected a single result");
    return { status: response.http.status, errors: response.body.singleResult.errors, data: response.body.singleResult.data };
  };
  beforeAll(() => server.start());
  afterAll(() => server.stop());

  it.each<[string, string, Record<string, unknown> | undefined, string]>([
    ["a literal in a nested argument", `{ accounts { balances(assets: ["usdt", "uſdt"]) { asset } } }`, undefined, "assets[1]"],
    ["a variable list item", `query Q($a: [String!]) { accounts { balances(assets: $a) { asset } } }`, { a: ["ß"] }, "assets[0]"],
    ["an argument inside a fragment", `query { account(id: "x") { ...F } } fragment F on Account { balances(assets: ["ＵＳＤＴ"]) { asset } }`, undefined, "assets[0]"],
    ["a history filter", `query Q($f: TransferFilter) { transfers(filter: $f) { edges { cursor } } }`, { f: { assets: ["USDT", "USD\u0422"] } }, "filter.assets[1]"],
    [
      "a transfer symbol",
      `mutation M($i: TransferInput!) { transfer(input: $i) { replayed } }`,
      { i: { connectionId: "c", asset: "usdt", amount: "1", from: { type: "SPOT" }, to: { type: "MARGIN_ISOLATED", symbol: "btcuſdt" }, idempotencyKey: "k" } },
      "input.to.symbol",
    ],
    [
      "a transfer asset given as a literal",
      `mutation { transfer(input: { connectionId: "c", asset: "US\u200DDT", amount: "1", from: { type: SPOT }, to: { type: FUNDING }, idempotencyKey: "k" }) { replayed } }`,
      undefined,
      "input.asset",
    ],
  ])("refuses %s before execution (HTTP 400, BAD_USER_INPUT naming the argument)", async (_name, query, variables, argumentName) => {
    const result = await run(query, variables);
    expect(result.status).toBe(400);
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(result.errors?.[0].message).toMatch(new RegExp(`^${argumentName.replace(/[[\].]/g, "\\$&")} must be`));
  });
});
