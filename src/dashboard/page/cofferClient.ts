import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import { createClient, type Client } from "graphql-ws";

/** One GraphQL error as Coffer sends it: every error has extensions.code. */
export interface CofferError {
  readonly message: string;
  readonly path?: ReadonlyArray<string | number>;
  readonly extensions?: { readonly code?: string; readonly connectionId?: string; readonly [key: string]: unknown };
}

/** An answer: data may be partial (one exchange down) with located errors beside it. */
export interface CofferResult<T> {
  readonly data: T | null;
  readonly errors: readonly CofferError[];
  readonly status: number;
}

export interface CofferClientOptions {
  /** e.g. "/graphql" (same origin) or "https://coffer.example/graphql". */
  readonly endpoint: string;
  /** The bearer token; sent on every request and in graphql-ws connection_init. */
  readonly token: string;
}

export interface CofferClient {
  /** Runs a query or mutation over HTTP POST. Never throws for GraphQL errors: read `errors`. */
  request<T, V>(document: TypedDocumentNode<T, V>, variables: V): Promise<CofferResult<T>>;
  /** Subscribes over graphql-ws; returns the function that ends the subscription. */
  subscribe<T, V>(document: TypedDocumentNode<T, V>, variables: V, sink: { next(data: T): void; error(errors: readonly CofferError[]): void }): () => void;
  /** Called with true when the WebSocket is open, false when it closes. */
  onLive(listener: (live: boolean) => void): void;
  dispose(): void;
}

/**
 * A typed Coffer client over fetch and graphql-ws, taking the codegen'd documents
 * (TypedDocumentNode): results and variables are typed from the schema. Copy it as is.
 */
export function createCofferClient(options: CofferClientOptions): CofferClient {
  const auth = `Bearer ${options.token}`;
  const base = typeof location === "undefined" ? options.endpoint : new URL(options.endpoint, location.href).toString();
  const wsUrl = base.replace(/^http/, "ws");
  const liveListeners: Array<(live: boolean) => void> = [];
  let ws: Client | null = null;
  const socket = (): Client => {
    ws ??= createClient({
      url: wsUrl,
      lazy: true,
      retryAttempts: 1_000,
      connectionParams: () => ({ authorization: auth }),
      on: {
        connected: () => liveListeners.forEach((l) => l(true)),
        closed: () => liveListeners.forEach((l) => l(false)),
      },
    });
    return ws;
  };
  return {
    async request(document, variables) {
      const response = await fetch(base, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", authorization: auth },
        body: JSON.stringify({ query: print(document), variables }),
      });
      let body: { data?: unknown; errors?: CofferError[] } = {};
      try {
        body = (await response.json()) as typeof body;
      } catch {
        body = { errors: [{ message: `HTTP ${response.status}`, extensions: { code: "INTERNAL_SERVER_ERROR" } }] };
      }
      return { data: (body.data ?? null) as never, errors: body.errors ?? [], status: response.status };
    },
    subscribe(document, variables, sink) {
      return socket().subscribe(
        { query: print(document), variables: variables as Record<string, unknown> },
        {
          next: (result) => {
            if (result.errors?.length) sink.error(result.errors as unknown as CofferError[]);
            if (result.data) sink.next(result.data as never);
          },
          error: (error) => sink.error(Array.isArray(error) ? error : [{ message: error instanceof Error ? error.message : "The live connection closed." }]),
          complete: () => undefined,
        },
      );
    },
    onLive(listener) {
      liveListeners.push(listener);
    },
    dispose() {
      void ws?.dispose();
    },
  };
}
