import type { AccountKey } from "../domain/accountKey.js";
import type { AccountType } from "../domain/enums.js";
import type { Logger } from "../observability/logger.js";
import type { LiveAccounts, StreamSupervisor } from "./liveAccounts.js";
import { createReconnectingStream, type ReconnectingStream, type StreamSession } from "./reconnectingStream.js";

/** One wallet family's stream on one connection (spot, USDT-margined contracts, ...). */
export interface AccountStreamFamily {
  readonly connectionId: string;
  /** e.g. "spot", "usdm"; used in logs. */
  readonly family: string;
  /** The account types whose changes it carries (resynced after a reconnect). */
  readonly types: readonly AccountType[];
  covers(key: AccountKey): boolean;
  createSession(): StreamSession;
}

export interface StreamSupervisorOptions {
  readonly families: readonly AccountStreamFamily[];
  readonly live: Pick<LiveAccounts, "applyStream" | "resync">;
  readonly logger: Logger;
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
}

/**
 * Holds ONE upstream stream per connection and wallet family, started with the first watched
 * account it covers and stopped after the last. Each time a stream becomes active (first time
 * and after a reconnect) the accounts it covers are re-read, so a change made while it was
 * down or before it subscribed is not lost (sent as POLL when it changed anything).
 */
export function createStreamSupervisor(options: StreamSupervisorOptions): StreamSupervisor & { readonly streams: ReadonlyMap<AccountStreamFamily, ReconnectingStream> } {
  const streams = new Map<AccountStreamFamily, ReconnectingStream>();
  const users = new Map<AccountStreamFamily, number>();
  const familyOf = (key: AccountKey) => options.families.find((f) => f.connectionId === key.connectionId && f.covers(key));

  function streamOf(family: AccountStreamFamily): ReconnectingStream {
    let stream = streams.get(family);
    if (!stream) {
      stream = createReconnectingStream({
        name: { connectionId: family.connectionId, family: family.family },
        logger: options.logger,
        createSession: () => family.createSession(),
        onChanges: (changes) => changes.forEach((c) => options.live.applyStream(c)),
        onLive: () => options.live.resync(family.connectionId, family.types),
        onDown: () => undefined,
        ...(options.backoff ? { backoff: options.backoff } : {}),
      });
      streams.set(family, stream);
    }
    return stream;
  }

  return {
    streams,
    acquire(key) {
      const family = familyOf(key);
      if (!family) return null;
      const count = (users.get(family) ?? 0) + 1;
      users.set(family, count);
      if (count === 1) streamOf(family).start();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (users.get(family) ?? 1) - 1;
        users.set(family, left);
        if (left === 0) streams.get(family)?.stop();
      };
    },
    isLive(key) {
      const family = familyOf(key);
      return family ? (streams.get(family)?.live ?? false) : false;
    },
    async stop() {
      for (const stream of streams.values()) stream.stop();
    },
  };
}
