/**
 * Turns for a budget too small to split among the instances (one transfer a second): time is
 * cut into turns of two windows, instance `slot` owns every fleetSize-th turn and a call of it
 * may leave only in the calling window that opens its turn, one window less `marginMs` long.
 * The calling windows of two slots are then at least a window plus the margin apart, so two
 * instances' calls never reach the exchange inside one window, even when one reaches it up to
 * the margin later after leaving than the other (a busy event loop, the network).
 * Returns 0 inside this instance's calling window, else the ms until it opens.
 */
export function turnDelay(at: number, intervalMs: number, fleetSize: number, slot: number, marginMs: number): number {
  const turn = 2 * intervalMs;
  const cycle = turn * fleetSize;
  const position = ((at % cycle) + cycle) % cycle;
  const start = slot * turn;
  if (position >= start && position < start + intervalMs - marginMs) return 0;
  return position < start ? start - position : cycle - position + start;
}

/** The margin between two slots' calling windows (ms), at most a quarter of the window. */
export const TURN_MARGIN_MS = 250;

export interface TurnGateOptions {
  /** The budget: at most `limit` weight per `intervalMs` for this instance's calls, in its calling window. */
  readonly limit: number;
  readonly intervalMs: number;
  readonly fleetSize: number;
  /** How long after this instance is back on Redis the others may still be away and calling in their turns (ms). */
  readonly returnSpreadMs: number;
}

/**
 * When a call of a budget used in turns may leave, across the switches between the shared
 * budget (Redis) and the turns. The rule, for the fleet as a whole:
 * - a call leaves on the shared budget only right after Redis confirmed its grant (the
 *   limiter's part), so every such call left before Redis went away;
 * - the first call in turns after this instance lost Redis leaves at least a window plus the
 *   margin after the loss: every call the shared budget let leave has reached the exchange and
 *   its window has passed by then, whichever instance sent it;
 * - in turns, a call leaves only inside this instance's calling window (see turnDelay), checked
 *   at the moment it leaves, not when it was granted (a journal write may sit in between), and
 *   at most `limit` weight leaves in one calling window;
 * - when Redis answers again the others may still be away and calling in their turns, until the
 *   reconnection spread has passed: that long (the grace) a call needs both its turn and a grant
 *   of the shared budget taken right before it leaves. The calls an instance made in turns are
 *   handed to Redis when it is back, so once the grace is over the shared budget alone knows
 *   every recent call of the fleet.
 */
export interface TurnGate {
  /** This instance learnt at `at` that Redis is away (or made the budget while it was). */
  lost(at: number): void;
  /** Redis answers this instance again since `at`. */
  back(at: number): void;
  /** Whether a call at `at`, with Redis answering, still keeps to the turns. */
  inGrace(at: number): boolean;
  /** Ms until a call of `weight` may be granted a turn at `at`: 0 when it may now. */
  delay(at: number, slot: number, weight: number): number;
  /** Grants a turn at `at` (delay() said 0): counts `weight` in this calling window and returns the window's id. */
  grant(at: number, weight: number): number;
  /** Whether a call granted in calling window `window` may still leave at `at`. */
  open(at: number, slot: number, window: number): boolean;
}

export function createTurnGate(options: TurnGateOptions): TurnGate {
  const { limit, intervalMs, fleetSize } = options;
  const marginMs = Math.min(TURN_MARGIN_MS, Math.floor(intervalMs / 4));
  // A slot has one calling window per cycle: the cycle's number names it.
  const cycle = 2 * intervalMs * fleetSize;
  const windowOf = (at: number) => Math.floor(at / cycle);
  let turnsFrom = 0;
  let graceUntil = 0;
  /** The weight granted in the latest calling window. */
  let used = { window: Number.NaN, weight: 0 };
  const inWindow = (at: number, slot: number) => at >= turnsFrom && turnDelay(at, intervalMs, fleetSize, slot, marginMs) === 0;
  return {
    lost(at) {
      turnsFrom = Math.max(turnsFrom, at + intervalMs + marginMs);
    },
    back(at) {
      graceUntil = Math.max(graceUntil, at + options.returnSpreadMs + marginMs);
    },
    inGrace(at) {
      return at < graceUntil;
    },
    delay(at, slot, weight) {
      if (at < turnsFrom) return turnsFrom - at;
      const delay = turnDelay(at, intervalMs, fleetSize, slot, marginMs);
      if (delay > 0) return delay;
      if (used.window !== windowOf(at) || used.weight + weight <= limit) return 0;
      // This calling window is spent: the next one.
      return turnDelay(at + intervalMs, intervalMs, fleetSize, slot, marginMs) + intervalMs;
    },
    grant(at, weight) {
      const window = windowOf(at);
      used = used.window === window ? { window, weight: used.weight + weight } : { window, weight };
      return window;
    },
    open(at, slot, window) {
      return inWindow(at, slot) && windowOf(at) === window;
    },
  };
}
