import { RateLimitedError } from "../../domain/errors.js";
import { RequestAbortedError } from "./httpClient.js";

/** One budget: at most `limit` weight in any `intervalMs` (a sliding window, like the exchanges count). */
export interface RateWindow {
  readonly limit: number;
  readonly intervalMs: number;
}

export interface AcquireOptions {
  /** Longest this caller will queue; past it the call fails with RATE_LIMITED. Default: wait as long as needed. */
  readonly maxWaitMs?: number;
  /** The caller's end: a queued call stops waiting (RequestAbortedError) and takes no budget. */
  readonly signal?: AbortSignal;
  /**
   * The caller awaits restamp() right before its request leaves: a limiter may then grant the
   * budget a little ahead of time (the journal write runs meanwhile) and hold the call there.
   */
  readonly awaitsRestamp?: boolean;
}

/**
 * A weight-aware limiter for one budget of one exchange connection. Calls queue in order
 * rather than exceed the budget; the exchange's own count (from response headers) can only
 * raise ours; a 429/418 blocks every call until Retry-After has passed.
 */
export interface RateLimiter {
  acquire(weight: number, options?: AcquireOptions): Promise<void>;
  /**
   * The exchange reports `used` weight in its window: never believe we have used less. It
   * counted when the call arrived, after `sentAt` (local ms, when known): our calls it may have
   * counted then are compared with it, so weight that has left our window since is not taken
   * for someone else's.
   */
  observeUsed(used: number, sentAt?: number): void;
  /** Stop every call until `untilMs` (epoch ms). */
  blockUntil(untilMs: number): void;
  readonly blockedUntil: number;
  /** Total time callers have spent waiting, in ms (for metrics and benchmarks). */
  readonly waitedMs: number;
  /**
   * Optional: a call that took budget earlier leaves only now (a transfer's journal write sat
   * in between): count its weight from now. A shared budget needs it, since that write's delay
   * differs from instance to instance; the in-process limiter has no need. After a take with
   * `awaitsRestamp` it may return a promise: the call leaves when it resolves.
   */
  restamp?(): void | Promise<void>;
  /**
   * Optional: a call of `weight` that took budget is over (answered, failed, or never sent). A
   * limiter that counts weight from the answer needs it once per take, or that weight stays
   * counted.
   */
  answered?(weight: number): void;
}

export interface RateLimiterOptions {
  readonly window: RateWindow;
  readonly connectionId: string;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * Count a call's weight from its answer (answered()) instead of from the take. The exchange
   * counted the call when it arrived, between the two, so a window counted from the answer never
   * ends before the exchange's, however late a loaded process makes the call leave or arrive:
   * no window slack is needed for latency. Every take must then be followed by one answered().
   */
  readonly countFromAnswer?: boolean;
}

/** What a limiter is for: its window, and the names that let several processes share it. */
export interface LimiterSpec {
  readonly window: RateWindow;
  readonly connectionId: string;
  /** The budget's name within the connection (e.g. "api", "sapiUid POST /sapi/v1/asset/transfer", "transfer"). */
  readonly budget: string;
  /** Limiters with the same scope are blocked together by a 429/418 (a whole connection, or one budget). */
  readonly blockScope: string;
}

/** Makes the limiters of a connection: in-process (one instance owns the budget) or shared by a fleet (Redis). */
export type RateLimiterFactory = (spec: LimiterSpec) => RateLimiter;

/**
 * Every budget counted in this process only: right when one instance is the only caller. A
 * call's weight counts from its answer (the signed client reports every answer); a one-call
 * window (1 transfer a second) is paced by the client from the reset the exchange announces
 * instead, and counting from the answer would add a round trip to every call.
 */
