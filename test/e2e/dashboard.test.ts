import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { SANDBOX_READONLY_TOKEN, SANDBOX_TOKEN } from "../../src/server/sandbox.js";
import { AccountType } from "../../src/domain/enums.js";
import { ValuedDashboardDocument, ViewerDocument } from "../generated/graphql.js";
import { postGraphql } from "../support/postGraphql.js";
import { startSandboxCoffer, type SandboxCoffer } from "../support/startSandboxCoffer.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SHOTS = "test/e2e/screenshots";

let env: SandboxCoffer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  // The page is bundled at build time (npm run build does the same).
  execFileSync(process.execPath, ["scripts/buildDashboard.mjs"], { stdio: "inherit" });
  mkdirSync(SHOTS, { recursive: true });
  // No reads of the exchanges' histories for transferUpdates: they are GETs on the transfer
  // path that the UNKNOWN test's one-shot fault targets, and one could take it instead of the POST.
  env = await startSandboxCoffer({ coffer: { historyWatch: { intervalMs: 0 } } });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await env?.close();
});

/** A page that records every request leaving the origin, every console error and page error. */
async function openDashboard(token?: string): Promise<{ page: Page; foreign: string[]; problems: string[]; posts: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const origin = new URL(env.url).origin;
  const foreign: string[] = [];
  const problems: string[] = [];
  const posts: string[] = [];
  page.on("request", (r) => {
    const url = r.url();
    if (r.method() === "POST") posts.push(r.postData() ?? "");
    if (!url.startsWith(origin) && !url.startsWith(origin.replace(/^http/, "ws")) && !url.startsWith("data:")) foreign.push(url);
  });
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  if (token) await page.addInitScript((t) => sessionStorage.setItem("coffer.dashboard.token", t), token);
  await page.goto(`${env.url}/`, { waitUntil: "load" });
  await page.waitForSelector("#total-value", { timeout: 30_000 });
  return { page, foreign, problems, posts };
}

const walletText = (page: Page, exchange: string, name: string) =>
  page.evaluate(
    ([ex, n]) =>
      Array.from(document.querySelectorAll<HTMLTableRowElement>(`#wallets tr[data-exchange="${ex}"]`)).find((tr) => tr.cells[1]!.firstChild!.textContent === n)?.cells[2]!
        .textContent ?? null,
    [exchange, name],
  );

