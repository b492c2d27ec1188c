import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A real redis-server for fleet tests: started on 127.0.0.1, a free port and a temp dir, no
 * persistence. `kill()` stops it (the port stays reserved for `restart()`, which brings an empty
 * server back on the same port, as after a crash). `stop()` ends it and removes the dir.
 * `REDIS_SERVER` names the binary (default: redis-server on the PATH). No server, no test: this
 * throws with what to install.
 */
export interface TestRedis {
  readonly url: string;
  readonly port: number;
  kill(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
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

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => {
      socket.destroy();
      resolve(data.toString().startsWith("+PONG"));
    });
    socket.once("error", () => resolve(false));
  });
}

export async function startTestRedis(): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), "coffer-redis-"));
  const port = await freePort();
  const binary = process.env.REDIS_SERVER ?? "redis-server";
  let child: ChildProcess | null = null;

  async function start(): Promise<void> {
    const started = spawn(binary, ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no", "--protected-mode", "no"], {
      stdio: "ignore",
    });
    child = started;
    const failed = new Promise<never>((_, reject) =>
      started.once("error", (error) => reject(new Error(`redis-server could not start (${error.message}); install it (apt-get install redis-server) or set REDIS_SERVER`))),
    );
    const deadline = Date.now() + 10_000;
    for (;;) {
      const up = await Promise.race([answers(port), failed]);
      if (up) return;
      if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${port} within 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function kill(): Promise<void> {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once("exit", () => resolve());
      running.kill("SIGKILL");
    });
  }

  await start();
  return {
    url: `redis://127.0.0.1:${port}/0`,
    port,
    kill,
    restart: start,
    async stop() {
      try {
        await kill();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
