import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { startSandboxCoffer, type SandboxCoffer } from "../support/startSandboxCoffer.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

let env: SandboxCoffer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  env = await startSandboxCoffer();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await env?.close();
});

/**
 * Waits until GraphiQL has taken in the query editor's text as the operation named `name`.
 * GraphiQL runs what its editor last parsed, not what it shows: it re-reads the text 100 ms
 * after the last edit (later on a busy machine), and until then the execute button sends the
 * new text with the previous operation name (over HTTP, since the parsed document is still a
 * query). The name is set once the editor is wired to the execute button, so this also waits
 * for a freshly loaded page to be able to run anything.
 */
async function waitForOperation(page: Page, name: string): Promise<void> {
  await page.waitForFunction(
    (expected) => {
      const editor = document.querySelector(".graphiql-query-editor .CodeMirror") as unknown as { CodeMirror?: { operationName?: string | null } } | null;
      return editor?.CodeMirror?.operationName === expected;
    },
    name,
    { timeout: 60_000 },
  );
}

/** Waits until the result pane shows every marker, or an error, and returns its text (a failure shows at once, not after a timeout). */
async function waitForResult(page: Page, markers: readonly string[]): Promise<string> {
  await page.waitForFunction(
    (wanted) => {
      const text = document.querySelector(".graphiql-response")?.textContent ?? "";
      return text.includes('"errors"') || wanted.every((m) => text.includes(m));
    },
    markers,
    { timeout: 60_000 },
  );
  return page.evaluate(() => document.querySelector(".graphiql-response")?.textContent ?? "");
}

describe("GraphiQL in a real browser", () => {
  it("loads from Coffer alone, runs the pre-filled query with the demo token, and shows the result", async () => {
    const page = await browser.newPage();
    const origin = new URL(env.url).origin;
    const foreign: string[] = [];
    page.on("request", (request) => {
      const url = request.url();
      if (!url.startsWith(origin) && !url.startsWith("data:") && !url.startsWith("blob:")) foreign.push(url);
    });
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    const failed: string[] = [];
    page.on("response", (r) => {
      if (r.status() >= 400 && !r.url().endsWith("/favicon.ico")) failed.push(`${r.status()} ${r.request().method()} ${r.url()}`);
    });

    await page.goto(`${env.url}/graphql`, { waitUntil: "load" });
    await page.waitForSelector(".graphiql-execute-button", { timeout: 60_000 });
    await waitForOperation(page, "Dashboard");

    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${env.url}/graphql` && r.request().method() === "POST" && (r.request().postData() ?? "").includes("Dashboard")),
      page.click(".graphiql-execute-button"),
    ]);
    expect(response.status()).toBe(200);
    // The pre-filled header carried the demo token, so the query was authorized.
    expect(response.request().headers()["authorization"]).toBe(`Bearer ${env.sandbox.demoToken}`);

    const body = (await response.json()) as { data: { accounts: Array<{ exchange: string }>; portfolio: { assets: unknown[] } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(new Set(body.data.accounts.map((a) => a.exchange))).toEqual(new Set(["BINANCE", "HTX"]));
    expect(body.data.portfolio.assets.length).toBeGreaterThan(0);

    // The result pane shows it (CodeMirror renders only the visible lines: the top of the result).
    const shown = await waitForResult(page, ['"connections"', '"BINANCE"', '"HTX"', '"accounts"']);
    expect(shown).not.toContain('"errors"');

    // The docs explorer got the schema: introspection was authorized too.
    expect(failed).toEqual([]);

    expect(foreign).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 120_000);

  it("runs a subscription over graphql-ws from the page and shows its SNAPSHOT", async () => {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    const sockets: string[] = [];
    page.on("websocket", (ws) => sockets.push(ws.url()));
    const response = await page.goto(`${env.url}/graphql`, { waitUntil: "load" });
    // The page's CSP lets it open a WebSocket to its own origin.
    expect(response?.headers()["content-security-policy"]).toContain(`connect-src 'self' ws://${new URL(env.url).host}`);
    await page.waitForSelector(".graphiql-execute-button", { timeout: 60_000 });
    await waitForOperation(page, "Dashboard");
    await page.evaluate(() => {
      const editor = document.querySelector(".graphiql-query-editor .CodeMirror") as unknown as { CodeMirror: { setValue(text: string): void } };
      editor.CodeMirror.setValue("subscription Live { accountUpdates(filter: { exchanges: [BINANCE], types: [SPOT] }) { reason account { type balances { asset total } } } }");
    });
    // Clicking before GraphiQL has parsed the new text would send it as an HTTP query named
    // "Dashboard" ("Unknown operation named ..."), and no WebSocket would ever open.
    await waitForOperation(page, "Live");
    await page.click(".graphiql-execute-button");
    const shown = await waitForResult(page, ['"accountUpdates"', '"SNAPSHOT"', '"SPOT"']);
    expect(shown).not.toContain('"errors"');
    expect(sockets).toEqual([`${env.url.replace(/^http/, "ws")}/graphql`]);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 120_000);
});
