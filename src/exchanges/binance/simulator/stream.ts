import { randomBytes } from "node:crypto";
import type { WebSocket } from "ws";
import { formatDecimal } from "../../../domain/decimal.js";
import { AccountType } from "../../../domain/enums.js";
import { hmacMatches } from "../../kit/simulator/simSignature.js";
import { keepAlive, type SimStreamRoute, type SimStreamRules } from "../../kit/simulator/simStreams.js";
import type { SimLedger, SimWalletRef } from "./ledger.js";

/** Binance's WebSocket API rules: ping frame every 20 s, closed after 60 s without a pong, 24 h life. */
export const BINANCE_WS_API_RULES: SimStreamRules = { pingEveryMs: 20_000, silentCloseMs: 60_000, lifetimeMs: 24 * 3600_000 };

export interface SimWsApiOptions {
  readonly credentials: { apiKey: string; apiSecret: string };
  readonly ledger: SimLedger;
  readonly rules: SimStreamRules;
  readonly now: () => number;
}

type StreamKind = "SPOT" | "MARGIN";

interface Session {
  readonly socket: WebSocket;
  nextId: number;
  /** subscriptionId → which wallet it streams. */
  readonly subscriptions: Map<number, StreamKind>;
  /** The margin subscription's expiry timer (its listen token's). */
  marginExpiry: NodeJS.Timeout | null;
}

/**
 * `/ws-api/v3` of the Binance simulator: `userDataStream.subscribe.signature` (HMAC-SHA256 hex
 * over the params but `signature`, sorted by name, raw values), `userDataStream.unsubscribe`,
 * and `outboundAccountPosition` events (absolute free/locked of the wallet's assets, `u` the
 * update time) in the `{subscriptionId, event}` envelope whenever the spot ledger changes.
 */
