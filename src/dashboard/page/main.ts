import { Decimal } from "decimal.js";
import {
  AccountUpdatesDocument,
  TransferDocument,
  TransferRoutesDocument,
  TransfersDocument,
  TransferUpdatesDocument,
  ValuedDashboardDocument,
  ViewerDocument,
  type TransferFieldsFragment,
  type TransferRoutesQuery,
  type ValuedDashboardQuery,
} from "../../../test/generated/graphql.js";
import { barChart } from "./barChart.js";
import { createCofferClient, type CofferClient, type CofferError } from "./cofferClient.js";
import { h, replace } from "./dom.js";

/** The Coffer dashboard: worth, wallets, margin risk, live changes, transfers and history. */

type Account = NonNullable<ValuedDashboardQuery["accounts"][number]>;
type Margin = NonNullable<ValuedDashboardQuery["marginAccounts"][number]>;
type Route = TransferRoutesQuery["transferRoutes"][number];

const TOKEN_KEY = "coffer.dashboard.token";
const root = document.getElementById("dashboard")!;
const endpoint = root.dataset.endpoint ?? "/graphql";

const state = {
  token: sessionStorage.getItem(TOKEN_KEY) ?? root.dataset.token ?? "",
  quote: "USDT",
  data: null as ValuedDashboardQuery | null,
  /** Wallets last seen per id: kept (marked) when their exchange fails on a later load. */
  known: new Map<string, Account>(),
  /** connectionId → the error its exchange answered with on the last load. */
  down: new Map<string, string>(),
  changed: new Map<string, number>(),
  sort: { key: "value" as "exchange" | "type" | "value" | "assets", desc: true },
  /** The token lacks the transfer scope (Query.viewer says so, or a FORBIDDEN answer did). */
  readOnly: false,
  scopesKnown: false,
  history: { connectionId: "", asset: "", after: null as string | null, pages: [] as Array<string | null> },
};
let client: CofferClient | null = null;
let stopLive: Array<() => void> = [];

const $ = (id: string) => document.getElementById(id)!;
const fmt = (value: string | null | undefined) => (value === null || value === undefined ? "—" : value);
const walletName = (a: { type: string; symbol: string | null; subAccountEmail?: string | null }) =>
  `${a.type}${a.symbol ? ` ${a.symbol}` : ""}${a.subAccountEmail ? ` (${a.subAccountEmail})` : ""}`;

function showErrors(target: string, errors: readonly CofferError[]): void {
  replace($(target), ...errors.map((e) => h("div", { class: "error" }, `${e.extensions?.code ?? "ERROR"}: ${e.message}`)));
}

// ── Connecting ────────────────────────────────────────────────────────────────────────────
function connect(): void {
  stopLive.forEach((stop) => stop());
  stopLive = [];
  client?.dispose();
  state.known.clear();
  sessionStorage.setItem(TOKEN_KEY, state.token);
  client = createCofferClient({ endpoint, token: state.token });
  client.onLive((live) => {
    $("live").dataset.state = live ? "live" : "offline";
    $("live").textContent = live ? "● live" : "○ offline";
  });
  state.scopesKnown = false;
  void client.request(ViewerDocument, {}).then((viewer) => {
    // Without an answer (an older Coffer) the form shows and a FORBIDDEN answer hides it.
    if (viewer.data) state.readOnly = !viewer.data.viewer.scopes.includes("transfer");
    state.scopesKnown = true;
  });
  void load();
  void loadHistory(null);
  stopLive.push(
    client.subscribe(
      AccountUpdatesDocument,
      { filter: { includeSubAccounts: true } },
      {
        next: ({ accountUpdates }) => {
          if (accountUpdates.reason === "SNAPSHOT") return;
          const known = state.known.get(accountUpdates.account.id);
          if (known) {
            // Balances change at once; values follow from a reload (prices are the server's).
            const values = new Map(known.balances.map((b) => [b.asset, b.value]));
            state.known.set(known.id, { ...known, balances: accountUpdates.account.balances.map((b) => ({ ...b, value: values.get(b.asset) ?? null })) });
          }
          state.changed.set(accountUpdates.account.id, Date.now());
          renderWallets();
          scheduleReload();
        },
        error: (errors) => showErrors("live-errors", errors),
      },
    ),
    client.subscribe(
      TransferUpdatesDocument,
      { filter: {} },
      {
        next: ({ transferUpdates }) => {
          followed.get(transferUpdates.id)?.(transferUpdates);
          scheduleHistory();
        },
        error: (errors) => showErrors("live-errors", errors),
      },
    ),
  );
}

