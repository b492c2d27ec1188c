import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "@jest/globals";
import { Dec } from "../../../src/domain/decimal.js";
import { AccountType, Exchange, TransferSource, TransferStatus } from "../../../src/domain/enums.js";
import { ErrorCode } from "../../../src/domain/errors.js";
import { createLogger, silentLogger } from "../../../src/observability/logger.js";
import { connectorRegistry } from "../../../src/transfers/connectorRegistry.js";
import type { TransferJournal } from "../../../src/transfers/journal.js";
import { NEVER_SENT_REASON, NOT_IN_HISTORY_REASON, OWNER_LOST_REASON, SUB_ACCOUNT_MANUAL_CHECK_REASON } from "../../../src/transfers/reconciler.js";
import { createSqliteJournal } from "../../../src/transfers/sqliteJournal.js";
import type { TransferRequest } from "../../../src/domain/transfer.js";
import { createTransferService, type TransferService, type TransferServiceOptions } from "../../../src/transfers/transferService.js";
import { transferFingerprint } from "../../../src/transfers/fingerprint.js";
import { normalizeTransferRequest } from "../../../src/transfers/transferInput.js";
import { createRecordingConnector, type RecordingConnector, type RecordingConnectorOptions } from "../../support/recordingConnector.js";

/**
 * The TransferService against a real SQLite journal file and the in-test connector double
 * (test/support/recordingConnector.ts): every `connector.calls` entry stands for one POST.
 */
