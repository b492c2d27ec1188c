import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "@jest/globals";
import { Dec } from "../../../src/domain/decimal.js";
import { AccountType, Exchange, TransferStatus } from "../../../src/domain/enums.js";
import { silentLogger } from "../../../src/observability/logger.js";
import { transferFingerprint } from "../../../src/transfers/fingerprint.js";
import { openTransferApi } from "../../../src/transfers/openTransferApi.js";
import { createSqliteJournal } from "../../../src/transfers/sqliteJournal.js";
import { createRecordingConnector } from "../../support/recordingConnector.js";

const tmp = mkdtempSync(join(tmpdir(), "coffer-open-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("openTransferApi", () => {
  it("opens the configured SQLite journal and settles what a crashed run left as intent, before answering", async () => {
    const path = join(tmp, "data", "coffer.sqlite");
    const connector = createRecordingConnector();
    const request = {
      connectionId: "test-conn",
      asset: "USDT",
      amount: new Dec("4.2"),
      from: { type: AccountType.SPOT, symbol: null },
      to: { type: AccountType.FUNDING, symbol: null },
      subAccountEmail: null,
      idempotencyKey: "crash",
    };
    // The crashed run: intent journaled, POST made (the exchange has it), outcome never written.
    const crashed = createSqliteJournal(path);
    const createdAt = Date.now() - 1_000;
    await crashed.begin({ id: "crashed-1", fingerprint: transferFingerprint(request), exchange: Exchange.BINANCE, createdAt, ...request });
    await crashed.close();
    connector.seed({ asset: "USDT", amount: new Dec("4.20"), createdAt: createdAt + 300 });

    const invalidated: string[] = [];
    const opened = await openTransferApi({
      journal: `sqlite:${path}`,
      connectors: [connector],
      cache: { invalidate: (id) => invalidated.push(id) },
      logger: silentLogger,
      reconcileIntervalMs: 0,
    });
    try {
      expect(await opened.api.get("crashed-1")).toMatchObject({ status: TransferStatus.CONFIRMED, exchangeTransferId: connector.ledger[0]!.exchangeTransferId });
      const replay = await opened.api.transfer({ ...request, amount: new Dec("4.2"), idempotencyKey: "crash" });
      expect(replay).toMatchObject({ replayed: true, transfer: { id: "crashed-1", status: TransferStatus.CONFIRMED } });
      expect(connector.calls).toHaveLength(0);
      expect(invalidated).toEqual(["test-conn"]);
    } finally {
      await opened.close();
    }
  });
});
