import type { AccountType, Exchange } from "./enums.js";

/**
 * Identifies one wallet Coffer can read: a connection, an account type, and where the type has
 * several wallets, the isolated symbol and/or the sub-account. Everything Coffer says about an
 * account hangs off this key; `accountId` turns it into the opaque id clients see.
 */
export interface AccountKey {
  readonly connectionId: string;
  readonly exchange: Exchange;
  readonly type: AccountType;
  readonly symbol: string | null;
  readonly subAccountEmail: string | null;
}

const ID_PREFIX = "acct:";

/** Ids already made, by their parts: every request asks for the same few (bounded, cleared when full). */
const madeIds = new Map<string, string>();
const MADE_IDS_MAX = 10_000;

/** Opaque, stable id for an account: the same key always gives the same id. */
export function accountId(key: AccountKey): string {
  const parts = [key.connectionId, key.type, key.symbol ?? "", key.subAccountEmail ?? ""];
  const text = JSON.stringify(parts);
  let id = madeIds.get(text);
  if (id === undefined) {
    id = Buffer.from(ID_PREFIX + text, "utf8").toString("base64url");
    if (madeIds.size >= MADE_IDS_MAX) madeIds.clear();
    madeIds.set(text, id);
  }
  return id;
}

/** The parts an id was made of, or null when the text is not an id Coffer made. */
export function parseAccountId(id: string): { connectionId: string; type: string; symbol: string | null; subAccountEmail: string | null } | null {
  let text: string;
  try {
    text = Buffer.from(id, "base64url").toString("utf8");
  } catch {
    return null;
  }
  if (!text.startsWith(ID_PREFIX)) return null;
  try {
    const parts: unknown = JSON.parse(text.slice(ID_PREFIX.length));
    if (!Array.isArray(parts) || parts.length !== 4 || !parts.every((p) => typeof p === "string")) return null;
    const [connectionId, type, symbol, email] = parts as string[];
    return { connectionId, type, symbol: symbol || null, subAccountEmail: email || null };
  } catch {
    return null;
  }
}
