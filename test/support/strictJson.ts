/**
 * JSON.parse that also refuses an object with the same key twice, as strict JSON ingesters do
 * (JSON.parse itself keeps the last value silently). Throws a SyntaxError naming the key.
 */
export function parseStrictJson(text: string): unknown {
  let i = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at position ${i} of ${text.slice(0, 200)}`);
  };
  const space = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const string = (): string => {
    const start = i;
    i++; // opening quote
    while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    if (i >= text.length) fail("unterminated string");
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  /** Consumes `close` when it is next (an empty object or array, or the end of one). */
  const closes = (close: string): boolean => {
    space();
    if (text[i] !== close) return false;
    i++;
    return true;
  };
  /** After a member: a comma (more to come) or the closing bracket. */
  const more = (close: string): boolean => {
    if (closes(",")) return true;
    if (closes(close)) return false;
    return fail(`expected ',' or '${close}'`);
  };
  const value = (): unknown => {
    space();
    const c = text[i];
    if (c === "{") {
      i++;
      const out: Record<string, unknown> = {};
      const seen = new Set<string>();
      if (closes("}")) return out;
      do {
        space();
        if (text[i] !== '"') fail("expected a key");
        const key = string();
        if (seen.has(key)) fail(`duplicate key "${key}"`);
        seen.add(key);
        if (!closes(":")) fail("expected ':'");
        out[key] = value();
      } while (more("}"));
      return out;
    }
    if (c === "[") {
      i++;
      const out: unknown[] = [];
      if (closes("]")) return out;
      do out.push(value());
      while (more("]"));
      return out;
    }
    if (c === '"') return string();
    const literal = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i));
    if (!literal) return fail("unexpected token");
    i += literal[0].length;
    return JSON.parse(literal[0]);
  };
  const result = value();
  space();
  if (i !== text.length) fail("trailing text");
  return result;
}
