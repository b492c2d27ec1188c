import { UpstreamUnavailableError } from "../../domain/errors.js";

export interface ReadRetryOptions {
  /** Further attempts after the first (default 2). */
  readonly retries?: number;
  /** First backoff, ms (default 100); doubles each attempt. */
  readonly baseDelayMs?: number;
  /** Largest backoff, ms (default 2000). */
  readonly maxDelayMs?: number;
  /**
   * No new attempt once this long has passed since the first one started (default 4000 ms):
   * a read that already waited out a timeout fails rather than doubling the client's wait.
   */
  readonly budgetMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** 0 ≤ x < 1; Math.random by default (tests pin it). */
  readonly random?: () => number;
}

export interface RetryHooks {
  /** False stops retrying at once (e.g. the circuit just opened). */
  readonly mayRetry?: () => boolean;
  readonly onRetry?: (attempt: number, delayMs: number, error: unknown) => void;
}

/** Backoff before attempt `attempt` (1-based retry count): "full jitter", uniform in [0, min(max, base·2^(n-1))], at least 1 ms. */
export function backoffDelay(attempt: number, options: ReadRetryOptions = {}, random: () => number = Math.random): number {
  const base = options.baseDelayMs ?? 100;
  const max = options.maxDelayMs ?? 2000;
  const ceiling = Math.min(max, base * 2 ** (attempt - 1));
  return Math.max(1, Math.round(ceiling * random()));
}

/** Only "the exchange could not be reached or answered badly" is worth another try; refusals and rate limits are not. */
export function isRetryableRead(error: unknown): boolean {
  return error instanceof UpstreamUnavailableError;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs a read, and on a retryable failure runs it again after a jittered exponential backoff,
 * within an attempt count and a time budget. Never use it for anything that moves money.
 */
export async function retryRead<T>(attempt: () => Promise<T>, options: ReadRetryOptions = {}, hooks: RetryHooks = {}): Promise<T> {
  const retries = options.retries ?? 2;
  const budgetMs = options.budgetMs ?? 4000;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const started = now();
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (n >= retries || !isRetryableRead(error) || (hooks.mayRetry && !hooks.mayRetry())) throw error;
      const delay = backoffDelay(n + 1, options, random);
      if (now() - started + delay > budgetMs) throw error;
      hooks.onRetry?.(n + 1, delay, error);
      await sleep(delay);
    }
  }
}
