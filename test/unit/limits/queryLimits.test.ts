import { describe, expect, it } from "@jest/globals";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parse, specifiedRules, validate } from "graphql";
import { buildCofferSchema } from "../../../src/graphql/buildCofferSchema.js";
import { costLimitPlugin, DEFAULT_QUERY_LIMITS, operationCost, queryLimitRules } from "../../../src/graphql/limits/queryLimits.js";
import { createTokenRateLimiter, TokenRateLimitedError } from "../../../src/graphql/limits/tokenRateLimiter.js";

const schema = buildCofferSchema();
const operationsDir = join(process.cwd(), "schema", "operations");

/** Variables that satisfy every operation's required ones (the cost does not depend on their values here). */
const VARIABLES = {
  id: "x",
  connectionId: "binance-main",
  assets: ["BTC", "ETH"],
  input: { connectionId: "c", asset: "USDT", amount: "1", from: { type: "SPOT" }, to: { type: "FUNDING" }, idempotencyKey: "k" },
};

function check(query: string) {
  return validate(schema, parse(query), [...specifiedRules, ...queryLimitRules()]);
}

describe("query limits", () => {
  it("every document a frontend uses passes depth and alias limits and stays under half the cost budget", () => {
    // The documents share fragments: validate them together, price each operation by name.
    const text = readdirSync(operationsDir)
      .filter((f) => f.endsWith(".graphql"))
      .map((f) => readFileSync(join(operationsDir, f), "utf8"))
      .join("\n");
    const document = parse(text);
    expect(validate(schema, document, [...specifiedRules, ...queryLimitRules()])).toEqual([]);
    const names = document.definitions.flatMap((d) => (d.kind === "OperationDefinition" && d.name ? [d.name.value] : []));
    expect(names.length).toBeGreaterThanOrEqual(6);
    for (const name of names) {
      const cost = operationCost(schema, document, VARIABLES, name);
      expect(cost).toBeLessThanOrEqual(DEFAULT_QUERY_LIMITS.maxCost / 2);
    }
  });

  it("the dashboard's cost reflects its upstream reads", () => {
    const dashboard = parse(readFileSync(join(operationsDir, "Dashboard.graphql"), "utf8"));
    const cost = operationCost(schema, dashboard, {});
    process.stdout.write(`dashboard cost: ${cost} of ${DEFAULT_QUERY_LIMITS.maxCost}\n`);
    // listing (15) + balances (10) + margins (25) + portfolio (25) + connections + plain fields
    expect(cost).toBeGreaterThan(75);
    expect(cost).toBeLessThan(DEFAULT_QUERY_LIMITS.maxCost / 2);
  });

  it("refuses a deep query with a clear message instead of throwing", () => {
    let selection = "id";
    for (let i = 0; i < 6; i++) selection = `margin { account { ${selection} } }`;
    const errors = check(`{ account(id: "x") { ${selection} } }`);
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(/^Query depth limit of 8 exceeded, found \d+\. Ask for fewer nested levels\.$/);
    expect(errors[0].extensions.code).toBe("BAD_USER_INPUT");
  });

  it("refuses an alias flood", () => {
    const aliases = Array.from({ length: 11 }, (_, i) => `a${i}: connections { id }`).join(" ");
    const errors = check(`{ ${aliases} }`);
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(/aliases/i);
  });

  it("prices fields that read from the exchanges above plain ones; ten aliased dashboards exceed the budget", () => {
    expect(operationCost(schema, parse("{ connections { id label exchange } }"), {})).toBeLessThan(10);
    expect(operationCost(schema, parse("{ accounts { id } }"), {})).toBeGreaterThanOrEqual(15);
    const many = Array.from({ length: 10 }, (_, i) => `p${i}: portfolio { assets { asset total } } m${i}: marginAccounts { accountId }`).join(" ");
    expect(operationCost(schema, parse(`{ ${many} }`), {})).toBeGreaterThan(DEFAULT_QUERY_LIMITS.maxCost);
  });
});

describe("cost limit plugin (costs remembered per document, operation and variables)", () => {
  // One text whose cost depends on a variable: ten aliased portfolios only when $all is true.
  const many = Array.from({ length: 10 }, (_, i) => `p${i}: portfolio @include(if: $all) { assets { asset total } } m${i}: marginAccounts @include(if: $all) { accountId }`).join(
    " ",
  );
  const query = `query Q($all: Boolean!) { connections { id } ${many} }`;
  const document = parse(query);

  async function admit(plugin: ReturnType<typeof costLimitPlugin>, variables: Record<string, unknown>): Promise<string> {
    const hooks = (await plugin.requestDidStart!({} as never)) as { didResolveOperation(context: unknown): Promise<void> };
    try {
      await hooks.didResolveOperation({ request: { query, variables }, document, operationName: "Q" });
      return "admitted";
    } catch (error) {
      return (error as Error).message;
    }
  }

  it("the same text with other variables is costed again: a cheap send never admits an expensive one", async () => {
    for (const memoSize of [1, 500]) {
      const plugin = costLimitPlugin(schema, DEFAULT_QUERY_LIMITS.maxCost, memoSize);
      expect(await admit(plugin, { all: false })).toBe("admitted");
      expect(await admit(plugin, { all: true })).toMatch(/^This operation is too expensive: it costs \d+ and the limit is 500/);
      expect(await admit(plugin, { all: false })).toBe("admitted");
      expect(await admit(plugin, { all: true })).toMatch(/too expensive/);
    }
  });

  it("variables that do not fit the operation stay a BAD_USER_INPUT every time", async () => {
    const plugin = costLimitPlugin(schema, DEFAULT_QUERY_LIMITS.maxCost);
    expect(await admit(plugin, {})).not.toBe("admitted");
    expect(await admit(plugin, {})).not.toBe("admitted");
  });
});

describe("per-token rate limit", () => {
  it("allows a burst, then refuses with RATE_LIMITED and a retry time, and refills over time; tokens are separate", () => {
    let t = 0;
    const limiter = createTokenRateLimiter({ perSecond: 2, burst: 3 }, () => t);
    for (let i = 0; i < 3; i++) limiter.take("dashboard");
    let refused: unknown;
    try {
      limiter.take("dashboard");
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(TokenRateLimitedError);
    expect((refused as TokenRateLimitedError).extensions.code).toBe("RATE_LIMITED");
    expect((refused as TokenRateLimitedError).retryAfterSeconds).toBe(1);
    expect(() => limiter.take("treasury")).not.toThrow();
    t = 500;
    expect(() => limiter.take("dashboard")).not.toThrow();
    expect(() => limiter.take("dashboard")).toThrow(TokenRateLimitedError);
  });
});
