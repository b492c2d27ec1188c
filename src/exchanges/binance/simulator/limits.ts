import type { SimResponse } from "../../kit/simulator/simServer.js";
import { createSimWindows } from "../../kit/simulator/simWindows.js";
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

/** A budget's refusal state: Binance's rate limiter remembers who it told to back off. */
interface Refusal {
  /** Told to back off until then (429 Retry-After). */
  backoffUntil: number;
  /** Banned until then (418). */
  bannedUntil: number;
}

/** The /sapi budgets: one per endpoint (IP or UID), refused with 429 only, never banned. */
export function isSapiFamily(family: SimFamily): boolean {
  return family === "sapiIp" || family === "sapiUid";
}

export function usedWeightHeaderName(family: SimFamily): string {
  if (family === "sapiIp") return "X-SAPI-USED-IP-WEIGHT-1M";
  if (family === "sapiUid") return "X-SAPI-USED-UID-WEIGHT-1M";
  return "X-MBX-USED-WEIGHT-1M";
}

/**
 * Counts request weight per budget in a sliding window: /api shares one bucket, every /sapi
 * endpoint has its own IP or UID bucket, each derivatives host one. Over budget → 429 with
 * Retry-After; calling again before Retry-After has passed → 418 (banned for `banMs`), except
 * on /sapi, where Binance always answers 429 (its IP-ban escalation does not apply there).
 */
export class SimWeights {
  private readonly windows = createSimWindows();
  private readonly refused = new Map<string, Refusal>();
  private forced: number | null = null;
  /** 429 / 418 answers given, for tests. */
  readonly refusals: Array<{ at: number; status: 429 | 418; bucket: string }> = [];

  constructor(readonly limits: BinanceSimLimits) {}

  /** The next weighted call is answered 429 with this Retry-After, whatever its weight. */
  forceRateLimit(retryAfterSeconds: number): void {
    this.forced = retryAfterSeconds;
  }

  /** Charges a call; answers the 429/418 to send instead of the call, or the header to add to its answer. */
  charge(family: SimFamily, key: string, weight: number, now: number): { refusal: SimResponse | null; header: Record<string, string> } {
    let r = this.refused.get(key);
    if (!r) this.refused.set(key, (r = { backoffUntil: 0, bannedUntil: 0 }));
    const limit = this.limits[family];
    const window = { limit, intervalMs: this.limits.intervalMs };
    const headerOf = (used: number) => ({ [usedWeightHeaderName(family)]: String(used) });
    const refuse = (status: 429 | 418, response: SimResponse) => {
      this.refusals.push({ at: now, status, bucket: key });
      return { refusal: response, header: {} };
    };
    if (r.bannedUntil > now || r.backoffUntil > now || this.forced !== null) {
      const used = this.windows.count(key, window, 0, now).used;
      if (r.bannedUntil > now) return refuse(418, simErrors.banned(r.bannedUntil, Math.ceil((r.bannedUntil - now) / 1000), headerOf(used)));
      if (r.backoffUntil > now && isSapiFamily(family)) {
        return refuse(429, simErrors.tooManyRequests(limit, Math.ceil((r.backoffUntil - now) / 1000), headerOf(used)));
      }
      if (r.backoffUntil > now) {
        r.bannedUntil = now + this.limits.banMs;
        return refuse(418, simErrors.banned(r.bannedUntil, Math.ceil(this.limits.banMs / 1000), headerOf(used)));
      }
      const seconds = this.forced!;
      this.forced = null;
      r.backoffUntil = now + seconds * 1000;
      return refuse(429, simErrors.tooManyRequests(limit, seconds, headerOf(used)));
    }
    const counted = this.windows.count(key, window, weight, now);
    if (!counted.allowed) {
      // Seconds until enough weight has left the window for this call.
      const seconds = Math.max(1, Math.ceil((counted.fitsAt - now) / 1000));
      r.backoffUntil = now + seconds * 1000;
      return refuse(429, simErrors.tooManyRequests(limit, seconds, headerOf(counted.used)));
    }
    return { refusal: null, header: headerOf(counted.used) };
  }
}