export function inProcessLimiters(options: { now?: () => number; sleep?: (ms: number) => Promise<void> } = {}): RateLimiterFactory {
  return (spec) => createRateLimiter({ window: spec.window, connectionId: spec.connectionId, now: options.now, sleep: options.sleep, countFromAnswer: spec.window.limit > 1 });
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits `ms`, cut short (timer cleared) when `signal` fires. */
function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { limit, intervalMs } = options.window;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  /** An injected sleep (tests) is awaited as is; the real one is cut short by the caller's signal. */
  const wait = (ms: number, signal: AbortSignal | undefined) => (signal && !options.sleep ? abortableSleep(ms, signal) : sleep(ms));
  const fromAnswer = options.countFromAnswer === true;
  /** Weight spent in the window, as [time it counts from, weight] in time order. */
  const spent: Array<[number, number]> = [];
  let spentTotal = 0;
  /** What left the window during the last window: a used weight the exchange reports late may still hold it (see observeUsed). */
  const left: Array<[number, number]> = [];
  /** Counting from the answer: weights of calls taken and not answered yet (they count until then, and a window after). */
  const out: number[] = [];
  let outTotal = 0;
  /** Weight the exchange says was used that our log does not account for. */
  let unseen = 0;
  let unseenAt = 0;
  let blockedUntil = 0;
  let waitedMs = 0;
  let queue: Promise<void> = Promise.resolve();

  function prune(at: number): void {
    while (spent.length > 0 && spent[0][0] <= at - intervalMs) {
      spentTotal -= spent[0][1];
      left.push(spent.shift()!);
    }
    while (left.length > 0 && left[0][0] <= at - 2 * intervalMs) left.shift();
    if (unseen > 0 && unseenAt <= at - intervalMs) unseen = 0;
  }

  /** Ms until `weight` fits into the window, 0 when it fits now. */
  function delayFor(weight: number, at: number): number {
    if (blockedUntil > at) return blockedUntil - at;
    prune(at);
    if (spentTotal + outTotal + unseen + weight <= limit) return 0;
    // Wait until enough old weight leaves the window.
    let free = limit - unseen - spentTotal - outTotal;
    for (const [time, w] of spent) {
      free += w;
      if (free >= weight) return Math.max(1, time + intervalMs - at);
    }
    // Not even then: the unseen weight must leave, or calls still out, which leave a window
    // after their answer (a window from now at the earliest); look again then.
    const unseenLeaves = (unseen > 0 ? unseenAt : at) + intervalMs - at;
    return Math.max(1, outTotal > 0 ? Math.min(unseenLeaves, intervalMs) : unseenLeaves);
  }

  async function take(weight: number, opts: AcquireOptions): Promise<void> {
    if (weight > limit) throw new RangeError(`A call of weight ${weight} can never fit a budget of ${limit}`);
    const started = now();
    for (;;) {
      if (opts.signal?.aborted) throw new RequestAbortedError(`${options.connectionId}: waiting for rate budget`);
      const at = now();
      const delay = delayFor(weight, at);
      if (delay === 0) {
        if (fromAnswer) {
          out.push(weight);
          outTotal += weight;
        } else {
          spent.push([at, weight]);
          spentTotal += weight;
        }
        waitedMs += at - started;
        return;
      }
      if (opts.maxWaitMs !== undefined && at - started + delay > opts.maxWaitMs) {
        throw new RateLimitedError(`The exchange's rate budget is spent; retry in ${Math.ceil(delay / 1000)} s.`, options.connectionId, delay / 1000);
      }
      await wait(delay, opts.signal);
    }
  }

  return {
    acquire(weight: number, opts: AcquireOptions = {}): Promise<void> {
      // Serialize so calls leave in the order they asked (no starvation of heavy calls).
      const turn = queue.then(() => take(weight, opts));
      queue = turn.catch(() => undefined);
      return turn;
    },
    observeUsed(used: number, sentAt?: number): void {
      const at = now();
      prune(at);
      // Ours the exchange may have counted at the call's arrival (after sentAt): every call still
      // out, every one in our window, and those that left it since a window before sentAt.
      const since = (sentAt ?? at) - intervalMs;
      let ours = spentTotal + outTotal;
      for (let i = left.length - 1; i >= 0 && left[i][0] > since; i--) ours += left[i][1];
      const extra = used - ours;
      if (extra > unseen) {
        unseen = extra;
        unseenAt = at;
      }
    },
    answered(weight: number): void {
      if (!fromAnswer) return;
      // Calls of one weight are alike: which of them came back does not change the count.
      const i = out.indexOf(weight);
      if (i === -1) return;
      out.splice(i, 1);
      outTotal -= weight;
      spent.push([now(), weight]);
      spentTotal += weight;
    },
    blockUntil(untilMs: number): void {
      blockedUntil = Math.max(blockedUntil, untilMs);
    },
    get blockedUntil() {
      return blockedUntil;
    },
    get waitedMs() {
      return waitedMs;
    },
  };
}
