import type { Logger } from "../observability/logger.js";
import type { TransferJournal } from "./journal.js";
import { createSqliteJournal } from "./sqliteJournal.js";

/**
 * Opens the journal the config names: `sqlite:<path>` (the default store; `sqlite::memory:`
 * for a throwaway one) or a `postgres://` / `postgresql://` URL. The PostgreSQL driver is
 * loaded only when used.
 */
export async function openJournal(spec: string, options: { logger?: Logger } = {}): Promise<TransferJournal> {
  if (/^postgres(ql)?:\/\//.test(spec)) {
    const { createPostgresJournal } = await import("./postgresJournal.js");
    return createPostgresJournal(spec, options.logger ? { logger: options.logger } : {});
  }
  if (spec.startsWith("sqlite:") && spec.length > "sqlite:".length) return createSqliteJournal(spec.slice("sqlite:".length));
  throw new Error(`journal must be "sqlite:<path>" or a postgres:// URL, got ${JSON.stringify(spec.replace(/\/\/[^@]*@/, "//***@"))}`);
}