export function binanceWsApiRoute(options: SimWsApiOptions): SimStreamRoute & {
  readonly subscriptionsOpened: number;
  readonly marginSubscriptions: number;
  /** POST /sapi/v1/userListenToken: a token for cross margin, valid `validityMs` (max 24 h). */
  issueListenToken(validityMs: number): { token: string; expirationTime: number };
} {
  const sessions = new Set<Session>();
  const tokens = new Map<string, number>();
  let subscriptionsOpened = 0;
  let marginSubscriptions = 0;
  let lastUpdate = 0;
  const send = (socket: WebSocket, body: unknown) => socket.send(JSON.stringify(body));
  const error = (id: unknown, status: number, code: number, msg: string) => ({ id, status, error: { code, msg } });

  function verify(params: Record<string, unknown>): ReturnType<typeof error> | null {
    const { apiKey, timestamp, signature, recvWindow } = params;
    if (typeof apiKey !== "string" || typeof signature !== "string" || (typeof timestamp !== "number" && typeof timestamp !== "string")) {
      return error(null, 400, -1102, "Mandatory parameter 'apiKey', 'timestamp' or 'signature' was not sent, was empty/null, or malformed.");
    }
    if (apiKey !== options.credentials.apiKey) return error(null, 401, -2015, "Invalid API-key, IP, or permissions for action.");
    const window = recvWindow === undefined ? 5000 : Number(recvWindow);
    const now = options.now();
    if (!(Number(timestamp) < now + 1000) || now - Number(timestamp) > window) {
      return error(null, 400, -1021, "Timestamp for this request is outside of the recvWindow.");
    }
    const payload = Object.keys(params)
      .filter((k) => k !== "signature")
      .sort()
      .map((k) => `${k}=${String(params[k])}`)
      .join("&");
    if (!hmacMatches(options.credentials.apiSecret, payload, "hex", signature)) return error(null, 400, -1022, "Signature for this request is not valid.");
    return null;
  }

  function push(kind: StreamKind): void {
    const rows = options.ledger.rows({ type: kind === "SPOT" ? AccountType.SPOT : AccountType.MARGIN_CROSS });
    const E = options.now();
    // `u` never goes back, even when two changes fall in one millisecond.
    lastUpdate = Math.max(lastUpdate + 1, E);
    const event = { e: "outboundAccountPosition", E, u: lastUpdate, B: rows.map(([a, r]) => ({ a, f: formatDecimal(r.free), l: formatDecimal(r.locked) })) };
    for (const session of sessions) {
      for (const [subscriptionId, wanted] of session.subscriptions) {
        if (wanted === kind) send(session.socket, { subscriptionId, event });
      }
    }
  }

  options.ledger.onChange((wallets: readonly SimWalletRef[]) => {
    if (wallets.some((w) => w.type === AccountType.SPOT && !w.subAccountEmail)) push("SPOT");
    if (wallets.some((w) => w.type === AccountType.MARGIN_CROSS && !w.subAccountEmail)) push("MARGIN");
  });

  return {
    name: "wsApi",
    get subscriptionsOpened() {
      return subscriptionsOpened;
    },
    get marginSubscriptions() {
      return marginSubscriptions;
    },
    issueListenToken(validityMs) {
      const token = randomBytes(51).toString("base64");
      const expirationTime = options.now() + Math.min(validityMs, 24 * 3600_000);
      tokens.set(token, expirationTime);
      return { token, expirationTime };
    },
    matches: (path) => path === "/ws-api/v3",
    connected(socket) {
      const session: Session = { socket, nextId: 0, subscriptions: new Map(), marginExpiry: null };
      sessions.add(session);
      const alive = keepAlive(socket, options.rules, () => socket.ping());
      socket.on("pong", () => alive.heard());
      socket.on("close", () => {
        sessions.delete(session);
        if (session.marginExpiry) clearTimeout(session.marginExpiry);
      });
      socket.on("message", (data) => {
        alive.heard();
        let request: { id?: unknown; method?: unknown; params?: Record<string, unknown> };
        try {
          request = JSON.parse(String(data)) as typeof request;
        } catch {
          send(socket, error(null, 400, -1100, "Illegal characters found in a parameter."));
          return;
        }
        const id = request.id ?? null;
        if (request.method === "userDataStream.subscribe.signature") {
          const refused = verify(request.params ?? {});
          if (refused) return send(socket, { ...refused, id });
          if ([...session.subscriptions.values()].includes("SPOT")) return send(socket, error(id, 400, -2035, "User Data Stream subscription already active."));
          const subscriptionId = session.nextId++;
          session.subscriptions.set(subscriptionId, "SPOT");
          subscriptionsOpened++;
          return send(socket, { id, status: 200, result: { subscriptionId } });
        }
        if (request.method === "userDataStream.subscribe.listenToken") {
          const listenToken = request.params?.listenToken;
          const expiresAt = typeof listenToken === "string" ? tokens.get(listenToken) : undefined;
          if (expiresAt === undefined || expiresAt <= options.now()) return send(socket, error(id, 400, -1209, "Invalid listenToken."));
          // A renewed token extends the subscription already open on this connection.
          let subscriptionId = [...session.subscriptions].find(([, kind]) => kind === "MARGIN")?.[0];
          if (subscriptionId === undefined) {
            subscriptionId = session.nextId++;
            session.subscriptions.set(subscriptionId, "MARGIN");
            marginSubscriptions++;
          }
          if (session.marginExpiry) clearTimeout(session.marginExpiry);
          const id2 = subscriptionId;
          session.marginExpiry = setTimeout(() => {
            session.subscriptions.delete(id2);
            send(socket, { subscriptionId: id2, event: { e: "eventStreamTerminated", E: options.now() } });
          }, expiresAt - options.now());
          session.marginExpiry.unref();
          return send(socket, { id, status: 200, result: { subscriptionId, expirationTime: expiresAt } });
        }
        if (request.method === "userDataStream.unsubscribe") {
          const only = request.params?.subscriptionId;
          for (const subscriptionId of [...session.subscriptions.keys()]) {
            if (only !== undefined && only !== subscriptionId) continue;
            session.subscriptions.delete(subscriptionId);
            send(socket, { subscriptionId, event: { e: "eventStreamTerminated", E: options.now() } });
          }
          return send(socket, { id, status: 200, result: {} });
        }
        return send(socket, error(id, 400, -1100, "Unknown method."));
      });
    },
  };
}
