import { randomBytes } from "node:crypto";
import type { WebSocket } from "ws";
import { formatDecimal } from "../../../domain/decimal.js";
import { AccountType } from "../../../domain/enums.js";
import { keepAlive, type SimStreamRoute, type SimStreamRules } from "../../kit/simulator/simStreams.js";
import type { SimLedger, SimWalletRef } from "./ledger.js";

/** Futures user-data streams: ping frame every 3 min, closed after 10 min without a pong, 24 h life. */
export const BINANCE_FUTURES_WS_RULES: SimStreamRules = { pingEveryMs: 180_000, silentCloseMs: 600_000, lifetimeMs: 24 * 3600_000 };
/** A listenKey lives 60 minutes unless posted again. */
export const LISTEN_KEY_TTL_MS = 60 * 60_000;

type Kind = "usdm" | "coinm";

export interface SimFuturesStreamOptions {
  readonly ledger: SimLedger;
  readonly rules: SimStreamRules;
  readonly listenKeyTtlMs: number;
  readonly now: () => number;
}

/**
 * The futures hosts' user-data streams: `POST /fapi|dapi/v1/listenKey` (the same key while it
 * is active, its life extended), USDⓈ-M on `/private/ws?listenKey=…` (the 2026 form), COIN-M on
 * `/ws/<listenKey>`; `ACCOUNT_UPDATE` (wallet balances of the changed wallet, `m`
 * ASSET_TRANSFER) on every ledger change of that wallet; `listenKeyExpired` when a key runs out.
 */
export function binanceFuturesStreams(options: SimFuturesStreamOptions) {
  const keys: Record<Kind, { key: string; expiresAt: number } | null> = { usdm: null, coinm: null };
  const sockets: Record<Kind, Set<WebSocket>> = { usdm: new Set(), coinm: new Set() };
  const valid = (kind: Kind, key: string | null) => keys[kind]?.key === key && (keys[kind]?.expiresAt ?? 0) > options.now();

  function route(kind: Kind): SimStreamRoute {
    const keyOf = (path: string, query: URLSearchParams) => (kind === "usdm" ? query.get("listenKey") : decodeURIComponent(path.slice("/ws/".length)));
    return {
      name: kind,
      matches: (path) => (kind === "usdm" ? path === "/private/ws" : path.startsWith("/ws/")),
      accept: (path, query) => (valid(kind, keyOf(path, query)) ? null : 400),
      connected(socket) {
        sockets[kind].add(socket);
        const alive = keepAlive(socket, options.rules, () => socket.ping());
        socket.on("pong", () => alive.heard());
        socket.on("message", () => alive.heard());
        socket.on("close", () => sockets[kind].delete(socket));
      },
    };
  }

  function push(kind: Kind, type: AccountType): void {
    const E = options.now();
    if (!valid(kind, keys[kind]?.key ?? null)) {
      for (const socket of sockets[kind]) socket.send(JSON.stringify({ e: "listenKeyExpired", E: String(E), listenKey: keys[kind]?.key ?? "" }));
      return;
    }
    const B = options.ledger.rows({ type }).map(([a, r]) => ({ a, wb: formatDecimal(r.free.plus(r.locked)), cw: formatDecimal(r.free), bc: "0" }));
    const event = JSON.stringify({ e: "ACCOUNT_UPDATE", E, T: E, a: { m: "ASSET_TRANSFER", B, P: [] } });
    for (const socket of sockets[kind]) socket.send(event);
  }

  options.ledger.onChange((wallets: readonly SimWalletRef[]) => {
    if (wallets.some((w) => w.type === AccountType.USDM_FUTURES && !w.subAccountEmail)) push("usdm", AccountType.USDM_FUTURES);
    if (wallets.some((w) => w.type === AccountType.COINM_FUTURES && !w.subAccountEmail)) push("coinm", AccountType.COINM_FUTURES);
  });

  return {
    routes: { usdm: route("usdm"), coinm: route("coinm") },
    /** POST listenKey: the active key (its life extended) or a new one. */
    listenKey(kind: Kind): { listenKey: string } {
      const now = options.now();
      const current = keys[kind];
      const key = current && current.expiresAt > now ? current.key : randomBytes(32).toString("hex");
      keys[kind] = { key, expiresAt: now + options.listenKeyTtlMs };
      return { listenKey: key };
    },
  };
}
