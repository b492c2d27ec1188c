import { DEFAULTS, type KnobValues } from "./knobs.js";

/**
 * The knobs grouped the way the server's parts take them (createCoffer's options): a Coffer
 * started by `main.ts` gets every one of them, so the settings' defaults are the ones that run.
 */
export interface Tuning {
  readonly bodyLimit: string;
  readonly serverLimits: { readonly headersTimeoutMs: number; readonly requestTimeoutMs: number; readonly keepAliveTimeoutMs: number; readonly maxConnections: number };
  readonly queryLimits: { readonly maxDepth: number; readonly maxAliases: number; readonly maxCost: number; readonly maxTokens: number };
  readonly tokenRateLimit: { readonly perSecond: number; readonly burst: number };
  readonly liveLimits: { readonly queuePerSubscription: number; readonly subscriptionsPerSocket: number; readonly subscriptionsPerToken: number };
  readonly streamBackoff: { readonly initialMs: number; readonly maxMs: number };
  readonly circuitBreaker: { readonly failureThreshold: number; readonly openMs: number };
  readonly readRetry: { readonly retries: number; readonly baseDelayMs: number; readonly maxDelayMs: number; readonly budgetMs: number };
  readonly reconcile: { readonly settleDelayMs: number; readonly reconcileWindowMs: number; readonly reconcileIntervalMs: number; readonly leaseMs: number };
  readonly assetListRetryMs: number;
  readonly warmUpReads: boolean;
}

export function tuningOf(k: KnobValues): Tuning {
  return {
    bodyLimit: k["http.bodyLimit"],
    serverLimits: {
      headersTimeoutMs: k["http.headersTimeoutMs"],
      requestTimeoutMs: k["http.requestTimeoutMs"],
      keepAliveTimeoutMs: k["http.keepAliveTimeoutMs"],
      maxConnections: k["http.maxConnections"],
    },
    queryLimits: { maxDepth: k["query.maxDepth"], maxAliases: k["query.maxAliases"], maxCost: k["query.maxCost"], maxTokens: k["query.maxTokens"] },
    tokenRateLimit: { perSecond: k["tokenRate.perSecond"], burst: k["tokenRate.burst"] },
    liveLimits: {
      queuePerSubscription: k["live.queuePerSubscription"],
      subscriptionsPerSocket: k["live.subscriptionsPerSocket"],
      subscriptionsPerToken: k["live.subscriptionsPerToken"],
    },
    streamBackoff: { initialMs: k["live.reconnectInitialMs"], maxMs: k["live.reconnectMaxMs"] },
    circuitBreaker: { failureThreshold: k["circuit.failureThreshold"], openMs: k["circuit.openMs"] },
    readRetry: { retries: k["readRetry.retries"], baseDelayMs: k["readRetry.baseDelayMs"], maxDelayMs: k["readRetry.maxDelayMs"], budgetMs: k["readRetry.budgetMs"] },
    reconcile: {
      settleDelayMs: k["transfers.settleDelayMs"],
      reconcileWindowMs: k["transfers.reconcileWindowMs"],
      reconcileIntervalMs: k["transfers.reconcileIntervalMs"],
      leaseMs: k["transfers.leaseMs"],
    },
    assetListRetryMs: k["transfers.assetListRetryMs"],
    warmUpReads: k["startUp.readWallets"],
  };
}

/** Every default, grouped: the parts' own defaults point here, so each number is written once. */
export const DEFAULT_TUNING: Tuning = tuningOf(DEFAULTS);
