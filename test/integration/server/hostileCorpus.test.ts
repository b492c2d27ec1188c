import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { SANDBOX_READONLY_TOKEN, SANDBOX_TOKEN } from "../../../src/server/sandbox.js";
import { DOCUMENTED_CODES, startHardenedCoffer, type HardenedCoffer } from "./serverKit.js";

/**
 * 200+ malformed or hostile requests over real HTTP. Each must get a 4xx or a GraphQL error with
 * a documented code (never INTERNAL_SERVER_ERROR, never a 5xx), reach no exchange, and leave the
 * server answering. A few are valid reads with odd strings (an unknown asset filter): those may
 * answer 200 with data, still without an upstream call (the snapshots are warm).
 */
interface Case {
  readonly name: string;
  readonly body: string | object;
  readonly headers?: Record<string, string>;
  /** null: no Authorization header. */
  readonly token?: string | null;
  /** A valid operation with odd input: may answer 200 with data and no error. */
  readonly mayAnswer?: boolean;
}

const INJECTIONS = [
  "' OR '1'='1",
  '"; DROP TABLE transfers; --',
  "<script>alert(1)</script>",
  "../../../../etc/passwd",
  "${jndi:ldap://evil.test/a}",
  "$(rm -rf /)",
  "{{7*7}}",
  "\u0000\u0001\u0002",
  "line\r\nX-Injected: yes",
  "__proto__",
  "%00%0d%0a",
  "\u202Eevil\u202C",
  "x".repeat(5000),
];

function gql(query: string, variables?: Record<string, unknown>, operationName?: string): object {
  return { query, ...(variables !== undefined ? { variables } : {}), ...(operationName !== undefined ? { operationName } : {}) };
}

const TRANSFER = `mutation T($input: TransferInput!) { transfer(input: $input) { replayed transfer { id status } } }`;
const baseInput = { connectionId: "binance-sandbox", asset: "USDT", amount: "1", from: { type: "SPOT" }, to: { type: "FUNDING" }, idempotencyKey: "corpus" };

