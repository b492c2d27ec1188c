import type { Logger } from "../observability/logger.js";
import { createHandlerTable, type EventBus } from "./eventBus.js";
import type { RedisLink } from "./redisLink.js";

const PREFIX = "coffer:events:";

/**
 * The fleet's event bus on Redis pub/sub: a message published by any instance reaches every
 * instance's subscribers (this one's included, through Redis). With Redis away a publish is
 * delivered to this instance's subscribers only, and says so in the log; subscriptions are
 * renewed by the link when Redis is back.
 */
export function createRedisEventBus(options: { link: RedisLink; logger: Logger }): EventBus {
  const { link, logger } = options;
  const handlers = createHandlerTable((channel, error) => logger.warn({ channel, error: (error as Error).message }, "event handler failed"));
  link.subscriber.on("message", (fullChannel: string, message: string) => {
    if (fullChannel.startsWith(PREFIX)) handlers.deliver(fullChannel.slice(PREFIX.length), message);
  });
  let warned = false;

  return {
    async publish(channel, message) {
      if (link.mode === "shared") {
        try {
          await link.client.publish(PREFIX + channel, message);
          warned = false;
          return;
        } catch {
          // fall through: local delivery
        }
      }
      if (!warned) logger.warn({ channel }, "redis unreachable: events reach this instance's subscribers only");
      warned = true;
      queueMicrotask(() => handlers.deliver(channel, message));
    },
    async subscribe(channel, handler) {
      if (handlers.add(channel, handler)) {
        // Queued until the subscriber connection is up; ioredis renews it after a reconnect.
        const subscribed = link.subscriber.subscribe(PREFIX + channel);
        if (link.mode === "shared") await subscribed;
        else subscribed.catch(() => undefined);
      }
      return async () => {
        if (handlers.remove(channel, handler)) await link.subscriber.unsubscribe(PREFIX + channel).catch(() => undefined);
      };
    },
    async close() {
      handlers.clear();
    },
  };
}
