import { describe, expect, it } from "@jest/globals";
import { encodeParams, signBinance } from "../../../src/exchanges/binance/auth.js";

const SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";

/** Official vectors (Binance's "SIGNED endpoint examples") and the two derived ones. */
const VECTORS: Array<[string, string, string]> = [
  [
    "all in query or body",
    "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559",
    "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71",
  ],
  [
    "non-ASCII symbol, percent-encoded",
    "symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559",
    "e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3",
  ],
  [
    "mixed: query string + body without separator",
    "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC" + "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559",
    "0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77",
  ],
  ["derived: omitZeroBalances", "omitZeroBalances=true&recvWindow=5000&timestamp=1499827319559", "807e9f33e2180fee3162aaa9fddb73c600a957ca7e8353e2c50ba2a31430a41f"],
  [
    "derived: MAIN_UMFUTURE transfer",
    "type=MAIN_UMFUTURE&asset=USDT&amount=1&recvWindow=5000&timestamp=1499827319559",
    "96557986f2cf51c996723711180c926b8027fe0da5f84f60ddceb8e5d6adfd76",
  ],
];

describe("signBinance", () => {
  it.each(VECTORS)("%s", (_name, payload, signature) => {
    expect(signBinance(payload, SECRET)).toBe(signature);
  });

  it("encodes parameters in order, percent-encoding non-ASCII text exactly as the official vector", () => {
    const query = encodeParams([
      ["symbol", "１２３４５６"],
      ["side", "BUY"],
      ["type", "LIMIT"],
      ["timeInForce", "GTC"],
      ["quantity", "1"],
      ["price", "0.1"],
      ["recvWindow", "5000"],
      ["timestamp", "1499827319559"],
    ]);
    expect(query).toBe(VECTORS[1][1]);
    expect(signBinance(query, SECRET)).toBe(VECTORS[1][2]);
  });
});