function buildCorpus(): Case[] {
  const cases: Case[] = [];
  const add = (name: string, body: string | object, extra: Partial<Case> = {}) => cases.push({ name, body, ...extra });

  // Bad JSON.
  for (const [i, text] of [
    "{",
    '{"query":',
    '{"query": "{ connections { id } }"',
    '{"query": "{ connections { id } }"}}',
    "[1,2",
    "nul",
    "undefined",
    "{'query': '{ connections { id } }'}",
    '{"query": "\\x41"}',
    '{"query": "{ connections { id } }", }',
    "\uFEFF{]",
    '{"query": "\\ud800"',
    "{{{{{{{{{{",
    "}",
    "1e99999",
    '"just a string"',
    "true",
    "null",
    "[]",
    "{}",
    "",
  ].entries()) {
    add(`bad JSON #${i}`, text);
  }

  // Wrong or missing content types (CSRF prevention, no body parser).
  add("text/plain body", '{"query":"{ connections { id } }"}', { headers: { "content-type": "text/plain" } });
  add("form body", "query=%7B+connections+%7B+id+%7D+%7D", { headers: { "content-type": "application/x-www-form-urlencoded" } });
  add("multipart body", '--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n{ connections { id } }\r\n--x--', {
    headers: { "content-type": "multipart/form-data; boundary=x" },
  });
  add("xml body", "<query>{ connections { id } }</query>", { headers: { "content-type": "application/xml" } });
  add("json with a latin1 charset", '{"query":"{ connections { id } }"}', { headers: { "content-type": "application/json; charset=latin1" } });
  add("gzip claimed but plain", '{"query":"{ connections { id } }"}', { headers: { "content-encoding": "gzip" } });

  // Huge bodies.
  add("200 kB query", gql(`{ connections { id } } # ${"a".repeat(200_000)}`));
  add("1 MB variables", gql("query Q($x: String) { connections { id } }", { x: "b".repeat(1_000_000) }));
  add("150 kB of whitespace", `{"query": "{ connections { id } }"${" ".repeat(150_000)}}`);
  add("a deep JSON array in variables", `{"query":"{ connections { id } }","variables":{"x":${"[".repeat(60_000)}${"]".repeat(60_000)}}}`);

  // Wrong JSON shapes.
  for (const [i, body] of [
    { query: 42 },
    { query: null },
    { query: ["{ connections { id } }"] },
    { query: { a: 1 } },
    { notQuery: "{ connections { id } }" },
    { query: "{ connections { id } }", variables: "not-an-object" },
    { query: "{ connections { id } }", variables: [1, 2] },
    { query: "{ connections { id } }", operationName: 7 },
    { query: "{ connections { id } }", extensions: "x" },
    { query: "{ connections { id } }", extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } },
    { extensions: { persistedQuery: { version: 1, sha256Hash: "f".repeat(64) } } },
    [gql("{ connections { id } }"), gql("{ connections { label } }")],
    [gql("{ connections { id } }")],
  ].entries()) {
    add(`wrong shape #${i}`, body);
  }

  // GraphQL syntax errors.
  for (const [i, q] of [
    "{",
    "query {",
    "}}}",
    '{ account(id: "unterminated) { id } }',
    "{ connections { id } } }",
    "query Q($) { connections { id } }",
    "{ connections(: 1) { id } }",
    "{ connections { id",
    "mutation { }",
    "fragment F on Query",
    "{ connections { ... } }",
    "\u0007{ connections { id } }",
    "{ connections { id } } query",
    "subscription { connections { id } }",
  ].entries()) {
    add(`syntax #${i}`, gql(q));
  }
  add("too many tokens", gql(`{ connections { ${"id ".repeat(4000)} } }`));
  add("too many tokens of __typename", gql(`{ ${"__typename ".repeat(5000)} }`));

  // Deep queries.
  for (let depth = 5; depth <= 25; depth += 2) {
    let selection = "id";
    for (let i = 0; i < depth; i++) selection = `margin { account { ${selection} } }`;
    add(`deep account→margin×${depth}`, gql(`{ account(id: "x") { ${selection} } }`));
  }
  add(
    "deep through fragments",
    gql(
      `{ accounts { ...A } } fragment A on Account { margin { account { ...B } } } fragment B on Account { margin { account { ...C } } } fragment C on Account { margin { account { ...D } } } fragment D on Account { margin { account { margin { account { id } } } } }`,
    ),
  );
  add("fragment cycle", gql("{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }"));
  add("self-spreading fragment", gql("{ accounts { ...A } } fragment A on Account { margin { account { ...A } } }"));

  // Wide and expensive queries (cost budget).
  add(
    "wide: 40 × every root read",
    gql(`{ ${Array.from({ length: 40 }, () => "portfolio { assets { asset } } marginAccounts { accountId } accounts { id balances { asset } }").join(" ")} }`),
  );
  add(
    "wide: 9 aliased dashboards",
    gql(`{ ${Array.from({ length: 9 }, (_, i) => `p${i}: portfolio { assets { asset total net } } m${i}: marginAccounts { accountId margin: marginBalance }`).join(" ")} }`),
  );
  add("wide: 1200 plain fields", gql(`{ connections { ${Array.from({ length: 400 }, () => "id label exchange").join(" ")} } }`));
  add("wide: fragment fan-out", gql(`{ accounts { ...A ...A ...A } } fragment A on Account { ${"balances { asset total } margin { accountId } ".repeat(30)} }`));
  add("wide: many transfer histories", gql(`{ ${Array.from({ length: 10 }, (_, i) => `t${i}: transfers { edges { cursor } }`).join(" ")} }`));
  add(
    "wide: many mutations",
    gql(
      `mutation { ${Array.from({ length: 10 }, (_, i) => `m${i}: transfer(input: {connectionId: "binance-sandbox", asset: "USDT", amount: "1", from: {type: SPOT}, to: {type: FUNDING}, idempotencyKey: "w${i}"}) { replayed }`).join(" ")} }`,
    ),
  );

  // Alias floods.
  for (const n of [11, 15, 20, 50, 100, 500, 1000]) {
    add(`alias flood ×${n}`, gql(`{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(" ")} }`));
  }
  add("alias flood in a fragment", gql(`{ connections { ...F } } fragment F on ExchangeConnection { ${Array.from({ length: 30 }, (_, i) => `x${i}: id`).join(" ")} }`));

  // Bad scalars.
  for (const amount of ["1e5", "NaN", "Infinity", "-Infinity", "0x10", " 1", "1 ", "", "1.2.3", "+-1", "1,5", "٣", "1_000", "0b1", 1.5, 1, true, null, [], {}]) {
    add(`bad Decimal ${JSON.stringify(amount)}`, gql(TRANSFER, { input: { ...baseInput, amount } }));
  }
  for (const since of [
    "yesterday",
    "2026-13-01T00:00:00Z",
    "2026-02-30T00:00:00.000Z",
    "2026-04-31T00:00:00Z",
    "2026-01-01T24:00:00Z",
    1700000000000,
    "",
    "0000-00-00",
    true,
    {},
    ["2026-01-01T00:00:00Z"],
  ]) {
    add(`bad DateTime ${JSON.stringify(since)}`, gql("query Q($f: TransferFilter) { transfers(filter: $f) { edges { cursor } } }", { f: { since } }));
  }
  for (const first of ["10", 1.5, 2 ** 40, -1, 0, 100000, true, "1e3"]) {
    add(`bad first ${JSON.stringify(first)}`, gql("query Q($n: Int) { transfers(first: $n) { edges { cursor } } }", { n: first }));
  }
  for (const literal of ["amount: 1.5", "amount: 1", "amount: true", 'amount: "1e3"', "amount: null"]) {
    add(
      `bad literal ${literal}`,
      gql(
        `mutation { transfer(input: {connectionId: "binance-sandbox", asset: "USDT", ${literal}, from: {type: SPOT}, to: {type: FUNDING}, idempotencyKey: "lit"}) { replayed } }`,
      ),
    );
  }

  // Wrong types and missing or unknown arguments.
  for (const [i, input] of [
    { ...baseInput, from: { type: "SPOTT" } },
    { ...baseInput, from: { type: "spot" } },
    { ...baseInput, to: "FUNDING" },
    { ...baseInput, connectionId: 7 },
    { ...baseInput, connectionId: ["binance-sandbox"] },
    { ...baseInput, asset: { code: "USDT" } },
    { ...baseInput, idempotencyKey: null },
    { ...baseInput, unknownField: 1 },
    { ...baseInput, from: null },
    { asset: "USDT" },
    [baseInput],
    "input",
  ].entries()) {
    add(`wrong input type #${i}`, gql(TRANSFER, { input }));
  }
  for (const [i, q] of [
    "{ account { id } }",
    "{ transferRoutes { from { type } } }",
    "{ account(id: 5, extra: 1) { id } }",
    "{ accounts(filter: { types: [NOPE] }) { id } }",
    '{ accounts(filter: { exchanges: "BINANCE" }) { id } }',
    "{ accounts(filter: 3) { id } }",
    "{ connections(types: [SPOT]) { id } }",
    '{ transfers(first: "ten") { edges { cursor } } }',
    "{ transfer(id: [1]) { id } }",
    '{ accounts { balances(includeZero: "yes") { asset } } }',
    "query Q($x: Int) { account(id: $x) { id } }",
    "query Q($x: NoSuchType) { connections { id } }",
    "query Q($x: ID!) { connections { id } }",
  ].entries()) {
    add(`wrong argument #${i}`, gql(q));
  }
  add("required variable missing", gql("query Q($id: ID!) { account(id: $id) { id } }", {}));
  add("operationName names nothing", gql("query A { connections { id } } query B { connections { label } }", undefined, "C"));
  add("two operations, no name", gql("query A { connections { id } } query B { connections { label } }"));

  // Unknown fields.
  for (const [i, q] of [
    "{ secrets }",
    "{ accounts { password } }",
    "{ connections { apiKey apiSecret } }",
    "{ connections { credentials { apiKey } } }",
    "{ __schema { typez { name } } }",
    "{ __type(name: 1) { name } }",
    "mutation { deleteEverything }",
    "mutation { transfer }",
    "{ accounts { balances { asset price } } }",
    "{ transfers { nodes { id } } }",
    "{ portfolio { assets { asset usdValue } } }",
    '{ connection(id: "binance-sandbox") { id } }',
    "{ accounts @skip { id } }",
    "{ accounts @nonsense { id } }",
    '{ connections { id @include(if: "yes") } }',
  ].entries()) {
    add(`unknown field #${i}`, gql(q));
  }

  // Auth: missing, malformed, unknown, read-only token on a mutation.
  add("no token", gql("{ connections { id } }"), { token: null });
  add("empty bearer", gql("{ connections { id } }"), { token: null, headers: { authorization: "Bearer " } });
  add("basic auth", gql("{ connections { id } }"), { token: null, headers: { authorization: "Basic YWRtaW46YWRtaW4=" } });
  add("unknown token", gql("{ connections { id } }"), { token: "' OR 1=1 --" });
  add("huge token", gql("{ connections { id } }"), { token: "t".repeat(20_000) });
  add("read-only token transfers", gql(TRANSFER, { input: baseInput }), { token: SANDBOX_READONLY_TOKEN });

  // Injection strings in every string argument.
  for (const [i, s] of INJECTIONS.entries()) {
    add(`inject account(id) #${i}`, gql("query Q($id: ID!) { account(id: $id) { id balances { asset } } }", { id: s }), { mayAnswer: true });
    add(
      `inject balances(assets) #${i}`,
      gql("query Q($a: [String!]) { accounts(filter: { exchanges: [BINANCE], types: [SPOT] }) { balances(assets: $a) { asset } } }", { a: [s] }),
      { mayAnswer: true },
    );
    add(`inject accounts(connectionIds) #${i}`, gql("query Q($c: [ID!]) { accounts(filter: { connectionIds: $c }) { id } }", { c: [s] }), { mayAnswer: true });
    add(`inject transferRoutes(connectionId) #${i}`, gql("query Q($c: ID!) { transferRoutes(connectionId: $c) { fromNeedsSymbol } }", { c: s }));
    add(`inject transfer(id) #${i}`, gql("query Q($id: ID!) { transfer(id: $id) { id } }", { id: s }), { mayAnswer: true });
    add(`inject transfers(after) #${i}`, gql("query Q($a: String) { transfers(after: $a) { edges { cursor } } }", { a: s }));
    add(`inject transfer.connectionId #${i}`, gql(TRANSFER, { input: { ...baseInput, connectionId: s } }));
    add(`inject transfer.asset #${i}`, gql(TRANSFER, { input: { ...baseInput, asset: s } }));
    add(`inject transfer.from.symbol #${i}`, gql(TRANSFER, { input: { ...baseInput, from: { type: "MARGIN_ISOLATED", symbol: s } } }));
    add(`inject transfer.subAccountEmail #${i}`, gql(TRANSFER, { input: { ...baseInput, from: { type: "SPOT" }, to: { type: "MARGIN_CROSS" }, subAccountEmail: s } }));
    // The key itself is harmless text; the zero amount keeps the money where it is.
    add(`inject transfer.idempotencyKey #${i}`, gql(TRANSFER, { input: { ...baseInput, amount: "0", idempotencyKey: s } }));
    add(`inject operationName #${i}`, gql("query A { connections { id } }", undefined, s));
  }
  return cases;
}

