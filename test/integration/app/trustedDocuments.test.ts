import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { print } from "graphql";
import { SANDBOX_TOKEN } from "../../../src/server/sandbox.js";
import { loadTrustedDocumentManifest } from "../../../src/graphql/trustedDocuments/trustedDocumentManifest.js";
import { ConnectionsDocument, DashboardDocument } from "../../generated/graphql.js";
import { startSandboxCoffer, type SandboxCoffer } from "../../support/startSandboxCoffer.js";

interface Answer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions: { code: string } }> };
}

let env: SandboxCoffer;
const manifest = loadTrustedDocumentManifest();

/** The id of a trusted operation, found by its name in the shipped manifest. */
function idOf(operation: string): string {
  const entry = Object.entries(manifest).find(([, text]) => text.startsWith(`query ${operation}(`) || text.startsWith(`query ${operation} `));
  if (!entry) throw new Error(`${operation} is not in the manifest`);
  return entry[0];
}

async function post(body: unknown): Promise<Answer> {
  const response = await fetch(`${env.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${SANDBOX_TOKEN}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Answer["body"] };
}

async function get(params: Record<string, string>): Promise<Answer> {
  const response = await fetch(`${env.url}/graphql?${new URLSearchParams(params)}`, {
    headers: { accept: "application/json", authorization: `Bearer ${SANDBOX_TOKEN}`, "apollo-require-preflight": "true" },
  });
  return { status: response.status, body: (await response.json()) as Answer["body"] };
}

const upstreamCalls = () => env.sandbox.binance.calls.length + env.sandbox.htx.calls.length;

beforeAll(async () => {
  env = await startSandboxCoffer({ config: { trustedDocuments: true } });
});
afterAll(async () => {
  await env?.close();
});

describe("trusted documents (trustedDocuments: true)", () => {
  it("runs a trusted operation by its documentId", async () => {
    const answer = await post({ documentId: idOf("Dashboard"), variables: { filter: { exchanges: ["HTX"] } } });
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    const accounts = answer.body.data!.accounts as Array<{ exchange: string }>;
    expect(accounts.length).toBeGreaterThan(0);
    expect(new Set(accounts.map((a) => a.exchange))).toEqual(new Set(["HTX"]));
  });

  it("runs it by documentId in extensions and over GET too", async () => {
    const byExtensions = await post({ extensions: { documentId: idOf("Connections") } });
    expect(byExtensions.body.errors).toBeUndefined();
    expect(byExtensions.body.data!.connections).toHaveLength(2);
    const byGet = await get({ documentId: idOf("Connections"), variables: JSON.stringify({ types: ["SPOT"] }) });
    expect(byGet.status).toBe(200);
    expect(byGet.body.errors).toBeUndefined();
    expect(byGet.body.data!.connections).toHaveLength(2);
  });

  it("runs a trusted operation sent as its full text: the manifest's, or the codegen document printed", async () => {
    const manifestText = await post({ query: manifest[idOf("Connections")] });
    expect(manifestText.body.errors).toBeUndefined();
    expect(manifestText.body.data!.connections).toHaveLength(2);
    // print() of the typed document orders and formats it its own way; it is the same operation.
    const printed = await post({ query: print(DashboardDocument), variables: { filter: { exchanges: ["BINANCE"], types: ["SPOT"] } } });
    expect(printed.status).toBe(200);
    expect(printed.body.errors).toBeUndefined();
    expect((printed.body.data!.accounts as unknown[]).length).toBe(1);
  });

  it("refuses an ad-hoc query with 403 FORBIDDEN and a clear message, before any upstream call", async () => {
    const before = upstreamCalls();
    const answer = await post({ query: "{ accounts { id balances { asset total } } }" });
    expect(answer.status).toBe(403);
    expect(answer.body.errors![0].extensions.code).toBe("FORBIDDEN");
    expect(answer.body.errors![0].message).toMatch(/^Ad-hoc operations are not allowed: this Coffer runs only its trusted documents/);
    expect(answer.body.data ?? null).toBeNull();
    expect(upstreamCalls()).toBe(before);
  });

  it("refuses a trusted operation changed by one field, an ad-hoc GET, introspection and text that is not GraphQL, all alike", async () => {
    const changed = print(ConnectionsDocument).replace("label", "label\n    __typename");
    const answers = [
      await post({ query: changed }),
      await get({ query: "{ connections { id } }" }),
      await post({ query: "{ __schema { types { name } } }" }),
      await post({ query: "this is not graphql {" }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(403);
      expect(answer.body.errors![0].extensions.code).toBe("FORBIDDEN");
    }
  });

  it("refuses an unknown documentId with 403 FORBIDDEN", async () => {
    const answer = await post({ documentId: `sha256:${"0".repeat(64)}` });
    expect(answer.status).toBe(403);
    expect(answer.body.errors![0].extensions.code).toBe("FORBIDDEN");
    expect(answer.body.errors![0].message).toContain("Unknown documentId");
  });

  it("answers a malformed documentId, or an id and a text that disagree, with 400 BAD_USER_INPUT", async () => {
    for (const body of [
      { documentId: "md5:abc" },
      { documentId: idOf("Dashboard").toUpperCase() },
      { documentId: 42 },
      { documentId: idOf("Dashboard"), query: manifest[idOf("Connections")] },
    ]) {
      const answer = await post(body);
      expect(answer.status).toBe(400);
      expect(answer.body.errors![0].extensions.code).toBe("BAD_USER_INPUT");
    }
  });

  it("still authenticates a trusted operation", async () => {
    const response = await fetch(`${env.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ documentId: idOf("Connections") }),
    });
    expect(response.status).toBe(401);
  });
});
