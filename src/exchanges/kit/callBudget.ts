/**
 * A count of the upstream calls one piece of work may make. The connectors take one call from
 * it before every HTTP request they send for that work (retries and re-sends included), so the
 * number of requests the exchanges see is at most `limit`, whatever the work asked for.
 */
export interface CallBudget {
  /** Takes one call; throws CallBudgetSpentError when none is left (nothing is sent then). */
  take(): void;
  readonly limit: number;
  readonly used: number;
}

/** The budget ran out: the call was not sent. Work that made progress keeps what it has. */
export class CallBudgetSpentError extends Error {
  readonly limit: number;
  constructor(limit: number) {
    super(`the budget of ${limit} upstream calls is spent`);
    this.name = "CallBudgetSpentError";
    this.limit = limit;
  }
}

export function createCallBudget(limit: number): CallBudget {
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`A call budget is a whole number ≥ 0, got ${limit}`);
  let used = 0;
  return {
    take() {
      if (used >= limit) throw new CallBudgetSpentError(limit);
      used++;
    },
    limit,
    get used() {
      return used;
    },
  };
}
