import type { TransferRecord } from "../domain/transfer.js";
import { compareCursorKeys, encodeCursor, type CursorKey } from "./cursor.js";
import { exchangeRecordId } from "./transferIds.js";

export interface TransferEdge {
  readonly cursor: string;
  readonly node: TransferRecord;
}

export interface TransferPage {
  readonly edges: TransferEdge[];
  readonly pageInfo: TransferPageInfo;
}

/** Relay's PageInfo: see the reader for when each flag is true. */
export interface TransferPageInfo {
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  readonly startCursor: string | null;
  readonly endCursor: string | null;
}

export interface MergeInput {
  /** Journal records (source JOURNAL); they win over the exchange's record of the same transfer. */
  readonly journal: readonly TransferRecord[];
  /** Exchange history records (source EXCHANGE), possibly from several connections. */
  readonly exchange: readonly TransferRecord[];
  /**
   * `exchangeRecordId`s owned by journal rows that are not in `journal` (e.g. just outside
   * the window, or filtered out), so their exchange records are hidden as well.
   */
  readonly claimed?: ReadonlySet<string>;
  /** Applied after de-duplication: which merged nodes the client asked for. */
  readonly include?: (record: TransferRecord) => boolean;
  /** Only nodes strictly after this position (older) are returned. */
  readonly after: CursorKey | null;
  readonly first: number;
  /**
   * Set when the inputs are complete only down to this position (every node of the inputs
   * comes before it) and the sources may hold older nodes: the page then says `hasNextPage`,
   * and (unless the inputs hold more nodes than fit) its `endCursor` is this position, so the
   * next page goes on from where reading stopped (past its last node, and past anything the
   * filter refused).
   */
  readonly readUpTo?: CursorKey | null;
}

export function cursorKeyOf(record: TransferRecord): CursorKey {
  return { createdAtMs: record.createdAt.getTime(), id: record.id };
}

/**
 * One page of the merged history: each transfer once (an exchange record whose exchange id a
 * journal row holds is that row, shown once as the journal's node; an exchange record seen
 * twice — e.g. in two overlapping history reads — is kept once), ordered newest first by
 * (createdAt desc, id desc), starting strictly after the `after` position. Because positions
 * are keys, not offsets, newer transfers arriving between pages never shift later pages.
 */
export function mergeTransferPages(input: MergeInput): TransferPage {
  const claimed = new Set<string>(input.claimed ?? []);
  for (const record of input.journal) {
    if (record.exchangeTransferId !== null) claimed.add(exchangeRecordId(record.connectionId, record.exchangeTransferId));
  }
  const byId = new Map<string, TransferRecord>();
  for (const record of input.journal) byId.set(record.id, record);
  for (const record of input.exchange) {
    if (record.exchangeTransferId !== null && claimed.has(exchangeRecordId(record.connectionId, record.exchangeTransferId))) continue;
    if (!byId.has(record.id)) byId.set(record.id, record);
  }
  const include = input.include ?? (() => true);
  const after = input.after;
  const nodes = [...byId.values()]
    .filter(include)
    .filter((record) => after === null || compareCursorKeys(cursorKeyOf(record), after) > 0)
    .sort((a, b) => compareCursorKeys(cursorKeyOf(a), cursorKeyOf(b)));
  const page = nodes.slice(0, input.first);
  const edges = page.map((node) => ({ cursor: encodeCursor(cursorKeyOf(node)), node }));
  const cut = input.readUpTo ?? null;
  const full = nodes.length > page.length;
  const endCursor = cut !== null && !full ? encodeCursor(cut) : edges.length > 0 ? edges[edges.length - 1]!.cursor : null;
  // Relay: with `after`, nodes may exist before the page; the cheap answer is "yes".
  const startCursor = edges[0]?.cursor ?? null;
  return { edges, pageInfo: { hasNextPage: full || cut !== null, hasPreviousPage: after !== null, startCursor, endCursor } };
}
