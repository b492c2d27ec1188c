import { readFileSync } from "node:fs";
import { startBareApollo } from "./bareApollo.js";

/**
 * The bare Apollo Server (bareApollo.ts) in a process of its own, for comparing it with a Coffer
 * process under the same NODE_ENV: `node dist/test/bench/bareApolloMain.js <recorded.json>`
 * prints `{"url": "http://127.0.0.1:<port>/graphql"}` and serves until SIGTERM.
 */
const recorded = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as Record<string, unknown>;
const server = await startBareApollo(recorded);
process.stdout.write(JSON.stringify({ url: server.url }) + "\n");
process.on("SIGTERM", () => void server.close().then(() => process.exit(0)));
