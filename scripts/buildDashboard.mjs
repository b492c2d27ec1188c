// Bundles the dashboard page (src/dashboard/page) into dist/dashboard with esbuild: one
// script and one stylesheet, served by Coffer itself under a strict CSP (no CDN).
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist", "dashboard");
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(root, "src/dashboard/page/main.ts")],
  outfile: join(out, "dashboard.js"),
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  minify: true,
  sourcemap: true,
  legalComments: "none",
  define: { "process.env.NODE_ENV": '"production"' },
  logLevel: "warning",
});
copyFileSync(join(root, "src/dashboard/page/dashboard.css"), join(out, "dashboard.css"));
