import { parseJsonExact } from "../../kit/parseJsonExact.js";
import type { HtxSimContractDetail, HtxSimState } from "./state.js";
import { int, num } from "./wire.js";

/** The bodies of the contract host's account endpoints, built from the shared state. */

function detailWire(d: HtxSimContractDetail) {
  return {
    symbol: d.symbol,
    contract_code: d.contract_code,
    margin_position: num(d.margin_position),
    margin_frozen: num(d.margin_frozen),
    margin_available: num(d.margin_available),
    profit_unreal: num(d.profit_unreal),
    liquidation_price: num(d.liquidation_price),
    lever_rate: num(d.lever_rate),
    adjust_factor: num(d.adjust_factor),
    contract_type: d.contract_type,
    cross_max_available: num(d.cross_max_available),
    trade_partition: d.trade_partition,
    pair: d.pair,
    business_type: d.business_type,
  };
}

function bodyField(bodyText: string, name: string): string | null {
  try {
    const body = parseJsonExact(bodyText || "{}") as Record<string, unknown>;
    const value = body?.[name];
    return typeof value === "string" && value !== "" ? value.toUpperCase() : null;
  } catch {
    return null;
  }
}

/** POST /linear-swap-api/v1/swap_cross_account_info (optional body margin_account). */
export function crossAccountInfoBody(state: HtxSimState, bodyText: string, now: number) {
  const c = state.cross;
  const wanted = bodyField(bodyText, "margin_account");
  const rows =
    wanted !== null && wanted !== "USDT"
      ? []
      : [
          {
            futures_contract_detail: c.futures_contract_detail.map(detailWire),
            margin_mode: "cross",
            margin_account: "USDT",
            margin_asset: c.margin_asset,
            margin_balance: num(c.margin_balance),
            margin_static: num(c.margin_static),
            margin_position: num(c.margin_position),
            margin_frozen: num(c.margin_frozen),
            profit_unreal: num(c.profit_unreal),
            withdraw_available: num(c.withdraw_available),
            risk_rate: num(c.risk_rate),
            money_in: num(c.money_in),
            money_out: num(c.money_out),
            new_risk_rate: num(c.new_risk_rate),
            position_mode: c.position_mode,
            contract_detail: c.contract_detail.map(detailWire),
          },
        ];
  return { status: "ok", data: rows, ts: int(now) };
}

/** POST /linear-swap-api/v1/swap_account_info (optional body contract_code). */
export function isolatedAccountInfoBody(state: HtxSimState, bodyText: string, now: number) {
  const wanted = bodyField(bodyText, "contract_code");
  const rows = state.isolated
    .filter((a) => wanted === null || a.contract_code.toUpperCase() === wanted)
    .map((a) => ({
      symbol: a.symbol,
      contract_code: a.contract_code,
      margin_asset: a.margin_asset,
      margin_balance: num(a.margin_balance),
      margin_position: num(a.margin_position),
      margin_frozen: num(a.margin_frozen),
      margin_available: num(a.margin_available),
      profit_real: num(a.profit_real),
      profit_unreal: num(a.profit_unreal),
      risk_rate: num(a.risk_rate),
      new_risk_rate: num(a.new_risk_rate),
      trade_partition: a.trade_partition,
      withdraw_available: num(a.withdraw_available),
      liquidation_price: num(a.liquidation_price),
      lever_rate: num(a.lever_rate),
      adjust_factor: num(a.adjust_factor),
      margin_static: num(a.margin_static),
      margin_mode: "isolated",
      margin_account: a.contract_code,
      position_mode: a.position_mode,
    }));
  return { status: "ok", data: rows, ts: int(now) };
}

/** GET /linear-swap-api/v3/swap_unified_account_type */
export function unifiedAccountTypeBody(state: HtxSimState, now: number) {
  return { code: int(200), msg: "ok", data: { account_type: int(state.unified ? 2 : 1) }, ts: int(now) };
}

/** GET /linear-swap-api/v3/unified_account_info (optional contract_code): the unified view of the same money. */
export function unifiedAccountInfoBody(state: HtxSimState, query: URLSearchParams, now: number) {
  const c = state.cross;
  const wanted = query.get("contract_code")?.toUpperCase() ?? null;
  const keep = (code: string) => wanted === null || code.toUpperCase() === wanted;
  const crossContract = (d: HtxSimContractDetail) => ({
    symbol: d.symbol,
    contract_code: d.contract_code,
    margin_mode: "cross",
    margin_available: num(d.margin_available),
    cross_max_available: num(d.cross_max_available),
    lever_rate: num(d.lever_rate),
    contract_type: d.contract_type,
    business_type: d.business_type,
  });
  return {
    code: int(200),
    msg: "",
    ts: int(now),
    data: [
      {
        margin_asset: c.margin_asset,
        margin_balance: num(c.margin_balance),
        margin_static: num(c.margin_static),
        cross_margin_static: num(c.margin_static),
        cross_profit_unreal: num(c.profit_unreal),
        margin_frozen: num(c.margin_frozen),
        withdraw_available: num(c.withdraw_available),
        cross_risk_rate: num(c.risk_rate === "" ? null : c.risk_rate),
        userId: null,
        cross_swap: c.contract_detail.filter((d) => keep(d.contract_code)).map(crossContract),
        cross_future: c.futures_contract_detail.filter((d) => keep(d.contract_code)).map(crossContract),
        isolated_swap: state.isolated
          .filter((a) => keep(a.contract_code))
          .map((a) => ({
            symbol: a.symbol,
            contract_code: a.contract_code,
            margin_mode: "isolated",
            margin_available: num(a.margin_available),
            withdraw_available: num(a.withdraw_available),
            lever_rate: num(a.lever_rate),
            position_mode: a.position_mode,
          })),
      },
    ],
  };
}

/** GET /v5/account/asset_mode: 1 when the state holds a V5 account. */
export function assetModeBody(state: HtxSimState, now: number) {
  return { code: int(200), msg: "Success", data: { asset_mode: int(state.v5 ? 1 : 0) }, ts: int(now) };
}

/** GET /v5/account/balance: the V5 account, values as strings as HTX writes them; an error when not in V5 mode. */
export function v5BalanceBody(state: HtxSimState, now: number) {
  const a = state.v5;
  if (!a) return null;
  return {
    code: int(200),
    data: {
      state: a.state,
      equity: a.equity,
      initial_margin: a.initial_margin,
      maintenance_margin: a.maintenance_margin,
      maintenance_margin_rate: a.maintenance_margin_rate,
      profit_unreal: a.profit_unreal,
      available_margin: a.available_margin,
      voucher_value: "",
      created_time: int(1736736784249),
      updated_time: int(now),
      details: a.details.map((d) => ({ ...d, voucher: "", voucher_value: "", created_time: int(1736736784249), updated_time: int(now) })),
    },
    message: "Success",
    ts: int(now),
  };
}

/** GET /v5/trade/position/opens (optional contract_code). */
export function v5PositionsBody(state: HtxSimState, query: URLSearchParams, now: number) {
  const a = state.v5;
  if (!a) return null;
  const wanted = query.get("contract_code")?.toUpperCase() ?? null;
  return {
    code: int(200),
    data: a.positions
      .filter((p) => wanted === null || p.contract_code.toUpperCase() === wanted)
      .map((p) => ({
        ...p,
        lever_rate: int(Number(p.lever_rate)),
        adl_risk_percent: "1",
        created_time: int(1736736784249),
        updated_time: int(now),
      })),
    message: "Success",
    ts: int(now),
  };
}
