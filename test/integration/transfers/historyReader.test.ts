import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "@jest/globals";
import { RequestAbortedError } from "../../../src/exchanges/kit/httpClient.js";
import { Dec } from "../../../src/domain/decimal.js";
import { Exchange } from "../../../src/domain/enums.js";
import { ErrorCode } from "../../../src/domain/errors.js";
import type { TransferRecord } from "../../../src/domain/transfer.js";
import { silentLogger } from "../../../src/observability/logger.js";
import { connectorRegistry } from "../../../src/transfers/connectorRegistry.js";
import { compareCursorKeys } from "../../../src/transfers/cursor.js";
import { createHistoryReader, type HistoryReader } from "../../../src/transfers/historyReader.js";
import type { TransferJournal } from "../../../src/transfers/journal.js";
import { cursorKeyOf } from "../../../src/transfers/mergeTransferPages.js";
import { createReconciler } from "../../../src/transfers/reconciler.js";
import { createSqliteJournal } from "../../../src/transfers/sqliteJournal.js";
import { exchangeRecordId } from "../../../src/transfers/transferIds.js";
import { bulkInsert, bulkRows } from "../../support/bulkJournal.js";
import { createRecordingConnector, type RecordingConnector } from "../../support/recordingConnector.js";

/**
 * The merged history's bounds, on a real SQLite journal and connector doubles whose histories
 * are paged like an exchange's (one "upstream call" a page): a page never makes more calls
 * than the cap and goes on where it stopped; it reads the journal a page at a time; the
 * request's signal stops it.
 */
