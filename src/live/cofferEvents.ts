import type { AccountKey } from "../domain/accountKey.js";
import type { TransferRecord } from "../domain/transfer.js";

/** An account whose balances may have changed, and why Coffer thinks so. */
export interface AccountChangeEvent {
  readonly key: AccountKey;
  /** STREAM (an exchange pushed it), POLL (a re-read), TRANSFER (a transfer through Coffer). */
  readonly reason: "STREAM" | "POLL" | "TRANSFER";
  readonly at: Date;
}

/**
 * The event hub live updates run on: transfer events (a journal row created or its status
 * changed) and account changes. Kept behind this interface so a fleet of instances can swap
 * the in-process hub for a shared one (Redis) and a transfer made on one instance reaches the
 * subscribers of every instance. Listeners are called synchronously and must not throw.
 */
export interface CofferEvents {
  publishTransfer(record: TransferRecord): void;
  /** Returns the unsubscribe function. */
  onTransfer(listener: (record: TransferRecord) => void): () => void;
  publishAccountChange(event: AccountChangeEvent): void;
  onAccountChange(listener: (event: AccountChangeEvent) => void): () => void;
}

/** The in-process hub: plain listener sets, nothing leaves the process. */
export function createInProcessCofferEvents(): CofferEvents {
  const transferListeners = new Set<(record: TransferRecord) => void>();
  const accountListeners = new Set<(event: AccountChangeEvent) => void>();
  function emit<T>(listeners: Set<(value: T) => void>, value: T): void {
    for (const listener of [...listeners]) {
      try {
        listener(value);
      } catch {
        // One broken listener must not keep the event from the others.
      }
    }
  }
  function add<T>(listeners: Set<(value: T) => void>, listener: (value: T) => void): () => void {
    // Wrapped so the same function subscribed twice is two subscriptions.
    const own = (value: T) => listener(value);
    listeners.add(own);
    return () => listeners.delete(own);
  }
  return {
    publishTransfer: (record) => emit(transferListeners, record),
    onTransfer: (listener) => add(transferListeners, listener),
    publishAccountChange: (event) => emit(accountListeners, event),
    onAccountChange: (listener) => add(accountListeners, listener),
  };
}
