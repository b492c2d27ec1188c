import { randomUUID } from "node:crypto";
import type { BinanceConnectionConfig } from "../../config/config.types.js";
import type { AccountKey } from "../../domain/accountKey.js";
import { makeBalance } from "../../domain/balance.js";
import { parseDecimal } from "../../domain/decimal.js";
import { AccountType } from "../../domain/enums.js";
import type { StreamChange } from "../../live/liveAccounts.js";
import type { FrameOutcome, StreamSession } from "../../live/reconnectingStream.js";
import type { AccountStreamFamily } from "../../live/streamSupervisor.js";
import { signBinance } from "./signBinance.js";

export interface BinanceStreamDeps {
  readonly now?: () => number;
}

/**
 * The params of a signed WebSocket API request with their signature: HMAC-SHA256 hex over
 * `name=value` pairs sorted by name, values raw (not percent-encoded), `signature` left out.
 */
export function signWsApiParams(params: Record<string, string | number>, secret: string): Record<string, string | number> {
  const payload = Object.keys(params)
    .sort()
    .map((name) => `${name}=${params[name]}`)
    .join("&");
  return { ...params, signature: signBinance(payload, secret) };
}

interface WsApiFrame {
  id?: unknown;
  status?: number;
  result?: { subscriptionId?: number };
  error?: { code?: number; msg?: string };
  subscriptionId?: number;
  event?: { e?: string; E?: number | string; u?: number; B?: Array<{ a: string; f: string; l: string }> };
}

/**
 * Spot over the WebSocket API: `userDataStream.subscribe.signature` (any key type, since the
 * listenKey endpoints were retired), then `outboundAccountPosition` (absolute free/locked of the
 * assets it names, applied in `u` order: an older or repeated `u` is dropped). `balanceUpdate`
 * is a delta that an `outboundAccountPosition` always follows, so it is not applied on its own;
 * `eventStreamTerminated` and `serverShutdown` end the session (the stream reconnects).
 */
function spotSession(config: BinanceConnectionConfig, deps: BinanceStreamDeps, lastUpdate: { u: number }): StreamSession {
  const requestId = randomUUID();
  let subscriptionId: number | null = null;
  return {
    url: async () => config.urls.wsApi,
    opened(send) {
      const params = signWsApiParams({ apiKey: config.credentials.apiKey, timestamp: (deps.now ?? Date.now)() }, config.credentials.apiSecret);
      send(JSON.stringify({ id: requestId, method: "userDataStream.subscribe.signature", params }));
    },
    frame(data): FrameOutcome {
      const frame = JSON.parse(data.toString("utf8")) as WsApiFrame;
      if (frame.id === requestId) {
        if (frame.status === 200 && typeof frame.result?.subscriptionId === "number") {
          subscriptionId = frame.result.subscriptionId;
          return { subscribed: true };
        }
        return { restart: `subscription refused (${frame.status ?? "?"} ${frame.error?.code ?? ""} ${frame.error?.msg ?? ""})` };
      }
      const event = frame.event;
      if (!event) return {};
      if (event.e === "serverShutdown") return { restart: "server shutdown announced" };
      if (frame.subscriptionId !== subscriptionId) return {};
      if (event.e === "eventStreamTerminated") return { restart: "event stream terminated" };
      if (event.e !== "outboundAccountPosition" || !Array.isArray(event.B)) return {};
      const u = Number(event.u ?? event.E);
      if (u < lastUpdate.u) return {};
      lastUpdate.u = u;
      const change: StreamChange = {
        connectionId: config.id,
        type: AccountType.SPOT,
        symbol: null,
        balances: event.B.map((b) => makeBalance({ asset: b.a, free: parseDecimal(b.f), locked: parseDecimal(b.l) })),
        complete: false,
        at: new Date(Number(event.E)),
      };
      return { changes: [change] };
    },
  };
}

/** The Binance connection's stream families (spot for now; the others are polled). */
export function binanceStreamFamilies(config: BinanceConnectionConfig, deps: BinanceStreamDeps = {}): AccountStreamFamily[] {
  const types = config.accountTypes ?? Object.values(AccountType);
  const families: AccountStreamFamily[] = [];
  if (types.includes(AccountType.SPOT)) {
    // Kept across reconnects: an event older than one already applied is never applied again.
    const lastUpdate = { u: 0 };
    families.push({
      connectionId: config.id,
      family: "spot",
      types: [AccountType.SPOT],
      covers: (key: AccountKey) => key.type === AccountType.SPOT && key.subAccountEmail === null,
      createSession: () => spotSession(config, deps, lastUpdate),
    });
  }
  return families;
}
