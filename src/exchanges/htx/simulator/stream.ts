import { gzipSync } from "node:zlib";
import type { WebSocket } from "ws";
import { stringifyJsonExact } from "../../kit/parseJsonExact.js";
import { Dec } from "../../../domain/decimal.js";
import { formatDecimal } from "../../../domain/decimal.js";
import { keepAlive, type SimStreamRoute, type SimStreamRules } from "../../kit/simulator/simStreams.js";
import { hmacMatches } from "../../kit/simulator/simSignature.js";
import { simPreSignText, timestampFailure } from "./auth.js";
import type { HtxSimState } from "./state.js";
import { int, num } from "./wire.js";

/** HTX v2 (spot account) keep-alive: {"action":"ping"} every 20 s, closed after 3 unanswered. */
export const HTX_SPOT_WS_RULES: SimStreamRules = { pingEveryMs: 20_000, silentCloseMs: 60_000, lifetimeMs: 24 * 3600_000 };
/** Linear-swap notification: {"op":"ping"} every 5 s, closed after 5 unanswered. */
export const HTX_SWAP_WS_RULES: SimStreamRules = { pingEveryMs: 5_000, silentCloseMs: 25_000, lifetimeMs: 24 * 3600_000 };

export interface HtxSimStreamOptions {
  readonly credentials: { accessKey: string; secretKey: string };
  readonly state: HtxSimState;
  readonly spotRules: SimStreamRules;
  readonly swapRules: SimStreamRules;
  readonly now: () => number;
}

/** Checks a WebSocket auth signature: HMAC-SHA256 base64 over `GET\nhost\npath\nsorted params`. */
function verify(host: string, path: string, signed: Record<string, string>, signature: unknown, secret: string, now: number): boolean {
  if (timestampFailure(signed.timestamp ?? signed.Timestamp ?? "", now) !== null) return false;
  return hmacMatches(secret, simPreSignText("GET", host, path, new Map(Object.entries(signed))), "base64", signature);
}

/** The spot account's per-currency total (trade + frozen + lock) and available (trade), exact text. */
function spotTotals(state: HtxSimState): Map<string, { balance: string; available: string }> {
  const sums = new Map<string, { balance: InstanceType<typeof Dec>; available: InstanceType<typeof Dec> }>();
  for (const row of state.spot) {
    const sum = sums.get(row.currency) ?? { balance: new Dec(0), available: new Dec(0) };
    sum.balance = sum.balance.plus(row.balance);
    if (row.type === "trade") sum.available = sum.available.plus(row.balance);
    sums.set(row.currency, sum);
  }
  return new Map([...sums].map(([c, s]) => [c, { balance: formatDecimal(s.balance), available: formatDecimal(s.available) }]));
}

/**
 * HTX's account streams in the simulator. Spot `/ws/v2`: text frames, `{"action":"ping"}`,
 * auth request (`signatureVersion` 2.1, host-bound signature), `accounts.update#2` with an
 * initial snapshot (null changeType/changeTime) and a push per changed currency. USDT-M
 * `/linear-swap-notification`: gzip-compressed frames, `{"op":"ping","ts":"…"}`, `op: auth`
 * (SignatureVersion 2), `accounts_cross.USDT` with an `init` push and a push per change, figures
 * as JSON numbers. `changed()` is called after every ledger change.
 */
