import { execFile, spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
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
  /** Kept for callers; the build is shared by every test of the same sources, so nothing is removed. */
  remove(): void;
}

const ROOT = resolve(process.cwd());
const BUILD_PREFIX = ".test-build-";

/** A hash of everything the build compiles, so a build is reused exactly while the sources are unchanged. */
function sourcesHash(): string {
  const hash = createHash("sha256");
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((x, y) => x.name.localeCompare(y.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".ts")) hash.update(path).update(readFileSync(path));
    }
  };
  for (const dir of ["src"]) walk(join(ROOT, dir));
  for (const file of ["tsconfig.json", "tsconfig.build.json", "package-lock.json"]) hash.update(readFileSync(join(ROOT, file)));
  return hash.digest("hex").slice(0, 16);
}

/**
 * Builds Coffer once per state of the sources into dist/.test-build-<hash> (never dist/src,
 * which `npm run build` owns): the child-process tests of one run share it. Built in a private
 * folder and renamed into place, so two workers building at once both end up with a whole build.
 */
export async function buildCoffer(): Promise<CofferBuild> {
  const target = join(ROOT, "dist", `${BUILD_PREFIX}${sourcesHash()}`);
  const mainJs = join(target, "src", "main.js");
  if (!existsSync(mainJs)) {
    const outDir = `${target}.tmp-${process.pid}-${Date.now()}`;
    const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
    const output = await new Promise<string>((done) => {
      execFile(process.execPath, [tsc, "-p", "tsconfig.build.json", "--outDir", outDir], { cwd: ROOT, timeout: 180_000 }, (error, stdout, stderr) =>
        done(`${error ? `${error.message}\n` : ""}${stdout}${stderr}`),
      );
    });
    if (!existsSync(join(outDir, "src", "main.js"))) throw new Error(`The Coffer build wrote no main.js:\n${output}`);
    try {
      renameSync(outDir, target);
      // Builds of older sources are of no further use.
      for (const name of readdirSync(join(ROOT, "dist"))) {
        if (name.startsWith(BUILD_PREFIX) && join(ROOT, "dist", name) !== target && !name.includes(".tmp-")) {
          rmSync(join(ROOT, "dist", name), { recursive: true, force: true });
        }
      }
    } catch {
      rmSync(outDir, { recursive: true, force: true }); // another worker put the same build in place first
    }
  }
  return { mainJs, remove: () => undefined };
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
