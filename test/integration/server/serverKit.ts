import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CofferConfig } from "../../../src/settings/config.types.js";
import { startSandbox, type Sandbox, type SandboxOptions } from "../../../src/server/sandbox.js";
import { createCoffer, type Coffer, type CofferOptions } from "../../../src/server/createCoffer.js";
import { createLogger } from "../../../src/observability/logger.js";

export interface HardenedCoffer {
  readonly sandbox: Sandbox;
  readonly coffer: Coffer;
  readonly url: string;
  /** Every log line Coffer wrote, through pino with redaction. */
  readonly logLines: string[];
  /** Every response body a test read (for the secrets grep). */
  readonly responses: string[];
  /** Upstream calls the simulators received so far. */
  upstreamCalls(): number;
  /** POST /graphql with any body and headers; returns status, headers and the body text (and JSON when it is JSON). */
  post(body: string | object, headers?: Record<string, string>): Promise<RawResponse>;
  get(path: string, headers?: Record<string, string>): Promise<RawResponse>;
  close(): Promise<void>;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: { data?: unknown; errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }> } | null;
}

/** The sandbox simulators and a Coffer on them with hardening options, on free ports, with a temp journal. */
export async function startHardenedCoffer(
  sandboxOptions: Omit<SandboxOptions, "port" | "journal"> = {},
  cofferOptions: Omit<CofferOptions, "logger" | "demoToken"> = {},
  /** Changes the sandbox's config before Coffer starts (e.g. shorter timeouts). */
  configure: (config: CofferConfig) => CofferConfig = (config) => config,
): Promise<HardenedCoffer> {
  const dir = mkdtempSync(join(tmpdir(), "coffer-hardening-"));
  const sandbox = await startSandbox({ ...sandboxOptions, port: 0, journal: `sqlite:${join(dir, "journal.sqlite")}` });
  const logLines: string[] = [];
  const responses: string[] = [];
  const logger = createLogger({ level: "debug", write: (line) => logLines.push(line) });
  const coffer = await createCoffer(configure(sandbox.config), { logger, demoToken: sandbox.demoToken, processMetrics: false, ...cofferOptions });
  await coffer.ready; // the start-up warm-up's calls are not a test's
  const read = async (response: Response): Promise<RawResponse> => {
    const text = await response.text();
    responses.push(text);
    let json: RawResponse["json"];
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    return { status: response.status, headers: response.headers, text, json };
  };
  return {
    sandbox,
    coffer,
    url: coffer.url,
    logLines,
    responses,
    upstreamCalls: () => sandbox.binance.calls.length + sandbox.htx.calls.length,
    async post(body, headers = {}) {
      const response = await fetch(`${coffer.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
      return read(response);
    },
    async get(path, headers = {}) {
      return read(await fetch(`${coffer.url}${path}`, { headers }));
    },
    async close() {
      await coffer.close();
      await sandbox.close();
    },
  };
}

/** The codes the architecture documents. */
export const DOCUMENTED_CODES = [
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "BAD_USER_INPUT",
  "UNSUPPORTED_ROUTE",
  "NOT_FOUND",
  "INSUFFICIENT_BALANCE",
  "IDEMPOTENCY_CONFLICT",
  "TRANSFER_IN_PROGRESS",
  "RATE_LIMITED",
  "UPSTREAM_UNAVAILABLE",
  "UPSTREAM_REJECTED",
  "INTERNAL_SERVER_ERROR",
];
