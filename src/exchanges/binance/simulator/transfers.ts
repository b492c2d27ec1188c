import type { Decimal } from "decimal.js";
import { Dec } from "../../../domain/decimal.js";
import { AccountType } from "../../../domain/enums.js";
import type { SimResponse } from "../../kit/simulator/simServer.js";
import { simErrors } from "./errors.js";
import type { SimLedger, SimWalletRef } from "./ledger.js";
import { wireAmount } from "./answers.js";

/**
 * The simulator's transfer desk: POST /sapi/v1/asset/transfer (every universal type),
 * POST /sapi/v1/sub-account/margin/transfer, and the two history endpoints fed by them.
 */

const WALLET_WORDS: ReadonlyArray<readonly [string, AccountType]> = [
  ["MAIN", AccountType.SPOT],
  ["FUNDING", AccountType.FUNDING],
  ["MARGIN", AccountType.MARGIN_CROSS],
  ["ISOLATEDMARGIN", AccountType.MARGIN_ISOLATED],
  ["ISOLATED_MARGIN", AccountType.MARGIN_ISOLATED],
  ["UMFUTURE", AccountType.USDM_FUTURES],
  ["CMFUTURE", AccountType.COINM_FUTURES],
  ["OPTION", AccountType.OPTIONS],
  ["PORTFOLIO_MARGIN", AccountType.PORTFOLIO_MARGIN],
];

/** Universal type → its two wallets ("MARGIN_ISOLATEDMARGIN" → cross, isolated). */
export function simWalletsOf(type: string): [AccountType, AccountType] | null {
  for (let i = type.indexOf("_"); i !== -1; i = type.indexOf("_", i + 1)) {
    const from = WALLET_WORDS.find(([word]) => word === type.slice(0, i));
    const to = WALLET_WORDS.find(([word]) => word === type.slice(i + 1));
    if (from && to) return [from[1], to[1]];
  }
  return null;
}

/** The margin history's words for wallets (transFrom / transTo). */
const MARGIN_HISTORY_WORD: Record<AccountType, string> = {
  [AccountType.SPOT]: "SPOT",
  [AccountType.FUNDING]: "FUNDING",
  [AccountType.MARGIN_CROSS]: "CROSS_MARGIN",
  [AccountType.MARGIN_ISOLATED]: "ISOLATED_MARGIN",
  [AccountType.USDM_FUTURES]: "FUTURES",
  [AccountType.COINM_FUTURES]: "DELIVERY",
  [AccountType.OPTIONS]: "OPTION",
  [AccountType.PORTFOLIO_MARGIN]: "PORTFOLIO_MARGIN",
};

const isMargin = (t: AccountType) => t === AccountType.MARGIN_CROSS || t === AccountType.MARGIN_ISOLATED;

export interface SimTransferRecord {
  readonly id: number;
  readonly type: string;
  readonly asset: string;
  readonly amount: string;
  timestamp: number;
  readonly status: "CONFIRMED" | "PENDING" | "FAILED";
  readonly from: AccountType;
  readonly to: AccountType;
  readonly fromSymbol: string | null;
  readonly toSymbol: string | null;
  readonly subAccountEmail: string | null;
}

const AMOUNT = /^\d+(\.\d+)?$/;
const DAY = 24 * 60 * 60 * 1000;

export class SimTransferDesk {
  readonly records: SimTransferRecord[] = [];
  private nextId = 13_526_853_623;

  constructor(private readonly ledger: SimLedger) {}

  private parseAmount(params: URLSearchParams): Decimal | SimResponse {
    const text = params.get("amount");
    if (!text || !AMOUNT.test(text)) return simErrors.mandatory("amount");
    const amount = new Dec(text);
    if (amount.lessThanOrEqualTo(0)) return simErrors.mandatory("amount");
    if (amount.decimalPlaces() > 8) return simErrors.precision();
    return amount;
  }