let reloadTimer: ReturnType<typeof setTimeout> | undefined;
function scheduleReload(): void {
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(() => void load(), 400);
}
let historyTimer: ReturnType<typeof setTimeout> | undefined;
function scheduleHistory(): void {
  clearTimeout(historyTimer);
  historyTimer = setTimeout(() => void loadHistory(state.history.after, true), 400);
}

// ── Worth and wallets ───────────────────────────────────────────────────────────────────────
let loadsSent = 0;
let loadApplied = 0;
async function load(): Promise<void> {
  if (!client) return;
  $("status").textContent = "Loading…";
  const sent = ++loadsSent;
  const result = await client.request(ValuedDashboardDocument, { filter: { includeSubAccounts: true }, quote: state.quote });
  // An answer overtaken by a newer one (a slow exchange) would show an older state: drop it.
  if (sent < loadApplied) return;
  loadApplied = sent;
  $("status").textContent = `Updated ${new Date().toLocaleTimeString()}`;
  const fatal = result.errors.filter((e) => !e.path || e.path.length === 0 || !e.extensions?.connectionId);
  showErrors("errors", result.data ? fatal.filter((e) => e.extensions?.code !== "UPSTREAM_UNAVAILABLE") : result.errors);
  if (!result.data) return;
  state.data = result.data;
  state.down.clear();
  // A connection is down when listing its wallets failed (not when only a price was missing).
  for (const e of result.errors) {
    const id = e.extensions?.connectionId;
    if (id && e.path?.[0] === "accounts" && !e.path.includes("value") && !state.down.has(id)) state.down.set(id, `${e.extensions!.code}: ${e.message}`);
  }
  const seen = new Set<string>();
  for (const account of result.data.accounts) {
    if (!account) continue;
    seen.add(account.id);
    state.known.set(account.id, account);
  }
  // A wallet of a connection that answered is gone when it is not listed; one of a failing connection stays, marked.
  for (const [id, account] of state.known) if (!seen.has(id) && !state.down.has(account.connectionId)) state.known.delete(id);
  renderSummary();
  renderWallets();
  renderMargin(result.data.marginAccounts.filter((m): m is Margin => m !== null));
}

function renderSummary(): void {
  const data = state.data!;
  // Partial answers may lack any of these (an exchange down): draw what came.
  const value = data.portfolio?.value ?? null;
  const quote = value?.quote ?? state.quote.toUpperCase();
  const live = [...state.known.values()].filter((a) => !state.down.has(a.connectionId) && a.value);
  const group = (key: (a: Account) => string) => {
    const sums = new Map<string, Decimal>();
    for (const a of live) sums.set(key(a), (sums.get(key(a)) ?? new Decimal(0)).plus(a.value.total));
    return [...sums].map(([label, v]) => ({ label, value: v })).sort((x, y) => y.value.comparedTo(x.value));
  };
  replace(
    $("summary-body"),
    value
      ? h(
          "div",
          { class: "total" },
          h("span", { class: "label" }, "Total value"),
          h("span", { id: "total-value", "data-quote": value.quote }, value.total),
          h("span", { class: "quote" }, ` ${value.quote}`),
        )
      : h("div", { class: "total" }, h("span", { class: "label" }, "Total value"), h("span", { id: "total-unavailable", class: "error" }, "unavailable")),
    value
      ? h(
          "div",
          { class: "sub" },
          `Net ${value.net} ${value.quote}`,
          value.unpriced.length ? ` · unpriced: ${value.unpriced.join(", ")}` : "",
          value.pricedAt ? ` · priced ${new Date(value.pricedAt).toLocaleTimeString()}` : "",
        )
      : null,
    state.down.size ? h("div", { class: "error" }, `Not included (exchange unavailable): ${[...state.down.keys()].join(", ")}`) : null,
    h(
      "div",
      { class: "charts" },
      barChart(
        "chart-exchange",
        "By exchange",
        group((a) => a.exchange),
        quote,
      ),
      barChart(
        "chart-type",
        "By wallet type",
        group((a) => a.type),
        quote,
      ),
    ),
  );
}

