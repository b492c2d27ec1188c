import { Arg } from "type-graphql";
import { parseAssetCode } from "../../valuation/assetCode.js";

const DEFAULT_QUOTE = "USDT";

/** The `quote: String = "USDT"` argument of every value and price field. */
export function QuoteArg(): ReturnType<typeof Arg> {
  return Arg("quote", () => String, {
    nullable: true,
    defaultValue: DEFAULT_QUOTE,
    description: "The asset to value in, any case (ASCII letters and digits); USDT when not given.",
  });
}

/** The quote asset, upper case; BAD_USER_INPUT for anything that is not an asset code. */
export function quoteOf(quote: string | null | undefined): string {
  return parseAssetCode(quote ?? DEFAULT_QUOTE, "quote");
}
