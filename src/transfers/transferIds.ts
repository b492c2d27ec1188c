/**
 * Ids of transfers read from an exchange's history. Such a transfer has no journal row, so its
 * id is derived from what identifies it upstream: the same record always gets the same id,
 * which keeps `transfer(id)` and the history cursors stable across calls.
 */
const PREFIX = "ex:";

export function exchangeRecordId(connectionId: string, exchangeTransferId: string): string {
  return Buffer.from(PREFIX + JSON.stringify([connectionId, exchangeTransferId]), "utf8").toString("base64url");
}

export function parseExchangeRecordId(id: string): { connectionId: string; exchangeTransferId: string } | null {
  if (!/^[A-Za-z0-9_-]+$/.test(id)) return null;
  const text = Buffer.from(id, "base64url").toString("utf8");
  if (!text.startsWith(PREFIX)) return null;
  try {
    const parts: unknown = JSON.parse(text.slice(PREFIX.length));
    if (!Array.isArray(parts) || parts.length !== 2 || !parts.every((p) => typeof p === "string" && p.length > 0)) return null;
    return { connectionId: parts[0] as string, exchangeTransferId: parts[1] as string };
  } catch {
    return null;
  }
}
