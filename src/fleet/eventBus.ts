/** Told each message published on a channel it subscribed to. */
export type EventHandler = (message: string) => void;

/**
 * Publish/subscribe of text messages (JSON by convention) by channel name. The in-process bus
 * serves one instance; the Redis bus (redisEventBus) reaches every instance of a fleet. Whatever
 * publishes transfer events, circuits or invalidations talks to this interface only.
 */
export interface EventBus {
  publish(channel: string, message: string): Promise<void>;
  /** Resolves once subscribed; the returned function unsubscribes this handler. */
  subscribe(channel: string, handler: EventHandler): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** The channel transfer events travel on. */
export const TRANSFER_EVENTS_CHANNEL = "transfers";

/** Handlers by channel; a throwing handler never stops the others. */
export function createHandlerTable(onHandlerError: (channel: string, error: unknown) => void = () => undefined) {
  const table = new Map<string, Set<EventHandler>>();
  return {
    add(channel: string, handler: EventHandler): boolean {
      let handlers = table.get(channel);
      const first = !handlers;
      if (!handlers) table.set(channel, (handlers = new Set()));
      handlers.add(handler);
      return first;
    },
    /** True when the channel has no handler left. */
    remove(channel: string, handler: EventHandler): boolean {
      const handlers = table.get(channel);
      handlers?.delete(handler);
      if (handlers && handlers.size === 0) table.delete(channel);
      return !table.has(channel);
    },
    deliver(channel: string, message: string): void {
      for (const handler of [...(table.get(channel) ?? [])]) {
        try {
          handler(message);
        } catch (error) {
          onHandlerError(channel, error);
        }
      }
    },
    clear(): void {
      table.clear();
    },
  };
}

/** Every subscriber in this process gets every message published in this process. */
export function createInProcessEventBus(): EventBus {
  const handlers = createHandlerTable();
  return {
    async publish(channel, message) {
      // Delivered after the publisher's turn, like a message that crossed a network.
      queueMicrotask(() => handlers.deliver(channel, message));
    },
    async subscribe(channel, handler) {
      handlers.add(channel, handler);
      return async () => {
        handlers.remove(channel, handler);
      };
    },
    async close() {
      handlers.clear();
    },
  };
}