export function htxSimStreamRoutes(options: HtxSimStreamOptions): {
  spot: SimStreamRoute;
  swap: SimStreamRoute;
  changed(event: string): void;
  readonly subscriptions: { spot: number; swap: number };
} {
  const subscriptions = { spot: 0, swap: 0 };
  const spotSessions = new Map<WebSocket, { authed: boolean; subscribed: boolean; sent: Map<string, string> }>();
  const swapSessions = new Map<WebSocket, { authed: boolean; subscribed: boolean }>();
  let seq = 1000;

  const sendSpot = (ws: WebSocket, body: unknown) => ws.send(JSON.stringify(body));
  const sendSwap = (ws: WebSocket, body: unknown) => ws.send(gzipSync(Buffer.from(stringifyJsonExact(body), "utf8")));

  function pushSpot(ws: WebSocket, sent: Map<string, string>, initial: boolean): void {
    for (const [currency, totals] of spotTotals(options.state)) {
      const text = `${totals.balance}|${totals.available}`;
      if (sent.get(currency) === text) continue;
      sent.set(currency, text);
      sendSpot(ws, {
        action: "push",
        ch: "accounts.update#2",
        data: {
          currency,
          accountId: options.state.spotAccountId,
          balance: totals.balance,
          available: totals.available,
          changeType: initial ? null : "transfer",
          accountType: "trade",
          changeTime: initial ? null : options.now(),
          seqNum: String(seq++),
        },
      });
    }
  }

  function crossPush(event: string) {
    const c = options.state.cross;
    return {
      op: "notify",
      topic: "accounts_cross",
      ts: int(options.now()),
      event,
      uid: "123456789",
      data: [
        {
          margin_mode: "cross",
          margin_account: "USDT",
          margin_asset: c.margin_asset,
          margin_balance: num(c.margin_balance),
          margin_static: num(c.margin_static),
          margin_position: num(c.margin_position),
          margin_frozen: num(c.margin_frozen),
          profit_real: num("0"),
          profit_unreal: num(c.profit_unreal),
          withdraw_available: num(c.withdraw_available),
          risk_rate: num(c.risk_rate),
          position_mode: c.position_mode,
          contract_detail: [],
          futures_contract_detail: [],
        },
      ],
    };
  }

  const spot: SimStreamRoute = {
    name: "htxSpot",
    matches: (path) => path === "/ws/v2",
    connected(ws, path, _query, host) {
      const session = { authed: false, subscribed: false, sent: new Map<string, string>() };
      spotSessions.set(ws, session);
      const alive = keepAlive(ws, options.spotRules, () => sendSpot(ws, { action: "ping", data: { ts: options.now() } }));
      ws.on("close", () => spotSessions.delete(ws));
      ws.on("message", (data) => {
        let message: { action?: string; ch?: string; params?: Record<string, unknown>; data?: { ts?: number } };
        try {
          message = JSON.parse(String(data)) as typeof message;
        } catch {
          return sendSpot(ws, { action: "req", code: 2001, message: "invalid.json" });
        }
        if (message.action === "pong") return alive.heard();
        alive.heard();
        if (message.action === "req" && message.ch === "auth") {
          const p = message.params ?? {};
          const signed = {
            accessKey: String(p.accessKey ?? ""),
            signatureMethod: String(p.signatureMethod ?? ""),
            signatureVersion: String(p.signatureVersion ?? ""),
            timestamp: String(p.timestamp ?? ""),
          };
          const ok =
            p.authType === "api" &&
            signed.accessKey === options.credentials.accessKey &&
            signed.signatureMethod === "HmacSHA256" &&
            signed.signatureVersion === "2.1" &&
            verify(host, path, signed, p.signature, options.credentials.secretKey, options.now());
          if (!ok) return sendSpot(ws, { action: "req", code: 2002, ch: "auth", message: "auth.fail" });
          session.authed = true;
          return sendSpot(ws, { action: "req", code: 200, ch: "auth", data: {} });
        }
        if (message.action === "sub" && message.ch === "accounts.update#2") {
          if (!session.authed) return sendSpot(ws, { action: "sub", code: 2002, ch: message.ch, message: "invalid.auth.state" });
          session.subscribed = true;
          subscriptions.spot++;
          sendSpot(ws, { action: "sub", code: 200, ch: message.ch, data: {} });
          return pushSpot(ws, session.sent, true);
        }
        return sendSpot(ws, { action: message.action ?? "req", code: 2001, ch: message.ch, message: "invalid.ch" });
      });
    },
  };

  const swap: SimStreamRoute = {
    name: "htxSwap",
    matches: (path) => path === "/linear-swap-notification",
    connected(ws, path, _query, host) {
      const session = { authed: false, subscribed: false };
      swapSessions.set(ws, session);
      const alive = keepAlive(ws, options.swapRules, () => sendSwap(ws, { op: "ping", ts: String(options.now()) }));
      ws.on("close", () => swapSessions.delete(ws));
      ws.on("message", (data) => {
        let message: Record<string, unknown>;
        try {
          message = JSON.parse(String(data)) as typeof message;
        } catch {
          return sendSwap(ws, { op: "error", ts: int(options.now()) });
        }
        if (message.op === "pong") return alive.heard();
        alive.heard();
        if (message.op === "auth") {
          const signed = {
            AccessKeyId: String(message.AccessKeyId ?? ""),
            SignatureMethod: String(message.SignatureMethod ?? ""),
            SignatureVersion: String(message.SignatureVersion ?? ""),
            Timestamp: String(message.Timestamp ?? ""),
          };
          const ok =
            message.type === "api" &&
            signed.AccessKeyId === options.credentials.accessKey &&
            signed.SignatureMethod === "HmacSHA256" &&
            signed.SignatureVersion === "2" &&
            verify(host, path, signed, message.Signature, options.credentials.secretKey, options.now());
          if (!ok) return sendSwap(ws, { op: "auth", type: "api", ts: int(options.now()), "err-code": int(2003), "err-msg": "Authentication failed." });
          session.authed = true;
          return sendSwap(ws, { op: "auth", type: "api", ts: int(options.now()), "err-code": int(0), data: { "user-id": "123456789" } });
        }
        if (message.op === "sub") {
          if (!session.authed)
            return sendSwap(ws, { op: "sub", cid: message.cid, topic: message.topic, ts: int(options.now()), "err-code": int(2002), "err-msg": "Authentication required." });
          if (message.topic !== "accounts_cross.USDT" && message.topic !== "accounts_cross.*") {
            return sendSwap(ws, { op: "sub", cid: message.cid, topic: message.topic, ts: int(options.now()), "err-code": int(2010), "err-msg": "Topic error." });
          }
          session.subscribed = true;
          subscriptions.swap++;
          sendSwap(ws, { op: "sub", cid: message.cid, topic: message.topic, ts: int(options.now()), "err-code": int(0) });
          return sendSwap(ws, crossPush("init"));
        }
        return sendSwap(ws, { op: "error", ts: int(options.now()) });
      });
    },
  };

  return {
    spot,
    swap,
    subscriptions,
    changed(event) {
      for (const [ws, session] of spotSessions) if (session.subscribed) pushSpot(ws, session.sent, false);
      for (const [ws, session] of swapSessions) if (session.subscribed) sendSwap(ws, crossPush(event));
    },
  };
}
