import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox, type Sandbox, type SandboxOptions } from "../../src/config/sandbox.js";
import { createCoffer, type Coffer } from "../../src/createCoffer.js";
import { createLogger } from "../../src/observability/logger.js";

export interface SandboxCoffer {
  readonly sandbox: Sandbox;
  readonly coffer: Coffer;
  readonly url: string;
  /** Every log line Coffer wrote (tests grep them for secrets). */
  readonly logLines: string[];
  close(): Promise<void>;
}

/** Starts the sandbox simulators and a Coffer on them, on free ports, with a temp journal. */
export async function startSandboxCoffer(options: Omit<SandboxOptions, "port" | "journal"> = {}): Promise<SandboxCoffer> {
  const dir = mkdtempSync(join(tmpdir(), "coffer-test-"));
  const sandbox = await startSandbox({ ...options, port: 0, journal: `sqlite:${join(dir, "journal.sqlite")}` });
  const logLines: string[] = [];
  const logger = createLogger({ level: "debug", write: (line) => logLines.push(line) });
  const coffer = await createCoffer(sandbox.config, { logger, demoToken: sandbox.demoToken });
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
