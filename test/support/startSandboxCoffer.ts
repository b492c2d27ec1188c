import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox, type Sandbox, type SandboxOptions } from "../../src/server/sandbox.js";
import type { CofferConfig } from "../../src/settings/config.types.js";
import { createCoffer, type Coffer, type CofferOptions } from "../../src/server/createCoffer.js";
import { createLogger } from "../../src/observability/logger.js";

export interface SandboxCoffer {
  readonly sandbox: Sandbox;
  readonly coffer: Coffer;
  readonly url: string;
  /** Every log line Coffer wrote (tests grep them for secrets). */
  readonly logLines: string[];
  close(): Promise<void>;
}

export interface SandboxCofferOptions extends Omit<SandboxOptions, "port" | "journal"> {
  /** Config keys set on top of the sandbox's (e.g. `cors`, `trustedDocuments`). */
  readonly config?: Partial<Pick<CofferConfig, "cors" | "trustedDocuments">>;
  /** createCoffer options on top of the logger and demo token. */
  readonly coffer?: Partial<CofferOptions>;
}

/** Starts the sandbox simulators and a Coffer on them, on free ports, with a temp journal. */
export async function startSandboxCoffer(options: SandboxCofferOptions = {}): Promise<SandboxCoffer> {
  const dir = mkdtempSync(join(tmpdir(), "coffer-test-"));
  const { config: overrides, coffer: cofferOptions, ...sandboxOptions } = options;
  const sandbox = await startSandbox({ ...sandboxOptions, port: 0, journal: `sqlite:${join(dir, "journal.sqlite")}` });
  const logLines: string[] = [];
  const logger = createLogger({ level: "debug", write: (line) => logLines.push(line) });
  const coffer = await createCoffer({ ...sandbox.config, ...overrides }, { ...cofferOptions, logger, demoToken: sandbox.demoToken });
  await coffer.ready; // the start-up warm-up's calls are not a test's
  return {
    sandbox,
    coffer,
    url: coffer.url,
    logLines,
    async close() {
      await coffer.close();
      await sandbox.close();
    },
  };
}
