import type { Sandbox, SandboxOptions } from "../../src/server/sandbox.js";
import type { CofferConfig } from "../../src/settings/config.types.js";
import type { Coffer } from "../../src/server/createCoffer.js";
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
}

/** The sandbox simulators and a Coffer on them, on free ports, with a temp journal: the one test builder's sandbox world. */
export async function startSandboxCoffer(options: SandboxCofferOptions = {}): Promise<SandboxCoffer> {
  const { config: overrides, ...sandbox } = options;
  const started = await startTestCoffer({ world: { sandbox }, configure: (config) => ({ ...config, ...overrides }) });
  return { ...started, sandbox: started.sandbox! };
}
