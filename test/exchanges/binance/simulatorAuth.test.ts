import { describe, expect, it } from "@jest/globals";
import { createHmac } from "node:crypto";
import { verifySignedRequest } from "../../../src/exchanges/binance/simulator/auth.js";
import type { SimRequest } from "../../../src/exchanges/kit/simulator/simServer.js";

const creds = { apiKey: "key", apiSecret: "secret" };
const SERVER = 1_700_000_000_000;

function request(timestamp: number, extra = "", opts: { key?: string; secret?: string; inBody?: boolean } = {}): [SimRequest, URLSearchParams] {
  const payload = `asset=USDT${extra}&timestamp=${timestamp}`;
  const signature = createHmac("sha256", opts.secret ?? "secret")
    .update(payload)
    .digest("hex");
  const signed = `${payload}&signature=${signature}`;
  const rawQuery = opts.inBody ? "" : signed;
  const body = opts.inBody ? signed : "";
  return [
    {
      method: opts.inBody ? "POST" : "GET",
      host: "h",
      path: "/x",
      rawQuery,
      query: new URLSearchParams(rawQuery),
      headers: { "x-mbx-apikey": opts.key ?? "key" },
      body,
      now: SERVER,
    },
    new URLSearchParams(signed),
  ];
}
const check = (args: [SimRequest, URLSearchParams]) => {
  const answer = verifySignedRequest(args[0], args[1], creds);
  return answer ? (answer.body as { code: number }).code : null;
};

describe("simulator signed-request rule", () => {
  it.each([
    ["inside default 5000 window", SERVER - 5000, "", null],
    ["1 ms outside default window", SERVER - 5001, "", -1021],
    ["999 ms ahead", SERVER + 999, "", null],
    ["1000 ms ahead", SERVER + 1000, "", -1021],
    ["recvWindow 60000", SERVER - 60000, "&recvWindow=60000", null],
    ["recvWindow 60001", SERVER, "&recvWindow=60001", -1131],
  ])("%s", (_name, timestamp, extra, code) => {
    expect(check(request(timestamp, extra))).toBe(code);
  });

  it("checks key and signature, in the query or the body", () => {
    expect(check(request(SERVER, "", { inBody: true }))).toBeNull();
    expect(check(request(SERVER, "", { secret: "other" }))).toBe(-1022);
    expect(check(request(SERVER, "", { key: "other" }))).toBe(-2015);
  });
});
