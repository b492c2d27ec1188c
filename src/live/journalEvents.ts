import type { TransferJournal } from "../transfers/journal.js";
import { journalRecord } from "../transfers/records.js";
import type { CofferEvents } from "./cofferEvents.js";

/**
 * The journal with every status change published: a created row (PENDING) and every outcome
 * written (by the transfer service or the reconciler: UNKNOWN, then CONFIRMED or FAILED).
 * Publishing after the write means a subscriber never hears of a status the journal lacks.
 */
export function journalWithEvents(journal: TransferJournal, events: CofferEvents): TransferJournal {
  return new Proxy(journal, {
    get(target, property, receiver) {
      if (property === "begin") {
        const begin: TransferJournal["begin"] = async (intent) => {
          const result = await target.begin(intent);
          if (result.created) events.publishTransfer(journalRecord(result.entry));
          return result;
        };
        return begin;
      }
      if (property === "complete") {
        const complete: TransferJournal["complete"] = async (id, outcome, onlyIf) => {
          const result = await target.complete(id, outcome, onlyIf);
          if (result?.updated) events.publishTransfer(journalRecord(result.entry));
          return result;
        };
        return complete;
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
