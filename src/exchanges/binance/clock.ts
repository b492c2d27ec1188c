/**
 * Keeps the offset between the local clock and Binance's, so signed requests carry a
 * timestamp inside recvWindow even when the machine's clock is minutes off. The offset is
 * learned from GET /api/v3/time (one call at a time, shared by every waiting request) and
 * refreshed when older than `refreshMs`.
 */
export interface BinanceClock {
  /** Binance time now, as best known (epoch ms); learns the offset first if needed. */
  serverNow(): Promise<number>;
  /** Forget the offset and learn it again (after a -1021). */
  resync(): Promise<void>;
  readonly offsetMs: number | null;
}

export interface BinanceClockOptions {
  readonly now: () => number;
  readonly fetchServerTime: () => Promise<number>;
  readonly refreshMs: number;
}

export function createBinanceClock(options: BinanceClockOptions): BinanceClock {
  let offset: number | null = null;
  let learnedAt = 0;
  let inFlight: Promise<void> | null = null;

  function sync(): Promise<void> {
    if (!inFlight) {
      inFlight = (async () => {
        const sentAt = options.now();
        const serverTime = await options.fetchServerTime();
        const receivedAt = options.now();
        // The server read its clock somewhere between send and receipt: assume the middle.
        offset = serverTime - Math.round((sentAt + receivedAt) / 2);
        learnedAt = receivedAt;
      })().finally(() => {
        inFlight = null;
      });
    }
    return inFlight;
  }

  return {
    async serverNow(): Promise<number> {
      if (offset === null || options.now() - learnedAt > options.refreshMs) await sync();
      return options.now() + (offset ?? 0);
    },
    resync: sync,
    get offsetMs() {
      return offset;
    },
  };
}
