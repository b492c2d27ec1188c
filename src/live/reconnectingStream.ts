import WebSocket from "ws";
import type { Logger } from "../observability/logger.js";
import type { StreamChange } from "./liveAccounts.js";
import { DEFAULT_TUNING } from "../settings/tuning.js";

/** What one frame meant to the exchange's protocol. */
export interface FrameOutcome {
  /** The account subscription is now active (the stream is live). */
  readonly subscribed?: boolean;
  readonly changes?: readonly StreamChange[];
  /** The stream ended (expiry, termination, refusal): reconnect, saying why (no secret in it). */
  readonly restart?: string;
}

/**
 * One connection attempt's exchange protocol: where to connect (a listen key may be fetched
 * first), what to send once open (auth, subscribe), what each frame means, and any timers
 * (renewals) it runs until `close`. Created anew for every attempt.
 */
export interface StreamSession {
  url(): Promise<string>;
  /** Sends the handshake; true when the stream is live as soon as it is open (a listenKey URL). */
  opened(send: (text: string) => void): boolean | void;
  frame(data: Buffer, isBinary: boolean, send: (text: string) => void): FrameOutcome;
  close?(): void;
}

export interface ReconnectingStreamOptions {
  /** Names the stream in logs: connection and family, never a URL (it may hold a listen key). */
  readonly name: Record<string, string>;
  readonly logger: Logger;
  createSession(): StreamSession;
  onChanges(changes: readonly StreamChange[]): void;
  /** Each time the subscription becomes active (first time and after every reconnect). */
  onLive(): void;
  /** Each time it stops being active. */
  onDown(): void;
  /** First retry delay and the cap, ms (default 250 ms doubling to 30 s), full jitter. */
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  /** Closed and reopened when no frame arrived for this long (default 90 s; exchanges ping well within). */
  readonly silenceMs?: number;
  readonly random?: () => number;
}

export interface ReconnectingStream {
  readonly live: boolean;
  /** Connection attempts made (tests, metrics). */
  readonly attempts: number;
  start(): void;
  stop(): void;
}

/**
 * The one reconnect mechanic every exchange stream uses: connect, run the session's handshake,
 * and on a drop, an error, silence or a session-declared end (expiry, termination) reconnect
 * after an exponential backoff with full jitter, reset once a subscription is active again.
 */
export function createReconnectingStream(options: ReconnectingStreamOptions): ReconnectingStream {
  const log = options.logger.child({ component: "stream", ...options.name });
  const backoff = options.backoff ?? DEFAULT_TUNING.streamBackoff;
  const random = options.random ?? Math.random;
  let running = false;
  let live = false;
  let failures = 0;
  let attempts = 0;
  let socket: WebSocket | null = null;
  let session: StreamSession | null = null;
  let retry: NodeJS.Timeout | null = null;
  let silence: NodeJS.Timeout | null = null;

  function setLive(next: boolean): void {
    if (live === next) return;
    live = next;
    if (next) options.onLive();
    else options.onDown();
  }

  function teardown(): void {
    if (silence) clearTimeout(silence);
    silence = null;
    session?.close?.();
    session = null;
    const s = socket;
    socket = null;
    if (s) {
      s.removeAllListeners();
      s.on("error", () => undefined);
      s.terminate();
    }
    setLive(false);
  }

  function scheduleReconnect(reason: string): void {
    teardown();
    if (!running) return;
    const ceiling = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(failures, 16));
    const delay = Math.round(random() * ceiling);
    failures++;
    log.warn({ reason, retryInMs: delay, failures }, "account stream down; reconnecting");
    retry = setTimeout(connect, delay);
    retry.unref();
  }

  function armSilence(): void {
    if (silence) clearTimeout(silence);
    silence = setTimeout(() => scheduleReconnect("no frame within the silence limit"), options.silenceMs ?? 90_000);
    silence.unref();
  }

  function connect(): void {
    retry = null;
    if (!running) return;
    attempts++;
    const own = options.createSession();
    session = own;
    own
      .url()
      .then((url) => {
        if (session !== own || !running) return;
        const ws = new WebSocket(url, { handshakeTimeout: 10_000 });
        socket = ws;
        const send = (text: string) => {
          if (ws.readyState === WebSocket.OPEN) ws.send(text);
        };
        ws.on("open", () => {
          armSilence();
          if (own.opened(send) === true) {
            failures = 0;
            setLive(true);
          }
        });
        ws.on("message", (data: Buffer, isBinary: boolean) => {
          armSilence();
          let outcome: FrameOutcome;
          try {
            outcome = own.frame(Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer), isBinary, send);
          } catch (error) {
            log.warn({ err: error instanceof Error ? error.message : String(error) }, "unreadable stream frame ignored");
            return;
          }
          if (outcome.subscribed) {
            failures = 0;
            setLive(true);
          }
          if (outcome.changes?.length) options.onChanges(outcome.changes);
          if (outcome.restart) scheduleReconnect(outcome.restart);
        });
        ws.on("ping", () => armSilence());
        ws.on("close", (code) => scheduleReconnect(`closed (${code})`));
        ws.on("error", (error) => scheduleReconnect(`socket error: ${error.message.replace(/[?&](listenKey|signature)=[^&\s]*/g, "")}`));
      })
      .catch((error: unknown) => scheduleReconnect(`could not prepare the stream: ${error instanceof Error ? error.message : String(error)}`));
  }

  return {
    get live() {
      return live;
    },
    get attempts() {
      return attempts;
    },
    start() {
      if (running) return;
      running = true;
      failures = 0;
      connect();
    },
    stop() {
      running = false;
      if (retry) clearTimeout(retry);
      retry = null;
      teardown();
    },
  };
}
