import { createHash } from "node:crypto";
import { formatDecimal } from "../domain/decimal.js";
import type { TransferRequest } from "../domain/transfer.js";

/**
 * A hash of everything that makes two transfer requests "the same input": the connection, the
 * asset (upper case), the amount as exact normalized text ("1.0" and "1" are one amount), both
 * sides (type and symbol) and the sub-account. Stored with the idempotency key so a reuse of
 * the key with different input is recognised as IDEMPOTENCY_CONFLICT and never sent.
 */
export function transferFingerprint(request: TransferRequest): string {
  const parts = [
    "v1",
    request.connectionId,
    request.asset.toUpperCase(),
    formatDecimal(request.amount),
    request.from.type,
    request.from.symbol ?? "",
    request.to.type,
    request.to.symbol ?? "",
    request.subAccountEmail ?? "",
  ];
  return createHash("sha256").update(JSON.stringify(parts), "utf8").digest("hex");
}
