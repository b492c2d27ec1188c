import type { SimResponse } from "../../kit/simulator/simServer.js";
import { simErrors } from "./errors.js";

/** Budget families, as Binance counts them (its documented IP and UID limits per API family). */
export type SimFamily = "api" | "sapiIp" | "sapiUid" | "fapi" | "dapi" | "eapi" | "papi";

export interface BinanceSimLimits {
  readonly api: number;
  readonly sapiIp: number;
  readonly sapiUid: number;
  readonly fapi: number;
  readonly dapi: number;
  readonly eapi: number;
  readonly papi: number;
  /** Window length, ms (60000 like Binance; tests scale it down). */
  readonly intervalMs: number;
  /** How long a client that keeps calling after a 429 is banned (418), ms. */
  readonly banMs: number;
}

export const DEFAULT_SIM_LIMITS: BinanceSimLimits = {
  api: 6000,
  sapiIp: 12_000,
  sapiUid: 180_000,
  fapi: 2400,
  dapi: 2400,
  eapi: 400,
  papi: 6000,
  intervalMs: 60_000,
  banMs: 120_000,
};

interface Bucket {
  spent: Array<[number, number]>;
  used: number;
  /** Told to back off until then (429 Retry-After). */
  backoffUntil: number;
  /** Banned until then (418). */
  bannedUntil: number;
}

export function usedWeightHeaderName(family: SimFamily): string {
  if (family === "sapiIp") return "X-SAPI-USED-IP-WEIGHT-1M";
  if (family === "sapiUid") return "X-SAPI-USED-UID-WEIGHT-1M";
  return "X-MBX-USED-WEIGHT-1M";
}

/**
 * Counts request weight per budget in a sliding window: /api shares one bucket, every /sapi
 * endpoint has its own IP or UID bucket, each derivatives host one. Over budget → 429 with
 * Retry-After; calling again before Retry-After has passed → 418 (banned for `banMs`).
 */
export class SimWeights {
  private readonly buckets = new Map<string, Bucket>();
  private forced: number | null = null;
  /** 429 / 418 answers given, for tests. */
  readonly refusals: Array<{ at: number; status: 429 | 418; bucket: string }> = [];

  constructor(readonly limits: BinanceSimLimits) {}

  /** The next weighted call is answered 429 with this Retry-After, whatever its weight. */
  forceRateLimit(retryAfterSeconds: number): void {
    this.forced = retryAfterSeconds;
  }

  private bucket(key: string, now: number): Bucket {
    let b = this.buckets.get(key);
    if (!b) {
      b = { spent: [], used: 0, backoffUntil: 0, bannedUntil: 0 };
      this.buckets.set(key, b);
    }
    while (b.spent.length > 0 && b.spent[0][0] <= now - this.limits.intervalMs) {
      b.used -= b.spent[0][1];
      b.spent.shift();
    }
    return b;
  }

  /** Charges a call; answers the 429/418 to send instead of the call, or the header to add to its answer. */
  charge(family: SimFamily, key: string, weight: number, now: number): { refusal: SimResponse | null; header: Record<string, string> } {
    const b = this.bucket(key, now);
    const headerOf = () => ({ [usedWeightHeaderName(family)]: String(b.used) });
    const limit = this.limits[family];
    if (b.bannedUntil > now) {
      this.refusals.push({ at: now, status: 418, bucket: key });
      return { refusal: simErrors.banned(b.bannedUntil, Math.ceil((b.bannedUntil - now) / 1000), headerOf()), header: {} };
    }
    if (b.backoffUntil > now) {
      b.bannedUntil = now + this.limits.banMs;
      this.refusals.push({ at: now, status: 418, bucket: key });
      return { refusal: simErrors.banned(b.bannedUntil, Math.ceil(this.limits.banMs / 1000), headerOf()), header: {} };
    }
    if (this.forced !== null) {
      const seconds = this.forced;
      this.forced = null;
      b.backoffUntil = now + seconds * 1000;
      this.refusals.push({ at: now, status: 429, bucket: key });
      return { refusal: simErrors.tooManyRequests(limit, seconds, headerOf()), header: {} };
    }
    if (b.used + weight > limit) {
      // Seconds until enough weight has left the window for this call.
      let free = limit - b.used;
      let untilMs = now + this.limits.intervalMs;
      for (const [time, w] of b.spent) {
        free += w;
        if (free >= weight) {
          untilMs = time + this.limits.intervalMs;
          break;
        }
      }
      const seconds = Math.max(1, Math.ceil((untilMs - now) / 1000));
      b.backoffUntil = now + seconds * 1000;
      this.refusals.push({ at: now, status: 429, bucket: key });
      return { refusal: simErrors.tooManyRequests(limit, seconds, headerOf()), header: {} };
    }
    b.spent.push([now, weight]);
    b.used += weight;
    return { refusal: null, header: headerOf() };
  }
}
