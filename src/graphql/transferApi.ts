import type { Decimal } from "decimal.js";
import type { AccountRef } from "../domain/accountRef.js";
import type { Exchange, TransferStatus } from "../domain/enums.js";
import type { UpstreamError } from "../domain/errors.js";
import type { TransferRecord } from "../domain/transfer.js";

export interface TransferCommand {
  readonly connectionId: string;
  readonly asset: string;
  readonly amount: Decimal;
  readonly from: AccountRef;
  readonly to: AccountRef;
  readonly subAccountEmail: string | null;
  readonly idempotencyKey: string;
}

export interface TransferHistoryFilter {
  readonly connectionIds?: readonly string[] | null;
  readonly exchanges?: readonly Exchange[] | null;
  readonly assets?: readonly string[] | null;
  readonly statuses?: readonly TransferStatus[] | null;
  readonly since?: Date | null;
  readonly until?: Date | null;
}

export interface TransferPage {
  readonly edges: ReadonlyArray<{ cursor: string; node: TransferRecord }>;
  readonly pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  /** The number of nodes the filtered history holds, when the read saw all of them; else null. */
  readonly totalCount?: number | null;
  /** Connections whose history could not be read; the page holds the other sources. */
  readonly errors?: readonly UpstreamError[];
}

/** What the GraphQL layer needs of the money side (implemented by the TransferService). */
export interface TransferApi {
  transfer(command: TransferCommand): Promise<{ transfer: TransferRecord; replayed: boolean }>;
  /** `signal`: the request's end; the read's upstream calls stop with it. */
  history(args: {
    filter: TransferHistoryFilter;
    first?: number | null;
    after?: string | null;
    last?: number | null;
    before?: string | null;
    signal?: AbortSignal;
  }): Promise<TransferPage>;
  get(id: string, options?: { signal?: AbortSignal }): Promise<TransferRecord | null>;
}