  universalTransfer(params: URLSearchParams, now: number): SimResponse {
    const type = params.get("type");
    if (!type) return simErrors.mandatory("type");
    const wallets = simWalletsOf(type);
    if (!wallets) return simErrors.mandatory("type");
    const asset = params.get("asset");
    if (!asset) return simErrors.mandatory("asset");
    const amount = this.parseAmount(params);
    if (!(amount instanceof Dec)) return amount as SimResponse;
    const [fromType, toType] = wallets;
    const fromSymbol = fromType === AccountType.MARGIN_ISOLATED ? params.get("fromSymbol") : null;
    const toSymbol = toType === AccountType.MARGIN_ISOLATED ? params.get("toSymbol") : null;
    if (fromType === AccountType.MARGIN_ISOLATED && !fromSymbol) return simErrors.mandatory("fromSymbol");
    if (toType === AccountType.MARGIN_ISOLATED && !toSymbol) return simErrors.mandatory("toSymbol");
    const from: SimWalletRef = { type: fromType, symbol: fromSymbol };
    const to: SimWalletRef = { type: toType, symbol: toSymbol };
    const refused = this.move(from, to, asset, amount as Decimal);
    if (refused) return refused;
    const id = this.record({ type, asset, amount: amount as Decimal, from: fromType, to: toType, fromSymbol, toSymbol, subAccountEmail: null, now });
    return { status: 200, body: { tranId: id } };
  }

  subAccountMarginTransfer(params: URLSearchParams, now: number): SimResponse {
    const email = params.get("email");
    if (!email) return simErrors.mandatory("email");
    const asset = params.get("asset");
    if (!asset) return simErrors.mandatory("asset");
    const amount = this.parseAmount(params);
    if (!(amount instanceof Dec)) return amount as SimResponse;
    const type = params.get("type");
    if (type !== "1" && type !== "2") return simErrors.mandatory("type");
    const spot: SimWalletRef = { type: AccountType.SPOT, subAccountEmail: email };
    const margin: SimWalletRef = { type: AccountType.MARGIN_CROSS, subAccountEmail: email };
    if (!this.ledger.has(spot)) return simErrors.noRelation();
    if (!this.ledger.has(margin)) return simErrors.noMarginAccount();
    const [from, to] = type === "1" ? [spot, margin] : [margin, spot];
    const refused = this.move(from, to, asset, amount as Decimal);
    if (refused) return refused;
    const id = this.record({
      type: type === "1" ? "SUB_MAIN_MARGIN" : "SUB_MARGIN_MAIN",
      asset,
      amount: amount as Decimal,
      from: from.type,
      to: to.type,
      fromSymbol: null,
      toSymbol: null,
      subAccountEmail: email,
      now,
    });
    return { status: 200, body: { txnId: String(id) } };
  }

  private move(from: SimWalletRef, to: SimWalletRef, asset: string, amount: Decimal): SimResponse | null {
    const result = this.ledger.move(from, to, asset, amount);
    if (result.ok) return null;
    if (result.reason === "NO_WALLET") return simErrors.noMarginAccount();
    if (result.reason === "NOT_PAIR_ASSET") return simErrors.notMarginAsset();
    return isMargin(from.type) ? simErrors.exceedMaxRollout() : simErrors.insufficientTransfer();
  }

  private record(r: {
    type: string;
    asset: string;
    amount: Decimal;
    from: AccountType;
    to: AccountType;
    fromSymbol: string | null;
    toSymbol: string | null;
    subAccountEmail: string | null;
    now: number;
  }): number {
    const id = this.nextId++;
    this.records.push({
      id,
      type: r.type,
      asset: r.asset,
      amount: wireAmount(r.amount),
      timestamp: r.now,
      status: "CONFIRMED",
      from: r.from,
      to: r.to,
      fromSymbol: r.fromSymbol,
      toSymbol: r.toSymbol,
      subAccountEmail: r.subAccountEmail,
    });
    return id;
  }

