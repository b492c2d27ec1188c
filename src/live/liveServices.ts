import type { CofferEvents } from "./cofferEvents.js";
import type { LiveAccounts } from "./liveAccounts.js";
import { DEFAULT_TUNING } from "../settings/tuning.js";

/** Close codes a subscriber's socket can end with (besides graphql-ws's own). */
export const LIVE_CLOSE = {
  /** No token, or an unknown one, in connection_init. */
  UNAUTHENTICATED: 4401,
  /** The token lacks the read scope. */
  FORBIDDEN: 4403,
  /**
   * The client fell too far behind (its queue of unsent updates reached the limit). Not one of
   * graphql-ws's own codes (4400-4409, 4429, 4500, 4504), so a client can tell it apart.
   */
  TOO_SLOW: 4413,
} as const;

export interface LiveLimits {
  /** Updates queued for one subscription before its socket is closed TOO_SLOW (default 1000). */
  readonly queuePerSubscription: number;
  /** Subscriptions open at once on one socket (default 20); one more is refused with RATE_LIMITED. */
  readonly subscriptionsPerSocket: number;
  /** Subscriptions open at once for one token, over all its sockets (default 200); one more is refused with RATE_LIMITED. */
  readonly subscriptionsPerToken: number;
}

export const DEFAULT_LIVE_LIMITS: LiveLimits = DEFAULT_TUNING.liveLimits;

/** What subscriptions run on: the shared account states and the event hub. */
export interface LiveServices {
  readonly accounts: LiveAccounts;
  readonly events: CofferEvents;
  readonly limits: LiveLimits;
}

/** The client socket a subscription runs on (so a slow subscription can close it). */
export interface LiveSocket {
  close(code: number, reason: string): void;
}