const tmp = mkdtempSync(join(tmpdir(), "coffer-transfers-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);
let fileCounter = 0;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

interface Harness {
  clock: { t: number };
  connector: RecordingConnector;
  journal: TransferJournal;
  service: TransferService;
  invalidated: string[];
  path: string;
  /** A second service (a new process) on the same journal file and connectors. */
  restart(options?: Partial<TransferServiceOptions>): { service: TransferService; journal: TransferJournal };
}

function setup(options: { connector?: RecordingConnectorOptions; service?: Partial<TransferServiceOptions>; extra?: RecordingConnector[]; log?: string[] } = {}): Harness {
  const clock = { t: T0 };
  const now = () => clock.t;
  const connector = createRecordingConnector({ now, ...options.connector });
  const path = join(tmp, `journal-${fileCounter++}.sqlite`);
  const invalidated: string[] = [];
  const registry = connectorRegistry([connector, ...(options.extra ?? [])]);
  const make = (journal: TransferJournal, more: Partial<TransferServiceOptions> = {}) => {
    const service = createTransferService({
      journal,
      connectors: registry,
      cache: { invalidate: (id) => invalidated.push(id) },
      logger: options.log ? createLogger({ level: "debug", write: (line) => options.log!.push(line) }) : silentLogger,
      now,
      settleDelayMs: 60_000,
      unknownRetryDelaysMs: [],
      ...options.service,
      ...more,
    });
    cleanups.push(async () => {
      await service.stop();
      await journal.close();
    });
    return service;
  };
  const journal = createSqliteJournal(path);
  return {
    clock,
    connector,
    journal,
    service: make(journal),
    invalidated,
    path,
    restart(more) {
      const j = createSqliteJournal(path);
      return { service: make(j, more), journal: j };
    },
  };
}

function input(over: Partial<TransferRequest> = {}): TransferRequest {
  return {
    connectionId: "test-conn",
    asset: "usdt",
    amount: new Dec("10.5"),
    from: { type: AccountType.SPOT, symbol: null },
    to: { type: AccountType.FUNDING, symbol: null },
    subAccountEmail: null,
    idempotencyKey: "key-1",
    ...over,
  };
}

function gate(): { hold: () => Promise<void>; release: () => void } {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { hold: () => promise, release };
}

/** Polls until the condition holds (10 s at most: generous for a loaded CI machine). */
async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
  expect(await condition()).toBe(true);
}

describe("transfer", () => {
  it("sends once, journals the outcome, drops the connection's snapshots", async () => {
    const h = setup();
    const result = await h.service.transfer(input());
    expect(result.replayed).toBe(false);
    expect(result.transfer).toMatchObject({
      connectionId: "test-conn",
      exchange: Exchange.BINANCE,
      asset: "USDT",
      status: TransferStatus.CONFIRMED,
      source: TransferSource.JOURNAL,
      idempotencyKey: "key-1",
      exchangeTransferId: h.connector.ledger[0]!.exchangeTransferId,
      failureReason: null,
    });
    expect(result.transfer.amount.toFixed()).toBe("10.5");
    expect(result.transfer.createdAt.getTime()).toBe(T0);
    expect(h.connector.calls).toHaveLength(1);
    expect(h.connector.calls[0]!.asset).toBe("USDT");
    expect(h.invalidated).toEqual(["test-conn"]);
    expect(await h.journal.findByKey("key-1")).toMatchObject({ status: "CONFIRMED", sentAt: T0 });
    expect(await h.service.get(result.transfer.id)).toEqual(result.transfer);
  });

  it("50 concurrent calls with one key: exactly one POST, 50 equal answers", async () => {
    const g = gate();
    const h = setup({ connector: { hold: g.hold } });
    const calls = Array.from({ length: 50 }, () => h.service.transfer(input({ idempotencyKey: "burst" })));
    await until(() => h.connector.calls.length === 1);
    g.release();
    const results = await Promise.all(calls);
    expect(h.connector.calls).toHaveLength(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    for (const r of results) expect(r.transfer).toEqual(results[0]!.transfer);
    expect(results[0]!.transfer.status).toBe(TransferStatus.CONFIRMED);
    expect(await h.journal.list({})).toHaveLength(1);
  });

  it("replays a settled key with the same input, even written as 10.50 and USDT; no second POST", async () => {
    const h = setup();
    const first = await h.service.transfer(input());
    const again = await h.service.transfer(input({ amount: new Dec("10.50"), asset: "USDT" }));
    expect(again).toEqual({ transfer: first.transfer, replayed: true });
    expect(h.connector.calls).toHaveLength(1);
  });

  it("same key, different amount → IDEMPOTENCY_CONFLICT and no POST (settled and in flight)", async () => {
    const g = gate();
    const h = setup({ connector: { hold: g.hold } });
    const running = h.service.transfer(input());
    await until(() => h.connector.calls.length === 1);
    await expect(h.service.transfer(input({ amount: new Dec("11") }))).rejects.toMatchObject({ code: ErrorCode.IDEMPOTENCY_CONFLICT });
    g.release();
    await running;
    await expect(h.service.transfer(input({ amount: new Dec("11") }))).rejects.toMatchObject({ code: ErrorCode.IDEMPOTENCY_CONFLICT });
    await expect(h.service.transfer(input({ to: { type: AccountType.MARGIN_CROSS, symbol: null } }))).rejects.toMatchObject({ code: ErrorCode.IDEMPOTENCY_CONFLICT });
    expect(h.connector.calls).toHaveLength(1);
  });

  it.each<[string, Partial<TransferRequest>, string]>([
    ["negative amount", { amount: new Dec("-1") }, ErrorCode.BAD_USER_INPUT],
    ["zero amount", { amount: new Dec("0") }, ErrorCode.BAD_USER_INPUT],
    ["too many decimals", { amount: new Dec("0.000000001") }, ErrorCode.BAD_USER_INPUT],
    ["unknown asset", { asset: "NOPE" }, ErrorCode.BAD_USER_INPUT],
    ["not an asset code", { asset: "US$T" }, ErrorCode.BAD_USER_INPUT],
    ["missing symbol", { to: { type: AccountType.MARGIN_ISOLATED, symbol: null } }, ErrorCode.BAD_USER_INPUT],
    ["unsupported route", { from: { type: AccountType.OPTIONS, symbol: null }, to: { type: AccountType.COINM_FUTURES, symbol: null } }, ErrorCode.UNSUPPORTED_ROUTE],
    ["blank key", { idempotencyKey: "   " }, ErrorCode.BAD_USER_INPUT],
    ["empty key", { idempotencyKey: "" }, ErrorCode.BAD_USER_INPUT],
    ["key of 256 characters", { idempotencyKey: "k".repeat(256) }, ErrorCode.BAD_USER_INPUT],
    ["unknown connection", { connectionId: "nope" }, ErrorCode.NOT_FOUND],
  ])("refuses %s with its code; no POST, no journal row", async (_name, change, code) => {
    const h = setup();
    await expect(h.service.transfer(input(change))).rejects.toMatchObject({ code });
    expect(h.connector.calls).toHaveLength(0);
    expect(await h.journal.list({})).toEqual([]);
  });

  it("accepts a key of exactly 255 characters", async () => {
    const h = setup();
    await expect(h.service.transfer(input({ idempotencyKey: "k".repeat(255) }))).resolves.toMatchObject({ replayed: false });
  });

  it.each<["reject" | "insufficient", string]>([
    ["reject", ErrorCode.UPSTREAM_REJECTED],
    ["insufficient", ErrorCode.INSUFFICIENT_BALANCE],
  ])("an exchange refusal (%s) is thrown, journaled FAILED, and replayed as the same error without a POST", async (behavior, code) => {
    const h = setup({ connector: { behavior: () => behavior } });
    const first = await h.service.transfer(input()).catch((e: unknown) => e);
    expect(first).toMatchObject({ code });
    const row = await h.journal.findByKey("key-1");
    expect(row).toMatchObject({ status: "FAILED", failureCode: code });
    const second = await h.service.transfer(input()).catch((e: unknown) => e);
    expect(second).toMatchObject({ code, message: (first as Error).message });
    expect({ ...(second as object) }).toEqual({ ...(first as object) });
    expect(h.connector.calls).toHaveLength(1);
    expect(await h.service.get(row!.id)).toMatchObject({ status: TransferStatus.FAILED, failureReason: (first as Error).message });
    expect(h.invalidated).toEqual(["test-conn"]);
  });

  it("a request that never left (outcomeUnknown false) is FAILED with UPSTREAM_UNAVAILABLE", async () => {
    const h = setup({ connector: { behavior: () => "unreachable" } });
    await expect(h.service.transfer(input())).rejects.toMatchObject({ code: ErrorCode.UPSTREAM_UNAVAILABLE, outcomeUnknown: false });
    expect(await h.journal.findByKey("key-1")).toMatchObject({ status: "FAILED" });
  });

  it("a PENDING answer is PENDING, then CONFIRMED once the history says so", async () => {
    const h = setup({ connector: { behavior: () => "pending" } });
    const result = await h.service.transfer(input());
    expect(result.transfer.status).toBe(TransferStatus.PENDING);
    expect((await h.service.reconcile(result.transfer.id))!.status).toBe(TransferStatus.PENDING);
    const record = h.connector.ledger[0]!;
    h.connector.ledger[0] = { ...record, status: TransferStatus.CONFIRMED };
    expect(await h.service.reconcile(result.transfer.id)).toMatchObject({ status: TransferStatus.CONFIRMED, exchangeTransferId: record.exchangeTransferId });
    expect(h.connector.calls).toHaveLength(1);
  });
});

describe("unknown outcomes", () => {
  it("a timeout after the transfer happened: UNKNOWN (returned), then CONFIRMED by reconciliation, never resent", async () => {
    const h = setup({ connector: { behavior: () => "timeout-applied" } });
    const result = await h.service.transfer(input());
    expect(result.replayed).toBe(false);
    expect(result.transfer.status).toBe(TransferStatus.UNKNOWN);
    expect(result.transfer.failureReason).toMatch(/never sent again/);
    expect(h.invalidated).toEqual(["test-conn"]);

    const replay = await h.service.transfer(input());
    expect(replay).toMatchObject({ replayed: true, transfer: { status: TransferStatus.UNKNOWN } });

    h.clock.t += 1_000;
    const settled = await h.service.reconcile(result.transfer.id);
    expect(settled).toMatchObject({ status: TransferStatus.CONFIRMED, exchangeTransferId: h.connector.ledger[0]!.exchangeTransferId, failureReason: null });
    expect(await h.service.transfer(input())).toMatchObject({ replayed: true, transfer: { status: TransferStatus.CONFIRMED } });
    expect(h.connector.calls).toHaveLength(1);
  });

  it("a timeout where nothing happened: UNKNOWN until the settle delay, then FAILED (not found in history)", async () => {
    const h = setup({ connector: { behavior: () => "timeout-lost" } });
    const { transfer } = await h.service.transfer(input());
    expect(transfer.status).toBe(TransferStatus.UNKNOWN);
    h.clock.t += 30_000;
    expect(await h.service.reconcileUnsettled()).toEqual({ checked: 1, confirmed: 0, failed: 0, unresolved: 1 });
    expect((await h.service.get(transfer.id))!.status).toBe(TransferStatus.UNKNOWN);
    h.clock.t += 31_000;
    expect(await h.service.reconcileUnsettled()).toEqual({ checked: 1, confirmed: 0, failed: 1, unresolved: 0 });
    expect(await h.service.get(transfer.id)).toMatchObject({ status: TransferStatus.FAILED, failureReason: NOT_IN_HISTORY_REASON });
    // A FAILED the reconciler found is replayed as its record (the first answer was a record too).
    expect(await h.service.transfer(input())).toMatchObject({ replayed: true, transfer: { status: TransferStatus.FAILED } });
    expect(h.connector.calls).toHaveLength(1);
  });

  it("does not match an exchange record another journal row owns", async () => {
    const h = setup({ connector: { behavior: (_r, n) => (n === 1 ? "confirm" : "timeout-lost") } });
    const a = await h.service.transfer(input({ idempotencyKey: "a" }));
    const b = await h.service.transfer(input({ idempotencyKey: "b" }));
    expect(b.transfer.status).toBe(TransferStatus.UNKNOWN);
    h.clock.t += 61_000;
    await h.service.reconcileUnsettled();
    expect((await h.service.get(b.transfer.id))!.status).toBe(TransferStatus.FAILED);
    expect((await h.service.get(a.transfer.id))!.status).toBe(TransferStatus.CONFIRMED);
  });

  it("a sub-account transfer missing from the history stays UNKNOWN (the history does not list them)", async () => {
    const h = setup({ connector: { behavior: () => "timeout-lost" } });
    const { transfer } = await h.service.transfer(input({ subAccountEmail: "sub@example.com" }));
    h.clock.t += 120_000;
    expect(await h.service.reconcileUnsettled()).toEqual({ checked: 1, confirmed: 0, failed: 0, unresolved: 1 });
    expect((await h.service.get(transfer.id))!.status).toBe(TransferStatus.UNKNOWN);
  });

  it("a sub-account transfer missing after the settle delay says it needs a manual check and is no longer polled", async () => {
    const h = setup({ connector: { behavior: () => "timeout-lost" } });
    const { transfer } = await h.service.transfer(input({ subAccountEmail: "sub@example.com" }));
    h.clock.t += 30_000;
    // Before the settle delay: an ordinary unresolved row.
    expect(await h.service.reconcileUnsettled()).toMatchObject({ checked: 1, unresolved: 1 });
    expect((await h.service.get(transfer.id))!.failureReason).not.toBe(SUB_ACCOUNT_MANUAL_CHECK_REASON);
    h.clock.t += 90_000;
    expect(await h.service.reconcileUnsettled()).toMatchObject({ checked: 1, unresolved: 1 });
    const row = (await h.journal.get(transfer.id))!;
    expect(row).toMatchObject({ status: "UNKNOWN", exchangeTransferId: null, failureReason: SUB_ACCOUNT_MANUAL_CHECK_REASON });
    expect(row.failureReason).toMatch(/manual check: the exchange keeps no master-side record of sub-account margin transfers/);
    expect(row.nextCheckAt! - h.clock.t).toBeGreaterThanOrEqual(24 * 60 * 60 * 1000);
    const reads = h.connector.historyCalls;
    // Hours of periodic passes later: not one history read for it.
    for (let hour = 0; hour < 24; hour++) {
      h.clock.t += 60 * 60 * 1000 - 1;
      expect(await h.service.reconcileUnsettled()).toMatchObject({ checked: 0 });
    }
    expect(h.connector.historyCalls).toBe(reads);
    // Its outcome is still not guessed when it is looked at again.
    h.clock.t = row.nextCheckAt!;
    expect(await h.service.reconcileUnsettled()).toMatchObject({ checked: 1, failed: 0, unresolved: 1 });
    expect((await h.service.get(transfer.id))!.status).toBe(TransferStatus.UNKNOWN);
  });

  it("matches on type only where the history has no symbol (HTX ledger)", async () => {
    const h = setup({ connector: { behavior: () => "timeout-applied", historyWithoutSymbols: true } });
    const { transfer } = await h.service.transfer(input({ to: { type: AccountType.MARGIN_ISOLATED, symbol: "BTCUSDT" } }));
    expect(await h.service.reconcile(transfer.id)).toMatchObject({ status: TransferStatus.CONFIRMED });
  });

  it("leaves rows unsettled while the history cannot be read", async () => {
    const h = setup({ connector: { behavior: () => "timeout-applied" } });
    const { transfer } = await h.service.transfer(input());
    h.connector.historyError = new Error("down");
    h.clock.t += 120_000;
    expect(await h.service.reconcileUnsettled()).toEqual({ checked: 1, confirmed: 0, failed: 0, unresolved: 1 });
    h.connector.historyError = null;
    expect(await h.service.reconcile(transfer.id)).toMatchObject({ status: TransferStatus.CONFIRMED });
  });

  it("the reconciler timer settles UNKNOWN rows by itself", async () => {
    const h = setup({ connector: { behavior: () => "timeout-applied" } });
    const { transfer } = await h.service.transfer(input());
    h.service.startReconciler(5);
    await until(async () => (await h.service.get(transfer.id))!.status === TransferStatus.CONFIRMED);
    await h.service.stop();
  });

  it("after UNKNOWN, scheduled retries settle it without anyone calling reconcile", async () => {
    const h = setup({ connector: { behavior: () => "timeout-applied" }, service: { unknownRetryDelaysMs: [1] } });
    const { transfer } = await h.service.transfer(input());
    await until(async () => (await h.service.get(transfer.id))!.status === TransferStatus.CONFIRMED);
    await h.service.stop();
  });
});

describe("crash and restart", () => {
  /** What a crash between the POST and the outcome write leaves: an INTENT row (and maybe a moved transfer). */
  async function leaveIntent(h: Harness, key: string, applied: boolean): Promise<string> {
    const request = normalizeTransferRequest(input({ idempotencyKey: key }));
    const { entry } = await h.journal.begin({
      id: `crash-${key}`,
      idempotencyKey: key,
      fingerprint: transferFingerprint(request),
      connectionId: request.connectionId,
      exchange: Exchange.BINANCE,
      asset: request.asset,
      amount: request.amount,
      from: request.from,
      to: request.to,
      subAccountEmail: null,
      createdAt: h.clock.t,
    });
    if (applied) h.connector.seed({ asset: "USDT", amount: request.amount, createdAt: h.clock.t + 200, from: AccountType.SPOT, to: AccountType.FUNDING });
    return entry.id;
  }

  it("an INTENT left by a crash is reconciled at start-up to CONFIRMED, with no POST", async () => {
    const h = setup();
    const id = await leaveIntent(h, "crashed", true);
    await h.journal.close();
    h.clock.t += 2_000;
    const next = h.restart();
    await expect(next.service.transfer(input({ idempotencyKey: "crashed" }))).rejects.toMatchObject({ code: ErrorCode.TRANSFER_IN_PROGRESS });
    expect(await next.service.reconcileUnsettled()).toEqual({ checked: 1, confirmed: 1, failed: 0, unresolved: 0 });
    expect(await next.service.get(id)).toMatchObject({ status: TransferStatus.CONFIRMED, exchangeTransferId: h.connector.ledger[0]!.exchangeTransferId });
    expect(await next.service.transfer(input({ idempotencyKey: "crashed" }))).toMatchObject({ replayed: true, transfer: { id, status: TransferStatus.CONFIRMED } });
    expect(h.connector.calls).toHaveLength(0);
  });

  it("an INTENT that never reached the exchange becomes FAILED after the settle delay, never sent", async () => {
    const h = setup();
    const id = await leaveIntent(h, "never-sent", false);
    const next = h.restart();
    expect((await next.service.reconcileUnsettled()).unresolved).toBe(1);
    expect((await next.service.get(id))!.status).toBe(TransferStatus.PENDING);
    h.clock.t += 60_000;
    await next.service.reconcileUnsettled();
    expect((await next.service.get(id))!.status).toBe(TransferStatus.FAILED);
    expect(h.connector.calls).toHaveLength(0);
  });

  it("a restarted service replays a key from the journal file, with no POST", async () => {
    const h = setup();
    const first = await h.service.transfer(input());
    await h.service.stop();
    await h.journal.close();
    const next = h.restart();
    expect(await next.service.transfer(input())).toEqual({ transfer: first.transfer, replayed: true });
    expect(h.connector.calls).toHaveLength(1);
  });

  it("another instance on the same journal answers TRANSFER_IN_PROGRESS while the first is sending", async () => {
    const g = gate();
    const h = setup({ connector: { hold: g.hold } });
    const other = h.restart();
    const running = h.service.transfer(input());
    await until(() => h.connector.calls.length === 1);
    await expect(other.service.transfer(input())).rejects.toMatchObject({ code: ErrorCode.TRANSFER_IN_PROGRESS });
    await expect(other.service.transfer(input({ amount: new Dec(1) }))).rejects.toMatchObject({ code: ErrorCode.IDEMPOTENCY_CONFLICT });
    // Its reconciler must not judge a row another instance is sending before the settle delay.
    await other.service.reconcileUnsettled();
    g.release();
    await running;
    expect(await other.service.transfer(input())).toMatchObject({ replayed: true, transfer: { status: TransferStatus.CONFIRMED } });
    expect(h.connector.calls).toHaveLength(1);
  });
});

/** A row another (now dead or stalled) instance wrote for `key`: INTENT, or SENDING when `sentAt` is given. */
async function rowOf(h: Harness, key: string, owner: { ownerId: string; leaseUntil: number; sentAt?: number }, over: Partial<TransferRequest> = {}): Promise<string> {
  const request = normalizeTransferRequest(input({ idempotencyKey: key, ...over }));
  const { entry } = await h.journal.begin({
    id: `row-${key}`,
    idempotencyKey: key,
    fingerprint: transferFingerprint(request),
    connectionId: request.connectionId,
    exchange: Exchange.BINANCE,
    asset: request.asset,
    amount: request.amount,
    from: request.from,
    to: request.to,
    subAccountEmail: request.subAccountEmail,
    createdAt: h.clock.t,
    ownerId: owner.ownerId,
    leaseUntil: owner.leaseUntil,
  });
  if (owner.sentAt !== undefined) {
    expect(await h.journal.markSending(entry.id, { ownerId: owner.ownerId, sentAt: owner.sentAt, leaseUntil: owner.leaseUntil })).not.toBeNull();
  }
  return entry.id;
}

/** The service's outcome lines (one JSON object each) of a transfer. */
function outcomeLines(log: string[], transferId: string): Array<{ msg: string; level: string }> {
  return log
    .map((line) => JSON.parse(line) as { msg: string; level: string; transferId?: string })
    .filter((l) => l.transferId === transferId && /^transfer /.test(l.msg) && l.msg !== "transfer reconciled");
}

describe("ownership: a row is its sender's while its lease lives", () => {
  it("a transfer queued past the settle delay is left alone by another instance's reconciler, then sent once and CONFIRMED", async () => {
    const q = gate();
    const h = setup({ connector: { queue: q.hold }, service: { leaseMs: 120_000 } });
    const other = h.restart({ leaseMs: 120_000 });
    const running = h.service.transfer(input());
    let row = await h.journal.findByKey("key-1");
    await until(async () => (row = await h.journal.findByKey("key-1")) !== null);
    expect(row).toMatchObject({ status: "INTENT", ownerId: expect.any(String), leaseUntil: T0 + 120_000 });
    h.clock.t += 61_000; // past the settle delay, the lease still alive
    expect(await other.service.reconcileUnsettled()).toEqual({ checked: 0, confirmed: 0, failed: 0, unresolved: 0 });
    expect(await other.service.reconcile(row!.id)).toMatchObject({ status: TransferStatus.PENDING });
    await expect(other.service.transfer(input())).rejects.toMatchObject({ code: ErrorCode.TRANSFER_IN_PROGRESS });
    expect(h.connector.historyCalls).toBe(0);
    q.release();
    const result = await running;
    expect(result.transfer).toMatchObject({ status: TransferStatus.CONFIRMED, id: row!.id });
    expect(await h.journal.get(row!.id)).toMatchObject({ status: "CONFIRMED", sentAt: T0 + 61_000, leaseUntil: null });
    expect(h.connector.calls).toHaveLength(1);
  });

  it("the lease is renewed while the transfer waits (real clock): another instance polling all along never takes it", async () => {
    const q = gate();
    const h = setup({ connector: { queue: q.hold }, service: { now: Date.now, leaseMs: 1_500, settleDelayMs: 50 } });
    const other = h.restart({ now: Date.now, leaseMs: 1_500, settleDelayMs: 50 });
    const running = h.service.transfer(input());
    await until(async () => (await h.journal.findByKey("key-1")) !== null);
    const first = (await h.journal.findByKey("key-1"))!;
    // Three lease lengths: without renewal the other instance would fail the row (never sent).
    const deadline = Date.now() + 4_500;
    let passes = 0;
    while (Date.now() < deadline) {
      await other.service.reconcileUnsettled();
      passes++;
      await new Promise((r) => setTimeout(r, 50));
    }
    const renewed = (await h.journal.findByKey("key-1"))!;
    expect(renewed.status).toBe("INTENT");
    expect(renewed.leaseUntil!).toBeGreaterThan(first.leaseUntil!);
    q.release();
    expect((await running).transfer.status).toBe(TransferStatus.CONFIRMED);
    expect(h.connector.calls).toHaveLength(1);
    expect(passes).toBeGreaterThan(3);
  });

  it("an owner whose claim was taken over after its lease ran out does not send; its answer is the FAILED record", async () => {
    const q = gate();
    const h = setup({ connector: { queue: q.hold } });
    const other = h.restart();
    const running = h.service.transfer(input());
    await until(async () => (await h.journal.findByKey("key-1")) !== null);
    h.clock.t += 31_000; // the default 30 s lease ran out (the renewal timer runs on real time)
    expect(await other.service.reconcileUnsettled()).toEqual({ checked: 1, confirmed: 0, failed: 1, unresolved: 0 });
    expect(h.connector.historyCalls).toBe(0); // never sent needs no history
    q.release();
    const result = await running;
    expect(result).toMatchObject({ replayed: false, transfer: { status: TransferStatus.FAILED, failureReason: NEVER_SENT_REASON } });
    expect(h.connector.calls).toHaveLength(0);
    expect(await other.service.transfer(input())).toMatchObject({ replayed: true, transfer: { status: TransferStatus.FAILED } });
  });

  it("a journal that cannot mark the row SENDING means nothing is sent: INTERNAL_SERVER_ERROR, later FAILED (never sent)", async () => {
    const q = gate();
    const h = setup({ connector: { queue: q.hold } });
    const running = h.service.transfer(input()).catch((e: unknown) => e);
    await until(async () => (await h.journal.findByKey("key-1")) !== null);
    const id = (await h.journal.findByKey("key-1"))!.id;
    await h.journal.close(); // the store is lost while the transfer waits for its rate budget
    q.release();
    expect(await running).toMatchObject({ code: ErrorCode.INTERNAL_SERVER_ERROR, message: expect.stringMatching(/^Not sent/) });
    expect(h.connector.calls).toHaveLength(0);
    const other = h.restart();
    h.clock.t += 31_000;
    expect(await other.service.reconcileUnsettled()).toMatchObject({ checked: 1, failed: 1 });
    expect(await other.journal.get(id)).toMatchObject({ status: "FAILED", failureReason: NEVER_SENT_REASON });
  });

  it("a replay of a row whose owner died before sending settles it FAILED at once, never sent", async () => {
    const h = setup();
    const id = await rowOf(h, "dead-before", { ownerId: "dead", leaseUntil: T0 - 1 });
    expect(await h.service.transfer(input({ idempotencyKey: "dead-before" }))).toMatchObject({
      replayed: true,
      transfer: { id, status: TransferStatus.FAILED, failureReason: NEVER_SENT_REASON },
    });
    expect(h.connector.calls).toHaveLength(0);
    expect(h.connector.historyCalls).toBe(0);
  });

  it("an owner that died after sending: in progress while its lease lives, then UNKNOWN, then settled from the history", async () => {
    const h = setup();
    const made = await rowOf(h, "dead-after-made", { ownerId: "dead", leaseUntil: T0 + 10_000, sentAt: T0 });
    h.connector.seed({ asset: "USDT", amount: new Dec("10.5"), createdAt: T0 + 300 });
    const lost = await rowOf(h, "dead-after-lost", { ownerId: "dead", leaseUntil: T0 + 10_000, sentAt: T0 + 5_000 }, { amount: new Dec("7") });
    expect(await h.service.reconcileUnsettled()).toEqual({ checked: 0, confirmed: 0, failed: 0, unresolved: 0 });
    await expect(h.service.transfer(input({ idempotencyKey: "dead-after-lost", amount: new Dec("7") }))).rejects.toMatchObject({ code: ErrorCode.TRANSFER_IN_PROGRESS });
    h.clock.t += 11_000;
    expect(await h.service.reconcileUnsettled()).toEqual({ checked: 2, confirmed: 1, failed: 0, unresolved: 1 });
    expect(await h.journal.get(made)).toMatchObject({ status: "CONFIRMED", exchangeTransferId: h.connector.ledger[0]!.exchangeTransferId });
    expect(await h.journal.get(lost)).toMatchObject({ status: "UNKNOWN", failureReason: OWNER_LOST_REASON });
    expect(await h.service.transfer(input({ idempotencyKey: "dead-after-lost", amount: new Dec("7") }))).toMatchObject({
      replayed: true,
      transfer: { status: TransferStatus.UNKNOWN },
    });
    h.clock.t = T0 + 5_000 + 60_000; // the settle delay counts from when it was sent
    expect(await h.service.reconcileUnsettled()).toMatchObject({ failed: 1 });
    expect(await h.journal.get(lost)).toMatchObject({ status: "FAILED", failureReason: NOT_IN_HISTORY_REASON });
    expect(h.connector.calls).toHaveLength(0);
  });

  it("a record a live row could be is not given to an older unsettled row", async () => {
    const sending = gate();
    const h: Harness = setup({
      connector: { behavior: () => "timeout-lost", hold: () => (h.connector.calls.length === 2 ? sending.hold() : Promise.resolve()) },
      service: { leaseMs: 120_000 },
    });
    const a = await h.service.transfer(input({ idempotencyKey: "a" }));
    expect(a.transfer.status).toBe(TransferStatus.UNKNOWN);
    h.clock.t += 1_000;
    const other = h.restart({ leaseMs: 120_000 });
    const b = h.service.transfer(input({ idempotencyKey: "b" }));
    await until(() => h.connector.calls.length === 2);
    // b's transfer reaches the exchange's history while b is still being answered.
    h.connector.seed({ asset: "USDT", amount: new Dec("10.5"), createdAt: h.clock.t + 100 });
    h.clock.t += 60_000;
    await other.service.reconcileUnsettled();
    expect(await h.journal.get(a.transfer.id)).toMatchObject({ status: "UNKNOWN", exchangeTransferId: null });
    sending.release();
    await b;
  });
});

describe("reconciliation cost", () => {
  it("reads a bounded window around an old row and backs off: no history read until its next look", async () => {
    // A settle delay longer than the row's age: absence is no verdict yet, so only the backoff decides.
    const h = setup({ connector: { behavior: () => "timeout-lost" }, service: { settleDelayMs: 200 * 24 * 60 * 60 * 1000 } });
    const DAY = 24 * 60 * 60 * 1000;
    h.clock.t = T0 - 86 * DAY;
    const { transfer } = await h.service.transfer(input({ subAccountEmail: "sub@example.com" }));
    h.clock.t = T0;
    expect(await h.service.reconcileUnsettled()).toEqual({ checked: 1, confirmed: 0, failed: 0, unresolved: 1 });
    expect(h.connector.historyQueries.map((q) => [q.since.getTime(), q.until.getTime()])).toEqual([[T0 - 86 * DAY - 120_000, T0 - 86 * DAY + 120_000]]);
    expect(await h.journal.get(transfer.id)).toMatchObject({ checkCount: 1, nextCheckAt: T0 + 1_000 });
    for (let pass = 0; pass < 5; pass++) expect(await h.service.reconcileUnsettled()).toMatchObject({ checked: 0 });
    expect(h.connector.historyCalls).toBe(1);
    h.clock.t += 1_000;
    expect(await h.service.reconcileUnsettled()).toMatchObject({ checked: 1, unresolved: 1 });
    expect(h.connector.historyCalls).toBe(2);
    expect(await h.journal.get(transfer.id)).toMatchObject({ checkCount: 2, nextCheckAt: T0 + 1_000 + 2_000 });
    // The wait doubles up to an hour.
    for (let n = 0; n < 14; n++) {
      const row = (await h.journal.get(transfer.id))!;
      h.clock.t = row.nextCheckAt!;
      await h.service.reconcileUnsettled();
    }
    const last = (await h.journal.get(transfer.id))!;
    expect(last.nextCheckAt! - h.clock.t).toBe(60 * 60 * 1000);
    expect(h.connector.historyCalls).toBe(16);
  });

  it("rows whose windows overlap share one history read; distant rows get their own", async () => {
    const h = setup({ connector: { behavior: () => "timeout-lost" } });
    await h.service.transfer(input({ idempotencyKey: "a" }));
    h.clock.t += 30_000;
    await h.service.transfer(input({ idempotencyKey: "b" }));
    h.clock.t += 10 * 60_000;
    await h.service.transfer(input({ idempotencyKey: "c" }));
    h.clock.t += 120_000;
    expect(await h.service.reconcileUnsettled()).toMatchObject({ checked: 3, failed: 3 });
    expect(h.connector.historyQueries.map((q) => [q.since.getTime() - T0, q.until.getTime() - T0])).toEqual([
      [-120_000, 150_000],
      [630_000 - 120_000, 630_000 + 120_000],
    ]);
  });
});

describe("one exchange record, one journal row", () => {
  it("a record within reach of rows read in two history windows settles exactly one of them", async () => {
    const log: string[] = [];
    const h = setup({ log, connector: { behavior: () => "timeout-lost" }, service: { reconcileMaxHistoryWindowMs: 8 * 60_000 } });
    // Windows of ±2 min around 0 s, 200 s and 400 s chain into a span longer than one read may
    // cover (8 min here), so the rows are read in two windows that both hold the record at 300 s.
    for (const [key, at] of [
      ["a", 0],
      ["b", 200_000],
      ["c", 400_000],
    ] as const) {
      h.clock.t = T0 + at;
      await h.service.transfer(input({ idempotencyKey: key }));
    }
    const record = h.connector.seed({ asset: "USDT", amount: new Dec("10.5"), createdAt: T0 + 300_000 });
    h.clock.t = T0 + 400_000 + 61_000;
    expect(await h.service.reconcileUnsettled()).toEqual({ checked: 3, confirmed: 1, failed: 2, unresolved: 0 });
    expect(h.connector.historyQueries).toHaveLength(2);
    const rows = await Promise.all(["a", "b", "c"].map((k) => h.journal.findByKey(k)));
    expect(rows.filter((r) => r!.exchangeTransferId === record.exchangeTransferId)).toHaveLength(1);
    expect(rows.map((r) => r!.status).sort()).toEqual(["CONFIRMED", "FAILED", "FAILED"]);
    // Kept apart by the reconciler (the second read asks the journal who owns the record), not
    // by the journal's unique rule refusing a write.
    expect(log.some((l) => l.includes("could not write a reconciled outcome"))).toBe(false);
  });
});

describe("an outcome the journal cannot record", () => {
  it("is answered UNKNOWN naming the exchange's id, never CONFIRMED; the row is never failed by absence", async () => {
    const log: string[] = [];
    const h = setup({ log });
    // A row that already holds the id the exchange will hand out next: the journal's unique rule refuses it.
    const holder = await h.journal.begin(rowIntent("holder"));
    await h.journal.complete(holder.entry.id, { status: "CONFIRMED", exchangeTransferId: "1000", updatedAt: T0 });
    const result = await h.service.transfer(input());
    expect(h.connector.calls).toHaveLength(1);
    expect(h.connector.ledger[0]!.exchangeTransferId).toBe("1000");
    expect(result.replayed).toBe(false);
    expect(result.transfer.status).toBe(TransferStatus.UNKNOWN);
    expect(result.transfer.failureReason).toMatch(/accepted this transfer \(exchange transfer id 1000\).*could not record/);
    const row = (await h.journal.get(result.transfer.id))!;
    expect(row).toMatchObject({ status: "UNKNOWN", exchangeTransferId: null, failureDetail: { acceptedExchangeTransferId: "1000" }, leaseUntil: null });
    expect(await h.service.transfer(input())).toMatchObject({ replayed: true, transfer: { status: TransferStatus.UNKNOWN, failureReason: result.transfer.failureReason } });
    // Long after the settle delay: the record it was given belongs to another row, so it stays for a manual check.
    h.clock.t += 10 * 60_000;
    expect(await h.service.reconcileUnsettled()).toMatchObject({ checked: 1, unresolved: 1 });
    expect((await h.journal.get(row.id))!.status).toBe("UNKNOWN");
    const lines = outcomeLines(log, row.id);
    expect(lines).toEqual([expect.objectContaining({ msg: "transfer outcome could not be journaled; will reconcile", level: "error", answeredExchangeTransferId: "1000" })]);
    expect(log.some((l) => l.includes("belongs to another journal row"))).toBe(true);
    expect(h.connector.calls).toHaveLength(1);
  });

  it("with the journal gone after sending: answered UNKNOWN from memory; another instance settles it CONFIRMED once the lease ran out", async () => {
    const g = gate();
    const h = setup({ connector: { hold: g.hold } });
    const running = h.service.transfer(input());
    await until(() => h.connector.calls.length === 1);
    const id = (await h.journal.findByKey("key-1"))!.id;
    await h.journal.close(); // the store is lost between the POST and the outcome write
    g.release();
    const result = await running;
    expect(result.transfer).toMatchObject({ id, status: TransferStatus.UNKNOWN, failureReason: expect.stringMatching(/exchange transfer id 1000/) });
    const other = h.restart();
    expect((await other.journal.get(id))!.status).toBe("SENDING");
    h.clock.t += 31_000;
    expect(await other.service.reconcileUnsettled()).toMatchObject({ checked: 1, confirmed: 1 });
    expect(await other.journal.get(id)).toMatchObject({ status: "CONFIRMED", exchangeTransferId: "1000" });
    expect(h.connector.calls).toHaveLength(1);
  });
});

describe("logs", () => {
  it("one line per outcome: a refusal is logged as refused, never as sent", async () => {
    const log: string[] = [];
    const h = setup({ log, connector: { behavior: (_r, n) => (n === 1 ? "reject" : n === 2 ? "confirm" : "timeout-lost") } });
    await expect(h.service.transfer(input({ idempotencyKey: "r" }))).rejects.toMatchObject({ code: ErrorCode.UPSTREAM_REJECTED });
    await h.service.transfer(input({ idempotencyKey: "c" }));
    await h.service.transfer(input({ idempotencyKey: "u" }));
    const id = async (key: string) => (await h.journal.findByKey(key))!.id;
    expect(outcomeLines(log, await id("r"))).toEqual([expect.objectContaining({ msg: "transfer refused", code: ErrorCode.UPSTREAM_REJECTED, status: "FAILED" })]);
    expect(outcomeLines(log, await id("c"))).toEqual([expect.objectContaining({ msg: "transfer confirmed", status: "CONFIRMED" })]);
    expect(outcomeLines(log, await id("u"))).toEqual([expect.objectContaining({ msg: "transfer outcome unknown; will reconcile", status: "UNKNOWN" })]);
    expect(log.some((l) => l.includes('"transfer sent"'))).toBe(false);
  });
});

/** An intent for a row made outside the service (another key, the usual input). */
function rowIntent(key: string) {
  const request = normalizeTransferRequest(input({ idempotencyKey: key }));
  return {
    id: `intent-${key}`,
    idempotencyKey: key,
    fingerprint: transferFingerprint(request),
    connectionId: request.connectionId,
    exchange: Exchange.BINANCE,
    asset: request.asset,
    amount: request.amount,
    from: request.from,
    to: request.to,
    subAccountEmail: null,
    createdAt: T0,
  };
}
