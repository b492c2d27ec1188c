import { describe, expect, it } from "@jest/globals";
import { Dec } from "../../../src/domain/decimal.js";
import { AccountType, Exchange, TransferStatus } from "../../../src/domain/enums.js";
import type { ExchangeTransfer } from "../../../src/domain/transfer.js";
import { withContractSides, type ContractSide } from "../../../src/exchanges/htx/historyMapping.js";

const T = 1_700_000_000_000;
const SPOT = { type: AccountType.SPOT, symbol: null };
const CONTRACTS = { type: AccountType.USDM_FUTURES, symbol: null };

function toContracts(id: string, amount = "5", at = T): ExchangeTransfer {
  return {
    connectionId: "h",
    exchange: Exchange.HTX,
    exchangeTransferId: id,
    asset: "USDT",
    amount: new Dec(amount),
    from: SPOT,
    to: CONTRACTS,
    subAccountEmail: null,
    status: TransferStatus.CONFIRMED,
    createdAt: new Date(at),
  };
}
function side(id: string, symbol: string | null, amount = "5", at = T): ContractSide {
  return { id, symbol, amount: new Dec(amount), asset: "USDT", time: at };
}

describe("withContractSides", () => {
  it.each<[string, ContractSide[], string | null | "unnamed"]>([
    ["the record with the ledger's id", [side("other", "ETH-USDT", "5", T + 10), side("1", "BTC-USDT", "5", T + 900)], "BTC-USDT"],
    ["no id: the same amount in, nearest in time", [side("a", "ETH-USDT", "5", T + 3_000), side("b", null, "5", T + 20)], null],
    ["no id: an amount out of the contract is not a transfer in", [side("a", "BTC-USDT", "-5", T)], "unnamed"],
    ["no id: another amount", [side("a", "BTC-USDT", "5.1", T)], "unnamed"],
    ["no id: too far apart in time", [side("a", "BTC-USDT", "5", T + 60_000)], "unnamed"],
  ])("%s → %s", (_name, sides, expected) => {
    const [named] = withContractSides([toContracts("1")], sides);
    if (expected === "unnamed") expect(named).toEqual(toContracts("1"));
    else expect(named).toMatchObject({ to: { type: AccountType.USDM_FUTURES, symbol: expected }, symbolsExact: true });
  });

  it("uses each record once", () => {
    const named = withContractSides([toContracts("x"), toContracts("y", "5", T + 1)], [side("a", "BTC-USDT", "5", T)]);
    expect(named.filter((t) => t.symbolsExact).length).toBe(1);
  });
});
