import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { existsSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser } from "playwright-core";
import { startSandboxCoffer, type SandboxCoffer } from "../support/startSandboxCoffer.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** A page server on its own localhost port: another origin than Coffer's 127.0.0.1 one. */
async function startPageServer(): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.setHeader("content-type", "text/html; charset=utf-8");
    res.end("<!doctype html><title>a dashboard on another origin</title><p>frontend</p>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://localhost:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let env: SandboxCoffer;
let browser: Browser;
let allowedPages: Awaited<ReturnType<typeof startPageServer>>;
let otherPages: Awaited<ReturnType<typeof startPageServer>>;
/** "METHOD origin" of every request Coffer received on /graphql. */
const received: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  allowedPages = await startPageServer();
  otherPages = await startPageServer();
  env = await startSandboxCoffer({ config: { cors: { origins: [allowedPages.origin], maxAgeSeconds: 600 } } });
  env.coffer.app.server.prependListener("request", (req: http.IncomingMessage) => {
    if (req.url?.startsWith("/graphql")) received.push(`${req.method} ${req.headers.origin ?? "-"}`);
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await env?.close();
  await allowedPages?.close();
  await otherPages?.close();
});

interface FetchOutcome {
  ok: boolean;
  status?: number;
  body?: { data?: { connections: Array<{ exchange: string }> }; errors?: unknown };
  error?: string;
}

/** Opens a page on `pageOrigin` and has it call Coffer with fetch, as a frontend would. */
async function callCofferFrom(pageOrigin: string): Promise<{ outcome: FetchOutcome; console: string[] }> {
  const page = await browser.newPage();
  const consoleLines: string[] = [];
  page.on("console", (message) => consoleLines.push(message.text()));
  await page.goto(`${pageOrigin}/`, { waitUntil: "load" });
  const outcome = await page.evaluate(
    async ({ endpoint, token }): Promise<FetchOutcome> => {
      try {
        const response = await fetch(endpoint, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: "query Connections { connections { id exchange } }" }),
        });
        return { ok: true, status: response.status, body: await response.json() };
      } catch (error) {
        return { ok: false, error: String(error) };
      }
    },
    { endpoint: `${env.url}/graphql`, token: env.sandbox.demoToken },
  );
  await page.close();
  return { outcome, console: consoleLines };
}

describe("a page on another origin calling Coffer in a real browser", () => {
  it("works from an allowed origin: the preflight passes and the page reads the answer", async () => {
    received.length = 0;
    const { outcome } = await callCofferFrom(allowedPages.origin);
    expect(outcome.ok).toBe(true);
    expect(outcome.status).toBe(200);
    expect(outcome.body!.errors).toBeUndefined();
    expect(outcome.body!.data!.connections.map((c) => c.exchange).sort()).toEqual(["BINANCE", "HTX"]);
    expect(received).toEqual([`OPTIONS ${allowedPages.origin}`, `POST ${allowedPages.origin}`]);
  });

  it("is blocked by the browser from an origin not on the list: the preflight is refused and the query never sent", async () => {
    received.length = 0;
    const { outcome, console } = await callCofferFrom(otherPages.origin);
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toContain("Failed to fetch");
    expect(console.join("\n")).toContain("blocked by CORS policy");
    expect(received).toEqual([`OPTIONS ${otherPages.origin}`]);
  });
});
