import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

/**
 * A real PostgreSQL server for journal tests.
 *
 * - `COFFER_TEST_POSTGRES_URL` set: that server is used (CI can start one however it likes).
 * - Otherwise a throwaway server is started: `initdb` + `pg_ctl` from `PG_BIN`, or the newest
 *   /usr/lib/postgresql/<version>/bin, on a temp dir, 127.0.0.1 and a free port, trust auth
 *   for user `coffer`. initdb refuses to run as root, so as root the commands run as the
 *   `postgres` system user through `runuser -u postgres --` (the data dir is chowned to it).
 *
 * Either way every `createDatabase()` is a fresh database, dropped by `stop()`. When no server
 * can be had this throws: the PostgreSQL journal tests fail loudly rather than skip.
 */
export interface TestPostgres {
  /** A new empty database on the server; its URL. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

function binDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error(
      "PostgreSQL journal tests need a server: set COFFER_TEST_POSTGRES_URL, or install PostgreSQL (apt-get install postgresql) so initdb and pg_ctl exist under /usr/lib/postgresql/<version>/bin (or set PG_BIN).",
    );
  }
  return join(root, versions[0]!, "bin");
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function run(command: string, args: string[], asPostgres: boolean): void {
  const [file, argv] = asPostgres ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
  try {
    execFileSync(file, argv, { stdio: "pipe", timeout: 60_000 });
  } catch (error) {
    const e = error as { stderr?: Buffer; stdout?: Buffer; message: string };
    throw new Error(`${file} ${argv.join(" ")} failed: ${e.message}\n${e.stdout?.toString() ?? ""}${e.stderr?.toString() ?? ""}`, { cause: error });
  }
}

async function startThrowaway(): Promise<{ url: string; stop: () => void }> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), "coffer-pg-"));
  const asPostgres = process.getuid?.() === 0;
  if (asPostgres) chownSync(dir, Number(execFileSync("id", ["-u", "postgres"]).toString().trim()), Number(execFileSync("id", ["-g", "postgres"]).toString().trim()));
  const data = join(dir, "data");
  const port = await freePort();
  run(join(bin, "initdb"), ["-D", data, "-U", "coffer", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"], asPostgres);
  run(
    join(bin, "pg_ctl"),
    ["-D", data, "-l", join(dir, "server.log"), "-w", "-t", "60", "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, "start"],
    asPostgres,
  );
  return {
    url: `postgres://coffer@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run(join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], asPostgres);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const given = process.env.COFFER_TEST_POSTGRES_URL;
  const server = given ? { url: given, stop: () => undefined } : await startThrowaway();
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  const created: string[] = [];
  let counter = 0;
  return {
    async createDatabase() {
      const name = `coffer_test_${process.pid}_${Date.now()}_${counter++}`;
      await admin.query(`CREATE DATABASE ${name}`);
      created.push(name);
      const url = new URL(server.url);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async stop() {
      try {
        for (const name of created) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
        await admin.end();
      } finally {
        server.stop();
      }
    },
  };
}