const tmp = mkdtempSync(join(tmpdir(), "coffer-reader-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

const NOW = Date.UTC(2026, 2, 1);
const DAY = 24 * 60 * 60 * 1000;
let files = 0;

/** A journal whose listPage rows and list calls are counted (the real SQLite journal underneath). */
function counted(journal: TransferJournal): TransferJournal & { pageRows: number; listCalls: number } {
  const stats = { pageRows: 0, listCalls: 0 };
  return Object.assign(Object.create(null) as object, journal, {
    get pageRows() {
      return stats.pageRows;
    },
    get listCalls() {
      return stats.listCalls;
    },
    async listPage(query: Parameters<TransferJournal["listPage"]>[0]) {
      const rows = await journal.listPage(query);
      stats.pageRows += rows.length;
      return rows;
    },
    async list(query: Parameters<TransferJournal["list"]>[0]) {
      stats.listCalls++;
      return journal.list(query);
    },
  }) as TransferJournal & { pageRows: number; listCalls: number };
}

async function setup(options: { maxCalls?: number; rows?: number; connectors?: RecordingConnector[] } = {}) {
  const path = join(tmp, `r${files++}.sqlite`);
  if (options.rows) {
    await bulkInsert(`sqlite:${path}`, bulkRows({ count: options.rows, connections: [{ id: "bin", exchange: Exchange.BINANCE }], newest: NOW - 1000, stepMs: 60_000 }));
  }
  const raw = createSqliteJournal(path);
  const journal = counted(raw);
  const connectors = connectorRegistry(options.connectors ?? []);
  const reconciler = createReconciler({
    journal,
    connectors,
    cache: { invalidate: () => undefined },
    logger: silentLogger,
    now: () => NOW,
    windowMs: 120_000,
    settleDelayMs: 60_000,
    isHeld: () => false,
  });
  const reader: HistoryReader = createHistoryReader({
    journal,
    connectors,
    reconciler,
    now: () => NOW,
    windowMs: 120_000,
    historyWindowMs: 90 * DAY,
    ...(options.maxCalls !== undefined ? { maxCalls: options.maxCalls } : {}),
  });
  cleanups.push(() => raw.close());
  return { journal, reader };
}

function doubleWith(connectionId: string, count: number, everyMs: number, pageSize = 5): RecordingConnector {
  const c = createRecordingConnector({ connectionId, exchange: connectionId === "htx" ? Exchange.HTX : Exchange.BINANCE, now: () => NOW, historyPageSize: pageSize });
  for (let i = 0; i < count; i++) c.seed({ asset: "USDT", amount: new Dec(i + 1), createdAt: NOW - 1000 - i * everyMs, id: `${connectionId}-${i}` });
  return c;
}

async function walkAll(reader: HistoryReader, first: number, onPage?: (page: Awaited<ReturnType<HistoryReader["history"]>>) => void): Promise<TransferRecord[]> {
  const seen: TransferRecord[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 500; pages++) {
    const page: Awaited<ReturnType<HistoryReader["history"]>> = await reader.history({ first, after });
    onPage?.(page);
    seen.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage) return seen;
    after = page.pageInfo.endCursor;
    expect(after).not.toBeNull();
  }
  throw new Error("paging did not end");
}

describe("history reader bounds", () => {
  it("a page meeting the call cap answers what it read; the next pages go on from there, each node once, in order", async () => {
    const bin = doubleWith("bin", 120, 7 * 60_000);
    const htx = doubleWith("htx", 80, 11 * 60_000);
    const { reader } = await setup({ maxCalls: 4, connectors: [bin, htx] });
    const calls = () => bin.historyCalls + htx.historyCalls;
    let short = 0;
    const seen = await walkAll(reader, 20, (page) => {
      if (page.pageInfo.hasNextPage && page.edges.length < 20) short++;
      expect(page.errors).toEqual([]);
    });
    expect(seen.map((r) => r.exchangeTransferId).sort()).toEqual([...bin.ledger, ...htx.ledger].map((r) => r.exchangeTransferId).sort());
    for (let i = 1; i < seen.length; i++) expect(compareCursorKeys(cursorKeyOf(seen[i - 1]!), cursorKeyOf(seen[i]!))).toBeLessThan(0);
    expect(short).toBeGreaterThan(0);

    // Page by page: never more calls than the cap.
    let after: string | null = null;
    for (;;) {
      const before = calls();
      const page: Awaited<ReturnType<HistoryReader["history"]>> = await reader.history({ first: 20, after });
      expect(calls() - before).toBeLessThanOrEqual(4);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
  });

  it("a connection that cannot read one page within the cap is reported; the rest still arrives", async () => {
    const bin = doubleWith("bin", 10, 60_000);
    const htx = doubleWith("htx", 10, 60_000);
    const { reader } = await setup({ maxCalls: 1, connectors: [bin, htx] });
    const page = await reader.history({ first: 50 });
    expect(page.errors.map((e) => [e.code, e.connectionId])).toEqual([[ErrorCode.UPSTREAM_UNAVAILABLE, "htx"]]);
    expect(page.errors[0]!.message).toMatch(/more upstream calls than one query may make \(1\)/);
    expect(page.edges.length).toBeGreaterThan(0);
    expect(page.edges.every((e) => e.node.connectionId === "bin")).toBe(true);
    expect(page.pageInfo.hasNextPage).toBe(true);
  });

  it("reads the journal a page at a time: 50 nodes out of 20,000 rows read about 50 rows", async () => {
    const { journal, reader } = await setup({ rows: 20_000 });
    const page = await reader.history({ first: 50 });
    expect(page.edges).toHaveLength(50);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.edges[0]!.node.id).toBe("b0000000-0000-4000-8000-000000000000");
    expect(journal.pageRows).toBeLessThanOrEqual(51);
    expect(journal.listCalls).toBe(0);
    // A page far down is as cheap.
    const deep = await reader.history({ first: 50, after: page.pageInfo.endCursor });
    expect(deep.edges[0]!.node.id).toBe("b0000000-0000-4000-8000-000000000050");
    expect(journal.pageRows).toBeLessThanOrEqual(102);
  });

  it("stops with the request: no page is asked for after its signal fires", async () => {
    const bin = doubleWith("bin", 400, 60_000, 2);
    const { reader } = await setup({ connectors: [bin] });
    const controller = new AbortController();
    const reading = reader.history({ first: 200, signal: controller.signal });
    controller.abort();
    await expect(reading).rejects.toBeInstanceOf(RequestAbortedError);
    const after = bin.historyCalls;
    await new Promise((r) => setTimeout(r, 200));
    expect(bin.historyCalls).toBe(after);
    expect(after).toBeLessThanOrEqual(1);
  });

  it("transfer(id) searches an exchange's history within the cap", async () => {
    const bin = doubleWith("bin", 100, 60_000);
    const { reader } = await setup({ maxCalls: 3, connectors: [bin] });
    expect(await reader.get(exchangeRecordId("bin", "bin-7"))).toMatchObject({ exchangeTransferId: "bin-7", source: "EXCHANGE" });
    await expect(reader.get(exchangeRecordId("bin", "bin-99"))).rejects.toMatchObject({ code: ErrorCode.UPSTREAM_UNAVAILABLE, connectionId: "bin" });
  });
});
