import { describe, expect, it } from "@jest/globals";
import { mapBinanceFailure } from "../../../src/exchanges/binance/errors.js";
import { htxErrorOf } from "../../../src/exchanges/htx/errors.js";
import { InsufficientBalanceError, UpstreamRejectedError } from "../../../src/domain/errors.js";
import { ForbiddenError, UnauthenticatedError } from "../../../src/graphql/authErrors.js";
import { createAuthenticator } from "../../../src/graphql/auth.js";
import { createFormatError } from "../../../src/graphql/plugins/formatError.js";
import { replayedFailure } from "../../../src/transfers/transferOutcome.js";
import type { JournalEntry } from "../../../src/transfers/journal.js";

/** What a client reads: the error as the app's formatter shapes it. */
const shown = (error: Error) => createFormatError()({ message: error.message, extensions: { ...(error as { extensions?: object }).extensions } }, error);
const thrown = (run: () => unknown): Error => {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("nothing was thrown");
};
const binanceRefusal = (code: number, msg: string) =>
  mapBinanceFailure("binance-main", "POST api.binance.com/sapi/v1/asset/transfer", { status: 400, headers: new Map(), text: JSON.stringify({ code, msg }) });

describe("error texts: written once, shown word for word", () => {
  it("UNAUTHENTICATED tells the client what to send, untouched by redaction", () => {
    const authenticate = createAuthenticator([]);
    expect(shown(thrown(() => authenticate(undefined)))).toEqual({
      message: "A valid bearer token is required: send Authorization: Bearer <token>.",
      extensions: { code: "UNAUTHENTICATED" },
    });
    expect(shown(thrown(() => authenticate("Bearer not-a-known-token"))).message).toBe("The bearer token is not valid.");
    expect(shown(new UnauthenticatedError()).message).toBe("A valid bearer token is required: send Authorization: Bearer <token>.");
    expect(shown(new ForbiddenError('This token (dashboard) lacks the "transfer" scope needed for this operation.')).message).toBe(
      'This token (dashboard) lacks the "transfer" scope needed for this operation.',
    );
  });

  it("INSUFFICIENT_BALANCE says it once; the exchange's words are in exchangeMessage, on every exchange", () => {
    const binance = shown(binanceRefusal(-5013, "Asset transfer failed: insufficient balance"));
    expect(binance).toEqual({
      message: "The source account does not hold enough for this transfer.",
      extensions: { code: "INSUFFICIENT_BALANCE", connectionId: "binance-main", exchangeCode: "-5013", exchangeMessage: "Asset transfer failed: insufficient balance" },
    });
    const htx = htxErrorOf(
      "htx-main",
      "POST api.huobi.pro/v2/account/transfer",
      200,
      { code: 1301, message: "Insufficient amount available.", success: false },
      { mutating: true },
    );
    expect(shown(htx!)).toEqual({
      message: "The source account does not hold enough for this transfer.",
      extensions: { code: "INSUFFICIENT_BALANCE", connectionId: "htx-main", exchangeCode: "1301", exchangeMessage: "Insufficient amount available." },
    });
  });

  it("a replayed refusal shows the first answer's text and extensions", () => {
    const first = new InsufficientBalanceError("binance-main", -5013, "Asset transfer failed: insufficient balance");
    const entry = {
      status: "FAILED",
      connectionId: "binance-main",
      failureCode: "INSUFFICIENT_BALANCE",
      failureReason: first.message,
      failureDetail: { exchangeCode: "-5013", exchangeMessage: "Asset transfer failed: insufficient balance" },
    } as unknown as JournalEntry;
    expect(shown(replayedFailure(entry)!)).toEqual(shown(first));
  });

  it("UPSTREAM_REJECTED names the exchange's words once, and only the code when there are none", () => {
    expect(shown(binanceRefusal(-3003, "Margin account does not exist.")).message).toBe(
      "binance-main: Binance refused POST api.binance.com/sapi/v1/asset/transfer: Margin account does not exist. (-3003).",
    );
    const htxBody = htxErrorOf("htx-main", "GET api.huobi.pro/v1/x", 200, { status: "error", "err-code": "base-argument-unsupported", "err-msg": "" }, { mutating: false });
    expect(shown(htxBody!).message).toBe("HTX refused the request (base-argument-unsupported).");
    const htxHttp = htxErrorOf("htx-main", "GET api.huobi.pro/v1/x", 404, {}, { mutating: false });
    expect(shown(htxHttp!)).toMatchObject({ message: "HTX refused GET api.huobi.pro/v1/x with HTTP 404.", extensions: { exchangeCode: "HTTP_404", exchangeMessage: "HTTP 404" } });
    expect(new UpstreamRejectedError("c", "E1", "").message).toBe("The exchange refused the request (E1).");
  });

  it("redacts a secret an exchange's message quotes, and keeps the rest of the sentence", () => {
    const echoed = binanceRefusal(-1022, "Signature for this request is not valid: signature=0f0f0f0f expected");
    const text = shown(echoed).message;
    expect(text).not.toContain("0f0f0f0f");
    expect(text).toContain("Signature for this request is not valid: signature=[redacted] expected");
  });
});
