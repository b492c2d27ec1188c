import type { AccountKey } from "../../domain/accountKey.js";
import type { AccountType } from "../../domain/enums.js";
import type { StreamSession } from "../../live/reconnectingStream.js";
import type { AccountStreamFamily } from "../../live/streamSupervisor.js";

/**
 * One stream family of a connection: the wallets of `type` that `covers` accepts, and how a
 * session is opened (each reconnect opens a new one; progress kept across reconnects lives in
 * the caller's closure).
 */
export function accountStream(
  connectionId: string,
  family: string,
  type: AccountType,
  covers: (key: AccountKey) => boolean,
  createSession: () => StreamSession,
): AccountStreamFamily {
  return { connectionId, family, types: [type], covers: (key) => key.type === type && covers(key), createSession };
}