function renderWallets(): void {
  const now = Date.now();
  const accounts = [...state.known.values()];
  const dir = state.sort.desc ? -1 : 1;
  accounts.sort((a, b) => {
    switch (state.sort.key) {
      case "exchange":
        return dir * (a.exchange + a.connectionId).localeCompare(b.exchange + b.connectionId);
      case "type":
        return dir * walletName(a).localeCompare(walletName(b));
      case "assets":
        return dir * (a.balances.length - b.balances.length);
      default:
        return dir * new Decimal(a.value?.total ?? 0).comparedTo(b.value?.total ?? 0);
    }
  });
  const header = (key: typeof state.sort.key, label: string) =>
    h(
      "th",
      { class: "sortable", "data-sort": key, onclick: () => ((state.sort = { key, desc: state.sort.key === key ? !state.sort.desc : key === "value" }), renderWallets()) },
      label + (state.sort.key === key ? (state.sort.desc ? " ▼" : " ▲") : ""),
    );
  const quote = state.data?.portfolio?.value?.quote ?? state.quote.toUpperCase();
  replace(
    $("wallets-body"),
    h(
      "table",
      { id: "wallets" },
      h("thead", {}, h("tr", {}, header("exchange", "Exchange"), header("type", "Wallet"), header("assets", "Balances"), header("value", `Value (${quote})`))),
      h(
        "tbody",
        {},
        accounts.map((a) => {
          const down = state.down.get(a.connectionId);
          const changed = (state.changed.get(a.id) ?? 0) > now - 4_000;
          return h(
            "tr",
            { "data-account": a.id, "data-exchange": a.exchange, class: [down ? "down" : "", changed ? "changed" : ""].join(" ").trim() || null },
            h("td", {}, a.exchange, h("div", { class: "muted" }, a.connectionId)),
            h("td", {}, walletName(a), down ? h("div", { class: "error wallet-error" }, `Unavailable — ${down}`) : null),
            h(
              "td",
              {},
              h(
                "ul",
                { class: "balances" },
                a.balances.map((b) =>
                  h(
                    "li",
                    { "data-asset": b.asset },
                    h("b", {}, b.asset),
                    ` ${b.total}`,
                    b.borrowed !== "0" ? h("span", { class: "muted" }, ` (borrowed ${b.borrowed})`) : null,
                    h("span", { class: "muted" }, ` ≈ ${fmt(b.value)}`),
                  ),
                ),
              ),
            ),
            h("td", { class: "num" }, down ? h("span", { class: "muted" }, `${fmt(a.value?.total)} (stale)`) : fmt(a.value?.total)),
          );
        }),
        // A failing connection none of whose wallets were seen yet still gets its row.
        [...state.down]
          .filter(([id]) => !accounts.some((a) => a.connectionId === id))
          .map(([id, message]) =>
            h("tr", { class: "down", "data-connection": id }, h("td", {}, id), h("td", { colspan: 3 }, h("div", { class: "error wallet-error" }, `Unavailable — ${message}`))),
          ),
      ),
    ),
  );
  if (state.changed.size) setTimeout(() => [...state.changed].some(([, t]) => t > Date.now() - 4_000) || (state.changed.clear(), renderWallets()), 4_100);
}

function renderMargin(margins: readonly Margin[]): void {
  replace(
    $("margin-body"),
    margins.length === 0
      ? h("p", { class: "muted" }, "No margin accounts.")
      : h(
          "table",
          { id: "margin" },
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              ["Exchange", "Account", "Risk", "Margin level", "Risk rate", "Liquidation price", "Unrealized PnL"].map((t) => h("th", {}, t)),
            ),
          ),
          h(
            "tbody",
            {},
            margins.map((m) =>
              h(
                "tr",
                { "data-margin": m.id },
                h("td", {}, m.exchange),
                h("td", {}, `${m.mode}${m.symbol ? ` ${m.symbol}` : ""}`),
                h("td", {}, h("span", { class: `risk risk-${m.riskLevel}` }, m.riskLevel)),
                h("td", { class: "num" }, fmt(m.marginLevel), m.marginLevelStatus ? h("div", { class: "muted" }, m.marginLevelStatus) : null),
                h("td", { class: "num" }, fmt(m.riskRate)),
                h("td", { class: "num" }, fmt(m.liquidationPrice)),
                h("td", { class: "num" }, fmt(m.unrealizedPnl)),
              ),
            ),
          ),
        ),
  );
}

// ── Transfer form ──────────────────────────────────────────────────────────────────────────
const followed = new Map<string, (t: TransferFieldsFragment) => void>();
let routes: readonly Route[] = [];

async function loadRoutes(): Promise<void> {
  if (!client || state.readOnly) return;
  const connectionId = (document.getElementById("t-connection") as HTMLSelectElement | null)?.value;
  if (!connectionId) return;
  const result = await client.request(TransferRoutesDocument, { connectionId });
  routes = result.data?.transferRoutes ?? [];
  showErrors("transfer-result", result.errors);
  const select = $("t-route") as HTMLSelectElement;
  replace(select, ...routes.map((r, i) => h("option", { value: i }, `${walletName(r.from)} → ${walletName(r.to)}`)));
  onRoute();
}

