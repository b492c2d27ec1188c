import type { SnapshotCache } from "../cache/snapshotCache.js";
import type { ExchangeConnector } from "../exchanges/exchange.js";
import { accountId, type AccountKey } from "../domain/accountKey.js";
import { makeBalance, type Balance } from "../domain/balance.js";
import type { AccountType } from "../domain/enums.js";
import { TransferSource, TransferStatus } from "../domain/enums.js";
import type { TransferRecord } from "../domain/transfer.js";
import type { Logger } from "../observability/logger.js";
import { accountState, NO_MARGIN, type AccountState, type AccountUpdateReason, type LiveAccountUpdate } from "./accountState.js";
import type { CofferEvents } from "./cofferEvents.js";

/** A change an exchange pushed on an account stream, already in domain words. */
export interface StreamChange {
  readonly connectionId: string;
  readonly type: AccountType;
  /** The isolated symbol the change is about, or null for the whole-wallet account. */
  readonly symbol: string | null;
  /**
   * Absolute balances of the assets named (the others unchanged), or every asset of the account
   * when `complete`. Null: the event says something changed but not to what; the account is re-read.
   */
  readonly balances: readonly Balance[] | null;
  readonly complete: boolean;
  /** The exchange's event time. */
  readonly at: Date;
}

/** What the hub needs of the upstream streams (one per connection and wallet family). */
export interface StreamSupervisor {
  /** Starts, or joins, the stream covering the account; returns its release, or null when no stream covers it. */
  acquire(key: AccountKey): (() => void) | null;
  /** Whether the stream covering this account is subscribed right now (if not, the account is polled). */
  isLive(key: AccountKey): boolean;
  stop(): Promise<void>;
}

export interface LiveAccountsOptions {
  readonly connectors: readonly ExchangeConnector[];
  /** Dropped for a connection when a stream pushes a change the snapshots do not hold. */
  readonly cache: Pick<SnapshotCache, "invalidate">;
  readonly events: CofferEvents;
  readonly logger: Logger;
  /** The snapshot cache TTL: an unstreamed account is re-read at most once per TTL. */
  readonly ttlMs: number;
  /** How often unstreamed accounts are looked at (default min(250, ttl)). */
  readonly pollTickMs?: number;
  /**
   * A streamed account is still re-read this long after its last read (default 60 s): a safety
   * net for a change an exchange did not push (an account mode its stream does not cover).
   */
  readonly streamedResyncMs?: number;
  readonly now?: () => number;
}

interface Watched {
  readonly key: AccountKey;
  readonly listeners: Set<(update: LiveAccountUpdate) => void>;
  state: AccountState | null;
  /** Reads of one account run one after another, so a late read never overwrites a newer one. */
  queue: Promise<void>;
  release: (() => void) | null;
  /** When the last read of this account finished (a poll waits a TTL after it, so it finds the cache expired). */
  readAt: number;
  polling: boolean;
}

export interface LiveWatch {
  /** The state of each watched account when the watch started (accounts that could not be read are left out and come later as POLL). */
  readonly snapshots: readonly LiveAccountUpdate[];
  /** Delivers the changes held while the snapshots were read, then every later one, to the listener. */
  start(): void;
  stop(): void;
}

export interface LiveAccounts {
  /** Watches accounts: `listener` hears every change of any of them after the snapshots. */
  watch(keys: readonly AccountKey[], listener: (update: LiveAccountUpdate) => void): Promise<LiveWatch>;
  /** Applies a change an exchange pushed (reason STREAM). */
  applyStream(change: StreamChange): void;
  /** Re-reads every watched account of a connection and these types (after a stream reconnected: reason POLL). */
  resync(connectionId: string, types: readonly AccountType[]): void;
  /** How many accounts are watched (tests and metrics). */
  readonly watchedCount: number;
  /** Whether the account's stream is subscribed right now (tests, health). */
  streaming(key: AccountKey): boolean;
  /** Resolves once every read queued so far has finished (tests wait for a resync to settle). */
  idle(): Promise<void>;
  attachStreams(streams: StreamSupervisor): void;
  close(): Promise<void>;
}

