import { describe, expect, it } from "@jest/globals";
import { SANDBOX_TOKEN } from "../../../src/server/sandbox.js";
import { createLogger } from "../../../src/observability/logger.js";
import { readSettings } from "../../../src/settings/readSettings.js";
import { startCoffer, type StartedCoffer } from "../../../src/server/start.js";
import { DashboardDocument, TransferDocument, TransfersDocument } from "../../generated/graphql.js";
import { postGraphql } from "../../support/postGraphql.js";

/** The settings `npm start` reads with no COFFER_CONFIG, on a free port. */
const SANDBOX_ENV = { COFFER_PORT: "0", LOG_LEVEL: "silent" };
const logger = createLogger({ level: "silent" });

async function spotUsdt(url: string): Promise<string> {
  const result = await postGraphql(url, DashboardDocument, { filter: { exchanges: ["BINANCE"], types: ["SPOT"] } }, SANDBOX_TOKEN);
  expect(result.errors).toBeUndefined();
  return result.data!.accounts[0]!.balances.find((b) => b.asset === "USDT")!.total;
}

async function journaled(url: string): Promise<Array<{ id: string; idempotencyKey: string | null }>> {
  const result = await postGraphql(url, TransfersDocument, { first: 100 }, SANDBOX_TOKEN);
  expect(result.errors).toBeUndefined();
  return result.data!.transfers.edges.map((e) => e.node).filter((n) => n.source === "JOURNAL");
}

describe("the sandbox after a restart", () => {
  it("starts fresh: the second start shows no transfer of the first, and the demo balances again", async () => {
    let first: StartedCoffer | null = await startCoffer(readSettings(SANDBOX_ENV), logger);
    let second: StartedCoffer | null = null;
    try {
      const demoBalance = await spotUsdt(first.coffer.url);
      const moved = await postGraphql(
        first.coffer.url,
        TransferDocument,
        { input: { connectionId: "binance-sandbox", asset: "USDT", amount: "7.25", from: { type: "SPOT" }, to: { type: "FUNDING" }, idempotencyKey: "before-restart" } },
        SANDBOX_TOKEN,
      );
      expect(moved.data?.transfer.transfer.status).toBe("CONFIRMED");
      expect((await journaled(first.coffer.url)).map((n) => n.idempotencyKey)).toEqual(["before-restart"]);
      expect(await spotUsdt(first.coffer.url)).not.toBe(demoBalance);
      await first.close();
      first = null;

      second = await startCoffer(readSettings(SANDBOX_ENV), logger);
      expect(second.banner).toContain("Every start is fresh");
      expect(await journaled(second.coffer.url)).toEqual([]);
      expect(await spotUsdt(second.coffer.url)).toBe(demoBalance);
      // The same key is a new transfer here, not a replay of the first start's.
      const again = await postGraphql(
        second.coffer.url,
        TransferDocument,
        { input: { connectionId: "binance-sandbox", asset: "USDT", amount: "7.25", from: { type: "SPOT" }, to: { type: "FUNDING" }, idempotencyKey: "before-restart" } },
        SANDBOX_TOKEN,
      );
      expect(again.data?.transfer).toMatchObject({ replayed: false, transfer: { status: "CONFIRMED" } });
      expect(again.data!.transfer.transfer.id).not.toBe(moved.data!.transfer.transfer.id);
    } finally {
      await first?.close();
      await second?.close();
    }
  });
});
