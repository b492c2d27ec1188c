/**
 * The offset between the local clock and an exchange's, so signed requests carry a timestamp
 * the exchange accepts even when the machine's clock is minutes off. The offset is learned from
 * the exchange's time endpoint (one request at a time, shared by every waiting caller) and
 * learned again when older than `refreshMs` or after the exchange refused a timestamp.
 */
export interface ServerClock {
  /** The exchange's time now, as best known (epoch ms); learns the offset first if unknown or stale. */
  serverNow(): Promise<number>;
  /** Forget the offset and learn it again (the exchange refused a timestamp). */
  resync(): Promise<void>;
  /** The exchange's time now by the last known offset (the local clock before one is known); no request. */
  estimate(): number;
  /** Ms the exchange's clock is ahead of ours; null until learned. */
  readonly offsetMs: number | null;
}

export interface ServerClockOptions {
  readonly now: () => number;
  /**
   * Reads the exchange's time (epoch ms). Null: the time could not be read and the exchange
   * tolerates the local clock; the caller goes on with the offset it has (none: the local
   * clock) until the next refresh. A rejection fails the caller.
   */
  readonly fetchServerTime: () => Promise<number | null>;
  readonly refreshMs: number;
}

/** Ten minutes: machine clocks drift by milliseconds a day; a stale offset costs one resync at worst. */
export const DEFAULT_CLOCK_REFRESH_MS = 10 * 60_000;

/** A clock that never asks the exchange: for connections told not to learn the offset. */
export function localServerClock(now: () => number): ServerClock {
  return { serverNow: async () => now(), resync: async () => undefined, estimate: now, offsetMs: null };
}

export function createServerClock(options: ServerClockOptions): ServerClock {
  let offset: number | null = null;
  let learnedAt: number | null = null;
  let inFlight: Promise<void> | null = null;

  function sync(): Promise<void> {
    if (!inFlight) {
      inFlight = (async () => {
        const sentAt = options.now();
        const serverTime = await options.fetchServerTime();
        const receivedAt = options.now();
        // The server read its clock somewhere between send and receipt: assume the middle.
        if (serverTime !== null) offset = serverTime - Math.round((sentAt + receivedAt) / 2);
        learnedAt = receivedAt;
      })().finally(() => {
        inFlight = null;
      });
    }
    return inFlight;
  }

  const estimate = () => options.now() + (offset ?? 0);
  return {
    async serverNow(): Promise<number> {
      if (learnedAt === null || options.now() - learnedAt > options.refreshMs) await sync();
      return estimate();
    },
    resync: sync,
    estimate,
    get offsetMs() {
      return offset;
    },
  };
}
