import { Agent, request } from "undici";
import { createHttpClient } from "../../src/exchanges/kit/httpClient.js";
import { startSimulatorsProcess } from "./simulatorsProcess.js";

export interface HttpClientRow {
  readonly client: string;
  readonly calls: number;
  readonly inFlight: number;
  readonly perSecond: number;
  /** This process's CPU (process.cpuUsage, user + system) per call. */
  readonly cpuUsPerCall: number;
  readonly bytesPerAnswer: number;
}

export interface HttpClientResult {
  readonly url: string;
  readonly rows: HttpClientRow[];
}

/** One way to GET a URL: its status and body text. */
interface Client {
  get(url: string): Promise<{ status: number; text: string }>;
  close(): Promise<void>;
}

/** The three clients, each made fresh (its own sockets) by `make`. */
const CLIENTS: ReadonlyArray<{ readonly name: string; make(inFlight: number): Client }> = [
  {
    name: "createHttpClient (src/exchanges/kit/httpClient.ts)",
    make(inFlight) {
      const kit = createHttpClient({ maxSockets: inFlight });
      return { get: (url) => kit.send({ method: "GET", url }), close: async () => kit.close() };
    },
  },
  {
    name: "undici request (7.29.1, keep-alive Agent)",
    make(inFlight) {
      const agent = new Agent({ connections: inFlight });
      return {
        async get(url) {
          const answer = await request(url, { method: "GET", dispatcher: agent });
          return { status: answer.statusCode, text: await answer.body.text() };
        },
        close: () => agent.close(),
      };
    },
  },
  {
    name: "global fetch (Node's bundled undici)",
    make() {
      return {
        async get(url) {
          const answer = await fetch(url);
          return { status: answer.status, text: await answer.text() };
        },
        close: async () => undefined,
      };
    },
  },
];

/** `count` GETs of `url`, `inFlight` at a time: wall time, this process's CPU, and the answers' length; any answer but 200 throws. */
async function drive(name: string, client: Client, url: string, count: number, inFlight: number): Promise<{ wallMs: number; cpuUs: number; bytes: number }> {
  let started = 0;
  let bytes = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (started < count) {
        started++;
        const answer = await client.get(url);
        if (answer.status !== 200) throw new Error(`${name}: GET ${new URL(url).pathname} answered ${answer.status}: ${answer.text.slice(0, 200)}`);
        bytes = answer.text.length;
      }
    }),
  );
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wallMs, cpuUs: cpu.user + cpu.system, bytes };
}

/**
 * The HTTP client choice, measured: the same unsigned GET (Binance's public server time,
 * `/api/v3/time`, at a simulator with no added latency) sent `count` times, `inFlight` at once,
 * through Coffer's own HTTP client (createHttpClient, which every connector call goes through),
 * undici's `request` and Node's global fetch, each after `count / 10` warm-up calls. Each client
 * gets a fresh simulators process (`npm run simulators`; Binance's weight budget of 6,000 a
 * minute would refuse the third client's calls otherwise). The CPU is this process's own — the
 * client's work, the server's runs elsewhere — per call; calls per second follow the machine's
 * load as well.
 */
export async function measureHttpClients(count: number, inFlight: number): Promise<HttpClientResult> {
  const path = "/api/v3/time";
  const rows: HttpClientRow[] = [];
  for (const entry of CLIENTS) {
    const simulators = await startSimulatorsProcess();
    const client = entry.make(inFlight);
    try {
      const binance = simulators.connections.find((c) => c.exchange === "BINANCE");
      if (!binance?.urls.spot) throw new Error("no Binance simulator in the simulators process");
      const url = `${binance.urls.spot}${path}`;
      await drive(entry.name, client, url, Math.ceil(count / 10), inFlight); // warm-up: JIT (both sides), sockets
      const r = await drive(entry.name, client, url, count, inFlight);
      rows.push({ client: entry.name, calls: count, inFlight, perSecond: (count / r.wallMs) * 1000, cpuUsPerCall: r.cpuUs / count, bytesPerAnswer: r.bytes });
    } finally {
      await client.close();
      await simulators.close();
    }
  }
  return { url: path, rows };
}
