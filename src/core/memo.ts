/**
 * A bounded memo of a two-argument function: repeated loss paths and reasons (`$.page.url`,
 * "omnisend has no page.url") are built once and come back as the same string, which is cheaper to
 * build, hash and count than a fresh concatenation per record.
 *
 * @since 0.1.0
 */
import { pathKey } from "./json.js";

/**
 * Memoizes `make(key)`, keeping at most `limit` results (beyond that, results are computed and not
 * kept, so open-ended keys cannot grow memory).
 *
 * @example
 * const orderPath = memo1((key: string) => `$.order.${key}`)
 * orderPath("tax") === orderPath("tax") // true, one string
 *
 * @category utils
 * @internal
 */
export const memo1 = <T>(make: (key: string) => T, limit = 256): ((key: string) => T) => {
  const cache = new Map<string, T>();
  return (key) => {
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const made = make(key);
    if (cache.size < limit) cache.set(key, made);
    return made;
  };
};

/**
 * A memo of a two-argument function; `of(a)` is the memo of `make(a, ·)`, for a loop over many `b`
 * with one `a` (one lookup per `b` instead of two).
 *
 * @category utils
 * @internal
 */
export interface Memo2<T> {
  (a: string, b: string): T;
  readonly of: (a: string) => (b: string) => T;
}

/**
 * Memoizes `make(a, b)`, keeping at most `limit` results per first argument (beyond that, results
 * are computed and not kept, so open-ended keys cannot grow memory).
 *
 * @example
 * const path = memo2((part: string, key: string) => `$.${part}.${key}`)
 * path("page", "url") === path("page", "url") // true, one string
 * path.of("page")("url") === path("page", "url") // true
 *
 * @category utils
 * @internal
 */
export const memo2 = <T>(make: (a: string, b: string) => T, limit = 256): Memo2<T> => {
  const byFirst = new Map<string, (b: string) => T>();
  const of = (a: string): ((b: string) => T) => {
    let inner = byFirst.get(a);
    if (inner === undefined) byFirst.set(a, (inner = memo1((b) => make(a, b), limit)));
    return inner;
  };
  const memo = (a: string, b: string): T => of(a)(b);
  return Object.assign(memo, { of });
};

/**
 * Memoizes `make(index, key)` for array positions (`$.products[2].brand`): small indexes are kept
 * (at most `limit` keys each), large ones are computed every time.
 *
 * @example
 * const at = memoAt((i: number, key: string) => `$.products[${i}].${key}`)
 * at(0, "brand") === at(0, "brand") // true, one string
 *
 * @category utils
 * @internal
 */
export const memoAt = <T>(
  make: (index: number, key: string) => T,
  maxIndex = 64,
  limit = 256,
): ((index: number, key: string) => T) => {
  const byIndex: Array<Map<string, T> | undefined> = [];
  return (index, key) => {
    if (index >= maxIndex) return make(index, key);
    let inner = byIndex[index];
    if (inner === undefined) byIndex[index] = inner = new Map();
    const hit = inner.get(key);
    if (hit !== undefined) return hit;
    const made = make(index, key);
    if (inner.size < limit) inner.set(key, made);
    return made;
  };
};

/**
 * The loss path and reason of another format's extension (`$.extensions.redo` written to
 * omnisend), built once per destination and format.
 *
 * @example
 * foreignExtension("omnisend", "redo").reason // "omnisend cannot carry redo-only fields"
 *
 * @category utils
 * @internal
 */
export const foreignExtension = memo2((to, format) => ({
  path: pathKey("$.extensions", format),
  reason: `${to} cannot carry ${format}-only fields`,
}));
