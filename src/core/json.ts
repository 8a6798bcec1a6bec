/**
 * Small, allocation-conscious helpers for plain JSON values: object tests, JSONPath building, deep
 * equality, prototype-safe key writes.
 *
 * @since 0.1.0
 */

/**
 * A parsed JSON object: keys are own data (`__proto__` included), values are JSON.
 *
 * @example
 * import type { JsonObject } from "commerce-rosetta"
 * const o: JsonObject = { a: 1 }
 *
 * @category models
 * @since 0.1.0
 */
export type JsonObject = { [key: string]: unknown };

/**
 * Whether a value is a plain JSON object (not null, not an array).
 *
 * @example
 * import { isObject } from "commerce-rosetta"
 * isObject({}) // true
 * isObject([]) // false
 *
 * @category guards
 * @since 0.1.0
 */
export const isObject = (u: unknown): u is JsonObject => typeof u === "object" && u !== null && !Array.isArray(u);

/** Whether a key can follow a dot in a JSONPath (`[A-Za-z_$][A-Za-z0-9_$]*`), without a regex: hot path. */
const isIdentifier = (key: string): boolean => {
  const n = key.length;
  if (n === 0) return false;
  for (let i = 0; i < n; i++) {
    const c = key.charCodeAt(i);
    const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
    if (!letter && (i === 0 || c < 48 || c > 57)) return false;
  }
  return true;
};

/**
 * Appends a key to a JSONPath: `$.a`, `$["odd key"]`.
 *
 * @example
 * import { pathKey } from "commerce-rosetta"
 * pathKey("$", "image url") // '$["image url"]'
 *
 * @category paths
 * @since 0.1.0
 */
export const pathKey = (path: string, key: string): string =>
  isIdentifier(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;

/**
 * Appends an array index to a JSONPath.
 *
 * @example
 * import { pathIndex } from "commerce-rosetta"
 * pathIndex("$.products", 0) // "$.products[0]"
 *
 * @category paths
 * @since 0.1.0
 */
export const pathIndex = (path: string, index: number): string => `${path}[${index}]`;

/**
 * Sets an own data property, safely even for `__proto__` and `constructor` keys.
 *
 * @example
 * import { setOwn } from "commerce-rosetta"
 * const o = {}
 * setOwn(o, "__proto__", 1) // o has an own key "__proto__"
 *
 * @category utils
 * @since 0.1.0
 */
export const setOwn = (target: JsonObject, key: string, value: unknown): void => {
  if (key === "__proto__") {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
};

/**
 * A shallow copy of an object's keys (as `for…in` sees them), safe for `__proto__` keys. Not a
 * spread: adding a property to a spread copy of a decoded object takes a slow path in V8; this does
 * not (see bench/README.md#why-the-code-looks-like-this).
 *
 * @example
 * import { copyOwn } from "commerce-rosetta"
 * const c = copyOwn({ a: 1 })
 * c.b = 2 // the source is untouched
 *
 * @category utils
 * @since 0.1.0
 */
export const copyOwn = (from: JsonObject | null | undefined): JsonObject => {
  const to: JsonObject = {};
  if (from === null || from === undefined) return to;
  for (const key in from) setOwn(to, key, from[key]);
  return to;
};

/**
 * Deep equality of JSON values; key order does not matter, `undefined` members count as absent keys.
 *
 * @example
 * import { jsonEqual } from "commerce-rosetta"
 * jsonEqual({ a: [1] }, { a: [1] }) // true
 *
 * @category utils
 * @since 0.1.0
 */
export const jsonEqual = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) {
    return typeof a === "number" && typeof b === "number" && Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as JsonObject;
  const bo = b as JsonObject;
  let n = 0;
  for (const k in ao) {
    if (!Object.hasOwn(ao, k) || ao[k] === undefined) continue;
    n++;
    if (!Object.hasOwn(bo, k) || !jsonEqual(ao[k], bo[k])) return false;
  }
  for (const k in bo) if (Object.hasOwn(bo, k) && bo[k] !== undefined) n--;
  return n === 0;
};

/**
 * Reads an own property only (`__proto__` and `constructor` are data, never the prototype's).
 *
 * @example
 * import { own } from "commerce-rosetta"
 * own({}, "constructor") // undefined
 *
 * @category utils
 * @since 0.1.0
 */
export const own = (o: JsonObject, key: string): unknown => (Object.hasOwn(o, key) ? o[key] : undefined);

/**
 * Lists the JSONPaths at which two JSON values differ (leaves, or the shallowest differing node when
 * the shapes differ). Used to prove loss reports exact.
 *
 * @example
 * import { jsonDiff } from "commerce-rosetta"
 * jsonDiff({ a: 1, b: 2 }, { a: 1 }) // ["$.b"]
 *
 * @category utils
 * @since 0.1.0
 */
export const jsonDiff = (a: unknown, b: unknown, path = "$", out: Array<string> = []): Array<string> => {
  if (jsonEqual(a, b)) return out;
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) jsonDiff(own(a, k), own(b, k), pathKey(path, k), out);
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    for (let i = 0; i < a.length; i++) jsonDiff(a[i], b[i], pathIndex(path, i), out);
    return out;
  }
  out.push(path);
  return out;
};

