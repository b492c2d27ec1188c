import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { parse } from "graphql";
import { Dec } from "../../../src/domain/decimal.js";
import { AccountType } from "../../../src/domain/enums.js";
import { TransfersBackwardDocument, TransfersDocument, type TransfersBackwardQuery, type TransfersQuery } from "../../generated/graphql.js";
import { BINANCE_ID, directConnectors, HTX_ID, MONEY_TOKEN, startMoneyCoffer, type MoneyCoffer } from "../../support/moneyCoffer.js";
import { postGraphql, type GraphqlResponse } from "../../support/postGraphql.js";
import { codeOf, mutateTransfer, transferPosts } from "./transferKit.js";

/**
 * Issue 19: `transfers` is a complete Relay connection. Over a mixed history (Coffer's journal
 * and both simulators' own histories, journaled transfers merged with their exchange records),
 * walking backward with `last`/`before` from the end yields exactly the reverse of walking
 * forward with `first`/`after`, each node once; `first` with `last` is BAD_USER_INPUT;
 * `totalCount`, where given, equals the count.
 */

let env: MoneyCoffer;
let direct: ReturnType<typeof directConnectors>;
beforeAll(async () => {
  env = await startMoneyCoffer({ htxLimits: { transfer: { limit: 100, intervalMs: 1000 } } });
  direct = directConnectors(env.sims);
  let serial = 0;
  const amount = () => `2.${String(++serial).padStart(4, "0")}`;
  const req = (connectionId: string, from: AccountType, to: AccountType) => ({
    connectionId,
    asset: "USDT",
    amount: new Dec(amount()),
    from: { type: from, symbol: null },
    to: { type: to, symbol: null },
    subAccountEmail: null,
    idempotencyKey: "relay-direct",
  });
  for (let i = 0; i < 6; i++) {
    const b = await mutateTransfer(env.url, {
      connectionId: BINANCE_ID,
      asset: "USDT",
      amount: amount(),
      from: { type: "SPOT" },
      to: { type: "FUNDING" },
      idempotencyKey: `relay-b-${i}`,
    });
    expect(b.errors).toBeUndefined();
    await direct.binance.transfer(req(BINANCE_ID, AccountType.SPOT, AccountType.USDM_FUTURES));
    await direct.htx.transfer(req(HTX_ID, AccountType.SPOT, AccountType.USDM_FUTURES));
  }
  for (let i = 0; i < 3; i++) {
    const h = await mutateTransfer(env.url, {
      connectionId: HTX_ID,
      asset: "USDT",
      amount: amount(),
      from: { type: "SPOT" },
      to: { type: "USDM_FUTURES" },
      idempotencyKey: `relay-h-${i}`,
    });
    expect(h.errors).toBeUndefined();
  }
}, 60_000);
afterAll(async () => {
  await direct?.close();
  await env?.close();
});

const MADE = 6 * 3 + 3;

