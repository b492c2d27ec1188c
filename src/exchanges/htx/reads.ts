import type { AccountKey } from "../../domain/accountKey.js";
import type { SnapshotCache } from "../../cache/snapshotCache.js";
import { createMapOnce } from "../../cache/mapOnce.js";
import type { Balance } from "../../domain/balance.js";
import { NotFoundError, UpstreamRejectedError } from "../../domain/errors.js";
import type { Logger } from "../../observability/logger.js";
import type { WireGuard } from "../kit/wireGuard.js";
import { wireArray, wireIdText, wireObject } from "../kit/wireValues.js";
import type { HtxCall, HtxClient } from "./client.js";
import { crossAccountOf, isolatedAccountsOf, unifiedAccountsOf, type HtxContractAccount } from "./contractMapping.js";
import { spotAccountIdOf, spotBalancesOf } from "./mapping.js";
import { assetModeOf, MULTI_ASSETS_MODE, v5AccountsOf } from "./v5Mapping.js";
import type {
  HtxAccountWire,
  HtxCrossAccountWire,
  HtxIsolatedAccountWire,
  HtxSpotBalanceWire,
  HtxUnifiedAccountTypeWire,
  HtxUnifiedAccountWire,
  HtxV5AssetModeWire,
  HtxV5BalanceWire,
  HtxV5PositionWire,
} from "./wire.js";

/**
 * The account reads of an HTX connection, each through the snapshot cache under a key that
 * names the call and its parameters (never the signed query), mapped to domain objects once
 * per cached answer. History pages are not here: they belong to one request (history.ts).
 */
export interface HtxReads {
  /** The spot account's id (asked once, then remembered); null when the key has no spot account. */
  spotAccountId(): Promise<string | null>;
  /** The spot account's id; NOT_FOUND when there is none. */
  requireSpotAccountId(): Promise<string>;
  spotBalances(): Promise<Balance[]>;
  contractAccounts(): Promise<HtxContractAccount[]>;
  /** The contract account a key names (symbol null: the cross account). */
  contractAccount(key: AccountKey): Promise<HtxContractAccount>;
  /** Probes the contract mode (two calls, cached like any read) so the next read can start its reads with the probes. */
  learnContractMode(): Promise<void>;
  /** Whether the last probe found Multi-Assets Collateral (V5) mode. */
  readonly multiAssetsMode: boolean;
}

export interface HtxReadsDeps {
  readonly connectionId: string;
  readonly client: HtxClient;
  readonly cache: SnapshotCache;
  readonly readWire: WireGuard;
  readonly logger: Logger;
}

const UNIFIED_ACCOUNT_TYPE = "2";

/** How the USDT-margined contracts are held; each mode has its own reads. */
type ContractMode = "multiAssets" | "unified" | "crossAndIsolated";

