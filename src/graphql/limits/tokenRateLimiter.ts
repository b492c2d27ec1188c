import { ErrorCode } from "../../domain/errors.js";
import { DEFAULT_TUNING } from "../../settings/tuning.js";
import { RequestRefusal } from "../plugins/errorMapping.js";

export interface TokenRateLimit {
  /** Requests a token may make per second, sustained. */
  readonly perSecond: number;
  /** Requests a token may make at once after being idle (the bucket's size). */
  readonly burst: number;
}

export const DEFAULT_TOKEN_RATE_LIMIT: TokenRateLimit = DEFAULT_TUNING.tokenRateLimit;

/** A client sent too many requests with one token: RATE_LIMITED, HTTP 429 with Retry-After. */
export class TokenRateLimitedError extends RequestRefusal {
  readonly retryAfterSeconds: number;
  constructor(tokenName: string, retryAfterSeconds: number) {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    super(ErrorCode.RATE_LIMITED, `Too many requests with the token "${tokenName}"; retry in ${seconds} s.`, { retryAfterSeconds: seconds });
    this.retryAfterSeconds = seconds;
  }
}

export interface TokenRateLimiter {
  /** Takes one request from the token's bucket or throws TokenRateLimitedError. */
  take(tokenName: string): void;
}

/**
 * One token bucket per configured token name (the names are a fixed, configured set, so the
 * map stays small). In-process; several instances would share it through Redis.
 */
export function createTokenRateLimiter(limit: TokenRateLimit = DEFAULT_TOKEN_RATE_LIMIT, now: () => number = Date.now): TokenRateLimiter {
  if (!(limit.perSecond > 0) || !(limit.burst >= 1)) throw new RangeError("token rate limit: perSecond must be > 0 and burst >= 1");
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(tokenName) {
      const at = now();
      const bucket = buckets.get(tokenName) ?? { tokens: limit.burst, at };
      bucket.tokens = Math.min(limit.burst, bucket.tokens + ((at - bucket.at) / 1000) * limit.perSecond);
      bucket.at = at;
      buckets.set(tokenName, bucket);
      if (bucket.tokens < 1) throw new TokenRateLimitedError(tokenName, (1 - bucket.tokens) / limit.perSecond);
      bucket.tokens -= 1;
    },
  };
}
