import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The code between `// README:begin <name>` and `// README:end` in a recipe file. The client
 * tests check the README shows exactly this code, so the recipe a reader copies is the one
 * that ran.
 */
export function recipeSource(file: string, name: string): string {
  const text = readFileSync(join(process.cwd(), "test", "integration", "clients", "recipes", file), "utf8");
  const begin = text.indexOf(`// README:begin ${name}\n`);
  const end = text.indexOf("// README:end", begin);
  if (begin < 0 || end < 0) throw new Error(`${file} has no README:begin ${name} … README:end region`);
  return text.slice(text.indexOf("\n", begin) + 1, end);
}

export function readme(): string {
  return readFileSync(join(process.cwd(), "README.md"), "utf8");
}