describe("transfers as a Relay connection over a mixed history", () => {
  it("walks backward from the end to exactly the reverse of the forward walk, each node once", async () => {
    const forward: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const r: GraphqlResponse<TransfersQuery> = await postGraphql(env.url, TransfersDocument, { first: 4, after }, MONEY_TOKEN);
      expect(r.errors).toBeUndefined();
      const c: TransfersQuery["transfers"] = r.data!.transfers;
      pages++;
      forward.push(...c.edges.map((e) => e.node.id));
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor ?? null;
    }
    expect(pages).toBeGreaterThan(3);
    expect(forward.length).toBeGreaterThanOrEqual(MADE);
    expect(new Set(forward).size).toBe(forward.length);

    const backwardPages: TransfersBackwardQuery["transfers"][] = [];
    let before: string | null = null;
    for (;;) {
      const r: GraphqlResponse<TransfersBackwardQuery> = await postGraphql(env.url, TransfersBackwardDocument, { last: 5, before }, MONEY_TOKEN);
      expect(r.errors).toBeUndefined();
      const c: TransfersBackwardQuery["transfers"] = r.data!.transfers;
      backwardPages.push(c);
      expect(c.edges.length).toBeLessThanOrEqual(5);
      expect(c.pageInfo.startCursor).toBe(c.edges[0]?.cursor ?? null);
      expect(c.pageInfo.endCursor).toBe(c.edges[c.edges.length - 1]?.cursor ?? null);
      // Older than `before` exists exactly when `before` names a node.
      expect(c.pageInfo.hasNextPage).toBe(before !== null);
      if (!c.pageInfo.hasPreviousPage) break;
      expect(c.edges).toHaveLength(5);
      before = c.pageInfo.startCursor ?? null;
    }
    // Pages come newest-page-last; each page is newest first, as forward ones.
    const backward = backwardPages.reverse().flatMap((c) => c.edges.map((e) => e.node.id));
    expect(backward).toEqual(forward);
    // The last page (no before) read the whole window: its count is the history's.
    expect(backwardPages[backwardPages.length - 1]!.totalCount).toBe(forward.length);
    // A page with `before` does not promise a count.
    if (backwardPages.length > 1) expect(backwardPages[0]!.totalCount).toBeNull();
  }, 60_000);

  it("pages backward within after…before, and forward pages say hasPreviousPage only with after", async () => {
    const all = await postGraphql(
      env.url,
      parse(`query { transfers(first: 200) { edges { cursor node { id } } pageInfo { hasPreviousPage hasNextPage startCursor } totalCount } }`) as TypedDocumentNode<
        any,
        Record<string, never>
      >,
      {},
      MONEY_TOKEN,
    );
    expect(all.errors).toBeUndefined();
    const edges = all.data.transfers.edges as Array<{ cursor: string; node: { id: string } }>;
    expect(all.data.transfers.pageInfo).toEqual({ hasPreviousPage: false, hasNextPage: false, startCursor: edges[0]!.cursor });
    expect(all.data.transfers.totalCount).toBe(edges.length);

    const range = await postGraphql(
      env.url,
      parse(
        `query($a: String, $b: String) { transfers(last: 3, after: $a, before: $b) { edges { node { id } } pageInfo { hasPreviousPage hasNextPage } totalCount } }`,
      ) as TypedDocumentNode<any, { a: string; b: string }>,
      { a: edges[2]!.cursor, b: edges[10]!.cursor },
      MONEY_TOKEN,
    );
    expect(range.errors).toBeUndefined();
    expect(range.data.transfers.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(edges.slice(7, 10).map((e) => e.node.id));
    expect(range.data.transfers.pageInfo).toEqual({ hasPreviousPage: true, hasNextPage: true });
    expect(range.data.transfers.totalCount).toBeNull();

    const cut = await postGraphql(
      env.url,
      parse(`query($b: String) { transfers(first: 20, before: $b) { edges { node { id } } pageInfo { hasPreviousPage hasNextPage } } }`) as TypedDocumentNode<any, { b: string }>,
      { b: edges[4]!.cursor },
      MONEY_TOKEN,
    );
    expect(cut.data.transfers.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(edges.slice(0, 4).map((e) => e.node.id));
    expect(cut.data.transfers.pageInfo).toEqual({ hasPreviousPage: false, hasNextPage: false });

    const second = await postGraphql(env.url, TransfersDocument, { first: 2, after: edges[1]!.cursor }, MONEY_TOKEN);
    expect(second.data!.transfers.edges.map((e) => e.node.id)).toEqual(edges.slice(2, 4).map((e) => e.node.id));
  }, 60_000);

  it("refuses first together with last as BAD_USER_INPUT, and moves nothing", async () => {
    const posts = transferPosts(env.sims.binance, env.sims.htx);
    const both = await postGraphql(
      env.url,
      parse(`query { transfers(first: 5, last: 5) { edges { cursor } } }`) as TypedDocumentNode<unknown, Record<string, never>>,
      {},
      MONEY_TOKEN,
    );
    expect(codeOf(both)).toBe("BAD_USER_INPUT");
    const viaVars = await postGraphql(
      env.url,
      parse(`query($f: Int, $l: Int) { transfers(first: $f, last: $l) { edges { cursor } } }`) as TypedDocumentNode<unknown, { f: number; l: number }>,
      { f: 3, l: 3 },
      MONEY_TOKEN,
    );
    expect(codeOf(viaVars)).toBe("BAD_USER_INPUT");
    const badBefore = await postGraphql(env.url, TransfersBackwardDocument, { last: 2, before: "not-a-cursor" }, MONEY_TOKEN);
    expect(codeOf(badBefore)).toBe("BAD_USER_INPUT");
    expect(badBefore.errors![0]!.message).toContain("`before`");
    expect(transferPosts(env.sims.binance, env.sims.htx)).toEqual(posts);
  });
});
