import { RateLimitedError } from "../domain/errors.js";
import type { Logger } from "../observability/logger.js";
import { createRateLimiter, type AcquireOptions, type LimiterSpec, type RateLimiter, type RateLimiterFactory, type RateWindow } from "../exchanges/kit/rateLimiter.js";
import { RECONNECT_SPREAD_MS, type RedisLink } from "./redisLink.js";
import { createTurnGate } from "./turnGate.js";

/**
 * Takes weight from a sliding window kept in Redis, atomically, on Redis's clock.
 * KEYS: log (zset of "id:weight" scored by time), sum, unseen (exchange-reported weight we did not count), block.
 * ARGV: weight, limit, intervalMs, member id, force (1 = count it whatever the budget says),
 * aheadMs (grant a take whose budget frees within that long, counted from when it frees).
 * Returns {delayMs, sumAfter, holdMs}: delay 0 means taken, and the call may leave in holdMs.
 */
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local weight = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local interval = tonumber(ARGV[3])
local force = ARGV[5] == '1'
local ahead = tonumber(ARGV[6] or '0')
local blocked = tonumber(redis.call('GET', KEYS[4]) or '0')
if blocked > now + ahead and not force then return {blocked - now - ahead, 0, 0} end
local sum = tonumber(redis.call('GET', KEYS[2]) or '0')
local old = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - interval)
if #old > 0 then
  for _, m in ipairs(old) do sum = sum - tonumber(string.match(m, ':(%d+)$')) end
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - interval)
end
if sum < 0 or redis.call('EXISTS', KEYS[1]) == 0 then sum = 0 end
local unseen = tonumber(redis.call('GET', KEYS[3]) or '0')
local startAt = now
if not force and sum + unseen + weight > limit then
  startAt = nil
  local free = limit - unseen - sum
  local entries = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
  for i = 1, #entries, 2 do
    free = free + tonumber(string.match(entries[i], ':(%d+)$'))
    if free >= weight then
      startAt = tonumber(entries[i + 1]) + interval
      break
    end
  end
  if startAt == nil then
    local ttl = redis.call('PTTL', KEYS[3])
    if ttl < 1 then ttl = 1 end
    startAt = now + ttl
  end
end
if not force and blocked > startAt then startAt = blocked end
if force or startAt <= now + ahead then
  redis.call('ZADD', KEYS[1], startAt, ARGV[4] .. ':' .. weight)
  sum = sum + weight
  redis.call('SET', KEYS[2], sum, 'PX', interval * 2)
  redis.call('PEXPIRE', KEYS[1], interval * 2)
  return {0, sum, startAt - now}
end
redis.call('SET', KEYS[2], sum, 'PX', interval * 2)
return {math.max(1, startAt - now - ahead), sum, 0}
`;

/**
 * A taken entry's weight counts from now (the call leaves only now). KEYS: log. ARGV: member.
 * Returns 1, or 0 when the entry is no longer counted (pruned, or Redis restarted empty).
 */
const RESTAMP = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now, ARGV[1])
return 1
`;

/**
 * A call's answer came back with the weight the exchange says is used. The exchange counted the
 * call before now, so the entry's weight counts from now: never earlier than the exchange's own
 * count, whatever the delay between taking the budget and the arrival (an entry already pruned,
 * its call slower than a window, is counted again). Used weight our log lacks is remembered as
 * unseen for one window.
 * KEYS: log, sum, unseen. ARGV: used, intervalMs, member ("id:weight", or "" for none).
 */
const ANSWERED = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[2])
local sum = tonumber(redis.call('GET', KEYS[2]) or '0')
local member = ARGV[3]
if member ~= '' then
  local known = redis.call('ZSCORE', KEYS[1], member)
  redis.call('ZADD', KEYS[1], now, member)
  if not known then
    sum = sum + tonumber(string.match(member, ':(%d+)$'))
    redis.call('SET', KEYS[2], sum, 'PX', interval * 2)
  end
  redis.call('PEXPIRE', KEYS[1], interval * 2)