function onRoute(): void {
  const route = routes[Number(($("t-route") as HTMLSelectElement).value)];
  for (const side of ["from", "to"] as const) {
    const requirement = route ? route[`${side}Symbol`] : "NONE";
    const field = $(`t-${side}-symbol`) as HTMLInputElement;
    field.closest("label")!.hidden = requirement === "NONE";
    field.required = requirement === "REQUIRED";
    field.placeholder = requirement === "REQUIRED" ? "required, e.g. BTCUSDT" : "optional";
  }
  ($("t-email") as HTMLInputElement).closest("label")!.hidden = !route?.needsSubAccountEmail;
}

function settled(status: string): boolean {
  return status === "CONFIRMED" || status === "FAILED";
}

function showTransfer(t: TransferFieldsFragment, replayed: boolean): void {
  replace(
    $("transfer-result"),
    h(
      "div",
      { class: `outcome status-${t.status}`, id: "transfer-outcome", "data-status": t.status, "data-transfer": t.id },
      h("b", {}, t.status),
      ` ${t.amount} ${t.asset} ${walletName(t.from)} → ${walletName(t.to)}`,
      replayed ? " (replayed: the same attempt was already made)" : "",
      t.failureReason ? h("div", { class: "error" }, t.failureReason) : null,
      settled(t.status) ? null : h("div", { class: "muted" }, "Not settled yet: following it live…"),
    ),
  );
}

async function submitTransfer(event: Event): Promise<void> {
  event.preventDefault();
  if (!client) return;
  const route = routes[Number(($("t-route") as HTMLSelectElement).value)];
  if (!route) return;
  const value = (id: string) => ($(id) as HTMLInputElement).value.trim();
  // One key per attempt: a retried request of this attempt would replay, never move funds twice.
  const idempotencyKey = crypto.randomUUID();
  const button = $("t-submit") as HTMLButtonElement;
  button.disabled = true;
  replace($("transfer-result"), h("div", { class: "muted" }, `Sending (key ${idempotencyKey})…`));
  try {
    const result = await client.request(TransferDocument, {
      input: {
        connectionId: ($("t-connection") as HTMLSelectElement).value,
        asset: value("t-asset").toUpperCase(),
        amount: value("t-amount"),
        from: { type: route.from.type, symbol: route.fromSymbol === "NONE" ? null : value("t-from-symbol") || null },
        to: { type: route.to.type, symbol: route.toSymbol === "NONE" ? null : value("t-to-symbol") || null },
        idempotencyKey,
        ...(route.needsSubAccountEmail ? { subAccountEmail: value("t-email") } : {}),
      },
    });
    if (result.errors.some((e) => e.extensions?.code === "FORBIDDEN")) {
      state.readOnly = true;
      renderTransferForm();
      return;
    }
    if (!result.data) return showErrors("transfer-result", result.errors);
    const { transfer, replayed } = result.data.transfer;
    showTransfer(transfer, replayed);
    if (!settled(transfer.status)) followed.set(transfer.id, (t) => (showTransfer(t, false), settled(t.status) && followed.delete(t.id)));
    scheduleHistory();
  } finally {
    button.disabled = false;
  }
}

function renderTransferForm(): void {
  if (state.readOnly) {
    replace($("transfer-body"), h("p", { id: "transfer-readonly", class: "muted" }, "This token is read-only (it has no transfer scope), so the transfer form is hidden."));
    return;
  }
  const connections = state.data?.connections ?? [];
  const label = (text: string, input: HTMLElement) => h("label", {}, h("span", {}, text), input);
  replace(
    $("transfer-body"),
    h(
      "form",
      { id: "transfer-form", onsubmit: (e: Event) => void submitTransfer(e) },
      label(
        "Connection",
        h(
          "select",
          { id: "t-connection", onchange: () => void loadRoutes() },
          connections.map((c) => h("option", { value: c.id }, c.label ?? c.id)),
        ),
      ),
      label("Route", h("select", { id: "t-route", onchange: onRoute })),
      label("From symbol", h("input", { id: "t-from-symbol" })),
      label("To symbol", h("input", { id: "t-to-symbol" })),
      label("Sub-account email", h("input", { id: "t-email", type: "email" })),
      label("Asset", h("input", { id: "t-asset", required: true, placeholder: "USDT" })),
      label("Amount", h("input", { id: "t-amount", required: true, inputmode: "decimal", pattern: "[0-9]+(\\.[0-9]+)?", placeholder: "10.5" })),
      h("button", { id: "t-submit", type: "submit" }, "Transfer"),
    ),
  );
  void loadRoutes();
}

