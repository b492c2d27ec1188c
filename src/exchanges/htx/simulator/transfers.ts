import type { Decimal } from "decimal.js";
import { JsonNumber, parseJsonExact } from "../../kit/parseJsonExact.js";
import { Dec, formatDecimal } from "../../../domain/decimal.js";
import type { HtxSimCrossAccount, HtxSimIsolatedAccount, HtxSimState, HtxSimV5Account } from "./state.js";

/** The outcome of POST /v2/account/transfer: an order id, or HTX's code and message. */
export type HtxSimTransferResult = { readonly id: number } | { readonly code: number | string; readonly message: string };

const MAX_DECIMALS = 8;

function add(text: string, delta: Decimal): string {
  return formatDecimal(new Dec(text).plus(delta));
}

/** Adds `delta` to a contract account's equity and what it may withdraw (and its available margin). */
export function moveContract(account: HtxSimCrossAccount | HtxSimIsolatedAccount, delta: Decimal): void {
  account.margin_balance = add(account.margin_balance, delta);
  account.margin_static = add(account.margin_static, delta);
  account.withdraw_available = add(account.withdraw_available, delta);
  if ("margin_available" in account) account.margin_available = add(account.margin_available, delta);
  else for (const detail of [...account.contract_detail, ...account.futures_contract_detail]) detail.margin_available = add(detail.margin_available, delta);
}

function spotTradeRow(state: HtxSimState, currency: string) {
  let row = state.spot.find((r) => r.currency === currency && r.type === "trade");
  if (!row) {
    row = { currency, type: "trade", balance: "0" };
    state.spot.push(row);
  }
  return row;
}

/**
 * Applies one transfer to the shared ledger: the spot `trade` row and the contract account move
 * by exactly the amount, and a ledger row is written. Checks in HTX's order of concern: shape
 * (gateway/parameter errors), amount (1322, 1331, 1303), account (1010), funds (1301).
 */
export function applyHtxTransfer(state: HtxSimState, bodyText: string, contentType: string | undefined, now: number): HtxSimTransferResult {
  if (!contentType?.toLowerCase().includes("application/json")) {
    return { code: "gateway-internal-error", message: "Failed to load data. Try again later." };
  }
  let body: Record<string, unknown>;
  try {
    body = parseJsonExact(bodyText) as Record<string, unknown>;
  } catch {
    return { code: "gateway-internal-error", message: "Failed to load data. Try again later." };
  }
  if (!body || typeof body !== "object") return { code: 502, message: "Invalid parameter" };
  const { from, to, currency, amount } = body;
  const marginAccount = body["margin-account"];
  if (typeof from !== "string" || typeof to !== "string" || typeof currency !== "string" || amount === undefined || typeof marginAccount !== "string") {
    return { code: 504, message: "Lack of parameter" };
  }
  const toContracts = from === "spot" && to === "linear-swap";
  const toSpot = from === "linear-swap" && to === "spot";
  if (!toContracts && !toSpot) return { code: 1315, message: "Wrong transfer type." };
  const amountText = amount instanceof JsonNumber ? amount.text : typeof amount === "string" ? amount : "";
  let value: Decimal;
  try {
    value = new Dec(amountText);
  } catch {
    return { code: 502, message: "Invalid parameter" };
  }
  if (!value.isFinite() || value.lte(0)) return { code: 1322, message: "Invalid amount. Must be more than 0." };
  if (value.decimalPlaces() > MAX_DECIMALS) return { code: 1331, message: "Exceeds limit of transfer accuracy (8 digits). Please modify it." };
  const asset = currency.toLowerCase();
  if (value.lt(new Dec(state.minTransferAmount))) {
    return { code: 1303, message: `The single transfer-out amount must be no less than ${state.minTransferAmount}${asset.toUpperCase()}` };
  }
  const code = marginAccount.toUpperCase();
  if (state.v5) return applyV5Transfer(state, state.v5, code, asset, value, toContracts, now);
  const contract = code === "USDT" ? state.cross : state.isolated.find((a) => a.contract_code.toUpperCase() === code);
  if (!contract) return { code: 1010, message: "Account doesn't exist." };
  if (asset !== contract.margin_asset.toLowerCase()) return { code: 1315, message: "Wrong transfer type." };

  const spotRow = spotTradeRow(state, asset);
  if (toContracts && new Dec(spotRow.balance).lt(value)) return { code: 1301, message: "Insufficient amount available." };
  if (toSpot && new Dec(contract.withdraw_available).lt(value)) return { code: 1301, message: "Insufficient amount available." };

  const id = state.nextTransferId++;
  spotRow.balance = add(spotRow.balance, toContracts ? value.neg() : value);
  moveContract(contract, toContracts ? value : value.neg());
  state.ledger.push({
    accountId: state.spotAccountId,
    currency: asset,
    transactAmt: formatDecimal(toContracts ? value.neg() : value),
    transactType: "transfer",
    transferType: toContracts ? "spot-to-linear-swap" : "linear-swap-to-spot",
    transactId: id,
    transactTime: now,
    transferer: toContracts ? state.spotAccountId : contract.ledgerAccountId,
    transferee: toContracts ? contract.ledgerAccountId : state.spotAccountId,
  });
  return { id };
}

/**
 * A transfer in Multi-Assets Collateral mode: the one V5 account (margin-account USDT) gains or
 * loses the amount in the currency's equity, available and withdrawable figures; a USDT move
 * also moves the account's USDT-valued equity and available margin. Isolated margin is not a
 * wallet of its own there, so a contract code is an account that does not exist.
 */
function applyV5Transfer(state: HtxSimState, account: HtxSimV5Account, code: string, asset: string, value: Decimal, toContracts: boolean, now: number): HtxSimTransferResult {
  if (code !== "USDT") return { code: 1010, message: "Account doesn't exist." };
  let detail = account.details.find((d) => d.currency.toLowerCase() === asset);
  const spotRow = spotTradeRow(state, asset);
  if (toContracts && new Dec(spotRow.balance).lt(value)) return { code: 1301, message: "Insufficient amount available." };
  if (!toContracts && (!detail || new Dec(detail.withdraw_available).lt(value))) return { code: 1301, message: "Insufficient amount available." };
  if (!detail) {
    detail = {
      currency: asset.toUpperCase(),
      equity: "0",
      available: "0",
      withdraw_available: "0",
      profit_unreal: "0",
      initial_margin: "0",
      maintenance_margin: "0",
      maintenance_margin_rate: "0",
      initial_margin_rate: "0",
    };
    account.details.push(detail);
  }
  const delta = toContracts ? value : value.neg();
  const id = state.nextTransferId++;
  spotRow.balance = add(spotRow.balance, delta.neg());
  detail.equity = add(detail.equity, delta);
  detail.available = add(detail.available, delta);
  detail.withdraw_available = add(detail.withdraw_available, delta);
  if (asset === "usdt") {
    account.equity = add(account.equity, delta);
    account.available_margin = add(account.available_margin, delta);
  }
  state.ledger.push({
    accountId: state.spotAccountId,
    currency: asset,
    transactAmt: formatDecimal(delta.neg()),
    transactType: "transfer",
    transferType: toContracts ? "spot-to-linear-swap" : "linear-swap-to-spot",
    transactId: id,
    transactTime: now,
    transferer: toContracts ? state.spotAccountId : account.ledgerAccountId,
    transferee: toContracts ? account.ledgerAccountId : state.spotAccountId,
  });
  return { id };
}
