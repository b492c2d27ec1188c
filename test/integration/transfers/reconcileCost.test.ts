import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import { createSnapshotCache } from "../../../src/cache/snapshotCache.js";
import { createConnector } from "../../../src/exchanges/createConnector.js";
import { Dec } from "../../../src/domain/decimal.js";
import { AccountType, Exchange } from "../../../src/domain/enums.js";
import { silentLogger } from "../../../src/observability/logger.js";
import type { TransferJournal } from "../../../src/transfers/journal.js";
import { connectorRegistry } from "../../../src/transfers/connectorRegistry.js";
import { createSqliteJournal } from "../../../src/transfers/sqliteJournal.js";
import { createTransferService, type TransferService } from "../../../src/transfers/transferService.js";
import { BINANCE_ID, startMoneySimulators, type MoneySimulators } from "../../support/moneyCoffer.js";

/**
 * Issue #11: one old UNKNOWN row must not make every reconciliation pass reread months of the
 * exchange's history and every journal row. Against the Binance simulator (real HTTP, real
 * connector) and a real SQLite journal (wrapped only to count the calls made to it): the pass reads only a window of ±2 min around the row's
 * send time, lists no journal window, and after that pass the row is left alone — no upstream
 * call at all — until its backoff is over. The row is a sub-account transfer, which absence in
 * the history never settles (the histories read are the master account's), so it stays UNKNOWN;
 * the settle delay is set longer than its age, so the ordinary backoff (not the long wait of a
 * row left for a manual check) is what is measured.
 */

const DAY = 24 * 60 * 60 * 1000;
const WINDOW_MS = 120_000;
let sims: MoneySimulators;
let dir: string;
let opened: { service: TransferService; journal: TransferJournal } | null = null;
beforeAll(async () => {
  sims = await startMoneySimulators();
  dir = mkdtempSync(join(tmpdir(), "coffer-cost-"));
});
afterEach(async () => {
  await opened?.service.stop();
  await opened?.journal.close();
  opened = null;
});
afterAll(async () => {
  await sims?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A journal that counts the calls made to it (the real SQLite journal underneath). */
function counting(journal: TransferJournal): { journal: TransferJournal; calls: Record<string, number> } {
  const calls: Record<string, number> = {};
  const proxy = new Proxy(journal, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        calls[String(property)] = (calls[String(property)] ?? 0) + 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { journal: proxy, calls };
}

describe("reconciling one 86-day-old UNKNOWN row", () => {
  it("reads a ±2 min window once, then makes no upstream call until its backoff is over", async () => {
    const path = join(dir, "old.sqlite");
    const now = Date.now();
    const sentAt = now - 86 * DAY;
    const seed = createSqliteJournal(path);
    await seed.begin({
      id: "old-unknown",
      idempotencyKey: "old-unknown",
      fingerprint: "fp",
      connectionId: BINANCE_ID,
      exchange: Exchange.BINANCE,
      asset: "USDT",
      amount: new Dec("12.5"),
      from: { type: AccountType.SPOT, symbol: null },
      to: { type: AccountType.MARGIN_CROSS, symbol: null },
      subAccountEmail: "sub1@example.com",
      createdAt: sentAt,
      ownerId: "an-instance-long-gone",
      leaseUntil: sentAt + 30_000,
    });
    await seed.markSending("old-unknown", { ownerId: "an-instance-long-gone", sentAt, leaseUntil: sentAt + 30_000 });
    await seed.complete("old-unknown", { status: "UNKNOWN", failureReason: "timeout", updatedAt: sentAt + 10_000 });
    await seed.close();

    const clock = { t: now };
    const connectors = sims
      .connections(5_000)
      .filter((c) => c.id === BINANCE_ID)
      .map((c) => createConnector(c, { cache: createSnapshotCache({ ttlMs: 0 }), logger: silentLogger }));
    const { journal, calls: journalCalls } = counting(createSqliteJournal(path));
    const service = createTransferService({
      journal,
      connectors: connectorRegistry(connectors),
      cache: { invalidate: () => undefined },
      logger: silentLogger,
      now: () => clock.t,
      reconcileWindowMs: WINDOW_MS,
      settleDelayMs: 100 * DAY,
      unknownRetryDelaysMs: [],
    });
    opened = { service, journal };
    const callsBefore = sims.binance.calls.length;
    expect(await service.reconcileUnsettled()).toEqual({ checked: 1, confirmed: 0, failed: 0, unresolved: 1 });
    const firstPass = sims.binance.calls.slice(callsBefore);
    const historyReads = firstPass.filter((c) => c.method === "GET" && /^\/sapi\/v1\/(asset|margin)\/transfer$/.test(c.path));
    expect(historyReads.length).toBeGreaterThan(0);
    for (const call of historyReads) {
      const query = new URLSearchParams(call.rawQuery);
      expect(Number(query.get("startTime"))).toBeGreaterThanOrEqual(sentAt - WINDOW_MS);
      expect(Number(query.get("endTime"))).toBeLessThanOrEqual(sentAt + WINDOW_MS);
    }
    const row = (await journal.get("old-unknown"))!;
    expect(row).toMatchObject({ status: "UNKNOWN", checkCount: 1, nextCheckAt: now + 1_000 });

    // Passes before the next look: not one upstream call.
    const upstreamBefore = sims.binance.calls.length;
    for (let pass = 0; pass < 10; pass++) expect(await service.reconcileUnsettled()).toMatchObject({ checked: 0 });
    expect(sims.binance.calls.length - upstreamBefore).toBe(0);

    // Its next look reads the same bounded window again, and the wait doubles.
    clock.t = row.nextCheckAt!;
    const secondBefore = sims.binance.calls.length;
    expect(await service.reconcileUnsettled()).toMatchObject({ checked: 1, unresolved: 1 });
    const secondPass = sims.binance.calls.slice(secondBefore).filter((c) => c.method === "GET" && /^\/sapi\/v1\/(asset|margin)\/transfer$/.test(c.path));
    expect(secondPass.length).toBe(historyReads.length);
    expect(await journal.get("old-unknown")).toMatchObject({ status: "UNKNOWN", checkCount: 2, nextCheckAt: clock.t + 2_000 });
    const thirdBefore = sims.binance.calls.length;
    clock.t += 1_999;
    expect(await service.reconcileUnsettled()).toMatchObject({ checked: 0 });
    expect(sims.binance.calls.length).toBe(thirdBefore);
    // The "claimed" records were asked of the journal by id: no pass listed a journal window.
    expect(journalCalls["list"] ?? 0).toBe(0);
    expect(journalCalls["findByExchangeTransferIds"]).toBe(2);
  }, 60_000);
});
