import { BadUserInputError } from "../domain/errors.js";

/** What an asset code may be: ASCII letters and digits (BTC, usdt, 1000SATS), at most 32. */
const ASSET_CODE = /^[A-Za-z0-9]{1,32}$/;

/**
 * An asset code from a client (`quote`, `assets`), in any case, as Coffer spells assets: upper
 * case. Only ASCII is accepted and upper-cased, so no locale rule can turn one code into another
 * ("ß" → "SS", "ı" → "I"); anything else is BAD_USER_INPUT before any upstream call.
 */
export function parseAssetCode(text: string, argument: string): string {
  if (!ASSET_CODE.test(text)) {
    throw new BadUserInputError(`${argument} must be an asset code of ASCII letters and digits (1 to 32), e.g. "USDT" or "btc"; received ${JSON.stringify(text.slice(0, 40))}.`);
  }
  return text.toUpperCase();
}
