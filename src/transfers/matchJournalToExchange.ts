import type { AccountRef } from "../domain/accountRef.js";
import type { ExchangeTransfer } from "../domain/transfer.js";
import type { JournalEntry } from "./journal.js";
import { exchangeRecordId } from "./transferIds.js";

/** Default of `MatchOptions.clearMarginMs`: how much nearer in time one candidate must be to win over another. */
const DEFAULT_CLEAR_MARGIN_MS = 5_000;

export const AMBIGUOUS_MATCH_REASON =
  "Ambiguous: the exchange's history holds more than one transfer of this asset, amount and route near the time Coffer sent it (one may have been made outside Coffer); left UNKNOWN rather than guessed — needs a manual check.";

export interface MatchOptions {
  /** How far apart (ms) the journal's send time and the exchange's record time may be. */
  readonly windowMs: number;
  /** `exchangeRecordId(connectionId, exchangeTransferId)` of records another journal row already owns. */
  readonly claimed?: ReadonlySet<string>;
  /**
   * A row takes its nearest candidate only if every other candidate is at least this much
   * farther from its send time (default 5 s); else the row is ambiguous and left unmatched.
   */
  readonly clearMarginMs?: number;
}

export interface MatchResult {
  /** Journal id → the exchange record that is its transfer. */
  readonly matched: Map<string, ExchangeTransfer>;
  /** Journal id → the equally plausible records it was not paired with (never guessed). */
  readonly ambiguous: Map<string, ExchangeTransfer[]>;
}

const norm = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, "");

/** Symbols compared without case or separators: "BTC-USDT", "btcusdt" and "BTCUSDT" are one. */
function sameSymbol(journal: string | null, exchange: string | null, exact: boolean): boolean {
  if (exchange === null) return exact ? journal === null : true; // inexact histories do not say: match the type only
  if (journal === null) return false;
  return norm(journal) === norm(exchange);
}

function sameSide(journal: AccountRef, exchange: AccountRef, exact: boolean): boolean {
  return journal.type === exchange.type && sameSymbol(journal.symbol, exchange.symbol, exact);
}

function sameSubAccount(journal: string | null, exchange: string | null): boolean {
  if (exchange === null) return true; // histories that do not name the sub-account
  return journal !== null && journal.toLowerCase() === exchange.toLowerCase();
}

/** Whether an exchange record could be the journal row's transfer (ignoring time and claims). */
export function couldBeSameTransfer(entry: JournalEntry, record: ExchangeTransfer): boolean {
  const exact = record.symbolsExact === true;
  return (
    entry.connectionId === record.connectionId &&
    entry.asset.toUpperCase() === record.asset.toUpperCase() &&
    entry.amount.eq(record.amount) &&
    sameSide(entry.from, record.from, exact) &&
    sameSide(entry.to, record.to, exact) &&
    sameSubAccount(entry.subAccountEmail, record.subAccountEmail)
  );
}

/** When the row's request left (or, for a row from before that was recorded, when it was made). */
const sentTime = (entry: JournalEntry) => entry.sentAt ?? entry.createdAt;

/**
 * Pairs journal rows whose outcome is unknown with the exchange records that are their
 * transfers: same connection, asset, exact amount, route (symbols wherever the history names
 * them) and sub-account, recorded within `windowMs` of when Coffer's request left. Each
 * exchange record pairs with at most one row, and never with one another row already owns.
 * Rows are taken oldest first, each taking the free record nearest its send time — but only
 * when it is nearer by a clear margin than every other free candidate that no other row of
 * the input is nearer to: two equally plausible records (one may be a transfer made outside
 * Coffer) leave the row unmatched and listed as ambiguous, never guessed.
 */
export function matchJournalRows(entries: readonly JournalEntry[], records: readonly ExchangeTransfer[], options: MatchOptions): MatchResult {
  const margin = options.clearMarginMs ?? DEFAULT_CLEAR_MARGIN_MS;
  const used = new Set<string>(options.claimed ?? []);
  const key = (r: ExchangeTransfer) => exchangeRecordId(r.connectionId, r.exchangeTransferId);
  const distance = (e: JournalEntry, r: ExchangeTransfer) => Math.abs(r.createdAt.getTime() - sentTime(e));
  const matched = new Map<string, ExchangeTransfer>();
  const ambiguous = new Map<string, ExchangeTransfer[]>();
  const ordered = [...entries].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const candidatesOf = (entry: JournalEntry) =>
    records
      .filter((r) => !used.has(key(r)) && couldBeSameTransfer(entry, r) && distance(entry, r) <= options.windowMs)
      .sort(
        (a, b) =>
          distance(entry, a) - distance(entry, b) ||
          a.createdAt.getTime() - b.createdAt.getTime() ||
          (a.exchangeTransferId < b.exchangeTransferId ? -1 : a.exchangeTransferId > b.exchangeTransferId ? 1 : 0),
      );
  for (const entry of ordered) {
    const [best, ...rest] = candidatesOf(entry);
    if (!best) continue;
    const d = distance(entry, best);
    // A farther record some other unmatched row of the input is nearer to is that row's, not a rival.
    const rivals = rest.filter(
      (r) => distance(entry, r) - d < margin && !ordered.some((o) => o !== entry && !matched.has(o.id) && couldBeSameTransfer(o, r) && distance(o, r) < distance(entry, r)),
    );
    if (rivals.length > 0) {
      ambiguous.set(entry.id, [best, ...rivals]);
      continue;
    }
    used.add(key(best));
    matched.set(entry.id, best);
  }
  return { matched, ambiguous };
}

/** `matchJournalRows`, the matched pairs only (journal id → exchange record). */
export function matchJournalToExchange(entries: readonly JournalEntry[], records: readonly ExchangeTransfer[], options: MatchOptions): Map<string, ExchangeTransfer> {
  return matchJournalRows(entries, records, options).matched;
}
