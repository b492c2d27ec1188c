import { describe, expect, it } from "@jest/globals";
import { Dec } from "../../../src/domain/decimal.js";
import { AccountType, Exchange, TransferSource, TransferStatus } from "../../../src/domain/enums.js";
import type { TransferRecord } from "../../../src/domain/transfer.js";
import { createInProcessEventBus, TRANSFER_EVENTS_CHANNEL, type EventBus } from "../../../src/fleet/eventBus.js";
import { createBusCofferEvents } from "../../../src/live/busCofferEvents.js";
import { createLogger } from "../../../src/observability/logger.js";

const record = (status: TransferStatus): TransferRecord => ({
  id: "t-9",
  connectionId: "c",
  exchange: Exchange.BINANCE,
  exchangeTransferId: status === TransferStatus.PENDING ? null : "42",
  asset: "BTC",
  amount: new Dec("0.00000001"),
  from: { type: AccountType.SPOT, symbol: null },
  to: { type: AccountType.FUNDING, symbol: null },
  subAccountEmail: null,
  status,
  createdAt: new Date("2026-01-02T03:04:05.006Z"),
  source: TransferSource.JOURNAL,
  idempotencyKey: null,
  failureReason: null,
});

const settle = () => new Promise((r) => setTimeout(r, 20));
const logger = createLogger({ level: "error", write: () => undefined });

describe("busCofferEvents", () => {
  it("delivers an event once on every instance sharing the bus, the publisher's own at once, and never republishes", async () => {
    // The in-process bus echoes every message to every subscriber, as Redis does.
    const bus = createInProcessEventBus();
    const published: string[] = [];
    await bus.subscribe(TRANSFER_EVENTS_CHANNEL, (m) => published.push(m));
    const a = await createBusCofferEvents({ bus, instanceId: "a", logger });
    const b = await createBusCofferEvents({ bus, instanceId: "b", logger });
    const got = { a: [] as TransferRecord[], b: [] as TransferRecord[] };
    a.onTransfer((r) => got.a.push(r));
    b.onTransfer((r) => got.b.push(r));
    a.publishTransfer(record(TransferStatus.PENDING));
    expect(got.a.map((r) => r.status)).toEqual(["PENDING"]);
    a.publishTransfer(record(TransferStatus.CONFIRMED));
    await settle();
    expect(got.a.map((r) => r.status)).toEqual(["PENDING", "CONFIRMED"]);
    expect(got.b.map((r) => r.status)).toEqual(["PENDING", "CONFIRMED"]);
    expect(got.b[1]!.amount.toFixed()).toBe("0.00000001");
    expect(got.b[1]!.createdAt).toEqual(new Date("2026-01-02T03:04:05.006Z"));
    // Two publishes on the bus, no more: b delivered but did not pass them on.
    expect(published).toHaveLength(2);
    await a.close();
    await b.close();
  });

  it("keeps local delivery when the bus refuses a publish, and drops an unreadable message", async () => {
    const inner = createInProcessEventBus();
    const failing: EventBus = { ...inner, publish: async () => Promise.reject(new Error("redis away")) };
    const a = await createBusCofferEvents({ bus: failing, instanceId: "a", logger });
    const got: TransferRecord[] = [];
    a.onTransfer((r) => got.push(r));
    a.publishTransfer(record(TransferStatus.PENDING));
    await inner.publish(TRANSFER_EVENTS_CHANNEL, "not an event");
    await settle();
    expect(got.map((r) => r.status)).toEqual(["PENDING"]);
    await a.close();
  });
});