export function createHtxReads(deps: HtxReadsDeps): HtxReads {
  const { connectionId, client, cache, readWire, logger } = deps;

  /** Each cached answer is mapped to domain objects once, shared by every request that reads it. */
  const once = createMapOnce();

  /** One cached read: key = the call and its parameters. */
  function cachedData(call: HtxCall): Promise<unknown> {
    const key = `htx:${call.method} ${call.path}?${JSON.stringify(call.params ?? {})}${call.body ?? ""}`;
    return cache.get(connectionId, key, async () => (await client.call(call)).data);
  }

  let spotIdPromise: Promise<string | null> | null = null;
  /** The spot account id never changes: asked once (GET /v1/account/accounts), then remembered. */
  function spotAccountId(): Promise<string | null> {
    spotIdPromise ??= cachedData({ host: "spot", method: "GET", path: "/v1/account/accounts", budget: "spotAccounts" })
      .then((data) => readWire("/v1/account/accounts", () => spotAccountIdOf(wireArray<HtxAccountWire>(data, "data"))))
      .catch((error: unknown) => {
        spotIdPromise = null;
        throw error;
      });
    return spotIdPromise;
  }

  async function requireSpotAccountId(): Promise<string> {
    const id = await spotAccountId();
    if (id === null) throw new NotFoundError(`HTX connection ${connectionId} has no spot account.`);
    return id;
  }

  async function spotBalances(): Promise<Balance[]> {
    const id = await requireSpotAccountId();
    const path = `/v1/account/accounts/${id}/balance`;
    const data = await cachedData({ host: "spot", method: "GET", path, budget: "spotBalance" });
    const map = () => readWire(path, () => spotBalancesOf(wireObject<HtxSpotBalanceWire>(data, "data")));
    return typeof data === "object" && data !== null ? once("spotBalances", data, map) : map();
  }

  /** The mode the last probe found (null until probed): its reads leave together with the probes. */
  let knownMode: ContractMode | null = null;

  /**
   * Which mode the account is in: Multi-Assets Collateral (V5: GET /v5/account/asset_mode says
   * 1), unified (swap_unified_account_type says 2), or cross + isolated. Both probes go out
   * together, so detecting the mode costs no step.
   */
  async function contractMode(): Promise<ContractMode> {
    const modePath = "/v5/account/asset_mode";
    const typePath = "/linear-swap-api/v3/swap_unified_account_type";
    const modeData = cachedData({ host: "swap", method: "GET", path: modePath, budget: "contractRead" });
    const typeProbe = cachedData({ host: "swap", method: "GET", path: typePath, budget: "contractRead" });
    typeProbe.catch(() => undefined); // in V5 mode it is not needed and not awaited
    // A key or host HTX refuses the V5 probe for is read the older way, not failed.
    const mode = await modeData.catch((error: unknown) => {
      if (!(error instanceof UpstreamRejectedError)) throw error;
      logger.warn({ path: modePath, reason: error.message }, "htx asset mode probe refused; reading v1/v3 accounts");
      return null;
    });
    if (mode !== null && readWire(modePath, () => assetModeOf(wireObject<HtxV5AssetModeWire>(mode, "data"))) === MULTI_ASSETS_MODE) return (knownMode = "multiAssets");
    const typeData = await typeProbe;
    const unified = readWire(typePath, () => wireIdText(wireObject<HtxUnifiedAccountTypeWire>(typeData, "data").account_type, "account_type")) === UNIFIED_ACCOUNT_TYPE;
    return (knownMode = unified ? "unified" : "crossAndIsolated");
  }

  /** The contract accounts as one mode reads them. */
  async function accountsIn(mode: ContractMode): Promise<HtxContractAccount[]> {
    if (mode === "multiAssets") {
      const balancePath = "/v5/account/balance";
      const positionsPath = "/v5/trade/position/opens";
      const [balanceData, positionsData] = await Promise.all([
        cachedData({ host: "swap", method: "GET", path: balancePath, budget: "contractRead" }),
        cachedData({ host: "swap", method: "GET", path: positionsPath, budget: "contractRead" }),
      ]);
      const positions = readWire(positionsPath, () => wireArray<HtxV5PositionWire>(positionsData, "data"));
      return readWire(balancePath, () => v5AccountsOf(wireObject<HtxV5BalanceWire>(balanceData, "data"), positions));
    }
    if (mode === "unified") {
      const path = "/linear-swap-api/v3/unified_account_info";
      const data = await cachedData({ host: "swap", method: "GET", path, budget: "contractRead" });
      return readWire(path, () => unifiedAccountsOf(wireArray<HtxUnifiedAccountWire>(data, "data")));
    }
    const crossPath = "/linear-swap-api/v1/swap_cross_account_info";
    const isolatedPath = "/linear-swap-api/v1/swap_account_info";
    const [crossData, isolatedData] = await Promise.all([
      cachedData({ host: "swap", method: "POST", path: crossPath, body: "{}", budget: "contractRead" }),
      cachedData({ host: "swap", method: "POST", path: isolatedPath, body: "{}", budget: "contractRead" }),
    ]);
    const cross = readWire(crossPath, () => crossAccountOf(wireArray<HtxCrossAccountWire>(crossData, "data")));
    const isolated = readWire(isolatedPath, () => isolatedAccountsOf(wireArray<HtxIsolatedAccountWire>(isolatedData, "data")));
    return cross ? [cross, ...isolated] : isolated;
  }

  /**
   * Every USDT-margined contract account, in whichever mode the account is. The mode is probed
   * on every read; the reads of the mode the last probe found leave with the probes, and are
   * used only if the probes confirm it (a mode switch costs the wasted reads and one step).
   */
  function contractAccounts(): Promise<HtxContractAccount[]> {
    return cache.get(connectionId, "htx:contract-accounts", async () => {
      const guess = knownMode;
      const ahead = guess ? accountsIn(guess) : null;
      ahead?.catch(() => undefined);
      const mode = await contractMode();
      return mode === guess ? ahead! : accountsIn(mode);
    });
  }

  async function contractAccount(key: AccountKey): Promise<HtxContractAccount> {
    const symbol = key.symbol?.toUpperCase() ?? null;
    const found = (await contractAccounts()).find((account) => account.symbol === symbol);
    if (!found) throw new NotFoundError(`HTX connection ${connectionId} has no USDM_FUTURES account ${symbol ?? "(cross)"}.`);
    return found;
  }

  return {
    spotAccountId,
    requireSpotAccountId,
    spotBalances,
    contractAccounts,
    contractAccount,
    learnContractMode: () => contractMode().then(() => undefined),
    get multiAssetsMode() {
      return knownMode === "multiAssets";
    },
  };
}
