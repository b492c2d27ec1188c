import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { createCoffer, type Coffer, type CofferOptions } from "../../../src/server/createCoffer.js";
import type { AccountKey } from "../../../src/domain/accountKey.js";
import { sha256Hex } from "../../../src/graphql/auth.js";
import { createLogger } from "../../../src/observability/logger.js";
import { MONEY_TOKEN, moneyConfig, startMoneySimulators, type MoneySimulatorOptions, type MoneySimulators } from "../../support/moneyCoffer.js";

export const READ_TOKEN = "live-read-only-token";
export const NO_READ_TOKEN = "live-transfer-only-token";
export { MONEY_TOKEN as FULL_TOKEN };

export interface LiveWorld {
  readonly sims: MoneySimulators;
  readonly coffer: Coffer;
  readonly url: string;
  readonly wsUrl: string;
  readonly logLines: string[];
  close(): Promise<void>;
}

/** Two simulators and a Coffer on them with three tokens: read + transfer, read only, transfer only. */
export async function startLiveWorld(options: MoneySimulatorOptions & { cacheTtlMs?: number; timeoutMs?: number; coffer?: CofferOptions } = {}): Promise<LiveWorld> {
  const sims = await startMoneySimulators(options);
  const dir = mkdtempSync(join(tmpdir(), "coffer-live-"));
  const base = moneyConfig(sims, { journal: `sqlite:${join(dir, "journal.sqlite")}`, cacheTtlMs: options.cacheTtlMs ?? 1_000, timeoutMs: options.timeoutMs });
  const config = {
    ...base,
    tokens: [
      ...base.tokens,
      { name: "live-read", sha256: sha256Hex(READ_TOKEN), scopes: ["read" as const] },
      { name: "live-transfer-only", sha256: sha256Hex(NO_READ_TOKEN), scopes: ["transfer" as const] },
    ],
  };
  const logLines: string[] = [];
  const logger = createLogger({ level: "debug", write: (line) => logLines.push(line) });
  const coffer = await createCoffer(config, { logger, processMetrics: false, ...options.coffer });
  return {
    sims,
    coffer,
    url: coffer.url,
    wsUrl: coffer.url.replace(/^http/, "ws") + "/graphql",
    logLines,
    async close() {
      await coffer.close();
      await sims.close();
    },
  };
}

export interface Received<T> {
  readonly messages: T[];
  readonly errors: unknown[];
  /** Resolves with the close event code once the socket closes. */
  readonly closed: Promise<number>;
  /** Waits (polling) until `check` finds something in the messages. */
  waitFor<R>(what: string, check: (messages: T[]) => R | undefined, ms?: number): Promise<R>;
  dispose(): void;
  readonly client: Client;
}

/** Opens a graphql-ws client (no retries) and runs one subscription, collecting what arrives. */
export function subscribe<T>(wsUrl: string, token: string | null, query: string, variables: Record<string, unknown> = {}, frames?: string[]): Received<T> {
  const messages: T[] = [];
  const errors: unknown[] = [];
  let closedWith: (code: number) => void = () => undefined;
  const closed = new Promise<number>((resolve) => (closedWith = resolve));
  const client = createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    connectionParams: token === null ? {} : { authorization: `Bearer ${token}` },
    on: {
      closed: (event) => closedWith((event as { code: number }).code),
      message: (message) => frames?.push(JSON.stringify(message)),
    },
    onNonLazyError: () => undefined,
  });
  const dispose = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        if (value.errors) errors.push(...value.errors);
        if (value.data) messages.push(value.data as T);
      },
      error: (error) => errors.push(error),
      complete: () => undefined,
    },
  );
  return {
    messages,
    errors,
    closed,
    client,
    async waitFor(what, check, ms = 20_000) {
      const until = Date.now() + ms;
      for (;;) {
        const found = check(messages);
        if (found !== undefined) return found;
        if (Date.now() > until) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(messages).slice(0, 2000)} errors ${JSON.stringify(errors)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    dispose() {
      dispose();
      void client.dispose();
    },
  };
}

export const ACCOUNT_UPDATES = `subscription Live($filter: AccountFilter) {
  accountUpdates(filter: $filter) {
    reason at
    account { id connectionId exchange type symbol subAccountEmail balances(includeZero: true) { asset free locked total } }
  }
}`;

export interface AccountUpdateMessage {
  accountUpdates: {
    reason: string;
    at: string;
    account: {
      id: string;
      connectionId: string;
      exchange: string;
      type: string;
      symbol: string | null;
      subAccountEmail: string | null;
      balances: Array<{ asset: string; free: string; locked: string; total: string }>;
    };
  };
}

export const TRANSFER_UPDATES = `subscription Transfers($filter: TransferFilter) {
  transferUpdates(filter: $filter) { id status exchangeTransferId asset amount from { type } to { type } }
}`;

export interface TransferUpdateMessage {
  transferUpdates: { id: string; status: string; exchangeTransferId: string | null; asset: string; amount: string; from: { type: string }; to: { type: string } };
}

/** The total of an asset in the last update of an account type (undefined before one arrives). */
export function lastTotal(messages: AccountUpdateMessage[], type: string, asset: string, reasons?: string[]): string | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const u = messages[i].accountUpdates;
    if (u.account.type !== type || u.account.subAccountEmail !== null) continue;
    if (reasons && !reasons.includes(u.reason)) continue;
    return u.account.balances.find((b) => b.asset === asset)?.total ?? "0";
  }
  return undefined;
}

/**
 * Waits until Coffer's streams for these account types are subscribed and the resync each
 * subscription starts has finished, so a change made next can only arrive through the stream.
 */
export async function streamsSettled(world: LiveWorld, connectionId: string, exchange: "BINANCE" | "HTX", types: readonly string[], ms = 20_000): Promise<void> {
  const keys = types.map((type) => ({ connectionId, exchange, type, symbol: null, subAccountEmail: null }) as unknown as AccountKey);
  const end = Date.now() + ms;
  while (!keys.every((k) => world.coffer.live.accounts.streaming(k))) {
    if (Date.now() > end) throw new Error(`timed out waiting for the ${types.join(", ")} streams`);
    await new Promise((r) => setTimeout(r, 20));
  }
  await world.coffer.live.accounts.idle();
}
