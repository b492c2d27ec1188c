import { parseDecimal } from "../domain/decimal.js";
import { AccountType, Exchange, TransferSource, TransferStatus } from "../domain/enums.js";
import type { AccountRef } from "../domain/accountRef.js";
import type { TransferRecord } from "../domain/transfer.js";

/** A transfer event as it crosses the fleet: the record and the instance that published it. */
export interface TransferEvent {
  /** The publishing instance: it delivered the event to its own subscribers already. */
  readonly origin: string;
  readonly record: TransferRecord;
}

const VERSION = 1;

/**
 * A transfer event as JSON text. The amount travels as its exact decimal text and the creation
 * time as ISO 8601 text, so nothing is rounded through a JS number on the way.
 */
export function encodeTransferEvent(event: TransferEvent): string {
  const r = event.record;
  return JSON.stringify({
    v: VERSION,
    origin: event.origin,
    record: {
      id: r.id,
      connectionId: r.connectionId,
      exchange: r.exchange,
      exchangeTransferId: r.exchangeTransferId,
      asset: r.asset,
      amount: r.amount.toFixed(),
      from: { type: r.from.type, symbol: r.from.symbol },
      to: { type: r.to.type, symbol: r.to.symbol },
      subAccountEmail: r.subAccountEmail,
      status: r.status,
      createdAt: r.createdAt.toISOString(),
      source: r.source,
      idempotencyKey: r.idempotencyKey,
      failureReason: r.failureReason,
    },
  });
}

/** Thrown for a message that is not a transfer event this version understands. */
export class TransferEventFormatError extends Error {}

/** The event back from its text; anything malformed or unknown is refused, never guessed at. */
export function decodeTransferEvent(text: string): TransferEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new TransferEventFormatError("not JSON");
  }
  const root = object(parsed, "event");
  if (root.v !== VERSION) throw new TransferEventFormatError(`unknown version ${String(root.v)}`);
  const r = object(root.record, "record");
  const createdAt = new Date(str(r.createdAt, "createdAt"));
  if (Number.isNaN(createdAt.getTime())) throw new TransferEventFormatError("createdAt is not a date");
  let amount;
  try {
    amount = parseDecimal(str(r.amount, "amount"));
  } catch {
    throw new TransferEventFormatError("amount is not decimal text");
  }
  return {
    origin: str(root.origin, "origin"),
    record: {
      id: str(r.id, "id"),
      connectionId: str(r.connectionId, "connectionId"),
      exchange: member(Exchange, r.exchange, "exchange"),
      exchangeTransferId: strOrNull(r.exchangeTransferId, "exchangeTransferId"),
      asset: str(r.asset, "asset"),
      amount,
      from: ref(r.from, "from"),
      to: ref(r.to, "to"),
      subAccountEmail: strOrNull(r.subAccountEmail, "subAccountEmail"),
      status: member(TransferStatus, r.status, "status"),
      createdAt,
      source: member(TransferSource, r.source, "source"),
      idempotencyKey: strOrNull(r.idempotencyKey, "idempotencyKey"),
      failureReason: strOrNull(r.failureReason, "failureReason"),
    },
  };
}

function object(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new TransferEventFormatError(`${what} is not an object`);
  return value as Record<string, unknown>;
}

function str(value: unknown, what: string): string {
  if (typeof value !== "string") throw new TransferEventFormatError(`${what} is not text`);
  return value;
}

function strOrNull(value: unknown, what: string): string | null {
  return value === null ? null : str(value, what);
}

function member<E extends Record<string, string>>(values: E, value: unknown, what: string): E[keyof E] {
  if (typeof value !== "string" || !(Object.values(values) as string[]).includes(value)) throw new TransferEventFormatError(`${what} is not known`);
  return value as E[keyof E];
}

function ref(value: unknown, what: string): AccountRef {
  const o = object(value, what);
  return { type: member(AccountType, o.type, `${what}.type`), symbol: strOrNull(o.symbol, `${what}.symbol`) };
}
