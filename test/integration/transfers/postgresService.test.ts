import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { Dec } from "../../../src/domain/decimal.js";
import { AccountType, TransferStatus } from "../../../src/domain/enums.js";
import { ErrorCode } from "../../../src/domain/errors.js";
import { silentLogger } from "../../../src/observability/logger.js";
import { connectorRegistry } from "../../../src/transfers/connectorRegistry.js";
import type { TransferJournal } from "../../../src/transfers/journal.js";
import { openJournal } from "../../../src/transfers/openJournal.js";
import type { TransferRequest } from "../../../src/domain/transfer.js";
import { createTransferService, type TransferResult, type TransferService } from "../../../src/transfers/transferService.js";
import { startTestPostgres, type TestPostgres } from "../../support/postgresServer.js";
import { createRecordingConnector } from "../../support/recordingConnector.js";

/**
 * Several Coffer instances sharing one PostgreSQL journal (a real server, see
 * test/support/postgresServer.ts): the journal's unique key is the lock across instances.
 */
let postgres: TestPostgres;
const closers: Array<() => Promise<void>> = [];
beforeAll(async () => {
  postgres = await startTestPostgres();
}, 120_000);
afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await postgres?.stop();
}, 60_000);

const input = (over: Partial<TransferRequest> = {}): TransferRequest => ({
  connectionId: "test-conn",
  asset: "USDT",
  amount: new Dec("3"),
  from: { type: AccountType.SPOT, symbol: null },
  to: { type: AccountType.FUNDING, symbol: null },
  subAccountEmail: null,
  idempotencyKey: "pg-key",
  ...over,
});

describe("TransferService on a shared PostgreSQL journal", () => {
  it("50 concurrent calls spread over 3 instances: one POST; the others replay or say TRANSFER_IN_PROGRESS; restart replays", async () => {
    const url = await postgres.createDatabase();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const connector = createRecordingConnector({ hold: () => held });
    const instances: Array<{ service: TransferService; journal: TransferJournal }> = [];
    for (let i = 0; i < 3; i++) {
      const journal = await openJournal(url);
      const service = createTransferService({
        journal,
        connectors: connectorRegistry([connector]),
        cache: { invalidate: () => undefined },
        logger: silentLogger,
        unknownRetryDelaysMs: [],
      });
      instances.push({ service, journal });
      closers.push(async () => {
        await service.stop();
        await journal.close();
      });
    }
    const calls = Array.from({ length: 50 }, (_, i) =>
      instances[i % 3]!.service.transfer(input()).then(
        (r): TransferResult | string => r,
        (e: { code?: string }) => e.code ?? "?",
      ),
    );
    for (const deadline = Date.now() + 10_000; connector.calls.length === 0 && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 2));
    // Give the other instances time to meet the claimed key before the POST answers.
    await new Promise((r) => setTimeout(r, 200));
    release();
    const results = await Promise.all(calls);
    expect(connector.calls).toHaveLength(1);
    const answers = results.filter((r): r is TransferResult => typeof r !== "string");
    const refusals = results.filter((r): r is string => typeof r === "string");
    expect(new Set(refusals)).toEqual(refusals.length > 0 ? new Set([ErrorCode.TRANSFER_IN_PROGRESS]) : new Set());
    expect(answers.length).toBeGreaterThanOrEqual(16);
    for (const a of answers) expect(a.transfer).toEqual(answers[0]!.transfer);
    expect(answers.filter((a) => !a.replayed)).toHaveLength(1);

    // Now settled: every instance, and a fresh one, replays it; a different amount conflicts.
    for (const { service } of instances) {
      expect(await service.transfer(input())).toMatchObject({ replayed: true, transfer: { status: TransferStatus.CONFIRMED } });
      await expect(service.transfer(input({ amount: new Dec("4") }))).rejects.toMatchObject({ code: ErrorCode.IDEMPOTENCY_CONFLICT });
    }
    const journal = await openJournal(url);
    const fresh = createTransferService({ journal, connectors: connectorRegistry([connector]), cache: { invalidate: () => undefined }, logger: silentLogger });
    closers.push(async () => {
      await fresh.stop();
      await journal.close();
    });
    expect(await fresh.transfer(input())).toEqual({ transfer: answers[0]!.transfer, replayed: true });
    expect(connector.calls).toHaveLength(1);
  });
});
