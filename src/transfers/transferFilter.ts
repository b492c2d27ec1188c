import { asciiUpper } from "../domain/asciiCase.js";
import { trimAsciiSpaces } from "../domain/userCodes.js";
import { TransferStatus, type Exchange } from "../domain/enums.js";
import type { TransferRecord } from "../domain/transfer.js";
import { UNSETTLED_STATUSES, type JournalPageQuery, type JournalStatus } from "./journal.js";

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

const nonEmpty = <T>(list: readonly T[] | null | undefined): list is readonly T[] => Array.isArray(list) && list.length > 0;

/**
 * The filter's conditions the journal can apply itself (time and position come from the
 * reader). Statuses include the unsettled ones: such a row may settle while the page is read,
 * so it is fetched and judged by `matchesTransferFilter` afterwards.
 */
export function journalConditions(filter: TransferHistoryFilter): Pick<JournalPageQuery, "connectionIds" | "exchanges" | "assets" | "statuses"> {
  const statuses = nonEmpty(filter.statuses)
    ? [...new Set<JournalStatus>([...filter.statuses.flatMap((s): JournalStatus[] => (s === TransferStatus.PENDING ? ["INTENT", "PENDING"] : [s])), ...UNSETTLED_STATUSES])]
    : undefined;
  return {
    ...(nonEmpty(filter.connectionIds) ? { connectionIds: filter.connectionIds } : {}),
    ...(nonEmpty(filter.exchanges) ? { exchanges: filter.exchanges } : {}),
    ...(nonEmpty(filter.assets) ? { assets: [...new Set(filter.assets.map((a) => asciiUpper(trimAsciiSpaces(a))))] } : {}),
    ...(statuses ? { statuses } : {}),
  };
}
