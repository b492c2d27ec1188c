/** Who is calling: the configured token that matched, and what it may do. */
export interface Principal {
  readonly name: string;
  readonly scopes: ReadonlySet<"read" | "transfer">;
}
