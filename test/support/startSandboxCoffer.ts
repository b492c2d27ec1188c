import type { Sandbox, SandboxOptions } from "../../src/server/sandbox.js";
import type { CofferConfig } from "../../src/settings/config.types.js";
import type { Coffer, CofferOptions } from "../../src/server/createCoffer.js";
import { startTestCoffer } from "./testCoffer.js";

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
  readonly coffer?: Omit<CofferOptions, "logger" | "demoToken">;
}

/** The sandbox simulators and a Coffer on them, on free ports, with a temp journal: the one test builder's sandbox world. */
export async function startSandboxCoffer(options: SandboxCofferOptions = {}): Promise<SandboxCoffer> {
  const { config: overrides, coffer, ...sandbox } = options;
  const started = await startTestCoffer({ world: { sandbox }, configure: (config) => ({ ...config, ...overrides }), coffer });
  return { ...started, sandbox: started.sandbox! };
}
