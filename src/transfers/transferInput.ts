import type { AccountRef } from "../domain/accountRef.js";
import { ALL_ACCOUNT_TYPES } from "../domain/enums.js";
import { BadUserInputError } from "../domain/errors.js";
import type { TransferRequest } from "../domain/transfer.js";
import { parseAssetCode, parseSubAccountEmail, parseSymbol } from "../domain/userCodes.js";
import { keyTextProblem } from "./keyText.js";

const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/**
 * The key is the client's name for "this one transfer"; it is used exactly as sent (no
 * trimming, no Unicode normalization: "a" and "a ", "é" and "e\u0301" are two keys) and compared
 * byte for byte by every journal. Blank keys are refused because they are almost always a
 * client bug that would make unrelated transfers collide; so are keys no store can keep as
 * exact text (lone surrogates, control characters such as NUL: see `keyTextProblem`). The 255
 * limit is the contract's and keeps the unique index small.
 */
export function checkIdempotencyKey(key: string): string {
  if (typeof key !== "string" || key.trim().length === 0) {
    throw new BadUserInputError("idempotencyKey must not be blank.", { argumentName: "idempotencyKey" });
  }
  const length = [...key].length;
  if (length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new BadUserInputError(`idempotencyKey must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters; it has ${length}.`, {
      argumentName: "idempotencyKey",
    });
  }
  const problem = keyTextProblem(key);
  if (problem !== null) {
    throw new BadUserInputError(`idempotencyKey must be well-formed Unicode text without control characters: ${problem}.`, { argumentName: "idempotencyKey" });
  }
  return key;
}

function side(name: "from" | "to", ref: AccountRef | undefined): AccountRef {
  if (!ref || !ALL_ACCOUNT_TYPES.includes(ref.type)) {
    throw new BadUserInputError(`${name}.type must be one of ${ALL_ACCOUNT_TYPES.join(", ")}.`, { argumentName: name });
  }
  return { type: ref.type, symbol: parseSymbol(ref.symbol, `${name}.symbol`) };
}

/**
 * Normalizes and checks what does not depend on the exchange, before anything is journaled or
 * sent: the asset (ASCII letters and digits, any case in, ASCII upper case out — a Unicode
 * look-alike such as "uſdt" or "ＵＳＤＴ" is refused, never folded), a positive finite amount,
 * known account types, symbols (ASCII, upper-cased; empty means none) and the sub-account email
 * (ASCII; empty means none). Only ASCII spaces around these texts are dropped. Exchange-specific
 * rules (routes, symbol forms, precision) are the connector's `validateTransfer`; the key is
 * `checkIdempotencyKey`'s. Throws BadUserInputError naming the argument and the value
 * received; pure.
 */
export function normalizeTransferRequest(input: TransferRequest): TransferRequest {
  const asset = parseAssetCode(input.asset, "asset");
  const amount = input.amount;
  if (!amount || typeof amount.isFinite !== "function" || !amount.isFinite() || !amount.isPositive() || amount.isZero()) {
    throw new BadUserInputError("amount must be a number greater than zero.", { argumentName: "amount" });
  }
  return {
    connectionId: input.connectionId,
    asset,
    amount,
    from: side("from", input.from),
    to: side("to", input.to),
    subAccountEmail: parseSubAccountEmail(input.subAccountEmail, "subAccountEmail"),
    idempotencyKey: input.idempotencyKey,
  };
}
