import { BadUserInputError } from "../domain/errors.js";

/** Where a node sits in the history order: createdAt descending, then id descending. */
export interface CursorKey {
  readonly createdAtMs: number;
  readonly id: string;
}

const PREFIX = "c1:";

/**
 * Opaque cursor for a history node. It names the node's position, not an offset, so transfers
 * that arrive later (always newer) never shift the pages a client is walking through.
 */
export function encodeCursor(key: CursorKey): string {
  return Buffer.from(PREFIX + JSON.stringify([key.createdAtMs, key.id]), "utf8").toString("base64url");
}

/** The position a cursor names; BadUserInputError (naming `argumentName`) for text that is not a cursor Coffer made. */
export function decodeCursor(cursor: string, argumentName: "after" | "before" = "after"): CursorKey {
  const invalid = () => new BadUserInputError(`\`${argumentName}\` is not a cursor returned by transfers.`, { argumentName });
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  if (!text.startsWith(PREFIX)) throw invalid();
  let parts: unknown;
  try {
    parts = JSON.parse(text.slice(PREFIX.length));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parts) || parts.length !== 2 || !Number.isSafeInteger(parts[0]) || typeof parts[1] !== "string" || parts[1].length === 0) {
    throw invalid();
  }
  return { createdAtMs: parts[0] as number, id: parts[1] as string };
}

/**
 * An id after every node id in history order's tie-break (journal ids are UUIDs, exchange
 * record ids base64url text: every character of both sorts below "~").
 */
const AFTER_EVERY_ID = "~";

/**
 * The position just before every node created at `createdAtMs`: a page after it starts with
 * that millisecond's nodes. Names where a page stopped when it could not read further.
 */
export function positionBefore(createdAtMs: number): CursorKey {
  return { createdAtMs, id: AFTER_EVERY_ID };
}

/** Negative when `a` comes first in history order (newer, or same time and larger id). */
export function compareCursorKeys(a: CursorKey, b: CursorKey): number {
  if (a.createdAtMs !== b.createdAtMs) return b.createdAtMs - a.createdAtMs;
  if (a.id === b.id) return 0;
  return a.id < b.id ? 1 : -1;
}
