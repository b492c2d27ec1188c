/**
 * Shares upstream reads across concurrent GraphQL requests. Identical reads in flight at the
 * same moment share one call (single-flight); a settled result is reused for `ttlMs`; a
 * transfer drops everything cached for its connection so the next read sees the new balances.
 * Kept behind this interface so a shared store (Redis) can replace the in-process one.
 */
export interface SnapshotCache {
  /** The cached value for (connectionId, key), or the result of `load` shared with every caller. */
  get<T>(connectionId: string, key: string, load: () => Promise<T>, options?: SnapshotGetOptions): Promise<T>;
  /**
   * The fresh or in-flight snapshot for (connectionId, key) if there is one, without loading.
   * Lets a connector answer a narrow read from a wider one it already made.
   */
  peek<T>(connectionId: string, key: string): Promise<T> | undefined;
  /** Forget every snapshot of a connection (after a transfer on it). */
  invalidate(connectionId: string): void;
  /**
   * What an answer built from the cache depends on: a version that changes whenever any
   * snapshot settles, is dropped or is invalidated, and the earliest moment any settled one
   * expires. An answer computed while the version stayed the same can be given again, unchanged,
   * while the version is still the same and that moment has not come. Absent when the cache
   * cannot tell (a store other instances write to).
   */
  freshness?(): SnapshotFreshness;
  readonly stats: { hits: number; misses: number; coalesced: number };
}

export interface SnapshotFreshness {
  readonly version: number;
  /** Epoch ms; 0 when no settled snapshot is cached (nothing to reuse an answer against). */
  readonly validUntil: number;
}

/** Per-key overrides for reads that change rarely (an exchange's asset list). */
export interface SnapshotGetOptions {
  /** How long this key's settled value is reused, instead of the cache's `ttlMs`. */
  readonly ttlMs?: number;
  /**
   * Kept when the connection is invalidated: for data a transfer cannot change (reference
   * data), so a transfer does not force the next one to read it again.
   */
  readonly keepOnInvalidate?: boolean;
}

interface Entry {
  promise: Promise<unknown>;
  settledAt: number | null;
  generation: number;
  ttlMs: number;
  keep: boolean;
}

export interface SnapshotCacheOptions {
  ttlMs: number;
  now?: () => number;
}

export function createSnapshotCache(options: SnapshotCacheOptions): SnapshotCache {
  const now = options.now ?? Date.now;
  const byConnection = new Map<string, Map<string, Entry>>();
  const generations = new Map<string, number>();
  const stats = { hits: 0, misses: 0, coalesced: 0 };
  let version = 0;

  function entriesOf(connectionId: string): Map<string, Entry> {
    let entries = byConnection.get(connectionId);
    if (!entries) {
      entries = new Map();
      byConnection.set(connectionId, entries);
    }
    return entries;
  }

  return {
    stats,
    get<T>(connectionId: string, key: string, load: () => Promise<T>, getOptions: SnapshotGetOptions = {}): Promise<T> {
      const entries = entriesOf(connectionId);
      const existing = entries.get(key);
      if (existing) {
        if (existing.settledAt === null) {
          stats.coalesced++;
          return existing.promise as Promise<T>;
        }
        if (now() - existing.settledAt < existing.ttlMs) {
          stats.hits++;
          return existing.promise as Promise<T>;
        }
        entries.delete(key);
        version++;
      }
      stats.misses++;
      const generation = generations.get(connectionId) ?? 0;
      const keep = getOptions.keepOnInvalidate ?? false;
      const entry: Entry = { promise: Promise.resolve(), settledAt: null, generation, ttlMs: getOptions.ttlMs ?? options.ttlMs, keep };
      entry.promise = load().then(
        (value) => {
          // A read that started before an invalidation must not repopulate the cache with
          // balances from before the transfer.
          if (keep || (generations.get(connectionId) ?? 0) === entry.generation) entry.settledAt = now();
          else if (entries.get(key) === entry) entries.delete(key);
          version++;
          return value;
        },
        (error: unknown) => {
          // Failures are not cached: the next read tries again.
          if (entries.get(key) === entry) entries.delete(key);
          version++;
          throw error;
        },
      );
      entries.set(key, entry);
      return entry.promise as Promise<T>;
    },
    freshness(): SnapshotFreshness {
      let validUntil = Infinity;
      for (const entries of byConnection.values()) {
        for (const entry of entries.values()) {
          if (entry.settledAt !== null) validUntil = Math.min(validUntil, entry.settledAt + entry.ttlMs);
        }
      }
      return { version, validUntil: validUntil === Infinity ? 0 : validUntil };
    },
    peek<T>(connectionId: string, key: string): Promise<T> | undefined {
      const entry = byConnection.get(connectionId)?.get(key);
      if (!entry) return undefined;
      if (entry.settledAt !== null && now() - entry.settledAt >= entry.ttlMs) return undefined;
      stats.hits++;
      return entry.promise as Promise<T>;
    },
    invalidate(connectionId: string): void {
      version++;
      generations.set(connectionId, (generations.get(connectionId) ?? 0) + 1);
      const entries = byConnection.get(connectionId);
      if (!entries) return;
      for (const [key, entry] of entries) if (!entry.keep) entries.delete(key);
      if (entries.size === 0) byConnection.delete(connectionId);
    },
  };
}
