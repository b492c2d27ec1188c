/** The module resolve hook undiciFetchHook.ts registers: "node-fetch" → undiciFetch.js. */
const SHIM = new URL("./undiciFetch.js", import.meta.url).href;

type Resolve = (specifier: string, context: unknown) => Promise<{ url: string }>;

export async function resolve(specifier: string, context: unknown, nextResolve: Resolve): Promise<{ url: string; shortCircuit?: boolean }> {
  if (specifier === "node-fetch") return { url: SHIM, shortCircuit: true };
  return nextResolve(specifier, context);
}
