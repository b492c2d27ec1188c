import { randomUUID } from "node:crypto";
import { gunzipSync } from "node:zlib";
import type { HtxConnectionConfig } from "./config.js";
import { makeBalance } from "../../domain/balance.js";
import { AccountType } from "../../domain/enums.js";
import type { StreamChange } from "../../live/liveAccounts.js";
import type { FrameOutcome, StreamSession } from "../../live/reconnectingStream.js";
import type { AccountStreamFamily } from "../../live/streamSupervisor.js";
import { accountStream } from "../kit/accountStream.js";
import { JsonNumber, parseJsonExact } from "../kit/parseJsonExact.js";
import { htxTimestamp, signHtx, sortedQuery } from "./auth.js";
import { wireDecimal, wireString } from "../kit/wireValues.js";

export interface HtxStreamDeps {
  readonly now?: () => number;
}

/** The signature HTX expects in a WebSocket auth message: over `GET\nhost\npath\nsorted params`, host as connected. */
function wsSignature(url: string, params: Record<string, string>, secret: string): string {
  const parsed = new URL(url);
  return signHtx(secret, `GET\n${parsed.host.toLowerCase()}\n${parsed.pathname}\n${sortedQuery(params)}`);
}

function text(data: Buffer, isBinary: boolean): string {
  // Account frames are text on /ws/v2 and gzip on the swap socket; gunzip whatever comes binary.
  return isBinary ? gunzipSync(data).toString("utf8") : data.toString("utf8");
}

function numberText(value: unknown): string {
  return value instanceof JsonNumber ? value.text : String(value);
}

/**
 * Spot on `/ws/v2`: the auth request (signatureVersion 2.1), then `accounts.update#2`, whose
 * pushes carry a currency's total (`balance`) and `available` (free; locked = total − free, as
 * the REST read's trade / frozen + lock rows), applied in `seqNum` order. The server's
 * `{"action":"ping"}` is answered with the same ts.
 */
function spotSession(config: HtxConnectionConfig, deps: HtxStreamDeps, last: { seq: bigint }): StreamSession {
  const url = config.urls.spotWs;
  return {
    url: async () => url,
    opened(send) {
      const params = { accessKey: config.credentials.accessKey, signatureMethod: "HmacSHA256", signatureVersion: "2.1", timestamp: htxTimestamp((deps.now ?? Date.now)()) };
      send(JSON.stringify({ action: "req", ch: "auth", params: { authType: "api", ...params, signature: wsSignature(url, params, config.credentials.secretKey) } }));
    },
    frame(data, isBinary, send): FrameOutcome {
      const message = parseJsonExact(text(data, isBinary)) as { action?: string; ch?: string; code?: unknown; data?: Record<string, unknown> };
      if (message.action === "ping") {
        send(JSON.stringify({ action: "pong", data: { ts: Number(numberText(message.data?.ts)) } }));
        return {};
      }
      const code = message.code === undefined ? null : numberText(message.code);
      if (message.action === "req" && message.ch === "auth") {
        if (code !== "200") return { restart: `auth refused (${code})` };
        send(JSON.stringify({ action: "sub", ch: "accounts.update#2" }));
        return {};
      }
      if (message.action === "sub") return code === "200" ? { subscribed: true } : { restart: `subscription refused (${code})` };
      if (message.action !== "push" || message.ch !== "accounts.update#2" || !message.data) return {};
      const d = message.data;
      const seq = BigInt(numberText(d.seqNum ?? "0"));
      if (seq <= last.seq) return {};
      last.seq = seq;
      const total = wireDecimal(d.balance, "balance");
      const free = wireDecimal(d.available, "available");
      const change: StreamChange = {
        connectionId: config.id,
        type: AccountType.SPOT,
        symbol: null,
        balances: [makeBalance({ asset: wireString(d.currency, "currency"), free, locked: total.minus(free) })],
        complete: false,
        at: new Date(d.changeTime === null || d.changeTime === undefined ? (deps.now ?? Date.now)() : Number(numberText(d.changeTime))),
      };
      return { changes: [change] };
    },
  };
}

/**
 * USDT-M cross on the linear-swap notification socket (gzip frames): `op: auth`
 * (SignatureVersion 2), then `accounts_cross.USDT`; each push (in `ts` order) makes the cross
 * account re-read, so its margin figures come from the same REST mapping as a query, whatever
 * margin mode the account is in. `{"op":"ping","ts":"…"}` is answered with the same ts text.
 */
function swapSession(config: HtxConnectionConfig, deps: HtxStreamDeps, last: { ts: number }): StreamSession {
  const url = config.urls.swapWs;
  const cid = randomUUID().slice(0, 16);
  return {
    url: async () => url,
    opened(send) {
      const params = { AccessKeyId: config.credentials.accessKey, SignatureMethod: "HmacSHA256", SignatureVersion: "2", Timestamp: htxTimestamp((deps.now ?? Date.now)()) };
      send(JSON.stringify({ op: "auth", type: "api", ...params, Signature: wsSignature(url, params, config.credentials.secretKey) }));
    },
    frame(data, isBinary, send): FrameOutcome {
      const message = parseJsonExact(text(data, isBinary)) as Record<string, unknown>;
      if (message.op === "ping") {
        send(JSON.stringify({ op: "pong", ts: numberText(message.ts) }));
        return {};
      }
      const errCode = message["err-code"] === undefined ? null : numberText(message["err-code"]);
      if (message.op === "auth") {
        if (errCode !== "0") return { restart: `auth refused (${errCode})` };
        send(JSON.stringify({ op: "sub", cid, topic: "accounts_cross.USDT" }));
        return {};
      }
      if (message.op === "sub") return errCode === "0" ? { subscribed: true } : { restart: `subscription refused (${errCode})` };
      if (message.op === "close") return { restart: "closed by the exchange" };
      if (message.op !== "notify" || message.topic !== "accounts_cross") return {};
      const ts = Number(numberText(message.ts));
      if (ts < last.ts) return {};
      last.ts = ts;
      return { changes: [{ connectionId: config.id, type: AccountType.USDM_FUTURES, symbol: null, balances: null, complete: false, at: new Date(ts) }] };
    },
  };
}

/** The HTX connection's stream families: spot and the USDT-M cross account (isolated contract accounts are polled). */
export function htxStreamFamilies(config: HtxConnectionConfig, deps: HtxStreamDeps = {}): AccountStreamFamily[] {
  const types = config.accountTypes ?? [AccountType.SPOT, AccountType.USDM_FUTURES];
  const families: AccountStreamFamily[] = [];
  if (types.includes(AccountType.SPOT)) {
    const last = { seq: -1n };
    families.push(
      accountStream(
        config.id,
        "spot",
        AccountType.SPOT,
        () => true,
        () => spotSession(config, deps, last),
      ),
    );
  }
  if (types.includes(AccountType.USDM_FUTURES)) {
    const last = { ts: 0 };
    families.push(
      accountStream(
        config.id,
        "usdm-cross",
        AccountType.USDM_FUTURES,
        (key) => key.symbol === null,
        () => swapSession(config, deps, last),
      ),
    );
  }
  return families;
}
