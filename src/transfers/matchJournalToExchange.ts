import type { AccountRef } from "../domain/accountRef.js";
import type { ExchangeTransfer } from "../domain/transfer.js";
import type { JournalEntry } from "./journal.js";
import { exchangeRecordId } from "./transferIds.js";

export interface MatchOptions {
  /** How far apart (ms) the journal's send time and the exchange's record time may be. */
  readonly windowMs: number;
  /** `exchangeRecordId(connectionId, exchangeTransferId)` of records another journal row already owns. */
  readonly claimed?: ReadonlySet<string>;
}

/** Symbols compared without case or separators: "BTC-USDT", "btcusdt" and "BTCUSDT" are one. */
function sameSymbol(journal: string | null, exchange: string | null): boolean {
  if (exchange === null) return true; // some histories (HTX ledger) do not say: match the type only
  if (journal === null) return false;
  const norm = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, "");
  return norm(journal) === norm(exchange);
}

function sameSide(journal: AccountRef, exchange: AccountRef): boolean {
  return journal.type === exchange.type && sameSymbol(journal.symbol, exchange.symbol);
}

function sameSubAccount(journal: string | null, exchange: string | null): boolean {
  if (exchange === null) return true; // histories that do not name the sub-account
  return journal !== null && journal.toLowerCase() === exchange.toLowerCase();
}

/** Whether an exchange record could be the journal row's transfer (ignoring time and claims). */
export function couldBeSameTransfer(entry: JournalEntry, record: ExchangeTransfer): boolean {
  return (
    entry.connectionId === record.connectionId &&
    entry.asset.toUpperCase() === record.asset.toUpperCase() &&
    entry.amount.eq(record.amount) &&
    sameSide(entry.from, record.from) &&
    sameSide(entry.to, record.to) &&
    sameSubAccount(entry.subAccountEmail, record.subAccountEmail)
  );
}

/**
 * Pairs journal rows whose outcome is unknown with the exchange records that are their
 * transfers: same connection, asset, exact amount and route (symbol only where the history
 * has one), recorded within `windowMs` of when Coffer sent it. Each exchange record pairs with
 * at most one row, and never with one another row already owns, so two identical transfers
 * made a minute apart settle to two different records. Rows are taken oldest first, each
 * taking the nearest free record in time (ties: the earlier record, then the smaller id).
 * Returns journal id → exchange record.
 */
export function matchJournalToExchange(
  entries: readonly JournalEntry[],
  records: readonly ExchangeTransfer[],
  options: MatchOptions,
): Map<string, ExchangeTransfer> {
  const used = new Set<string>(options.claimed ?? []);
  const key = (r: ExchangeTransfer) => exchangeRecordId(r.connectionId, r.exchangeTransferId);
  const result = new Map<string, ExchangeTransfer>();
  const ordered = [...entries].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const entry of ordered) {
    const sentAt = entry.sentAt ?? entry.createdAt;
    let best: ExchangeTransfer | null = null;
    let bestDistance = Infinity;
    for (const record of records) {
      if (used.has(key(record))) continue;
      if (!couldBeSameTransfer(entry, record)) continue;
      const distance = Math.abs(record.createdAt.getTime() - sentAt);
      if (distance > options.windowMs) continue;
      const better =
        best === null ||
        distance < bestDistance ||
        (distance === bestDistance &&
          (record.createdAt.getTime() < best.createdAt.getTime() ||
            (record.createdAt.getTime() === best.createdAt.getTime() && record.exchangeTransferId < best.exchangeTransferId)));
      if (better) {
        best = record;
        bestDistance = distance;
      }
    }
    if (best) {
      used.add(key(best));
      result.set(entry.id, best);
    }
  }
  return result;
}
