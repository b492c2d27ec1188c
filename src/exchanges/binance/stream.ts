import { randomUUID } from "node:crypto";
import type { BinanceConnectionConfig } from "./config.js";
import type { AccountKey } from "../../domain/accountKey.js";
import { makeBalance } from "../../domain/balance.js";
import { parseDecimal } from "../../domain/decimal.js";
import { AccountType } from "../../domain/enums.js";
import type { StreamChange } from "../../live/liveAccounts.js";
import type { FrameOutcome, StreamSession } from "../../live/reconnectingStream.js";
import type { AccountStreamFamily } from "../../live/streamSupervisor.js";
import { accountStream } from "../kit/accountStream.js";
import type { BinanceClient } from "./client.js";
import { signBinance } from "./auth.js";

export interface BinanceStreamDeps {
  readonly now?: () => number;
  /** The connection's signed client (listen tokens and listenKeys); without it only spot streams. */
  readonly client?: BinanceClient;
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

/**
 * Cross margin over the WebSocket API with a listen token (`POST /sapi/v1/userListenToken`, then
 * `userDataStream.subscribe.listenToken`), renewed on the same connection before it expires.
 * Its `outboundAccountPosition` has no borrowed/interest figures, so each one makes the account
 * re-read (same mapping as a query).
 */
function marginSession(config: BinanceConnectionConfig, deps: BinanceStreamDeps & { client: BinanceClient }, last: { u: number }): StreamSession {
  const requestId = randomUUID();
  let subscriptionId: number | null = null;
  let renewal: NodeJS.Timeout | null = null;
  let token: { token: string; expirationTime: number } | null = null;
  const now = deps.now ?? Date.now;
  const fetchToken = () => deps.client.call<{ token: string; expirationTime: number }>("marginListenToken", [["validity", String(24 * 3600_000)]]);
  const subscribe = (send: (text: string) => void, listenToken: string) =>
    send(JSON.stringify({ id: requestId, method: "userDataStream.subscribe.listenToken", params: { listenToken } }));
  function scheduleRenewal(send: (text: string) => void): void {
    if (!token) return;
    // expirationTime is ms (a 16-digit value is µs); renew at 80 % of what is left.
    const expiresAt = token.expirationTime > 1e14 ? token.expirationTime / 1000 : token.expirationTime;
    const inMs = Math.max(1_000, Math.floor((expiresAt - now()) * 0.8));
    renewal = setTimeout(() => {
      fetchToken()
        .then((next) => {
          token = next;
          subscribe(send, next.token);
          scheduleRenewal(send);
        })
        .catch(() => scheduleRenewal(send));
    }, inMs);
    renewal.unref();
  }
  return {
    async url() {
      token = await fetchToken();
      return config.urls.wsApi;
    },
    opened(send) {
      if (token) subscribe(send, token.token);
      scheduleRenewal(send);
    },
    frame(data): FrameOutcome {
      const frame = JSON.parse(data.toString("utf8")) as WsApiFrame;
      if (frame.id === requestId) {
        if (frame.status === 200 && typeof frame.result?.subscriptionId === "number") {
          subscriptionId = frame.result.subscriptionId;
          return { subscribed: true };
        }
        return { restart: `listen token refused (${frame.status ?? "?"} ${frame.error?.code ?? ""})` };
      }
      const event = frame.event;
      if (!event) return {};
      if (event.e === "serverShutdown") return { restart: "server shutdown announced" };
      if (frame.subscriptionId !== subscriptionId) return {};
      if (event.e === "eventStreamTerminated") return { restart: "listen token expired or stream terminated" };
      if (event.e !== "outboundAccountPosition" && event.e !== "balanceUpdate") return {};
      const u = Number(event.u ?? event.E);
      if (u < last.u) return {};
      last.u = u;
      return { changes: [{ connectionId: config.id, type: AccountType.MARGIN_CROSS, symbol: null, balances: null, complete: false, at: new Date(Number(event.E)) }] };
    },
    close() {
      if (renewal) clearTimeout(renewal);
    },
  };
}

/**
 * USDⓈ-M or COIN-M futures over a listenKey (`POST /fapi|dapi/v1/listenKey`, kept alive by
 * posting again every 30 min; a 60 min key), on `/private/ws?listenKey=…&events=ACCOUNT_UPDATE`
 * (USDⓈ-M since the 2026 split) or `/ws/<listenKey>` (COIN-M). `ACCOUNT_UPDATE` carries no
 * margin ratio, so each one (in event-time order) makes the account re-read;
 * `listenKeyExpired` ends the session (a new key is taken on reconnect).
 */
function futuresSession(config: BinanceConnectionConfig, deps: BinanceStreamDeps & { client: BinanceClient }, kind: "usdm" | "coinm", last: { t: number }): StreamSession {
  const endpoint = kind === "usdm" ? "usdmListenKey" : "coinmListenKey";
  const type = kind === "usdm" ? AccountType.USDM_FUTURES : AccountType.COINM_FUTURES;
  let keepAlive: NodeJS.Timeout | null = null;
  return {
    async url() {
      const { listenKey } = await deps.client.call<{ listenKey: string }>(endpoint);
      keepAlive = setInterval(() => void deps.client.call(endpoint).catch(() => undefined), 30 * 60_000);
      keepAlive.unref();
      const key = encodeURIComponent(listenKey);
      return kind === "usdm" ? `${config.urls.usdmWs}/private/ws?listenKey=${key}&events=ACCOUNT_UPDATE` : `${config.urls.coinmWs}/ws/${key}`;
    },
    opened: () => true,
    frame(data): FrameOutcome {
      const frame = JSON.parse(data.toString("utf8")) as { e?: string; E?: number | string; T?: number; stream?: string; data?: unknown };
      const event = (frame.data && typeof frame.data === "object" ? frame.data : frame) as { e?: string; E?: number | string; T?: number };
      if (event.e === "listenKeyExpired") return { restart: "listenKey expired" };
      if (event.e !== "ACCOUNT_UPDATE") return {};
      const t = Number(event.E);
      if (t < last.t) return {};
      last.t = t;
      return { changes: [{ connectionId: config.id, type, symbol: null, balances: null, complete: false, at: new Date(t) }] };
    },
    close() {
      if (keepAlive) clearInterval(keepAlive);
    },
  };
}

/** The Binance connection's stream families: spot, cross margin, USDⓈ-M and COIN-M; the other wallets are polled. */
export function binanceStreamFamilies(config: BinanceConnectionConfig, deps: BinanceStreamDeps = {}): AccountStreamFamily[] {
  const types = config.accountTypes ?? Object.values(AccountType);
  const families: AccountStreamFamily[] = [];
  const master = (key: AccountKey) => key.subAccountEmail === null;
  if (types.includes(AccountType.SPOT)) {
    // Kept across reconnects: an event older than one already applied is never applied again.
    const lastUpdate = { u: 0 };
    families.push(accountStream(config.id, "spot", AccountType.SPOT, master, () => spotSession(config, deps, lastUpdate)));
  }
  const client = deps.client;
  if (!client) return families;
  const withClient = { ...deps, client };
  if (types.includes(AccountType.MARGIN_CROSS)) {
    const last = { u: 0 };
    families.push(accountStream(config.id, "margin-cross", AccountType.MARGIN_CROSS, master, () => marginSession(config, withClient, last)));
  }
  for (const [kind, type] of [
    ["usdm", AccountType.USDM_FUTURES],
    ["coinm", AccountType.COINM_FUTURES],
  ] as const) {
    if (!types.includes(type)) continue;
    const last = { t: 0 };
    families.push(accountStream(config.id, kind, type, master, () => futuresSession(config, withClient, kind, last)));
  }
  return families;
}
