import type http from "node:http";
import { WebSocketServer, type WebSocket } from "ws";

/** Keep-alive rules of one exchange stream: how often the server pings and how long it waits. */
export interface SimStreamRules {
  /** Ping frame interval or application ping interval, ms. */
  readonly pingEveryMs: number;
  /** Closed when nothing (pong or any message) came back for this long, ms. */
  readonly silentCloseMs: number;
  /** Hard lifetime of a connection (e.g. 24 h), ms. */
  readonly lifetimeMs: number;
}

/** One path's handler: called for each new connection. */
export interface SimStreamRoute {
  readonly name: string;
  matches(path: string, query: URLSearchParams): boolean;
  /** Refuse the upgrade by returning an HTTP status (e.g. 400 for a bad listenKey). */
  accept?(path: string, query: URLSearchParams): number | null;
  /** `host` is the Host header the client connected with (some exchanges sign it). */
  connected(socket: WebSocket, path: string, query: URLSearchParams, host: string): void;
}

export interface SimStreams {
  /** Connections opened per route name (tests count upstream streams). */
  readonly opened: Record<string, number>;
  /** Open sockets of a route. */
  sockets(route: string): WebSocket[];
  /** The fault switch: drops every open stream socket at once (no close frame). */
  dropAll(): void;
  close(): Promise<void>;
}

/**
 * The simulators' WebSocket side: routes upgrades on their HTTP listeners by path, counts the
 * connections, and keeps the exchange's keep-alive rules (a ping every `pingEveryMs` by the
 * caller, close after `silentCloseMs` without an answer, close at `lifetimeMs`).
 */
export function attachSimStreams(servers: readonly http.Server[], routes: readonly SimStreamRoute[]): SimStreams {
  const wss = new WebSocketServer({ noServer: true });
  const opened: Record<string, number> = {};
  const byRoute = new Map<string, Set<WebSocket>>();
  const onUpgrade = (request: http.IncomingMessage, socket: import("node:stream").Duplex, head: Buffer) => {
    const url = new URL(request.url ?? "/", "http://sim");
    const route = routes.find((r) => r.matches(url.pathname, url.searchParams));
    const refusal = route ? (route.accept?.(url.pathname, url.searchParams) ?? null) : 404;
    if (!route || refusal !== null) {
      socket.end(`HTTP/1.1 ${refusal ?? 404} Refused\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      opened[route.name] = (opened[route.name] ?? 0) + 1;
      let set = byRoute.get(route.name);
      if (!set) byRoute.set(route.name, (set = new Set()));
      set.add(ws);
      ws.on("close", () => set!.delete(ws));
      ws.on("error", () => undefined);
      route.connected(ws, url.pathname, url.searchParams, request.headers.host ?? "");
    });
  };
  for (const server of servers) server.on("upgrade", onUpgrade);
  const all = () => [...byRoute.values()].flatMap((s) => [...s]);
  return {
    opened,
    sockets: (name) => [...(byRoute.get(name) ?? [])],
    dropAll() {
      for (const ws of all()) ws.terminate();
    },
    async close() {
      for (const server of servers) server.off("upgrade", onUpgrade);
      for (const ws of all()) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/**
 * Keep-alive for one simulated connection: `ping()` every `pingEveryMs`, closed when nothing was
 * heard for `silentCloseMs`, closed at `lifetimeMs`. `heard()` is called on every answer.
 */
export function keepAlive(socket: WebSocket, rules: SimStreamRules, ping: () => void): { heard(): void } {
  let lastHeard = Date.now();
  const timer = setInterval(() => {
    if (Date.now() - lastHeard > rules.silentCloseMs) {
      socket.terminate();
      return;
    }
    ping();
  }, rules.pingEveryMs);
  const life = setTimeout(() => socket.close(1000, "connection lifetime reached"), rules.lifetimeMs);
  timer.unref();
  life.unref();
  socket.on("close", () => {
    clearInterval(timer);
    clearTimeout(life);
  });
  return {
    heard() {
      lastHeard = Date.now();
    },
  };
}