let env: HardenedCoffer;

beforeAll(async () => {
  // Warm snapshots (long TTL) so that odd-but-valid reads are answered without an exchange call.
  env = await startHardenedCoffer({ cacheTtlMs: 600_000 }, { tokenRateLimit: { perSecond: 10_000, burst: 10_000 } });
  const warm = await env.post(
    { query: "{ accounts { id balances { asset } } t: accounts(filter: { exchanges: [BINANCE], types: [SPOT] }) { balances { asset } } }" },
    { authorization: `Bearer ${SANDBOX_TOKEN}` },
  );
  expect(warm.status).toBe(200);
  expect(warm.json?.errors).toBeUndefined();
});
afterAll(async () => {
  await env?.close();
});

describe("a corpus of hostile requests", () => {
  it("answers each with a 4xx or a documented error code, never a 5xx, with no upstream call, and keeps serving", async () => {
    const corpus = buildCorpus();
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    const before = env.upstreamCalls();
    const problems: string[] = [];
    const statuses = new Map<number, number>();
    for (const c of corpus) {
      const token = c.token === undefined ? SANDBOX_TOKEN : c.token;
      const headers: Record<string, string> = { ...(token !== null ? { authorization: `Bearer ${token}` } : {}), ...c.headers };
      let response;
      const callsBefore = env.upstreamCalls();
      try {
        response = await env.post(c.body, headers);
      } catch (error) {
        problems.push(`${c.name}: no answer (${(error as Error).message})`);
        continue;
      }
      if (env.upstreamCalls() !== callsBefore) problems.push(`${c.name}: ${env.upstreamCalls() - callsBefore} upstream call(s)`);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      const errors = response.json?.errors;
      if (response.status >= 500) problems.push(`${c.name}: HTTP ${response.status} ${response.text.slice(0, 200)}`);
      // Node's HTTP parser refuses oversized headers itself (431, empty body): a 4xx all the same.
      if (response.json === null && response.status === 431) continue;
      if (response.json === null) {
        problems.push(`${c.name}: not JSON (HTTP ${response.status}) ${response.text.slice(0, 120)}`);
        continue;
      }
      for (const error of errors ?? []) {
        const code = error.extensions?.code;
        if (typeof code !== "string" || !DOCUMENTED_CODES.includes(code) || code === "INTERNAL_SERVER_ERROR") {
          problems.push(`${c.name}: code ${String(code)}: ${error.message.slice(0, 200)}`);
        }
        const extra = Object.keys(error.extensions ?? {}).filter((k) => !["code", "connectionId", "exchangeCode", "exchangeMessage", "retryAfterSeconds"].includes(k));
        if (extra.length > 0) problems.push(`${c.name}: undocumented extensions ${extra.join(", ")}`);
      }
      const refused = response.status >= 400 || (errors?.length ?? 0) > 0;
      if (!refused && !c.mayAnswer) problems.push(`${c.name}: accepted (HTTP ${response.status}) ${response.text.slice(0, 200)}`);
    }
    if (problems.length > 0) process.stdout.write(env.logLines.filter((l) => l.includes('"level":"error"')).join("\n") + "\n");
    process.stdout.write(`hostile corpus: ${corpus.length} requests, HTTP statuses ${JSON.stringify(Object.fromEntries(statuses))}\n`);
    expect(problems).toEqual([]);
    expect(env.upstreamCalls()).toBe(before);

    // Still serving, and the refusals were counted by code.
    const after = await env.post({ query: "{ connections { id } portfolio { assets { asset total } } }" }, { authorization: `Bearer ${SANDBOX_TOKEN}` });
    expect(after.status).toBe(200);
    expect(after.json?.errors).toBeUndefined();
    const metrics = await env.get("/metrics");
    expect(metrics.text).toMatch(/coffer_graphql_errors_total\{code="BAD_USER_INPUT"\} \d{3,}/);
    expect(metrics.text).not.toMatch(/code="INTERNAL_SERVER_ERROR"/);
  });

  it("says what limit was hit, with HTTP 400 and BAD_USER_INPUT", async () => {
    const auth = { authorization: `Bearer ${SANDBOX_TOKEN}` };
    let selection = "id";
    for (let i = 0; i < 6; i++) selection = `margin { account { ${selection} } }`;
    const deep = await env.post({ query: `{ account(id: "x") { ${selection} } }` }, auth);
    expect(deep.status).toBe(400);
    expect(deep.json?.errors?.[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT" } });
    expect(deep.json?.errors?.[0].message).toMatch(/depth limit of 8 exceeded/);
    const aliases = await env.post({ query: `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: __typename`).join(" ")} }` }, auth);
    expect(aliases.status).toBe(400);
    expect(aliases.json?.errors?.[0].message).toMatch(/aliases/i);
    const costly = await env.post({ query: `{ ${Array.from({ length: 10 }, (_, i) => `t${i}: transfers { edges { cursor } }`).join(" ")} }` }, auth);
    expect(costly.status).toBe(400);
    expect(costly.json?.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(costly.json?.errors?.[0].message).toMatch(/too expensive: it costs \d+ and the limit is 500/);
    const big = await env.post({ query: `{ connections { id } } #${"x".repeat(200_000)}` }, auth);
    expect(big.status).toBe(413);
    expect(big.json?.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    const batch = await env.post([{ query: "{ connections { id } }" }, { query: "{ connections { id } }" }], auth);
    expect(batch.status).toBe(400);
    expect(batch.json?.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("blocks a simple (CSRF-able) GET but serves one with a preflight header; GraphiQL still loads", async () => {
    const auth = { authorization: `Bearer ${SANDBOX_TOKEN}` };
    const q = encodeURIComponent("{ connections { id } }");
    // The token is checked first (from the headers, before anything else): without one it is 401;
    // with one, the CSRF check still refuses a GET that lacks a preflight header.
    const anonymous = await env.get(`/graphql?query=${q}`, { accept: "application/json" });
    expect(anonymous.status).toBe(401);
    const simple = await env.get(`/graphql?query=${q}`, { ...auth, accept: "application/json" });
    expect(simple.status).toBe(400);
    expect(simple.json?.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(simple.json?.errors?.[0].message).toMatch(/preflight|CSRF|Content-Type/i);
    const preflighted = await env.get(`/graphql?query=${q}`, { ...auth, accept: "application/json", "apollo-require-preflight": "true" });
    expect(preflighted.status).toBe(200);
    expect(preflighted.json?.errors).toBeUndefined();
    const page = await env.get("/graphql", { accept: "text/html" });
    expect(page.status).toBe(200);
    expect(page.text).toContain("<html");
  });
});
