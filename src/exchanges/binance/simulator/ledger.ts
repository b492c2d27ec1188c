import type { Decimal } from "decimal.js";
import { Dec, parseDecimal, ZERO } from "../../../domain/decimal.js";
import { AccountType } from "../../../domain/enums.js";
import type { BinanceSimState, SimWalletState } from "./state.js";

/** One asset row of the ledger, exact. */
export interface LedgerRow {
  free: Decimal;
  locked: Decimal;
  borrowed: Decimal;
  interest: Decimal;
  unrealizedProfit: Decimal;
}

/** Which wallet: a type, the isolated pair, the sub-account. */
export interface SimWalletRef {
  readonly type: AccountType;
  readonly symbol?: string | null;
  readonly subAccountEmail?: string | null;
}

export function walletId(ref: SimWalletRef): string {
  if (ref.subAccountEmail) return `SUB:${ref.subAccountEmail}:${ref.type}`;
  if (ref.type === AccountType.MARGIN_ISOLATED) return `ISOLATED:${ref.symbol ?? ""}`;
  return ref.type;
}

export type MoveResult = { ok: true } | { ok: false; reason: "NO_WALLET" | "INSUFFICIENT" | "NOT_PAIR_ASSET" };

/**
 * The simulator's books: per wallet, per asset, Dec amounts. A transfer is one `move`, which
 * debits one wallet and credits the other by the same amount or changes nothing — units are
 * never created or lost.
 */
export class SimLedger {
  private readonly wallets = new Map<string, Map<string, LedgerRow>>();
  /** Isolated wallets only take their pair's two assets. */
  private readonly pairAssets = new Map<string, readonly [string, string]>();
  /** Told of every change (a move, an adjustment): the simulator's streams push from here. */
  private readonly listeners = new Set<(wallets: readonly SimWalletRef[]) => void>();

  /** Calls `listener` with the wallets every change touched; returns its removal. */
  onChange(listener: (wallets: readonly SimWalletRef[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(wallets: readonly SimWalletRef[]): void {
    for (const listener of [...this.listeners]) listener(wallets);
  }

  /** Credits (positive) or debits (negative) a wallet's free balance: a deposit or withdrawal, for tests. */
  adjust(ref: SimWalletRef, asset: string, delta: Decimal): MoveResult {
    const id = walletId(ref);
    if (!this.wallets.has(id)) return { ok: false, reason: "NO_WALLET" };
    const row = this.rowOf(id, asset);
    if (row.free.plus(delta).isNegative()) return { ok: false, reason: "INSUFFICIENT" };
    row.free = row.free.plus(delta);
    this.changed([ref]);
    return { ok: true };
  }

  /** Every wallet the ledger holds, as refs. */
  walletRefs(): SimWalletRef[] {
    return [...this.wallets.keys()].map((id) => {
      if (id.startsWith("SUB:")) {
        const rest = id.slice(4);
        const cut = rest.lastIndexOf(":");
        return { type: rest.slice(cut + 1) as AccountType, subAccountEmail: rest.slice(0, cut) };
      }
      if (id.startsWith("ISOLATED:")) return { type: AccountType.MARGIN_ISOLATED, symbol: id.slice(9) };
      return { type: id as AccountType };
    });
  }

  constructor(state: BinanceSimState) {
    this.load(AccountType.SPOT, state.spot);
    this.load(AccountType.FUNDING, state.funding);
    this.load(AccountType.MARGIN_CROSS, state.crossMargin);
    this.load(AccountType.USDM_FUTURES, state.usdm);
    this.load(AccountType.COINM_FUTURES, state.coinm);
    this.load(AccountType.OPTIONS, state.options);
    this.load(AccountType.PORTFOLIO_MARGIN, state.portfolioMargin);
    for (const [symbol, pair] of Object.entries(state.isolated)) {
      const id = this.load(AccountType.MARGIN_ISOLATED, pair.assets, { symbol });
      this.pairAssets.set(id, [pair.baseAsset, pair.quoteAsset]);
      for (const asset of [pair.baseAsset, pair.quoteAsset]) this.rowOf(id, asset);
    }
    for (const sub of state.subAccounts) {
      this.load(AccountType.SPOT, sub.spot, { subAccountEmail: sub.email });
      if (sub.margin) this.load(AccountType.MARGIN_CROSS, sub.margin, { subAccountEmail: sub.email });
    }
  }

  private load(type: AccountType, wallet: SimWalletState, where: Omit<SimWalletRef, "type"> = {}): string {
    const id = walletId({ type, ...where });
    const rows = new Map<string, LedgerRow>();
    for (const [asset, a] of Object.entries(wallet)) {
      rows.set(asset, {
        free: parseDecimal(a.free),
        locked: parseDecimal(a.locked ?? "0"),
        borrowed: parseDecimal(a.borrowed ?? "0"),
        interest: parseDecimal(a.interest ?? "0"),
        unrealizedProfit: parseDecimal(a.unrealizedProfit ?? "0"),
      });
    }
    this.wallets.set(id, rows);
    return id;
  }

  private rowOf(id: string, asset: string): LedgerRow {
    const rows = this.wallets.get(id)!;
    let row = rows.get(asset);
    if (!row) {
      row = { free: ZERO, locked: ZERO, borrowed: ZERO, interest: ZERO, unrealizedProfit: ZERO };
      rows.set(asset, row);
    }
    return row;
  }

  has(ref: SimWalletRef): boolean {
    return this.wallets.has(walletId(ref));
  }

  /** Every asset code any wallet has a row for, sorted. */
  assets(): string[] {
    const all = new Set<string>();
    for (const rows of this.wallets.values()) for (const asset of rows.keys()) all.add(asset);
    return [...all].sort();
  }

  /** The rows of a wallet, in insertion order (empty when it does not exist). */
  rows(ref: SimWalletRef): Array<[string, LedgerRow]> {
    return [...(this.wallets.get(walletId(ref)) ?? new Map<string, LedgerRow>()).entries()];
  }

  row(ref: SimWalletRef, asset: string): LedgerRow | null {
    return this.wallets.get(walletId(ref))?.get(asset) ?? null;
  }

  move(from: SimWalletRef, to: SimWalletRef, asset: string, amount: Decimal): MoveResult {
    const fromId = walletId(from);
    const toId = walletId(to);
    if (!this.wallets.has(fromId) || !this.wallets.has(toId)) return { ok: false, reason: "NO_WALLET" };
    for (const id of [fromId, toId]) {
      const pair = this.pairAssets.get(id);
      if (pair && !pair.includes(asset)) return { ok: false, reason: "NOT_PAIR_ASSET" };
    }
    const source = this.wallets.get(fromId)!.get(asset);
    if (!source || source.free.lessThan(amount)) return { ok: false, reason: "INSUFFICIENT" };
    source.free = source.free.minus(amount);
    const target = this.rowOf(toId, asset);
    target.free = target.free.plus(amount);
    this.changed([from, to]);
    return { ok: true };
  }

  /** Sum of an asset over every wallet: transfers never change it. */
  totalOf(asset: string): Decimal {
    let sum: Decimal = new Dec(0);
    for (const rows of this.wallets.values()) {
      const row = rows.get(asset);
      if (row) sum = sum.plus(row.free).plus(row.locked);
    }
    return sum;
  }
}
