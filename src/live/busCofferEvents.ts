import { TransferSource } from "../domain/enums.js";
import { TRANSFER_EVENTS_CHANNEL, type EventBus } from "../fleet/eventBus.js";
import type { Logger } from "../observability/logger.js";
import { createInProcessCofferEvents, type CofferEvents } from "./cofferEvents.js";
import { decodeTransferEvent, encodeTransferEvent } from "./transferEventCodec.js";

export interface BusCofferEventsOptions {
  readonly bus: EventBus;
  /** This instance's name in the fleet: its own events coming back through the bus are dropped. */
  readonly instanceId: string;
  readonly logger: Logger;
}

/**
 * The event hub of a fleet instance. A transfer event is delivered to this instance's listeners
 * at once (as in-process, whatever the bus does) and published on the fleet's bus; an event
 * from another instance is delivered here once and never published again, so nothing loops.
 * This instance's own events coming back (through Redis, or the bus's local fallback while
 * Redis is away) are dropped. Account changes stay in the process: every instance re-reads
 * the accounts its own subscribers watch when it hears of a transfer. Transfers seen only in
 * an exchange's history stay in the process too: each instance watches that history itself.
 */
export async function createBusCofferEvents(options: BusCofferEventsOptions): Promise<CofferEvents & { close(): Promise<void> }> {
  const { bus, instanceId, logger } = options;
  const local = createInProcessCofferEvents();
  const unsubscribe = await bus.subscribe(TRANSFER_EVENTS_CHANNEL, (message) => {
    let event;
    try {
      event = decodeTransferEvent(message);
    } catch (error) {
      logger.warn({ channel: TRANSFER_EVENTS_CHANNEL, err: (error as Error).message }, "transfer event dropped: unreadable");
      return;
    }
    if (event.origin === instanceId) return;
    local.publishTransfer(event.record);
  });
  return {
    publishTransfer(record) {
      local.publishTransfer(record);
      // A transfer seen in an exchange's history: every instance with subscribers reads that history itself.
      if (record.source === TransferSource.EXCHANGE) return;
      bus.publish(TRANSFER_EVENTS_CHANNEL, encodeTransferEvent({ origin: instanceId, record })).catch((error: unknown) => {
        logger.warn({ channel: TRANSFER_EVENTS_CHANNEL, err: (error as Error).message }, "transfer event not shared with the fleet");
      });
    },
    onTransfer: (listener) => local.onTransfer(listener),
    publishAccountChange: (change) => local.publishAccountChange(change),
    onAccountChange: (listener) => local.onAccountChange(listener),
    close: () => unsubscribe(),
  };
}
