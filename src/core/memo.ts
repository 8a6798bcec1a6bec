/**
 * A bounded memo of a two-argument function: repeated loss paths and reasons (`$.page.url`,
 * "omnisend has no page.url") are built once and come back as the same string, which is cheaper to
 * build, hash and count than a fresh concatenation per record.
 *
 * @since 0.1.0
 */

/**
 * Memoizes `make(a, b)`, keeping at most `limit` results per first argument (beyond that, results
 * are computed and not kept, so open-ended keys cannot grow memory).
 *
 * @example
 * const path = memo2((part: string, key: string) => `$.${part}.${key}`)
 * path("page", "url") === path("page", "url") // true, one string
 *
 * @category utils
 * @internal
 */
export const memo2 = <T>(make: (a: string, b: string) => T, limit = 256): ((a: string, b: string) => T) => {
  const byFirst = new Map<string, Map<string, T>>();
  return (a, b) => {
    let inner = byFirst.get(a);
    if (inner === undefined) byFirst.set(a, (inner = new Map()));
    const hit = inner.get(b);
    if (hit !== undefined) return hit;
    const made = make(a, b);
    if (inner.size < limit) inner.set(b, made);
    return made;
  };
};
