import type { Decimal } from "decimal.js";
import type { AccountRef } from "../domain/accountRef.js";
import { ALL_ACCOUNT_TYPES, type AccountType } from "../domain/enums.js";
import { BadUserInputError } from "../domain/errors.js";
import type { TransferRequest } from "../domain/transfer.js";
import { keyTextProblem } from "./keyText.js";

/** The transfer mutation's input, as the resolver hands it over (amount already a Decimal). */
export interface TransferInput {
  readonly connectionId: string;
  readonly asset: string;
  readonly amount: Decimal;
  readonly from: { readonly type: AccountType; readonly symbol?: string | null };
  readonly to: { readonly type: AccountType; readonly symbol?: string | null };
  readonly subAccountEmail?: string | null;
  readonly idempotencyKey: string;
}

export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;
const ASSET_CODE = /^[A-Z0-9]{1,20}$/;

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

function side(name: "from" | "to", ref: TransferInput["from"] | undefined): AccountRef {
  if (!ref || !ALL_ACCOUNT_TYPES.includes(ref.type)) {
    throw new BadUserInputError(`${name}.type must be one of ${ALL_ACCOUNT_TYPES.join(", ")}.`, { argumentName: name });
  }
  const symbol = typeof ref.symbol === "string" && ref.symbol.trim() !== "" ? ref.symbol.trim().toUpperCase() : null;
  return { type: ref.type, symbol };
}

/**
 * Normalizes and checks what does not depend on the exchange: the asset (any case in, upper
 * case out, and shaped like an asset code so nothing odd reaches a signed URL), a positive
 * finite amount, known account types. Symbols are trimmed and upper-cased, empty strings
 * become null. Exchange-specific rules (routes, symbols, precision) are the connector's
 * `validateTransfer`. Throws BadUserInputError; pure.
 */
export function normalizeTransferRequest(input: TransferInput): TransferRequest {
  const asset = typeof input.asset === "string" ? input.asset.trim().toUpperCase() : "";
  if (!ASSET_CODE.test(asset)) {
    throw new BadUserInputError(`asset must be an asset code such as USDT (letters and digits, at most 20); received ${JSON.stringify(input.asset)}.`, {
      argumentName: "asset",
    });
  }
  const amount = input.amount;
  if (!amount || typeof amount.isFinite !== "function" || !amount.isFinite() || !amount.isPositive() || amount.isZero()) {
    throw new BadUserInputError("amount must be a number greater than zero.", { argumentName: "amount" });
  }
  const email = typeof input.subAccountEmail === "string" && input.subAccountEmail.trim() !== "" ? input.subAccountEmail.trim() : null;
  return {
    connectionId: input.connectionId,
    asset,
    amount,
    from: side("from", input.from),
    to: side("to", input.to),
    subAccountEmail: email,
  };
}
