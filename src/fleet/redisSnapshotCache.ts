import { randomBytes } from "node:crypto";
import { createSnapshotCache, type SnapshotCache } from "../cache/snapshotCache.js";
import type { Logger } from "../observability/logger.js";
import type { RedisLink } from "./redisLink.js";
import { decodeSnapshot, encodeSnapshot, NotShareableError } from "./snapshotCodec.js";

/**
 * The cached answer of the current generation, or the lock to load it. KEYS: generation key.
 * ARGV: snapshot prefix, cache key, lock token, lock ms. Returns {"hit", gen, text} | {"lock", gen} | {"wait", gen}.
 */
const GET_OR_LOCK = `
local gen = redis.call('GET', KEYS[1]) or '0'
local snap = ARGV[1] .. gen .. ':' .. ARGV[2]
local value = redis.call('GET', snap)
if value then return {'hit', gen, value} end
if redis.call('SET', snap .. ':lock', ARGV[3], 'NX', 'PX', tonumber(ARGV[4])) then return {'lock', gen} end
return {'wait', gen}
`;

/**
 * Store a loaded answer unless a transfer bumped the generation meanwhile, and release the lock.
 * KEYS: generation key. ARGV: prefix, cache key, generation loaded at, text ('' = none), ttl ms, lock token.
 */
const STORE = `
local snap = ARGV[1] .. ARGV[3] .. ':' .. ARGV[2]
local gen = redis.call('GET', KEYS[1]) or '0'
if gen == ARGV[3] and ARGV[4] ~= '' and tonumber(ARGV[5]) > 0 then redis.call('SET', snap, ARGV[4], 'PX', tonumber(ARGV[5])) end
if redis.call('GET', snap .. ':lock') == ARGV[6] then redis.call('DEL', snap .. ':lock') end
return gen
`;

export interface FleetSnapshotCacheOptions {
  readonly ttlMs: number;
  readonly link: RedisLink;
  readonly logger: Logger;
  /** Longest one instance may hold a snapshot's load lock (default 15 s; past it another instance loads). */
  readonly lockMs?: number;
  /** How often a waiting instance looks for the answer (default 10 ms). */
  readonly pollMs?: number;
  readonly now?: () => number;
}

