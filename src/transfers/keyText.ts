/**
 * Why a text cannot be an idempotency key as exact text, or null if it can. Keys are compared
 * byte for byte in every journal, so they must be text every store keeps exactly:
 * - well-formed Unicode: a lone surrogate has no UTF-8 form (PostgreSQL's driver writes U+FFFD
 *   instead, which would make "\ud800-x" and "\udbff-x" one key);
 * - no control characters (C0, DEL, C1): PostgreSQL text cannot hold NUL, and the others are
 *   invisible in logs and screens, so two keys that look alike would not be.
 * Positions are 1-based, counted in characters (code points).
 */
export function keyTextProblem(key: string): string | null {
  let position = 0;
  for (let i = 0; i < key.length; i++) {
    position++;
    const unit = key.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = i + 1 < key.length ? key.charCodeAt(i + 1) : -1;
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return `it holds a lone surrogate (${codePoint(unit)}) at position ${position}, which is not well-formed Unicode`;
    }
    if (unit >= 0xdc00 && unit <= 0xdfff) {
      return `it holds a lone surrogate (${codePoint(unit)}) at position ${position}, which is not well-formed Unicode`;
    }
    if (unit <= 0x1f || (unit >= 0x7f && unit <= 0x9f)) {
      return `it holds the control character ${codePoint(unit)} at position ${position}`;
    }
  }
  return null;
}

function codePoint(unit: number): string {
  return `U+${unit.toString(16).toUpperCase().padStart(4, "0")}`;
}
