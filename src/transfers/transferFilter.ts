import { asciiUpper } from "../domain/asciiCase.js";
import { trimAsciiSpaces } from "../domain/userCodes.js";
import type { Exchange, TransferStatus } from "../domain/enums.js";
import type { TransferRecord } from "../domain/transfer.js";

/** The `transfers` filter as the service takes it (the GraphQL TransferFilter, already parsed). */
export interface TransferHistoryFilter {
  readonly connectionIds?: readonly string[] | null;
  readonly exchanges?: readonly Exchange[] | null;
  /** Any case (ASCII: the GraphQL layer refuses anything but ASCII letters and digits). */
  readonly assets?: readonly string[] | null;
  readonly statuses?: readonly TransferStatus[] | null;
  /** Inclusive bounds on createdAt. Defaults: until = now, since = until − 90 days. */
  readonly since?: Date | null;
  readonly until?: Date | null;
}

/** Whether a merged node passes the list filters (the time window is applied by the reader). */
export function matchesTransferFilter(record: TransferRecord, filter: TransferHistoryFilter): boolean {
  if (filter.connectionIds && filter.connectionIds.length > 0 && !filter.connectionIds.includes(record.connectionId)) return false;
  if (filter.exchanges && filter.exchanges.length > 0 && !filter.exchanges.includes(record.exchange)) return false;
  if (filter.assets && filter.assets.length > 0) {
    const asset = asciiUpper(record.asset);
    if (!filter.assets.some((a) => asciiUpper(trimAsciiSpaces(a)) === asset)) return false;
  }
  if (filter.statuses && filter.statuses.length > 0 && !filter.statuses.includes(record.status)) return false;
  return true;
}