// ── History ────────────────────────────────────────────────────────────────────────────────
async function loadHistory(after: string | null, keepPage = false): Promise<void> {
  if (!client) return;
  const { connectionId, asset } = state.history;
  const result = await client.request(TransfersDocument, {
    first: 10,
    after,
    filter: { ...(connectionId ? { connectionIds: [connectionId] } : {}), ...(asset ? { assets: [asset.toUpperCase()] } : {}) },
  });
  showErrors("history-errors", result.errors);
  if (!result.data) return;
  if (!keepPage) state.history.after = after;
  const { edges, pageInfo } = result.data.transfers;
  replace(
    $("history-body"),
    h(
      "table",
      { id: "history" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ["Created", "Connection", "Asset", "Amount", "From → To", "Status", "Source"].map((t) => h("th", {}, t)),
        ),
      ),
      h(
        "tbody",
        {},
        edges.map(({ node: t }) =>
          h(
            "tr",
            { "data-transfer": t.id, "data-key": t.idempotencyKey ?? "" },
            h("td", {}, new Date(t.createdAt).toLocaleString()),
            h("td", {}, t.connectionId),
            h("td", {}, t.asset),
            h("td", { class: "num" }, t.amount),
            h("td", {}, `${walletName(t.from)} → ${walletName(t.to)}`),
            h("td", {}, h("span", { class: `status-${t.status}` }, t.status)),
            h("td", { class: "muted" }, t.source),
          ),
        ),
      ),
    ),
    h(
      "div",
      { class: "pager" },
      h("button", { id: "history-newest", disabled: after === null, onclick: () => ((state.history.pages = []), void loadHistory(null)) }, "Newest"),
      h("button", { id: "history-older", disabled: !pageInfo.hasNextPage, onclick: () => (state.history.pages.push(after), void loadHistory(pageInfo.endCursor)) }, "Older →"),
    ),
  );
}

// ── Shell ──────────────────────────────────────────────────────────────────────────────────
function mount(): void {
  replace(
    root,
    h(
      "header",
      {},
      h("h1", {}, "Coffer"),
      h(
        "form",
        {
          id: "token-form",
          onsubmit: (e: Event) => {
            e.preventDefault();
            state.token = ($("token") as HTMLInputElement).value.trim();
            state.readOnly = false;
            connect();
            renderTransferFormSoon();
          },
        },
        h("label", {}, "Token ", h("input", { id: "token", type: "password", value: state.token, autocomplete: "off" })),
        h(
          "label",
          {},
          "Quote ",
          h("input", { id: "quote", value: state.quote, size: 6, onchange: (e: Event) => ((state.quote = (e.target as HTMLInputElement).value.trim() || "USDT"), void load()) }),
        ),
        h("button", { type: "submit" }, "Connect"),
        h("button", { type: "button", id: "refresh", onclick: () => void load() }, "Refresh"),
      ),
      h("span", { id: "live", "data-state": "offline" }, "○ offline"),
      h("span", { id: "status", class: "muted" }),
    ),
    h("div", { id: "errors" }),
    h("div", { id: "live-errors" }),
    h("section", { id: "summary" }, h("h2", {}, "Worth"), h("div", { id: "summary-body" })),
    h("section", { id: "wallets-section" }, h("h2", {}, "Wallets"), h("div", { id: "wallets-body" })),
    h("section", { id: "margin-section" }, h("h2", {}, "Margin risk"), h("div", { id: "margin-body" })),
    h("section", { id: "transfer-section" }, h("h2", {}, "Transfer"), h("div", { id: "transfer-body" }), h("div", { id: "transfer-result" })),
    h(
      "section",
      { id: "history-section" },
      h("h2", {}, "History"),
      h(
        "form",
        {
          id: "history-filter",
          onsubmit: (e: Event) => {
            e.preventDefault();
            state.history.connectionId = ($("h-connection") as HTMLInputElement).value;
            state.history.asset = ($("h-asset") as HTMLInputElement).value.trim();
            void loadHistory(null);
          },
        },
        h("label", {}, "Connection ", h("input", { id: "h-connection", placeholder: "any" })),
        h("label", {}, "Asset ", h("input", { id: "h-asset", placeholder: "any", size: 8 })),
        h("button", { type: "submit" }, "Filter"),
      ),
      h("div", { id: "history-errors" }),
      h("div", { id: "history-body" }),
    ),
  );
}

/** The form needs the connections: drawn once the first load has them. */
function renderTransferFormSoon(): void {
  const wait = () => (state.data && state.scopesKnown ? renderTransferForm() : setTimeout(wait, 100));
  wait();
}

mount();
if (state.token) {
  connect();
  renderTransferFormSoon();
}
