import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { Dec } from "../../../src/domain/decimal.js";
import { AccountType } from "../../../src/domain/enums.js";
import { ErrorCode } from "../../../src/domain/errors.js";
import { silentLogger } from "../../../src/observability/logger.js";
import { connectorRegistry } from "../../../src/transfers/connectorRegistry.js";
import type { TransferJournal } from "../../../src/transfers/journal.js";
import { openJournal } from "../../../src/transfers/openJournal.js";
import type { TransferRequest } from "../../../src/domain/transfer.js";
import { createTransferService, type TransferService } from "../../../src/transfers/transferService.js";
import { startTestPostgres, type TestPostgres } from "../../support/postgresServer.js";
import { createRecordingConnector, type RecordingConnector } from "../../support/recordingConnector.js";

/**
 * Idempotency keys are compared byte for byte the same way on every journal: a key no store can
 * keep as exact text is refused as bad input before anything is written, and keys a lossy
 * encoding, a locale or a Unicode normalization could merge stay distinct transfers. Run
 * through the TransferService on a real SQLite file and a real PostgreSQL server.
 */
const tmp = mkdtempSync(join(tmpdir(), "coffer-keys-"));
let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startTestPostgres();
}, 120_000);
afterAll(async () => {
  await postgres?.stop();
  rmSync(tmp, { recursive: true, force: true });
}, 60_000);

const JOURNALS: Array<[string, () => Promise<string>]> = [
  ["SQLite", async () => `sqlite:${join(tmp, `${Date.now()}-${Math.random()}.sqlite`)}`],
  ["PostgreSQL", () => postgres.createDatabase()],
];

const input = (key: string, amount = "1"): TransferRequest => ({
  connectionId: "test-conn",
  asset: "USDT",
  amount: new Dec(amount),
  from: { type: AccountType.SPOT, symbol: null },
  to: { type: AccountType.FUNDING, symbol: null },
  subAccountEmail: null,
  idempotencyKey: key,
});

const REFUSED: Array<[string, string, RegExp]> = [
  ["a lone high surrogate", "\ud800-x", /lone surrogate \(U\+D800\) at position 1/],
  ["another lone high surrogate", "\udbff-x", /lone surrogate \(U\+DBFF\) at position 1/],
  ["a lone low surrogate", "x-\udfff", /lone surrogate \(U\+DFFF\) at position 3/],
  ["NUL", "a\u0000b", /control character U\+0000 at position 2/],
  ["a tab", "a\tb", /control character U\+0009 at position 2/],
  ["ESC", "\u001b[31m", /control character U\+001B at position 1/],
  ["DEL", "key\u007f", /control character U\+007F at position 4/],
  ["a C1 control (NEL)", "a\u0085", /control character U\+0085 at position 2/],
  ["a control after an astral character", "🔑\u0000", /control character U\+0000 at position 2/],
];

/** Keys that must stay apart: U+FFFD is what a lossy encoder writes for a lone surrogate; NFC/NFD and case pairs. */
const DISTINCT = ["\ufffd-x", "é", "e\u0301", "Å", "A\u030a", "\u212b", "ß", "ss", "K", "k", "\u212a", "ﬁ", "fi", "x\u200b", "x"];

describe.each(JOURNALS)("idempotency keys on the %s journal", (_name, journalUrl) => {
  let journal: TransferJournal;
  let service: TransferService;
  let connector: RecordingConnector;
  beforeAll(async () => {
    journal = await openJournal(await journalUrl());
    connector = createRecordingConnector();
    service = createTransferService({
      journal,
      connectors: connectorRegistry([connector]),
      cache: { invalidate: () => undefined },
      logger: silentLogger,
      unknownRetryDelaysMs: [],
    });
  });
  afterAll(async () => {
    await service.stop();
    await journal.close();
  });

  it.each(REFUSED)("refuses a key with %s as BAD_USER_INPUT naming the problem; nothing written, nothing sent", async (_what, key, problem) => {
    const error = (await service.transfer(input(key)).catch((e: unknown) => e)) as { code: string; message: string; argumentName: string | null };
    expect(error).toMatchObject({ code: ErrorCode.BAD_USER_INPUT, argumentName: "idempotencyKey" });
    expect(error.message).toMatch(problem);
    expect(connector.calls).toHaveLength(0);
    expect(await journal.list({})).toEqual([]);
  });

  it("keeps keys that an encoder, a locale or a normalization could merge as distinct transfers", async () => {
    const results = [];
    for (const [n, key] of DISTINCT.entries()) results.push(await service.transfer(input(key, String(n + 1))));
    expect(results.every((r) => !r.replayed)).toBe(true);
    expect(new Set(results.map((r) => r.transfer.id)).size).toBe(DISTINCT.length);
    expect(connector.calls).toHaveLength(DISTINCT.length);
    // Each key replays its own transfer, and only with its own input.
    for (const [n, key] of DISTINCT.entries()) {
      expect(await service.transfer(input(key, String(n + 1)))).toMatchObject({ replayed: true, transfer: { id: results[n]!.transfer.id, idempotencyKey: key } });
      await expect(service.transfer(input(key, "999"))).rejects.toMatchObject({ code: ErrorCode.IDEMPOTENCY_CONFLICT });
    }
    expect(connector.calls).toHaveLength(DISTINCT.length);
    const stored = (await journal.list({})).map((e) => e.idempotencyKey).sort();
    expect(stored).toEqual([...DISTINCT].sort());
  });
});
