import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { Exchange } from "../../../src/domain/enums.js";
import { compareCursorKeys, encodeCursor, type CursorKey } from "../../../src/transfers/cursor.js";
import { exchangeRecordId } from "../../../src/transfers/transferIds.js";
import { TransfersDocument, type TransfersQuery } from "../../generated/graphql.js";
import { bulkInsert, bulkRows } from "../../support/bulkJournal.js";
import { BINANCE_ID, directConnectors, HTX_ID, MONEY_TOKEN, startMoneyCoffer, startMoneySimulators, type MoneyCoffer } from "../../support/moneyCoffer.js";
import { postGraphql, type GraphqlResponse } from "../../support/postGraphql.js";
import { startTestPostgres, type TestPostgres } from "../../support/postgresServer.js";

/**
 * Issue #11: the merged history over a journal of 100,000 rows, on SQLite and on PostgreSQL,
 * through Coffer's HTTP API against the simulators. Pages are exact (the first ones, 50 in a
 * row, and one 60,000 rows down); eight pages at once leave /healthz answering and both
 * circuits closed. (How fast: `npm run bench`, section "history at 100,000 rows".)
 */
const ROWS = 100_000;
const DAY = 24 * 60 * 60 * 1000;
const tmp = mkdtempSync(join(tmpdir(), "coffer-scale-"));
let postgres: TestPostgres | null = null;
beforeAll(async () => {
  postgres = await startTestPostgres();
}, 120_000);
afterAll(async () => {
  await postgres?.stop();
  rmSync(tmp, { recursive: true, force: true });
}, 60_000);

type Page = TransfersQuery["transfers"];
interface Expected {
  readonly key: CursorKey;
}

describe.each(["sqlite", "postgres"])("history over %s with 100,000 journal rows", (store) => {
  let env: MoneyCoffer;
  /** Every node the history holds, in order: the journal's rows and the exchanges' own records. */
  let expected: Expected[] = [];
  const ids = (list: readonly Expected[]) => list.map((e) => e.key.id);

  beforeAll(async () => {
    const sims = await startMoneySimulators();
    const journal = store === "sqlite" ? `sqlite:${join(tmp, "journal.sqlite")}` : await postgres!.createDatabase();
    const rows = bulkRows({
      count: ROWS,
      connections: [
        { id: BINANCE_ID, exchange: Exchange.BINANCE },
        { id: HTX_ID, exchange: Exchange.HTX },
      ],
      newest: Date.now() - 60_000,
      stepMs: 30_000,
      tie: 2,
    });
    await bulkInsert(journal, rows);
    env = await startMoneyCoffer({ sims, journal });
    // What the exchanges hold of their own (the demo states' history), read directly.
    const direct = directConnectors(sims);
    const now = Date.now();
    const outside = [
      ...(await direct.binance.transferHistory({ since: new Date(now - 90 * DAY), until: new Date(now) })),
      ...(await direct.htx.transferHistory({ since: new Date(now - 90 * DAY), until: new Date(now) })),
    ];
    await direct.close();
    expected = [
      ...rows.map((r) => ({ key: { createdAtMs: r.createdAt, id: r.id } })),
      ...outside.map((t) => ({ key: { createdAtMs: t.createdAt.getTime(), id: exchangeRecordId(t.connectionId, t.exchangeTransferId) } })),
    ].sort((a, b) => compareCursorKeys(a.key, b.key));
  }, 180_000);
  afterAll(async () => {
    await env?.close();
    await env?.sims.close();
  }, 60_000);

  async function page(first: number, after: string | null): Promise<Page> {
    const result: GraphqlResponse<TransfersQuery> = await postGraphql(env.url, TransfersDocument, { first, after }, MONEY_TOKEN);
    expect(result.errors).toBeUndefined();
    return result.data!.transfers;
  }

  it("50 pages of transfers(first: 50) in a row are exact, newest first, each node once", async () => {
    let after: string | null = null;
    const seen: string[] = [];
    for (let i = 0; i < 50; i++) {
      const p: Page = await page(50, after);
      expect(p.edges).toHaveLength(50);
      expect(p.pageInfo.hasNextPage).toBe(true);
      seen.push(...p.edges.map((e) => e.node.id));
      after = p.pageInfo.endCursor ?? null;
    }
    expect(seen).toEqual(ids(expected.slice(0, 2500)));
  }, 120_000);

  it("a page 60,000 rows down is exact", async () => {
    const p = await page(50, encodeCursor(expected[60_000]!.key));
    expect(p.edges.map((e) => e.node.id)).toEqual(ids(expected.slice(60_001, 60_051)));
    expect(p.pageInfo.hasNextPage).toBe(true);
  }, 60_000);

  it("eight pages at once: each exact, /healthz answers throughout, both circuits stay closed", async () => {
    const starts = [0, 5_000, 20_000, 35_000, 50_000, 65_000, 80_000, 95_000];
    let polling = true;
    const polls: Array<{ status: number; state: string; circuits: string[] }> = [];
    const poller = (async () => {
      while (polling) {
        const response = await fetch(`${env.url}/healthz`);
        const body = (await response.json()) as { status: string; connections: Array<{ circuit: string }> };
        polls.push({ status: response.status, state: body.status, circuits: body.connections.map((c) => c.circuit) });
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    try {
      const pages = await Promise.all(starts.map((start) => page(50, start === 0 ? null : encodeCursor(expected[start - 1]!.key))));
      pages.forEach((p, i) => expect(p.edges.map((e) => e.node.id)).toEqual(ids(expected.slice(starts[i]!, starts[i]! + 50))));
    } finally {
      polling = false;
      await poller;
    }
    expect(polls.length).toBeGreaterThan(0);
    expect(polls.every((p) => p.status === 200 && p.state === "ok" && p.circuits.every((c) => c === "closed"))).toBe(true);
    for (const id of [BINANCE_ID, HTX_ID]) expect(env.coffer.upstream.get(id)!.breaker.state).toBe("closed");
  }, 120_000);
});