/**
 * The deepest nesting of arrays and objects a record may have (the record itself is level 1). Deeper
 * values are refused with an error naming where: JSON.stringify and recursive code overflow the stack
 * a few thousand levels down, and no real event comes near this.
 *
 * @example
 * import { MAX_DEPTH } from "commerce-rosetta"
 * MAX_DEPTH // 1000
 *
 * @category utils
 * @since 0.1.0
 */
export const MAX_DEPTH = 1000;

/**
 * {@link scanJson} flags: nesting beyond {@link MAX_DEPTH}.
 *
 * @example
 * (scanJson([[1]]) & SCAN_DEEP) === 0 // true
 *
 * @category utils
 * @internal
 */
export const SCAN_DEEP = 1;
/**
 * {@link scanJson} flags: an integer outside ±2^53, a -0, or a non-finite number.
 *
 * @example
 * (scanJson(2 ** 60) & SCAN_ODD_NUMBER) !== 0 // true
 *
 * @category utils
 * @internal
 */
export const SCAN_ODD_NUMBER = 2;
/**
 * {@link scanJson} flags: a 0 (which may be an underflow of the text it was parsed from).
 *
 * @example
 * (scanJson({ n: 0 }) & SCAN_ZERO) !== 0 // true
 *
 * @category utils
 * @internal
 */
export const SCAN_ZERO = 4;
/**
 * {@link scanJson} flags: something JSON cannot hold (a hole or `undefined` in an array, a function, a symbol, a bigint).
 *
 * @example
 * (scanJson([1, , 2]) & SCAN_NOT_JSON) !== 0 // true
 *
 * @category utils
 * @internal
 */
export const SCAN_NOT_JSON = 8;

/** The flag of a value that is neither an object nor a number: strings, booleans and `null` are JSON. */
const otherValue = (x: unknown, inArray: boolean): number =>
  typeof x === "string" || typeof x === "boolean" || (x === undefined && !inArray) ? 0 : SCAN_NOT_JSON;

const oddNumber = (x: number): number =>
  x === 0
    ? Object.is(x, -0)
      ? SCAN_ODD_NUMBER
      : SCAN_ZERO
    : Number.isSafeInteger(x) || (Number.isFinite(x) && !Number.isInteger(x))
      ? 0
      : SCAN_ODD_NUMBER;

const scanInto = (v: object, room: number): number => {
  if (room === 0) return SCAN_DEEP;
  let flags = 0;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (typeof x === "object") {
        if (x !== null) {
          flags |= scanInto(x, room - 1);
          if ((flags & SCAN_DEEP) !== 0) return flags;
        }
      } else if (typeof x === "number") flags |= oddNumber(x);
      else flags |= otherValue(x, true);
    }
    return flags;
  }
  for (const k in v) {
    const x: unknown = (v as JsonObject)[k];
    if (typeof x === "object") {
      if (x !== null) {
        flags |= scanInto(x, room - 1);
        if ((flags & SCAN_DEEP) !== 0) return flags;
      }
    } else if (typeof x === "number") flags |= oddNumber(x);
    else flags |= otherValue(x, false);
  }
  return flags;
};

/**
 * One walk over a parsed JSON value, never deeper than {@link MAX_DEPTH}: flags for nesting beyond
 * it ({@link SCAN_DEEP}), numbers JavaScript changed while parsing ({@link SCAN_ODD_NUMBER}), zeros
 * ({@link SCAN_ZERO}) and what JSON cannot hold ({@link SCAN_NOT_JSON}).
 *
 * @example
 * (scanJson({ n: -0 }) & SCAN_ODD_NUMBER) !== 0 // true
 *
 * @category utils
 * @internal
 */
