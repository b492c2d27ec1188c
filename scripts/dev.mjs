// `npm run dev`: the TypeScript compiler in watch mode, and Coffer restarted by Node's own
// --watch whenever the compiled files it runs change. No dependency beyond typescript and Node.
// Without COFFER_CONFIG it runs the sandbox, fresh on every restart.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tsc = createRequire(join(root, "package.json")).resolve("typescript/bin/tsc");
const mainJs = join(root, "dist", "src", "main.js");
const children = [];

const compiler = spawn(process.execPath, [tsc, "-p", "tsconfig.build.json", "--watch", "--preserveWatchOutput"], {
  cwd: root,
  stdio: ["ignore", "pipe", "inherit"],
});
children.push(compiler);

let server = null;
compiler.stdout.on("data", (chunk) => {
  process.stdout.write(chunk);
  // tsc prints "Found N errors. Watching for file changes." after each compile; start Coffer
  // after the first one (it emits even with type errors, as the build does).
  if (server === null && /Watching for file changes/.test(chunk.toString("utf8")) && existsSync(mainJs)) {
    server = spawn(process.execPath, ["--watch", mainJs], { cwd: root, stdio: "inherit" });
    children.push(server);
  }
});

const stop = () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
compiler.on("exit", (code) => {
  stop();
  process.exitCode = code ?? 0;
});
