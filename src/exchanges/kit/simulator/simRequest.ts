/**
 * Reading a request's parameters as an exchange does, to the byte: the simulators check
 * signatures over exactly the text that was sent, so they split it themselves rather than
 * through URLSearchParams (which reads `+` as a space and hides bad escapes).
 */

/** `a=1&b=2` → its decoded pairs in order; null when a part is not valid percent-encoding. */
export function decodeQuery(text: string): Array<[string, string]> | null {
  const pairs: Array<[string, string]> = [];
  for (const part of text.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    try {
      pairs.push([decodeURIComponent(eq === -1 ? part : part.slice(0, eq)), decodeURIComponent(eq === -1 ? "" : part.slice(eq + 1))]);
    } catch {
      return null;
    }
  }
  return pairs;
}

/** The text with its `name=` parameter taken out (order kept), and that parameter's decoded value. */
export function takeParam(text: string, name: string): { rest: string; value: string | null } {
  if (!text) return { rest: "", value: null };
  let value: string | null = null;
  const prefix = `${name}=`;
  const kept = text.split("&").filter((part) => {
    if (!part.startsWith(prefix)) return true;
    value = decodeURIComponent(part.slice(prefix.length));
    return false;
  });
  return { rest: kept.join("&"), value };
}