interface Settled {
  readonly promise: Promise<unknown>;
  readonly at: number;
  readonly gen: string;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The snapshot cache of a fleet: one upstream read per snapshot per TTL whichever instance asks.
 * The first instance to miss takes a short lock in Redis and loads; the others wait for its
 * answer (stored as exact text, see snapshotCodec); in-process callers share one promise as
 * before. A transfer bumps the connection's generation in Redis, so every instance's next read
 * misses. With Redis away it is the in-process cache; invalidations made meanwhile are applied
 * to Redis when it is back.
 */
export function createFleetSnapshotCache(options: FleetSnapshotCacheOptions): SnapshotCache {
  const { link, logger, ttlMs } = options;
  const now = options.now ?? Date.now;
  const lockMs = options.lockMs ?? 15_000;
  const pollMs = options.pollMs ?? 10;
  const local = createSnapshotCache({ ttlMs, now });
  const stats = { hits: 0, misses: 0, coalesced: 0 };
  const inflight = new Map<string, Promise<unknown>>();
  const settled = new Map<string, Map<string, Settled>>();
  const knownGen = new Map<string, string>();
  const invalidatedWhileDegraded = new Set<string>();
  const genKey = (connectionId: string) => `coffer:snap:{${connectionId}}:gen`;
  const prefix = (connectionId: string) => `coffer:snap:{${connectionId}}:`;

  link.onModeChange((mode) => {
    if (mode !== "shared") return;
    for (const connectionId of invalidatedWhileDegraded) void link.client.incr(genKey(connectionId)).catch(() => undefined);
    invalidatedWhileDegraded.clear();
  });

  function remember(connectionId: string, key: string, promise: Promise<unknown>, gen: string): void {
    let entries = settled.get(connectionId);
    if (!entries) settled.set(connectionId, (entries = new Map<string, Settled>()));
    entries.set(key, { promise, at: now(), gen });
  }

  async function fleetLoad<T>(connectionId: string, key: string, load: () => Promise<T>): Promise<T> {
    const token = randomBytes(8).toString("hex");
    const deadline = now() + lockMs + 1000;
    let waited = false;
    for (;;) {
      let answer: [string, string, string?];
      try {
        answer = (await link.client.eval(GET_OR_LOCK, 1, genKey(connectionId), prefix(connectionId), key, token, String(lockMs))) as [string, string, string?];
      } catch (error) {
        // A slow answer (a busy event loop) is not an outage: while the link is up, ask again.
        if (link.mode === "shared" && now() < deadline) {
          await sleep(pollMs);
          continue;
        }
        logger.warn({ connectionId, error: (error as Error).message }, "shared snapshot cache unavailable; reading upstream from this instance");
        stats.misses++;
        return load();
      }
      const [status, gen, text] = answer;
      knownGen.set(connectionId, gen);
      if (status === "hit") {
        stats.hits++;
        const value = decodeSnapshot(text!) as T;
        remember(connectionId, key, Promise.resolve(value), gen);
        return value;
      }
      if (status === "lock") {
        stats.misses++;
        let value: T;
        try {
          value = await load();
        } catch (error) {
          void link.client.eval(STORE, 1, genKey(connectionId), prefix(connectionId), key, gen, "", "0", token).catch(() => undefined);
          throw error;
        }
        let encoded = "";
        try {
          encoded = encodeSnapshot(value);
        } catch (error) {
          if (!(error instanceof NotShareableError)) throw error;
          logger.debug({ connectionId, key, reason: error.message }, "snapshot kept in this instance only");
        }
        await link.client.eval(STORE, 1, genKey(connectionId), prefix(connectionId), key, gen, encoded, String(ttlMs), token).catch(() => undefined);
        remember(connectionId, key, Promise.resolve(value), gen);
        return value;
      }
      if (!waited) stats.coalesced++;
      waited = true;
      if (now() > deadline) {
        stats.misses++;
        return load();
      }
      await sleep(pollMs);
    }
  }

  return {
    get stats() {
      return { hits: stats.hits + local.stats.hits, misses: stats.misses + local.stats.misses, coalesced: stats.coalesced + local.stats.coalesced };
    },
    get<T>(connectionId: string, key: string, load: () => Promise<T>): Promise<T> {
      if (link.mode !== "shared") return local.get(connectionId, key, load);
      const id = `${connectionId}\n${key}`;
      const running = inflight.get(id);
      if (running) {
        stats.coalesced++;
        return running as Promise<T>;
      }
      const promise: Promise<T> = fleetLoad(connectionId, key, load).finally(() => {
        if (inflight.get(id) === promise) inflight.delete(id);
      });
      inflight.set(id, promise);
      return promise;
    },
    peek<T>(connectionId: string, key: string): Promise<T> | undefined {
      if (link.mode !== "shared") return local.peek<T>(connectionId, key);
      const running = inflight.get(`${connectionId}\n${key}`);
      if (running) return running as Promise<T>;
      const entry = settled.get(connectionId)?.get(key);
      if (!entry || now() - entry.at >= ttlMs || entry.gen !== knownGen.get(connectionId)) return undefined;
      stats.hits++;
      return entry.promise as Promise<T>;
    },
    invalidate(connectionId: string): void {
      local.invalidate(connectionId);
      settled.delete(connectionId);
      // A read in flight from before the transfer is not shared with reads after it.
      for (const id of inflight.keys()) if (id.startsWith(`${connectionId}\n`)) inflight.delete(id);
      knownGen.delete(connectionId);
      if (link.mode !== "shared") {
        invalidatedWhileDegraded.add(connectionId);
        return;
      }
      void link.client.incr(genKey(connectionId)).catch(() => {
        invalidatedWhileDegraded.add(connectionId);
      });
    },
  };
}
