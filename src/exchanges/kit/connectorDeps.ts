import type { SnapshotCache } from "../../cache/snapshotCache.js";
import type { Logger } from "../../observability/logger.js";
import type { RateLimiterFactory } from "./rateLimiter.js";
import type { UpstreamGuard } from "./upstreamGuard.js";

/** What a connector factory is given besides its connection's config. */
export interface ConnectorDeps {
  /** Shares identical upstream reads across requests; keys are per connection. */
  readonly cache: SnapshotCache;
  readonly logger: Logger;
  /** Local clock (epoch ms); tests skew it. */
  readonly now?: () => number;
  /** Circuit breaker, metrics, health and read retries around every upstream call (Coffer sets it; connector tests may not). */
  readonly upstream?: UpstreamGuard;
  /** How long an exchange's asset list is reused (default DEFAULT_ASSET_LIST_TTL_MS: hours; listings change rarely). */
  readonly assetListTtlMs?: number;
  /** Makes the connection's rate limiters (default: in-process; a fleet shares them through Redis). */
  readonly limiters?: RateLimiterFactory;
}

/** Six hours: an exchange lists a new coin or delists one a few times a month. */
export const DEFAULT_ASSET_LIST_TTL_MS = 6 * 60 * 60_000;
