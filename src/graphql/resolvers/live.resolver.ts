import { GraphQLError } from "graphql";
import { Arg, Resolver, Root, Subscription } from "type-graphql";
import { accountId, type AccountKey } from "../../domain/accountKey.js";
import { ErrorCode } from "../../domain/errors.js";
import type { TransferRecord } from "../../domain/transfer.js";
import { parseAssetCode } from "../../domain/userCodes.js";
import { keyWithState, type LiveAccountUpdate } from "../../live/accountState.js";
import { createBoundedFeed } from "../../live/boundedFeed.js";
import { LIVE_CLOSE, type LiveServices } from "../../live/liveServices.js";
import { requireScope } from "../auth.js";
import type { GraphQLContext } from "../context.js";
import { AccountFilterInput } from "../inputs/accountFilter.input.js";
import { TransferFilterInput } from "../inputs/transferFilter.input.js";
import { AccountUpdateGql, AccountUpdateReasonGql } from "../types/accountUpdate.type.js";
import { TransferGql } from "../types/transfer.type.js";
import { listSelectedAccounts } from "./selectAccounts.js";

function liveOf(context: GraphQLContext): LiveServices {
  requireScope(context.principal, "read");
  if (!context.services.live || !context.socket) {
    throw new GraphQLError("Subscriptions are served over WebSocket (graphql-ws protocol) on /graphql.", { extensions: { code: ErrorCode.BAD_USER_INPUT } });
  }
  return context.services.live;
}

function tooSlow(context: GraphQLContext): () => void {
  return () => context.socket?.close(LIVE_CLOSE.TOO_SLOW, "Too slow: updates piled up past the limit; reconnect and resubscribe.");
}

async function accountUpdatesFeed(context: GraphQLContext, filter: AccountFilterInput | null): Promise<AsyncIterable<LiveAccountUpdate>> {
  const live = liveOf(context);
  const keys = (await listSelectedAccounts(context, filter)).filter((k): k is AccountKey => !(k instanceof Error));
  const lastSent = new Map<string, string>();
  let watch: { stop(): void } | null = null;
  const feed = createBoundedFeed<LiveAccountUpdate>({
    max: live.limits.queuePerSubscription,
    onOverflow: tooSlow(context),
    onEnd: () => watch?.stop(),
  });
  // An update identical to what this subscriber last received is not sent again.
  const send = (update: LiveAccountUpdate) => {
    const id = accountId(update.key);
    if (lastSent.get(id) === update.state.fingerprint) return;
    lastSent.set(id, update.state.fingerprint);
    feed.push(update);
  };
  const started = await live.accounts.watch(keys, send);
  watch = started;
  for (const snapshot of started.snapshots) send(snapshot);
  started.start();
  return feed;
}

function transferMatcher(filter: TransferFilterInput | null): (record: TransferRecord) => boolean {
  const assets = filter?.assets ? new Set(filter.assets.map((a, i) => parseAssetCode(a, `filter.assets[${i}]`))) : null;
  return (record) =>
    (!filter?.connectionIds || filter.connectionIds.includes(record.connectionId)) &&
    (!filter?.exchanges || filter.exchanges.includes(record.exchange)) &&
    (!assets || assets.has(record.asset)) &&
    (!filter?.statuses || filter.statuses.includes(record.status)) &&
    (!filter?.since || record.createdAt >= new Date(filter.since)) &&
    (!filter?.until || record.createdAt <= new Date(filter.until));
}

function transferUpdatesFeed(context: GraphQLContext, filter: TransferFilterInput | null): AsyncIterable<TransferRecord> {
  const live = liveOf(context);
  const matches = transferMatcher(filter);
  const lastStatus = new Map<string, string>();
  let stop: (() => void) | null = null;
  const feed = createBoundedFeed<TransferRecord>({ max: live.limits.queuePerSubscription, onOverflow: tooSlow(context), onEnd: () => stop?.() });
  stop = live.events.onTransfer((record) => {
    if (!matches(record)) return;
    // Each status once per transfer (a re-check that changed nothing is not news).
    const seen = `${record.status}|${record.exchangeTransferId ?? ""}`;
    if (lastStatus.get(record.id) === seen) return;
    lastStatus.set(record.id, seen);
    if (lastStatus.size > 10_000) lastStatus.delete(lastStatus.keys().next().value as string);
    feed.push(record);
  });
  return feed;
}

/** Subscription.accountUpdates and transferUpdates (graphql-ws on /graphql). */
@Resolver()
export class LiveResolver {
  @Subscription(() => AccountUpdateGql, {
    description:
      "Every selected account once as a SNAPSHOT, then again each time its balances or margin change. One account's updates arrive in order; an account whose state did not change is not sent again.",
    subscribe: ({ args, context }) => accountUpdatesFeed(context as GraphQLContext, (args as { filter?: AccountFilterInput }).filter ?? null),
  })
  accountUpdates(@Root() update: LiveAccountUpdate, @Arg("filter", () => AccountFilterInput, { nullable: true }) _filter: AccountFilterInput | null): AccountUpdateGql {
    return {
      account: keyWithState(update.key, update.state) as unknown as AccountUpdateGql["account"],
      reason: update.reason as AccountUpdateReasonGql,
      at: update.at,
    };
  }

  @Subscription(() => TransferGql, {
    description: "Each transfer of the selected connections when it is created and each time its status changes, whether made through this API or seen in an exchange's history.",
    subscribe: ({ args, context }) => transferUpdatesFeed(context as GraphQLContext, (args as { filter?: TransferFilterInput }).filter ?? null),
  })
  transferUpdates(@Root() record: TransferRecord, @Arg("filter", () => TransferFilterInput, { nullable: true }) _filter: TransferFilterInput | null): TransferRecord {
    return record;
  }
}
