import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "@jest/globals";
import { Dec } from "../../../src/domain/decimal.js";
import { AccountType, Exchange, TransferSource, TransferStatus } from "../../../src/domain/enums.js";
import { ErrorCode, UpstreamUnavailableError } from "../../../src/domain/errors.js";
import type { TransferRecord } from "../../../src/domain/transfer.js";
import { silentLogger } from "../../../src/observability/logger.js";
import { connectorRegistry } from "../../../src/transfers/connectorRegistry.js";
import { compareCursorKeys } from "../../../src/transfers/cursor.js";
import type { TransferJournal } from "../../../src/transfers/journal.js";
import { cursorKeyOf } from "../../../src/transfers/mergeTransferPages.js";
import { createSqliteJournal } from "../../../src/transfers/sqliteJournal.js";
import { exchangeRecordId } from "../../../src/transfers/transferIds.js";
import type { TransferRequest } from "../../../src/domain/transfer.js";
import { createTransferService, type TransferService } from "../../../src/transfers/transferService.js";
import { createRecordingConnector, type RecordingConnector } from "../../support/recordingConnector.js";

/** `transfers` / `transfer(id)`: the journal (a real SQLite file) merged with two connector doubles' histories. */
const tmp = mkdtempSync(join(tmpdir(), "coffer-history-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

const NOW = Date.UTC(2026, 2, 1, 0, 0, 0);
const DAY = 24 * 60 * 60 * 1000;
let n = 0;

interface Harness {
  clock: { t: number };
  binance: RecordingConnector;
  htx: RecordingConnector;
  journal: TransferJournal;
  service: TransferService;
}

function setup(): Harness {
  const clock = { t: NOW - 10 * DAY };
  const now = () => clock.t;
  const binance = createRecordingConnector({ connectionId: "bin", exchange: Exchange.BINANCE, now });
  const htx = createRecordingConnector({ connectionId: "htx", exchange: Exchange.HTX, now, historyWithoutSymbols: true });
  const journal = createSqliteJournal(join(tmp, `history-${n++}.sqlite`));
  const service = createTransferService({
    journal,
    connectors: connectorRegistry([binance, htx]),
    cache: { invalidate: () => undefined },
    logger: silentLogger,
    now,
    unknownRetryDelaysMs: [],
  });
  cleanups.push(async () => {
    await service.stop();
    await journal.close();
  });
  return { clock, binance, htx, journal, service };
}

let keyCounter = 0;
function input(over: Partial<TransferRequest> = {}): TransferRequest {
  return {
    connectionId: "bin",
    asset: "USDT",
    amount: new Dec("1"),
    from: { type: AccountType.SPOT, symbol: null },
    to: { type: AccountType.FUNDING, symbol: null },
    subAccountEmail: null,
    idempotencyKey: `k-${keyCounter++}`,
    ...over,
  };
}

async function all(service: TransferService, filter = {}): Promise<TransferRecord[]> {
  const page = await service.history({ filter, first: 200 });
  expect(page.pageInfo.hasNextPage).toBe(false);
  return page.edges.map((e) => e.node);
}

describe("transfers history", () => {
  it("pages through 250 transfers of mixed sources, 20 at a time: each once, in order, while new transfers arrive", async () => {
    const h = setup();
    const expected = new Set<string>();
    h.binance.behavior = (request) => (request.amount.eq(7) ? "reject" : "confirm");
    for (let i = 0; i < 250; i++) {
      // Several sources share a timestamp now and then, so the id tie-break is exercised.
      if (i % 5 !== 0) h.clock.t += 60_000;
      const kind = i % 5;
      if (kind === 0 || kind === 1) {
        const { transfer } = await h.service.transfer(input({ amount: new Dec(i + 100) }));
        expected.add(transfer.id);
      } else if (kind === 2) {
        const failed = await h.service.transfer(input({ amount: new Dec(7) })).catch(() => null);
        expect(failed).toBeNull();
        expected.add((await h.service.history({ first: 1 })).edges[0]!.node.id);
      } else if (kind === 3) {
        const r = h.binance.seed({ asset: "BTC", amount: new Dec(`0.${i + 1}`), createdAt: h.clock.t, from: AccountType.FUNDING, to: AccountType.SPOT });
        expected.add(exchangeRecordId("bin", r.exchangeTransferId));
      } else {
        const r = h.htx.seed({ asset: "USDT", amount: new Dec(i), createdAt: h.clock.t, from: AccountType.SPOT, to: AccountType.USDM_FUTURES });
        expected.add(exchangeRecordId("htx", r.exchangeTransferId));
      }
    }
    expect(expected.size).toBe(250);

    const seen: TransferRecord[] = [];
    const arrivals = new Set<string>();
    let after: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const page = await h.service.history({ first: 20, after });
      seen.push(...page.edges.map((e) => e.node));
      expect(page.errors).toEqual([]);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
      // New transfers between pages: through Coffer, and straight on the exchange.
      h.clock.t += 1_000;
      arrivals.add((await h.service.transfer(input({ amount: new Dec(5000 + pages) }))).transfer.id);
      arrivals.add(exchangeRecordId("htx", h.htx.seed({ asset: "ETH", amount: new Dec(1), createdAt: h.clock.t }).exchangeTransferId));
    }
    expect(seen).toHaveLength(250);
    expect(new Set(seen.map((r) => r.id))).toEqual(expected);
    for (let i = 1; i < seen.length; i++) expect(compareCursorKeys(cursorKeyOf(seen[i - 1]!), cursorKeyOf(seen[i]!))).toBeLessThan(0);
    expect(seen.filter((r) => arrivals.has(r.id))).toEqual([]);
    // Journaled transfers are one node each, the journal's.
    expect(seen.filter((r) => r.source === TransferSource.JOURNAL)).toHaveLength(150);
    expect(seen.filter((r) => r.source === TransferSource.EXCHANGE && r.connectionId === "bin" && r.asset === "USDT")).toEqual([]);
  });

  it("shows a journaled transfer and its exchange record as one node, and finds it by either id", async () => {
    const h = setup();
    const { transfer } = await h.service.transfer(input());
    const nodes = await all(h.service);
    expect(nodes).toEqual([transfer]);
    const exId = exchangeRecordId("bin", transfer.exchangeTransferId!);
    expect(await h.service.get(exId)).toEqual(transfer);
    expect(await h.service.get(transfer.id)).toEqual(transfer);
  });

  it("finds an exchange-only record by its stable id; unknown ids are null", async () => {
    const h = setup();
    const r = h.htx.seed({ asset: "USDT", amount: new Dec("2.5"), createdAt: h.clock.t - 1000, id: "htx-77" });
    const id = exchangeRecordId("htx", "htx-77");
    const nodes = await all(h.service);
    expect(nodes.map((x) => x.id)).toEqual([id]);
    expect(await h.service.get(id)).toMatchObject({ id, source: TransferSource.EXCHANGE, exchangeTransferId: r.exchangeTransferId, idempotencyKey: null, exchange: Exchange.HTX });
    expect(await h.service.get(exchangeRecordId("htx", "nope"))).toBeNull();
    expect(await h.service.get(exchangeRecordId("gone", "1"))).toBeNull();
    expect(await h.service.get("not-an-id")).toBeNull();
  });

  it("an UNKNOWN transfer the history already shows is one node, settled by the read", async () => {
    const h = setup();
    h.binance.behavior = () => "timeout-applied";
    const { transfer } = await h.service.transfer(input());
    expect(transfer.status).toBe(TransferStatus.UNKNOWN);
    const nodes = await all(h.service);
    expect(nodes).toHaveLength(1);
    expect(nodes[0]).toMatchObject({ id: transfer.id, status: TransferStatus.CONFIRMED, exchangeTransferId: h.binance.ledger[0]!.exchangeTransferId });
    expect((await h.service.get(transfer.id))!.status).toBe(TransferStatus.CONFIRMED);
  });

  it("filters by connection, exchange, asset (any case), status and time", async () => {
    const h = setup();
    const ok = (await h.service.transfer(input({ asset: "btc" }))).transfer;
    h.binance.behavior = () => "reject";
    await h.service.transfer(input()).catch(() => null);
    const failed = (await all(h.service)).find((r) => r.status === TransferStatus.FAILED)!;
    const ext = h.htx.seed({ asset: "ETH", amount: new Dec(1), createdAt: h.clock.t - 5 * DAY });
    const extId = exchangeRecordId("htx", ext.exchangeTransferId);
    const ids = async (filter: object) => (await all(h.service, filter)).map((r) => r.id);

    expect(await ids({ connectionIds: ["htx"] })).toEqual([extId]);
    const binance = await ids({ exchanges: [Exchange.BINANCE] });
    expect([...binance].sort()).toEqual([failed.id, ok.id].sort());
    expect(await ids({ connectionIds: ["bin"] })).toEqual(binance);
    expect(await ids({ assets: ["Btc"] })).toEqual([ok.id]);
    expect(await ids({ statuses: [TransferStatus.FAILED] })).toEqual([failed.id]);
    expect(await ids({ statuses: [TransferStatus.CONFIRMED], connectionIds: ["htx"] })).toEqual([extId]);
    expect(await ids({ until: new Date(h.clock.t - DAY) })).toEqual([extId]);
    expect(await ids({ since: new Date(h.clock.t - DAY) })).toHaveLength(2);
  });

  it("reads the last 90 days unless the filter says otherwise", async () => {
    const h = setup();
    h.binance.seed({ asset: "USDT", amount: new Dec(1), createdAt: h.clock.t - 91 * DAY, id: "old" });
    h.binance.seed({ asset: "USDT", amount: new Dec(1), createdAt: h.clock.t - 89 * DAY, id: "recent" });
    expect((await all(h.service)).map((r) => r.exchangeTransferId)).toEqual(["recent"]);
    expect((await all(h.service, { since: new Date(h.clock.t - 100 * DAY) })).map((r) => r.exchangeTransferId)).toEqual(["recent", "old"]);
  });

  it("a connection whose history fails: the rest still arrives, with an error naming it", async () => {
    const h = setup();
    const mine = (await h.service.transfer(input())).transfer;
    h.binance.historyError = new UpstreamUnavailableError("binance down", "bin", { outcomeUnknown: false });
    h.htx.seed({ asset: "USDT", amount: new Dec(3), createdAt: h.clock.t - 1 });
    const page = await h.service.history({ first: 50 });
    expect(page.edges.map((e) => e.node.connectionId).sort()).toEqual(["bin", "htx"]);
    expect(page.edges.find((e) => e.node.connectionId === "bin")!.node.id).toBe(mine.id);
    expect(page.errors).toHaveLength(1);
    expect(page.errors[0]).toMatchObject({ code: ErrorCode.UPSTREAM_UNAVAILABLE, connectionId: "bin" });
    h.htx.historyError = new Error("socket hang up");
    const worse = await h.service.history({ first: 50 });
    expect(worse.errors.map((e) => [e.code, e.connectionId])).toEqual([
      [ErrorCode.UPSTREAM_UNAVAILABLE, "bin"],
      [ErrorCode.UPSTREAM_UNAVAILABLE, "htx"],
    ]);
  });

  it.each<[string, object]>([
    ["first 0", { first: 0 }],
    ["first 201", { first: 201 }],
    ["first 1.5", { first: 1.5 }],
    ["a made-up cursor", { first: 5, after: "bm90LWEtY3Vyc29y" }],
    ["since after until", { first: 5, filter: { since: new Date(NOW), until: new Date(NOW - 1) } }],
  ])("refuses %s with BAD_USER_INPUT", async (_name, query) => {
    const h = setup();
    await expect(h.service.history(query)).rejects.toMatchObject({ code: ErrorCode.BAD_USER_INPUT });
  });

  it("lists routes per connection; unknown connection is NOT_FOUND", () => {
    const h = setup();
    expect(h.service.routes("bin").length).toBeGreaterThan(0);
    expect(() => h.service.routes("nope")).toThrow(expect.objectContaining({ code: ErrorCode.NOT_FOUND }));
  });
});