export const scanJson = (value: unknown): number =>
  typeof value === "object"
    ? value === null
      ? 0
      : scanInto(value, MAX_DEPTH)
    : typeof value === "number"
      ? oddNumber(value)
      : 0;

/**
 * The JSONPath (under `base`) of the first array or object nested beyond {@link MAX_DEPTH}, or undefined.
 *
 * @example
 * tooDeepAt({ a: 1 }) // undefined
 *
 * @category utils
 * @internal
 */
export const tooDeepAt = (value: unknown, base = "$"): string | undefined => {
  if (typeof value !== "object" || value === null || (scanInto(value, MAX_DEPTH) & SCAN_DEEP) === 0) return undefined;
  // iterative: the value may be nested far deeper than the stack allows
  let node = value as JsonObject;
  let path = base;
  for (let depth = 1; depth <= MAX_DEPTH; depth++) {
    // the first child whose nesting goes past the limit (scans are bounded by the room left)
    const deep = (x: unknown): x is object =>
      typeof x === "object" && x !== null && (scanInto(x, MAX_DEPTH - depth) & SCAN_DEEP) !== 0;
    let found = false;
    if (Array.isArray(node)) {
      const items = node as ReadonlyArray<unknown>;
      for (let i = 0; i < items.length && !found; i++)
        if (deep(items[i])) {
          node = items[i] as JsonObject;
          path = pathIndex(path, i);
          found = true;
        }
    } else {
      for (const k in node) {
        const x = node[k];
        if (deep(x)) {
          node = x as JsonObject;
          path = pathKey(path, k);
          found = true;
          break;
        }
      }
    }
    if (!found) return path;
  }
  return path;
};

/**
 * The JSONPath of the first part of a value that JSON cannot hold — nesting beyond
 * {@link MAX_DEPTH}, a hole in an array, `undefined` in an array, a function, a symbol, a bigint —
 * with what it is; or undefined. Used to name where a value went wrong when a codec could not read it.
 *
 * @example
 * import { notJsonAt } from "commerce-rosetta"
 * notJsonAt({ a: [1, , 3] }) // { path: "$.a[1]", found: "a hole in an array" }
 *
 * @category utils
 * @since 0.1.0
 */
export const notJsonAt = (value: unknown, base = "$"): { path: string; found: string } | undefined => {
  const deep = tooDeepAt(value, base);
  if (deep !== undefined) return { path: deep, found: `nesting deeper than ${MAX_DEPTH} levels` };
  const visit = (v: unknown, path: string): { path: string; found: string } | undefined => {
    switch (typeof v) {
      case "function":
      case "symbol":
      case "bigint":
        return { path, found: `a ${typeof v}` };
      case "object": {
        if (v === null) return undefined;
        if (Array.isArray(v)) {
          for (let i = 0; i < v.length; i++) {
            const p = pathIndex(path, i);
            if (!(i in v)) return { path: p, found: "a hole in an array" };
            if (v[i] === undefined) return { path: p, found: "undefined in an array" };
            const r = visit(v[i], p);
            if (r !== undefined) return r;
          }
          return undefined;
        }
        for (const k in v as JsonObject) {
          const r = visit((v as JsonObject)[k], pathKey(path, k));
          if (r !== undefined) return r;
        }
        return undefined;
      }
      default:
        return undefined;
    }
  };
  return visit(value, base);
};

const notJsonScalar = (x: unknown): boolean => typeof x === "function" || typeof x === "symbol" || typeof x === "bigint";

const unsafeInto = (v: object, room: number): boolean => {
  if (room === 0) return true;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (typeof x === "object" ? x !== null && unsafeInto(x, room - 1) : x === undefined || notJsonScalar(x)) return true;
    }
    return false;
  }
  for (const k in v) {
    const x: unknown = (v as JsonObject)[k];
    if (typeof x === "object") {
      if (x !== null && unsafeInto(x, room - 1)) return true;
    } else if (notJsonScalar(x)) return true;
  }
  return false;
};

/**
 * Whether a value needs {@link notJsonAt} before a codec may read it: nesting beyond
 * {@link MAX_DEPTH}, or something JSON cannot hold. The library's entry points ask this of every
 * input, so it is {@link scanJson} without the number checks.
 *
 * @example
 * unsafeJson({ a: [1, 2] }) // false
 *
 * @category utils
 * @internal
 */
export const unsafeJson = (value: unknown): boolean =>
  typeof value === "object" ? value !== null && unsafeInto(value, MAX_DEPTH) : notJsonScalar(value);