describe("the dashboard in a real browser", () => {
  it("loads from / with the demo token, from Coffer alone, goes live, and its total is the API's portfolio.value", async () => {
    const { page, foreign, problems } = await openDashboard();
    expect(page.url()).toBe(`${env.url}/dashboard`);
    await page.waitForSelector('#live[data-state="live"]', { timeout: 20_000 });

    for (const quote of ["USDT", "BTC"]) {
      await page.fill("#quote", quote);
      await page.press("#quote", "Tab");
      await page.waitForSelector(`#total-value[data-quote="${quote}"]`, { timeout: 20_000 });
      const api = await postGraphql(env.url, ValuedDashboardDocument, { filter: { includeSubAccounts: true }, quote }, SANDBOX_TOKEN);
      expect(api.errors).toBeUndefined();
      expect(await page.textContent("#total-value")).toBe(api.data!.portfolio.value.total);
    }
    await page.fill("#quote", "USDT");
    await page.press("#quote", "Tab");
    await page.waitForSelector('#total-value[data-quote="USDT"]');

    // Every wallet the API lists has a row; margin accounts show their risk level.
    const api = await postGraphql(env.url, ValuedDashboardDocument, { filter: { includeSubAccounts: true }, quote: "USDT" }, SANDBOX_TOKEN);
    expect(await page.locator("#wallets tbody tr").count()).toBe(api.data!.accounts.length);
    const margins = api.data!.marginAccounts.filter((m) => m !== null);
    expect(await page.locator("#margin tbody tr").count()).toBe(margins.length);
    for (const m of margins) expect(await page.textContent(`tr[data-margin="${m!.id}"] .risk`)).toBe(m!.riskLevel);
    expect(await page.locator("#chart-exchange rect").count()).toBe(2);

    // Sorting by exchange puts BINANCE rows first, then (clicked again) HTX first.
    await page.click('th[data-sort="exchange"]');
    const first = await page.getAttribute("#wallets tbody tr:first-child", "data-exchange");
    await page.click('th[data-sort="exchange"]');
    expect(await page.getAttribute("#wallets tbody tr:first-child", "data-exchange")).not.toBe(first);
    await page.click('th[data-sort="value"]');

    await page.screenshot({ path: `${SHOTS}/dashboard-full.png`, fullPage: true });
    await page.locator("#summary").screenshot({ path: `${SHOTS}/worth.png` });
    await page.locator("#wallets-section").screenshot({ path: `${SHOTS}/wallets.png` });
    await page.locator("#margin-section").screenshot({ path: `${SHOTS}/margin.png` });
    await page.locator("#history-section").screenshot({ path: `${SHOTS}/history.png` });
    expect(foreign).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);

  it("makes a transfer from the form: it settles, shows in the history, and both wallets change live without a reload", async () => {
    const { page, foreign, problems } = await openDashboard();
    await page.waitForSelector('#live[data-state="live"]', { timeout: 20_000 });
    await page.waitForSelector("#t-route option", { state: "attached", timeout: 20_000 });
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    const spotBefore = await walletText(page, "BINANCE", "SPOT");
    const fundingBefore = await walletText(page, "BINANCE", "FUNDING");
    expect(spotBefore).toContain("USDT");

    await page.selectOption("#t-connection", "binance-sandbox");
    await page.selectOption("#t-route", { label: "SPOT → FUNDING" });
    expect(await page.isHidden("#t-from-symbol")).toBe(true);
    await page.fill("#t-asset", "USDT");
    await page.fill("#t-amount", "12.5");
    const [request] = await Promise.all([page.waitForRequest((r) => r.method() === "POST" && (r.postData() ?? "").includes("mutation Transfer")), page.click("#t-submit")]);
    const key = (JSON.parse(request.postData()!) as { variables: { input: { idempotencyKey: string } } }).variables.input.idempotencyKey;
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    await page.waitForSelector('#transfer-outcome[data-status="CONFIRMED"]', { timeout: 20_000 });
    const id = await page.getAttribute("#transfer-outcome", "data-transfer");
    await page.waitForSelector(`#history tr[data-transfer="${id}"][data-key="${key}"]`, { timeout: 20_000 });

    // Both wallets' rows change through accountUpdates, highlighted, without a reload.
    await page.waitForFunction(
      ([s, f]) => {
        const row = (n: string) =>
          Array.from(document.querySelectorAll<HTMLTableRowElement>('#wallets tr[data-exchange="BINANCE"]')).find((tr) => tr.cells[1]!.firstChild!.textContent === n);
        return row("SPOT")?.cells[2]!.textContent !== s && row("FUNDING")?.cells[2]!.textContent !== f;
      },
      [spotBefore, fundingBefore],
      { timeout: 20_000 },
    );
    expect(await page.locator("#wallets tr.changed").count()).toBeGreaterThanOrEqual(2);
    await page.locator("#transfer-section").screenshot({ path: `${SHOTS}/transfer.png` });
    await page.locator("#wallets-section").screenshot({ path: `${SHOTS}/wallets-live.png` });
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);

    // History filters and paging: the asset filter keeps only USDT; the page after the first has other transfers.
    await page.fill("#h-asset", "BTC");
    await page.click("#history-filter button");
    await page.waitForFunction((tid) => !document.querySelector(`#history tr[data-transfer="${tid}"]`), id, { timeout: 20_000 });
    await page.fill("#h-asset", "USDT");
    await page.click("#history-filter button");
    await page.waitForSelector(`#history tr[data-transfer="${id}"]`, { timeout: 20_000 });
    expect(foreign).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);

  it("shows a change made directly at the exchange (Binance's account stream) live, without a reload", async () => {
    const { page, foreign, problems } = await openDashboard();
    await page.waitForSelector('#live[data-state="live"]', { timeout: 20_000 });
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 7));
    const spotBefore = await walletText(page, "BINANCE", "SPOT");
    // Credited at the simulator, not through Coffer: only the exchange's stream can tell the page.
    env.sandbox.binance.adjustBalance({ type: AccountType.SPOT }, "USDT", "3.25");
    await page.waitForFunction(
      (before) => {
        const row = Array.from(document.querySelectorAll<HTMLTableRowElement>('#wallets tr[data-exchange="BINANCE"]')).find(
          (tr) => tr.cells[1]!.firstChild!.textContent === "SPOT",
        );
        return row !== undefined && row.cells[2]!.textContent !== before && row.classList.contains("changed");
      },
      spotBefore,
      { timeout: 30_000 },
    );
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(7);
    expect(foreign).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);

  it("follows a transfer that ends UNKNOWN (the exchange went silent after moving it) to CONFIRMED through transferUpdates", async () => {
    const { page, problems } = await openDashboard();
    await page.waitForSelector('#live[data-state="live"]', { timeout: 20_000 });
    await page.waitForSelector("#t-route option", { state: "attached", timeout: 20_000 });
    await page.selectOption("#t-connection", "binance-sandbox");
    await page.selectOption("#t-route", { label: "SPOT → FUNDING" });
    await page.fill("#t-asset", "USDT");
    await page.fill("#t-amount", "3");
    const faults = env.sandbox.binance.faults;
    faults.only = /^\/sapi\/v1\/asset\/transfer$/;
    faults.timeoutAfterProcessing = true;
    faults.timeouts = 1;
    try {
      await page.click("#t-submit");
      await page.waitForSelector('#transfer-outcome[data-status="UNKNOWN"]', { timeout: 30_000 });
    } finally {
      faults.only = null;
      faults.timeoutAfterProcessing = false;
      faults.timeouts = 0;
    }
    await page.locator("#transfer-section").screenshot({ path: `${SHOTS}/transfer-unknown.png` });
    // Coffer settles it from Binance's history (on its own a few seconds later; asked here at once).
    const id = (await page.getAttribute("#transfer-outcome", "data-transfer"))!;
    await env.coffer.transfers!.reconcile(id);
    await page.waitForSelector(`#transfer-outcome[data-status="CONFIRMED"][data-transfer="${id}"]`, { timeout: 30_000 });
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);

  it("with a read-only token shows no transfer form (Query.viewer has no transfer scope) and still shows the rest", async () => {
    const readOnly = await postGraphql(env.url, ViewerDocument, {}, SANDBOX_READONLY_TOKEN);
    expect(readOnly.data!.viewer.scopes).toEqual(["read"]);
    expect((await postGraphql(env.url, ViewerDocument, {}, SANDBOX_TOKEN)).data!.viewer.scopes).toEqual(["read", "transfer"]);

    const { page, foreign, problems, posts } = await openDashboard(SANDBOX_READONLY_TOKEN);
    await page.waitForSelector("#transfer-readonly", { timeout: 20_000 });
    expect(await page.locator("#transfer-form").count()).toBe(0);
    expect(await page.locator("#wallets tbody tr").count()).toBeGreaterThan(0);
    await page.waitForSelector("#history", { timeout: 20_000 });
    // No mutation was tried to find out.
    expect(posts.some((p) => p.includes("mutation"))).toBe(false);
    await page.locator("#transfer-section").screenshot({ path: `${SHOTS}/readonly.png` });
    expect(foreign).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);

  it("an HTX outage leaves the Binance wallets visible and marks the HTX ones with an error", async () => {
    const { page, problems } = await openDashboard();
    const htxRows = await page.locator('#wallets tr[data-exchange="HTX"]').count();
    expect(htxRows).toBeGreaterThan(0);
    env.sandbox.htx.faults.fail5xx = 100_000;
    try {
      // Past the snapshot cache (2 s in the sandbox), a refresh asks HTX again.
      await page.waitForFunction(
        async (expected) => {
          (document.getElementById("refresh") as HTMLButtonElement).click();
          await new Promise((r) => setTimeout(r, 1_000));
          const htx = document.querySelectorAll('#wallets tr[data-exchange="HTX"]');
          const htxDown = document.querySelectorAll('#wallets tr.down[data-exchange="HTX"] .wallet-error');
          return htx.length === expected && htxDown.length === expected;
        },
        htxRows,
        { timeout: 30_000, polling: 1_500 },
      );
      expect(await page.locator('#wallets tr[data-exchange="HTX"]:not(.down)').count()).toBe(0);
      expect(await page.locator('#wallets tr.down[data-exchange="HTX"]').count()).toBe(htxRows);
      expect(await page.locator('#wallets tr[data-exchange="BINANCE"]:not(.down)').count()).toBeGreaterThan(0);
      await page.locator("#wallets-section").screenshot({ path: `${SHOTS}/htx-down.png` });
      await page.screenshot({ path: `${SHOTS}/htx-down-full.png`, fullPage: true });
    } finally {
      env.sandbox.htx.faults.fail5xx = 0;
    }
    expect(problems.filter((p) => !/status of 5\d\d/.test(p))).toEqual([]);
    await page.close();
  }, 90_000);
});