  /** GET /sapi/v1/asset/transfer: one type, last 6 months, default last 7 days, newest first. */
  universalHistory(params: URLSearchParams, now: number): SimResponse {
    const type = params.get("type");
    if (!type || !simWalletsOf(type)) return simErrors.mandatory("type");
    if ((type === "ISOLATEDMARGIN_MARGIN" || type === "ISOLATEDMARGIN_ISOLATEDMARGIN") && !params.get("fromSymbol")) {
      return simErrors.mandatory("fromSymbol");
    }
    if ((type === "MARGIN_ISOLATEDMARGIN" || type === "ISOLATEDMARGIN_ISOLATEDMARGIN") && !params.get("toSymbol")) {
      return simErrors.mandatory("toSymbol");
    }
    const range = this.range(params, now, 7 * DAY);
    if ("status" in range) return range;
    const oldest = now - 180 * DAY;
    const rows = this.records
      .filter((r) => r.subAccountEmail === null && r.type === type)
      .filter((r) => !params.get("fromSymbol") || r.fromSymbol === params.get("fromSymbol"))
      .filter((r) => !params.get("toSymbol") || r.toSymbol === params.get("toSymbol"))
      .filter((r) => r.timestamp >= Math.max(range.start, oldest) && r.timestamp <= range.end);
    const page = this.page(params, rows);
    if ("status" in page) return page;
    return {
      status: 200,
      body: {
        total: rows.length,
        rows: page.map((r) => ({
          asset: r.asset,
          amount: r.amount,
          type: r.type,
          status: r.status,
          tranId: r.id,
          timestamp: r.timestamp,
          ...(r.fromSymbol ? { fromSymbol: r.fromSymbol } : {}),
          ...(r.toSymbol ? { toSymbol: r.toSymbol } : {}),
        })),
      },
    };
  }

  /** GET /sapi/v1/margin/transfer: every transfer in or out of cross / isolated margin, ≤ 30 days a call. */
  marginHistory(params: URLSearchParams, now: number): SimResponse {
    const range = this.range(params, now, 7 * DAY);
    if ("status" in range) return range;
    if (range.end - range.start > 30 * DAY) return simErrors.interval(720);
    const type = params.get("type");
    const isolatedSymbol = params.get("isolatedSymbol");
    const asset = params.get("asset");
    const rows = this.records
      .filter((r) => r.subAccountEmail === null && (isMargin(r.from) || isMargin(r.to)))
      .filter((r) => r.timestamp >= range.start && r.timestamp <= range.end)
      .map((r) => ({ r, rollType: isMargin(r.from) ? "ROLL_OUT" : "ROLL_IN" }))
      .filter(({ rollType }) => !type || rollType === type)
      .filter(({ r }) => !asset || r.asset === asset)
      .filter(({ r }) => !isolatedSymbol || r.fromSymbol === isolatedSymbol || r.toSymbol === isolatedSymbol);
    const page = this.page(params, rows);
    if ("status" in page) return page;
    return {
      status: 200,
      body: {
        rows: page.map(({ r, rollType }) => ({
          amount: r.amount,
          asset: r.asset,
          status: r.status,
          timestamp: r.timestamp,
          txId: r.id,
          type: rollType,
          transFrom: MARGIN_HISTORY_WORD[r.from],
          transTo: MARGIN_HISTORY_WORD[r.to],
          ...(r.fromSymbol ? { fromSymbol: r.fromSymbol } : {}),
          ...(r.toSymbol ? { toSymbol: r.toSymbol } : {}),
        })),
        total: rows.length,
      },
    };
  }

  private range(params: URLSearchParams, now: number, defaultSpan: number): { start: number; end: number } | SimResponse {
    const startText = params.get("startTime");
    const endText = params.get("endTime");
    for (const [name, text] of [
      ["startTime", startText],
      ["endTime", endText],
    ] as const) {
      if (text !== null && !/^\d+$/.test(text)) return simErrors.mandatory(name);
    }
    const end = endText ? Number(endText) : startText ? Number(startText) + defaultSpan : now;
    const start = startText ? Number(startText) : end - defaultSpan;
    return { start, end };
  }

  /** Newest first, `current` from 1, `size` default 10, max 100. */
  private page<R>(params: URLSearchParams, rows: R[] & unknown[]): R[] | SimResponse {
    const current = Number(params.get("current") ?? "1");
    const size = Number(params.get("size") ?? "10");
    if (!Number.isInteger(current) || current < 1) return simErrors.mandatory("current");
    if (!Number.isInteger(size) || size < 1 || size > 100) return simErrors.mandatory("size");
    const sorted = [...rows].sort((a, b) => timeOf(b) - timeOf(a) || idOf(b) - idOf(a));
    return sorted.slice((current - 1) * size, current * size);
  }

  /** Move every record's time by `deltaMs` (tests: make history older). */
  shift(deltaMs: number): void {
    for (const r of this.records) r.timestamp += deltaMs;
  }
}

function recordOf(row: unknown): SimTransferRecord {
  return (row as { r?: SimTransferRecord }).r ?? (row as SimTransferRecord);
}
const timeOf = (row: unknown) => recordOf(row).timestamp;
const idOf = (row: unknown) => recordOf(row).id;
