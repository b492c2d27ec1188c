import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * Coffer as a real child process: `node <build>/src/main.js` with COFFER_CONFIG, exactly what
 * `npm start` runs, so a test can SIGKILL it mid-transfer and start another on the same journal.
 *
 * The build goes to its own folder under dist/ (never dist/src, which `npm run build` owns and
 * other runs may be writing): inside the repository, so the compiled files still resolve
 * node_modules. `tsc` emits even when some file in progress elsewhere does not type-check; the
 * build is accepted as long as main.js was written.
 */
export interface CofferBuild {
  readonly mainJs: string;
  remove(): void;
}

const ROOT = resolve(process.cwd());

export async function buildCoffer(): Promise<CofferBuild> {
  const outDir = join(ROOT, "dist", `.money-e2e-${process.pid}-${Date.now()}`);
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  const output = await new Promise<string>((done) => {
    execFile(process.execPath, [tsc, "-p", "tsconfig.build.json", "--outDir", outDir], { cwd: ROOT, timeout: 180_000 }, (error, stdout, stderr) =>
      done(`${error ? `${error.message}\n` : ""}${stdout}${stderr}`),
    );
  });
  const mainJs = join(outDir, "src", "main.js");
  if (!existsSync(mainJs)) throw new Error(`The Coffer build wrote no ${mainJs}:\n${output}`);
  return { mainJs, remove: () => rmSync(outDir, { recursive: true, force: true }) };
}

export interface CofferChild {
  readonly url: string;
  readonly process: ChildProcess;
  /** Everything the child wrote so far (stdout and stderr interleaved). */
  output(): string;
  /** Resolves with the exit code / signal once the child is gone. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends a signal and waits for the child to be gone. */
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function startCofferChild(build: CofferBuild, configPath: string, env: Record<string, string> = {}): Promise<CofferChild> {
  const child = spawn(process.execPath, [build.mainJs], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: "", COFFER_CONFIG: configPath, LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  child.stdout!.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on("exit", (code, signal) => done({ code, signal })));
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`Coffer child did not start within 60 s:\n${text}`)), 60_000);
    const look = () => {
      const match = /Coffer is listening on (http:\/\/[^\s]+)\/graphql/.exec(text);
      if (match) {
        clearTimeout(timer);
        done(match[1]!);
      }
    };
    child.stdout!.on("data", look);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      fail(new Error(`Coffer child exited (code ${code}, signal ${signal}) before listening:\n${text}`));
    });
  });
  return {
    url,
    process: child,
    output: () => text,
    exited,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