end
local used = tonumber(ARGV[1])
local extra = used - sum
local unseen = tonumber(redis.call('GET', KEYS[3]) or '0')
if extra > unseen then redis.call('SET', KEYS[3], extra, 'PX', interval) end
return extra
`;

/** Block every limiter of a scope for `ms` from Redis's now (never shorten a running block). KEYS: block. ARGV: ms. */
const BLOCK = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local untilMs = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilMs > current then redis.call('SET', KEYS[1], untilMs, 'PX', tonumber(ARGV[1])) end
return untilMs
`;

export interface FleetLimiterOptions {
  readonly link: RedisLink;
  readonly logger: Logger;
  /** How many instances share each budget when Redis is away: each then keeps to 1/fleetSize of it. */
  readonly fleetSize: number;
  /** Names this instance's entries in the shared logs. */
  readonly instanceId: string;
  /** This instance's slot in the fleet (for budgets used in turns while Redis is away, and for a grace after); null: none. */
  readonly slot?: () => number | null;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * An instance's share of a window when the fleet cannot coordinate: 1/fleetSize of the weight
 * per window, so the shares add up to the budget in any window. null for a budget too small to
 * split (1 transfer a second): that one is used in turns (see TurnGate).
 */
export function localShare(window: RateWindow, fleetSize: number): RateWindow | null {
  const share = Math.floor(window.limit / fleetSize);
  return share >= 1 ? { limit: share, intervalMs: window.intervalMs } : null;
}

/** How often a take waiting on the local share looks again (and whether Redis is back). */
const LOCAL_POLL_MS = 50;

/** Longest a take is granted ahead of its budget (the journal write it overlaps), and the writes remembered to size it. */
const MAX_AHEAD_MS = 100;
const AHEAD_SAMPLES = 8;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Keys of one budget; the connection id and budget name are configuration, never user input. */
function keysOf(spec: LimiterSpec): { log: string; sum: string; unseen: string; block: string } {
  const base = `coffer:rate:{${spec.connectionId}}:${spec.budget}`;
  return { log: `${base}:log`, sum: `${base}:sum`, unseen: `${base}:unseen`, block: `coffer:block:{${spec.connectionId}}:${spec.blockScope}` };
}

/**
 * Limiters whose budgets live in Redis, shared by every instance of the fleet: each take is one
 * Lua script (prune, check, add) so no two instances can both take the last weight. A taken
 * entry counts from the take, from when its call leaves (restamp), and finally from when its
 * answer is back: the exchange counted the call between the last two, so a window counted from
 * the answer never ends before the exchange's, however late a call arrives (a loaded instance,
 * a slow journal write). Only durations are compared, each on one clock (Redis's, the
 * exchange's), so no slack is needed for latency or clock offsets. While Redis
 * is unreachable each limiter runs on its local share (see localShare) and counts what the fleet
 * had already spent in the window; back in shared mode its degraded-time takes are added to the
 * shared log. A budget too small to split is used in turns instead, while Redis is away and for
 * a grace after it is back (see TurnGate for the rule that keeps two instances' calls out of one
 * window across the switches).
 */
export function redisLimiters(options: FleetLimiterOptions): RateLimiterFactory {
  const { link, fleetSize } = options;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  let counter = 0;
  const memberId = () => `${options.instanceId}-${(counter++).toString(36)}`;

  return (spec) => {
    const keys = keysOf(spec);
    const { limit, intervalMs } = spec.window;
    const split = localShare(spec.window, fleetSize);
    // A budget used in turns keeps its own window inside this instance's turn.
    const share = split ?? spec.window;
    const turns = split === null ? createTurnGate({ limit: share.limit, intervalMs, fleetSize, returnSpreadMs: RECONNECT_SPREAD_MS }) : null;
    let fallback: RateLimiter = createRateLimiter({ window: share, connectionId: spec.connectionId, now, sleep });
    /** The fleet's weight in the window as Redis last reported it, and when. */
    let lastSum = 0;
    let lastSumAt = 0;
    /** This instance's takes while degraded, to hand to Redis when it is back. */
    let degradedTakes: Array<[number, number]> = [];
    let blockedUntil = 0;
    let waitedMs = 0;
    let queue: Promise<void> = Promise.resolve();
    /**
     * Entries this instance took in shared mode and whose answer has not come back, oldest first:
     * local time taken, "id:weight", whether restamp() moved it to the moment it left, the local
     * time it may leave (later than `at` when granted ahead), and whether its caller awaits restamp().
     */
    type Entry = { at: number; member: string; left: boolean; sendAt: number; awaited: boolean };
    let unanswered: Entry[] = [];
    /**
     * A budget used in turns: the grants to callers that await restamp(), oldest first, each with
     * its shared entry or the calling window of its turn. Their calls leave in restamp(), which
     * checks the grant again at that moment.
     */
    let pending: Array<{ at: number; weight: number; entry?: Entry; window?: number }> = [];
    /**
     * How long this instance's recent callers took between their take and their restamp() (the
     * journal's SENDING write): a caller that awaits restamp() is granted that much ahead of its
     * budget, so the write runs while the budget frees instead of after.
     */
    const preSendMs: number[] = [];
    const aheadMs = () => Math.min(MAX_AHEAD_MS, Math.floor(intervalMs / 10), Math.max(0, ...preSendMs));
    /** A caller granted at `grantedAt` has reached restamp(): how long that took is one more sample. */
    const notePreSend = (grantedAt: number) => {
      preSendMs.push(now() - grantedAt);
      if (preSendMs.length > AHEAD_SAMPLES) preSendMs.shift();
    };
    /** Grants older than two windows are records of calls long gone (never sent, or lost track of). */
    const dropStalePending = () => {
      pending = pending.filter((g) => g.at > now() - 2 * intervalMs);
    };
    // A one-call window is paced by the client from the reset the exchange announces (it knows
    // the arrival to the ms); counting from the answer would add a round trip to every call.
    const stampOnAnswer = limit > 1;

    // Made while Redis is away: a budget in turns waits out the calls the shared budget let leave before it went.
    if (link.mode !== "shared") turns?.lost(Math.min(now(), link.modeSince));

    link.onModeChange((mode) => {
      // Calls granted ahead still wait for their time; the rest start afresh.
      unanswered = unanswered.filter((e) => !e.left && e.sendAt > now());
      if (mode === "degraded") {
        turns?.lost(now());
        // Start the local share knowing what the fleet had spent in this window.
        fallback = createRateLimiter({ window: share, connectionId: spec.connectionId, now, sleep });
        if (blockedUntil > now()) fallback.blockUntil(blockedUntil);
        // What the others spent in this window is unknown: count the fleet's last reported use of the
        // window if this instance took from it lately, or else the whole share (wait one window).
        const known = lastSum > 0 && now() - lastSumAt < intervalMs;
        fallback.observeUsed(known ? Math.min(lastSum, share.limit) : share.limit);
        degradedTakes = [];
      } else {
        turns?.back(now());
        const recent = degradedTakes.filter(([at]) => at > now() - intervalMs).reduce((total, [, w]) => total + w, 0);
        degradedTakes = [];
        if (recent > 0) void script(TAKE, [keys.log, keys.sum, keys.unseen, keys.block], [recent, limit, intervalMs, memberId(), 1]).catch(() => undefined);
        // A block learnt while Redis was away (a refusal's wait, a one-call window's pacing) holds for the fleet too.
        const blockMs = Math.ceil(blockedUntil - now());
        if (blockMs > 0) void script(BLOCK, [keys.block], [blockMs]).catch(() => undefined);
      }
    });

    function script(body: string, keyList: string[], args: Array<string | number>): Promise<unknown> {
      return link.client.eval(body, keyList.length, ...keyList, ...args.map(String));
    }

    /** A take of the shared budget right before its call leaves: 0 when taken (the call leaves now), else the ms to wait. */
    async function takeAsItLeaves(weight: number): Promise<number> {
      const member = memberId();
      const [delay] = await takeShared(weight, member, 0);
      if (delay === 0) unanswered.push({ at: now(), member: `${member}:${weight}`, left: true, sendAt: now(), awaited: false });
      return delay;
    }

    /** One take of the shared budget: [delay (0: taken), the fleet's weight after, ms the call must wait to leave]; throws when Redis does not answer. */
    async function takeShared(weight: number, member: string, ahead: number): Promise<[number, number, number]> {
      const result = (await script(TAKE, [keys.log, keys.sum, keys.unseen, keys.block], [weight, limit, intervalMs, member, 0, ahead])) as [number, number, number];
      const [delay, sum, holdMs] = result.map(Number) as [number, number, number];
      if (delay === 0) {
        lastSum = sum;
        lastSumAt = now();
      }
      return [delay, sum, holdMs];
    }

    /**
     * This instance's slot, for a call in turns. Without one it has no turn: with Redis away the
     * call is refused; in the grace after Redis is back (`shared`) it waits for the grace to end (null).
     */
    function slotForTurns(shared: boolean): number | null {
      const slot = options.slot?.() ?? null;
      if (slot === null && !shared) {
        throw new RateLimitedError("Shared rate budgets are unavailable and this instance has no turn in the fleet; retry shortly.", spec.connectionId, intervalMs / 1000);
      }
      return slot;
    }

    /**
     * One local attempt while Redis is away, for a budget split into shares: 0 when taken, else
     * the ms to wait before trying again (short, so a take waiting here goes back to the shared
     * budget as soon as Redis returns).
     */
    async function tryLocally(weight: number): Promise<number> {
      if (weight > share.limit) {
        throw new RateLimitedError(
          `Shared rate budgets are unavailable and a call of weight ${weight} exceeds this instance's share; retry shortly.`,
          spec.connectionId,
          share.intervalMs / 1000,
        );
      }
      try {
        await fallback.acquire(weight, { maxWaitMs: 0 });
      } catch (error) {
        if (error instanceof RateLimitedError) return LOCAL_POLL_MS;
        throw error;
      }
      degradedTakes.push([now(), weight]);
      return 0;
    }

    /**
     * One attempt at a turn, for a budget used in turns while Redis is away or back for less than
     * the grace: 0 when granted, else the ms to wait before trying again. A caller that awaits
     * restamp() leaves there, where its turn is checked again; any other leaves before this returns.
     */
    async function tryTurn(weight: number, shared: boolean, awaitsRestamp: boolean): Promise<number> {
      const slot = slotForTurns(shared);
      if (slot === null) return LOCAL_POLL_MS;
      const delay = turns!.delay(now(), slot, weight);
      if (delay > 0) return delay;
      dropStalePending();
      const grant = { at: now(), weight, window: turns!.grant(now(), weight) };
      if (awaitsRestamp) pending.push(grant);
      else await leaveInTurnsBudget(grant);
      return 0;
    }

    /**
     * A call of a budget used in turns leaves now, or waits until it may (see TurnGate): on a
     * grant of the shared budget confirmed by Redis right now, or in this instance's turn (and,
     * in the grace after Redis is back, with a grant of the shared budget as well). A grant made
     * earlier (`granted`) is used when it still holds; every path checks again at the moment
     * the call leaves.
     */
    async function leaveInTurnsBudget(granted: { weight: number; entry?: Entry; window?: number } | undefined): Promise<void> {
      const gate = turns!;
      // With no grant of its own to go by (none recorded), the call is counted at the budget's full weight.
      const weight = granted?.weight ?? limit;
      let entry = granted?.entry;
      let window = granted?.window;
      // A failed command while the link still says shared: Redis is treated as away for this call.
      let lostHere = false;
      const lose = () => {
        gate.lost(now());
        lostHere = true;
        entry = undefined;
      };
      for (;;) {
        const shared = !lostHere && link.mode === "shared";
        if (shared && !gate.inGrace(now())) {
          if (entry) {
            // Granted ahead: the call leaves when its budget has freed, not before.
            const holdMs = entry.sendAt - now();
            if (holdMs > 0) {
              await sleep(holdMs);
              continue;
            }
            try {
              // Redis still counts the grant: it now counts from this moment, when the call leaves.
              if (Number(await link.client.eval(RESTAMP, 1, keys.log, entry.member)) === 1) return;
              entry = undefined;
            } catch {
              lose();
            }
            continue;
          }
          // No live grant (made in turns, or gone from Redis): take the shared budget right before leaving.
          try {
            const delay = await takeAsItLeaves(weight);
            if (delay === 0) return;
            await sleep(delay);
          } catch {
            lose();
          }
          continue;
        }
        // In turns: Redis is away, or back for less than the grace.
        const slot = slotForTurns(shared);
        if (slot === null) {
          await sleep(LOCAL_POLL_MS);
          continue;
        }
        const blockedFor = blockedUntil - now();
        if (blockedFor > 0) {
          await sleep(Math.min(blockedFor, LOCAL_POLL_MS));
          continue;
        }
        if (window === undefined || !gate.open(now(), slot, window)) {
          const delay = gate.delay(now(), slot, weight);
          if (delay > 0) {
            await sleep(Math.min(delay, LOCAL_POLL_MS));
            continue;
          }
          window = gate.grant(now(), weight);
        }
        if (shared) {
          // The grace: others may already take the shared budget alone, so take it too, right before leaving.
          try {
            const delay = await takeAsItLeaves(weight);
            if (delay === 0) return;
            await sleep(Math.min(delay, LOCAL_POLL_MS));
          } catch {
            lose();
          }
          continue;
        }
        // Handed to Redis when it is back (at once if the link never saw it go).
        degradedTakes.push([now(), weight]);
        if (link.mode === "shared") void script(TAKE, [keys.log, keys.sum, keys.unseen, keys.block], [weight, limit, intervalMs, memberId(), 1]).catch(() => undefined);
        return;
      }
    }

    async function take(weight: number, opts: AcquireOptions): Promise<void> {
      if (weight > limit) throw new RangeError(`A call of weight ${weight} can never fit a budget of ${limit}`);
      const started = now();
      let localOnly = false;
      for (;;) {
        const shared = !localOnly && link.mode === "shared";
        const inTurns = turns !== null && (!shared || turns.inGrace(now()));
        const ahead = opts.awaitsRestamp && shared && !inTurns ? aheadMs() : 0;
        const blockedFor = blockedUntil - now() - ahead;
        if (blockedFor > 0) {
          if (opts.maxWaitMs !== undefined && now() - started + blockedFor > opts.maxWaitMs) {
            throw new RateLimitedError(`The exchange asked for a pause; retry in ${Math.ceil(blockedFor / 1000)} s.`, spec.connectionId, blockedFor / 1000);
          }
          await sleep(blockedFor);
          continue;
        }
        if (inTurns || !shared) {
          const delay = turns ? await tryTurn(weight, shared, opts.awaitsRestamp === true) : await tryLocally(weight);
          if (delay === 0) {
            waitedMs += now() - started;
            return;
          }
          if (opts.maxWaitMs !== undefined && now() - started + delay > opts.maxWaitMs) {
            throw new RateLimitedError(`This instance's share of the rate budget is spent; retry in ${Math.ceil(delay / 1000)} s.`, spec.connectionId, delay / 1000);
          }
          await sleep(Math.min(delay, LOCAL_POLL_MS));
          continue;
        }
        let result: [number, number, number];
        const member = memberId();
        try {
          result = await takeShared(weight, member, ahead);
        } catch (error) {
          // A slow answer while the link is up: ask again (a take that did happen only makes us more careful).
          if (link.mode === "shared" && now() - started < 5000) {
            await sleep(10);
            continue;
          }
          // Redis connected but not answering: this take uses the local share.
          options.logger.warn({ connectionId: spec.connectionId, budget: spec.budget, error: (error as Error).message }, "shared rate budget unavailable; using the local share");
          localOnly = true;
          turns?.lost(now());
          continue;
        }
        const [delay, , holdMs] = result;
        if (delay === 0) {
          // A call unanswered for two windows failed or was never sent: its answer will not come.
          unanswered = unanswered.filter((e) => e.at > now() - 2 * intervalMs);
          dropStalePending();
          const sendAt = Math.max(now() + holdMs, blockedUntil);
          const entry = { at: now(), member: `${member}:${weight}`, left: false, sendAt, awaited: opts.awaitsRestamp === true };
          unanswered.push(entry);
          if (turns && opts.awaitsRestamp) pending.push({ at: now(), weight, entry });
          waitedMs += now() - started;
          return;
        }
        if (opts.maxWaitMs !== undefined && now() - started + delay > opts.maxWaitMs) {
          throw new RateLimitedError(`The exchange's rate budget is spent; retry in ${Math.ceil(delay / 1000)} s.`, spec.connectionId, delay / 1000);
        }
        await sleep(delay);
      }
    }

    /** Restamp of a budget split into shares: the oldest grant not yet left counts from now. */
    function restampShared(): void | Promise<void> {
      const entry = unanswered.find((e) => !e.left);
      if (!entry) return;
      entry.left = true;
      if (entry.awaited) {
        notePreSend(entry.at);
      }
      // Only the entry's score (the time its weight counts from) moves.
      const stamp = () => {
        if (link.mode === "shared") void link.client.eval(RESTAMP, 1, keys.log, entry.member).catch(() => undefined);
      };
      // Granted ahead: the call leaves when its budget has freed, not before.
      const holdMs = entry.sendAt - now();
      if (holdMs <= 0) return stamp();
      return sleep(holdMs).then(stamp);
    }

    /** Restamp of a budget used in turns: the oldest grant leaves when it may (leaveInTurnsBudget). */
    function restampTurns(): Promise<void> {
      // Grants leave in the order they were made; a grant whose call was never sent is only a record too many,
      // since the way out checks again at the moment the call leaves.
      const grant = pending.shift();
      if (grant?.entry) {
        grant.entry.left = true;
        notePreSend(grant.entry.at);
      }
      return leaveInTurnsBudget(grant);
    }

    return {
      acquire(weight: number, opts: AcquireOptions = {}): Promise<void> {
        const turn = queue.then(() => take(weight, opts));
        queue = turn.catch(() => undefined);
        return turn;
      },
      observeUsed(used: number): void {
        if (link.mode !== "shared") {
          // The exchange counts the whole fleet: only what the others may not have used is ours.
          fallback.observeUsed(Math.max(0, used - (fleetSize - 1) * share.limit));
          return;
        }
        // An answer: the oldest call still out came back (calls of one budget leave in the order
        // they took it), so the exchange counted it before now: its weight counts from now.
        const answered = stampOnAnswer ? unanswered.shift() : undefined;
        void script(ANSWERED, [keys.log, keys.sum, keys.unseen], [used, intervalMs, answered?.member ?? ""]).catch(() => undefined);
      },
      blockUntil(untilMs: number): void {
        blockedUntil = Math.max(blockedUntil, untilMs);
        fallback.blockUntil(untilMs);
        const ms = Math.ceil(untilMs - now());
        if (ms > 0 && link.mode === "shared") void script(BLOCK, [keys.block], [ms]).catch(() => undefined);
      },
      restamp(): void | Promise<void> {
        return turns ? restampTurns() : restampShared();
      },
      get blockedUntil() {
        return blockedUntil;
      },
      get waitedMs() {
        return waitedMs;
      },
    };
  };
}