/**
 * The live state of every watched account, shared by all subscribers: one read per account
 * however many watch it, a change sent once to each listener, an unchanged re-read sent to no
 * one. Accounts come alive through their exchange's stream (when one covers them), transfers
 * made through Coffer (TRANSFER) and, for wallets without a stream or while it is down,
 * re-reads through the snapshot cache (POLL, at most one upstream read per TTL).
 */
export function createLiveAccounts(options: LiveAccountsOptions): LiveAccounts {
  const now = options.now ?? Date.now;
  const byId = new Map(options.connectors.map((c) => [c.connectionId, c]));
  const watched = new Map<string, Watched>();
  const log = options.logger.child({ component: "live" });
  let streams: StreamSupervisor | null = null;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  async function read(key: AccountKey): Promise<AccountState> {
    try {
      return await readOnce(key);
    } finally {
      const entry = watched.get(accountId(key));
      if (entry) entry.readAt = now();
    }
  }

  async function readOnce(key: AccountKey): Promise<AccountState> {
    const connector = byId.get(key.connectionId);
    if (!connector) throw new Error(`no connection ${key.connectionId}`);
    const [balances] = await connector.loadBalances([key]);
    if (balances instanceof Error) throw balances;
    let margin = null;
    if (!NO_MARGIN.has(key.type)) {
      const [details] = await connector.loadMargins([key]);
      if (details instanceof Error) throw details;
      margin = details;
    }
    return accountState(balances, margin);
  }

  function deliver(entry: Watched, state: AccountState, reason: AccountUpdateReason, at: Date): void {
    if (entry.state?.fingerprint === state.fingerprint) return;
    entry.state = state;
    const update: LiveAccountUpdate = { key: entry.key, state, reason, at };
    for (const listener of [...entry.listeners]) listener(update);
    options.events.publishAccountChange({ key: entry.key, reason: reason === "SNAPSHOT" ? "POLL" : reason, at });
  }

  /** Queues a re-read of the account; its result is delivered with `reason` if it changed anything. */
  function refresh(entry: Watched, reason: AccountUpdateReason): Promise<void> {
    entry.queue = entry.queue.then(async () => {
      if (closed || !entry.listeners.size) return;
      try {
        deliver(entry, await read(entry.key), reason, new Date(now()));
      } catch (error) {
        log.warn(
          { accountType: entry.key.type, connectionId: entry.key.connectionId, err: error instanceof Error ? error.message : String(error) },
          "live re-read failed; the next poll tries again",
        );
      }
    });
    return entry.queue;
  }

  function poll(): void {
    const at = now();
    const streamedResyncMs = options.streamedResyncMs ?? 60_000;
    for (const entry of watched.values()) {
      if (streams?.isLive(entry.key) && at - entry.readAt < Math.max(streamedResyncMs, options.ttlMs)) continue;
      // One poll of an account at a time, a TTL after its last read: at most one upstream read
      // per TTL, and a slow exchange does not pile reads up.
      if (entry.polling || at - entry.readAt < options.ttlMs) continue;
      entry.polling = true;
      void refresh(entry, "POLL").finally(() => (entry.polling = false));
    }
  }

  function entriesOf(connectionId: string, types: ReadonlySet<AccountType>): Watched[] {
    return [...watched.values()].filter((e) => e.key.connectionId === connectionId && types.has(e.key.type));
  }

  function onTransfer(record: TransferRecord): void {
    // Nothing has moved while a transfer is only journaled.
    if (record.status === TransferStatus.PENDING && record.exchangeTransferId === null) return;
    const touched = entriesOf(record.connectionId, new Set([record.from.type, record.to.type]));
    if (!touched.length) return;
    // The transfer service already dropped this instance's snapshots for its own transfers; an
    // event from another instance of the fleet, or one found in the exchange's history, was not
    // seen by it, so the re-read below must not be answered from a snapshot taken before it.
    options.cache.invalidate(record.connectionId);
    // TRANSFER is for transfers made through Coffer; one seen in the exchange's history was found by a re-read.
    const reason = record.source === TransferSource.EXCHANGE ? "POLL" : "TRANSFER";
    for (const entry of touched) void refresh(entry, reason);
  }
  const stopTransfers = options.events.onTransfer(onTransfer);

  return {
    get watchedCount() {
      return watched.size;
    },
    attachStreams(supervisor) {
      streams = supervisor;
    },
    streaming: (key) => streams?.isLive(key) ?? false,
    async idle() {
      await Promise.all([...watched.values()].map((e) => e.queue));
    },
    async watch(keys, listener) {
      const mine: Watched[] = [];
      const pending: LiveAccountUpdate[] = [];
      let started = false;
      // Changes that happen while the snapshots are being read are held and sent after them.
      const own = (update: LiveAccountUpdate) => (started ? listener(update) : pending.push(update));
      for (const key of keys) {
        const id = accountId(key);
        let entry = watched.get(id);
        if (!entry) {
          entry = { key, listeners: new Set(), state: null, queue: Promise.resolve(), release: null, readAt: 0, polling: false };
          watched.set(id, entry);
          entry.release = streams?.acquire(key) ?? null;
        }
        entry.listeners.add(own);
        mine.push(entry);
      }
      if (!timer && watched.size) {
        const tick = options.pollTickMs ?? Math.max(50, Math.min(250, options.ttlMs));
        timer = setInterval(poll, tick);
        timer.unref();
      }
      const snapshots: LiveAccountUpdate[] = [];
      await Promise.all(
        mine.map(async (entry) => {
          if (!entry.state) {
            entry.queue = entry.queue.then(async () => {
              if (entry.state) return;
              try {
                entry.state = await read(entry.key);
              } catch (error) {
                log.warn(
                  { accountType: entry.key.type, connectionId: entry.key.connectionId, err: error instanceof Error ? error.message : String(error) },
                  "live snapshot read failed",
                );
              }
            });
            await entry.queue;
          }
        }),
      );
      for (const entry of mine) {
        if (entry.state) snapshots.push({ key: entry.key, state: entry.state, reason: "SNAPSHOT", at: new Date(now()) });
      }
      return {
        snapshots,
        stop() {
          started = true;
          pending.length = 0;
          for (const entry of mine) {
            entry.listeners.delete(own);
            if (!entry.listeners.size && watched.get(accountId(entry.key)) === entry) {
              watched.delete(accountId(entry.key));
              entry.release?.();
            }
          }
          if (!watched.size && timer) {
            clearInterval(timer);
            timer = null;
          }
        },
        start() {
          started = true;
          for (const update of pending.splice(0)) listener(update);
        },
      };
    },
    applyStream(change) {
      for (const entry of watched.values()) {
        const key = entry.key;
        if (key.connectionId !== change.connectionId || key.type !== change.type || key.subAccountEmail !== null) continue;
        if (change.symbol !== null && key.symbol?.toUpperCase() !== change.symbol.toUpperCase()) continue;
        if (change.balances === null || !entry.state || !NO_MARGIN.has(key.type)) {
          // Margin figures are not in the pushed message: read the account again (its cache dropped).
          options.cache.invalidate(change.connectionId);
          void refresh(entry, "STREAM");
          continue;
        }
        const byAsset = new Map(change.complete ? [] : entry.state.balances.map((b) => [b.asset, b]));
        for (const b of change.balances) byAsset.set(b.asset, makeBalance(b));
        const state = accountState([...byAsset.values()], entry.state.margin);
        entry.queue = entry.queue.then(() => deliver(entry, state, "STREAM", change.at));
        // Queries must not keep showing what the stream just replaced.
        options.cache.invalidate(change.connectionId);
      }
    },
    resync(connectionId, types) {
      const touched = entriesOf(connectionId, new Set(types));
      if (!touched.length) return;
      options.cache.invalidate(connectionId);
      for (const entry of touched) void refresh(entry, "POLL");
    },
    async close() {
      closed = true;
      stopTransfers();
      if (timer) clearInterval(timer);
      timer = null;
      await streams?.stop();
    },
  };
}
