/**
 * Reading loosely, on request (`coerce: true`, `--coerce`): the forms real clients send for a value
 * the model holds in another kind — `price: "19"`, `order_id: 1001`, an epoch-millisecond
 * timestamp, `2024-05-07 17:27:28-00:00`, a zone-less wall-clock time, `userId: ""`, one product
 * object where a list belongs — are read as the clean value, and each change is reported as a
 * {@link Coercion} (a loss of kind `coerced` carrying the original value).
 *
 * The pass is driven by the decoders' own validation: a record is decoded as it is; when that fails,
 * each issue's path and expected kind (`number`, `string or null`, `an ISO-8601 date-time…`,
 * `array of product objects`) says where a value is and what the model holds there, and the value
 * is rewritten only when it reads as that kind without guessing. The record is then decoded again.
 * So the default decoders stay untouched, a valid record costs nothing extra, and what is coerced is
 * exactly what a decoder would otherwise reject (an empty `userId` / `anonymousId` is taken away only
 * when the call is rejected for want of an identifier; a Customer.io / Segment call identified only by
 * an email or phone is then read). It never guesses: `"1,5"`, `"12abc"`, `"007"`,
 * `"invalid-time"`, an impossible date, a wall-clock time the zone skipped or showed twice, a
 * number that would lose digits — each stays an error with its path.
 *
 * The coercions are kept as an undo list (`[path, original]`, relative to the record), so lossless
 * mode can give the original record back byte for byte.
 *
 * @since 0.2.0
 */
import { isTimestamp } from "./canonical/time.js";
import { instantToTimestamp, timestampInstant, timestampToWallClock, wallClockToTimestamp } from "./canonical/zone.js";
import type { Codec, CodecOptions, FormatId, WireRecord } from "./core/codec.js";
import { isObject, type JsonObject, setOwn } from "./core/json.js";
import { describe, type Issue, type Loss, lossList, lossTo, type Result } from "./core/result.js";
import { parsePath } from "./lossless.js";

/**
 * One value `coerce` rewrote: the path in the source record (relative to the record, `$` being the
 * record), the value as sent and the value read (`undefined` when the value was taken away, as an
 * empty `userId`).
 *
 * @example
 * import type { Coercion } from "commerce-rosetta"
 * const c: Coercion = { path: "$.properties.price", from: "19", to: 19 }
 *
 * @category coercion
 * @since 0.2.0
 */
export interface Coercion {
  readonly path: string;
  readonly from: unknown;
  readonly to: unknown;
}

/** How many decode-and-rewrite rounds a record gets (a value may need two: number → string → wall clock). */
const MAX_ROUNDS = 6;

/** Identifier keys where an empty string means "not given", per source format. */
const EMPTY_IDS: Readonly<Partial<Record<FormatId, ReadonlyArray<ReadonlyArray<string>>>>> = {
  customerio: [["userId"], ["anonymousId"]],
  segment: [["userId"], ["anonymousId"]],
};
/** The issue a decoder gives a record it cannot identify (the Customer.io / Segment call's own rule). */
const UNIDENTIFIED = /userId or anonymousId/;

/** A decimal number as clients spell it: no sign but `-`, no leading zeros, no exponent, no separators. */
const DECIMAL = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;
/** Epoch seconds (9–10 digits) or milliseconds (12–13 digits) as a digit string. */
const EPOCH_DIGITS = /^(?:\d{9,10}|\d{12,13})$/;
/** `YYYY-MM-DD HH:MM:SS[.fff][Z|±HH:MM|±HHMM]`, with a space or a `T`. */
const LOOSE_TIME = /^(\d{4}-\d{2}-\d{2})[ Tt](\d{2}:\d{2}:\d{2})(\.\d{1,9})?(Z|z|[+-]\d{2}:?\d{2})?$/;
/** Epoch values at or above this are milliseconds (10^11 seconds is the year 5138). */
const MS_FROM = 1e11;

/** Keys of the product lists, where one product object reads as a list of one. */
const PRODUCT_LISTS: ReadonlySet<unknown> = new Set(["products", "lineItems"]);

/** No value: the form does not read as the kind without guessing. */
const NO = Symbol("no coercion");

/** A decimal string read as a number, when the number spells the same decimal (no digits lost). */
const readNumber = (s: string, integer: boolean): number | typeof NO => {
  if (!DECIMAL.test(s)) return NO;
  const n = Number(s);
  if (!Number.isFinite(n)) return NO;
  if (integer && !Number.isInteger(n)) return NO;
  if (Number.isInteger(n) && !Number.isSafeInteger(n)) return NO;
  // "19.50" is 19.5; "0.1000000000000000055" is not the number it would become
  const dot = s.indexOf(".");
  const trimmed = dot < 0 ? s : s.replace(/\.?0+$/, "");
  return String(n) === (trimmed === "-0" ? "0" : trimmed) || (n === 0 && /^-?0(\.0+)?$/.test(s)) ? n : NO;
};

/** An epoch number (seconds or milliseconds) as an instant in ms, or NO. */
const epochMillis = (v: unknown): number | typeof NO => {
  let n: number;
  if (typeof v === "number") n = v;
  else if (typeof v === "string" && EPOCH_DIGITS.test(v)) n = Number(v);
  else return NO;
  if (!Number.isSafeInteger(n) || n < 0) return NO;
  return n >= MS_FROM ? n : n * 1000;
};

/** An instant as RFC 3339 in UTC: to the second, or with milliseconds when it has them. */
const rfc3339Utc = (ms: number): string | typeof NO => {
  const whole = instantToTimestamp(ms, "UTC");
  if (whole === undefined) return NO;
  const frac = ms % 1000;
  return frac === 0 ? whole : `${whole.slice(0, -1)}.${String(frac).padStart(3, "0")}Z`;
};

/** A loose date-time (epoch, `YYYY-MM-DD HH:MM:SS[±HH:MM]`, zone-less in `zone`) as RFC 3339, or NO. */
const readTimestamp = (v: unknown, zone: string): string | typeof NO => {
  const ms = epochMillis(v);
  if (ms !== NO) return rfc3339Utc(ms);
  if (typeof v !== "string") return NO;
  const m = LOOSE_TIME.exec(v);
  if (m === null) return NO;
  const [, date, time, frac = "", offset] = m as unknown as [string, string, string, string | undefined, string | undefined];
  if (offset !== undefined) {
    const o = offset === "z" ? "Z" : offset.length === 5 ? `${offset.slice(0, 3)}:${offset.slice(3)}` : offset;
    const ts = `${date}T${time}${frac}${o}`;
    return ts !== v && isTimestamp(ts) && timestampInstant(ts) !== undefined ? ts : NO;
  }
  // zone-less: read in the zone; a time the zone skipped or showed twice is not guessed
  const r = wallClockToTimestamp(`${date} ${time}`, zone, "reject");
  if (!r.ok) return NO;
  const ts = r.value;
  return frac === "" ? ts : ts.endsWith("Z") ? `${ts.slice(0, -1)}${frac}Z` : `${ts.slice(0, 19)}${frac}${ts.slice(19)}`;
};

/** A loose date-time as a zone-less `YYYY-MM-DD HH:mm:ss` wall clock in `zone` (Attribuly `event_at`), or NO. */
const readWallClock = (v: unknown, zone: string): string | typeof NO => {
  let ts: string | typeof NO;
  const ms = epochMillis(v);
  if (ms !== NO) ts = ms % 1000 === 0 ? rfc3339Utc(ms) : NO;
  else if (typeof v === "string" && isTimestamp(v) && !/[.,]\d/.test(v)) ts = v;
  else return NO;
  if (ts === NO) return NO;
  const r = timestampToWallClock(ts, zone);
  return r.ok ? r.value : NO;
};

/** The value a form reads as where an issue expects `expected`, or NO. */
const coerceValue = (v: unknown, expected: string, key: string | number | undefined, zone: string): unknown => {
  if (/YYYY-MM-DD HH:mm:ss/.test(expected)) return readWallClock(v, zone);
  if (/date-time/.test(expected)) return readTimestamp(v, zone);
  // one product object where the model holds a list of products (only there: no other object is wrapped)
  if (
    isObject(v) &&
    (/array of product|array of line item/.test(expected) || (/^array/.test(expected) && PRODUCT_LISTS.has(key)))
  )
    return [v];
  if (typeof v === "string" && /number|integer|amount/.test(expected))
    return readNumber(v, /integer|amount of minor units/.test(expected));
  if (typeof v === "number" && /string|event name/.test(expected) && !/number/.test(expected) && !/array/.test(expected)) {
    const s = String(v);
    return DECIMAL.test(s) ? s : NO;
  }
  // a list of ids or tags with numbers among its strings
  if (Array.isArray(v) && /array of strings/.test(expected)) {
    let changed = false;
    const out: Array<string> = [];
    for (const x of v) {
      if (typeof x === "string") out.push(x);
      else if (typeof x === "number" && DECIMAL.test(String(x))) {
        out.push(String(x));
        changed = true;
      } else return NO;
    }
    return changed ? out : NO;
  }
  return NO;
};

/** A record path's segments relative to the record (`$.batch[2].properties.x` under `$.batch[2]`). */
const relative = (path: string, base: string): string | undefined => {
  if (path === base) return "$";
  if (!path.startsWith(base)) return undefined;
  const c = path[base.length];
  return c === "." || c === "[" ? `$${path.slice(base.length)}` : undefined;
};

/** The value at a parsed path, or `undefined`. */
const valueAt = (root: unknown, segments: ReadonlyArray<string | number>): unknown => {
  let node = root;
  for (const seg of segments) {
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, seg)) return undefined;
    node = (node as Record<string | number, unknown>)[seg];
  }
  return node;
};

/** A copy of `root` with the value at `segments` replaced (`undefined`: the key taken away); containers copied on the way. */
const replaced = (root: unknown, segments: ReadonlyArray<string | number>, to: unknown): unknown => {
  if (segments.length === 0) return to;
  const [head, ...rest] = segments as [string | number, ...Array<string | number>];
  if (Array.isArray(root)) {
    const copy = root.slice();
    copy[head as number] = replaced(root[head as number], rest, to);
    return copy;
  }
  const src = root as JsonObject;
  const copy: JsonObject = {};
  for (const k in src) {
    if (k !== head) setOwn(copy, k, src[k]);
    else if (rest.length > 0 || to !== undefined) setOwn(copy, k, replaced(src[k], rest, to));
  }
  return copy;
};

/**
 * The outcome of reading a record with `coerce`: the decoded event and the coercions made, or the
 * issues that remain (each with its path).
 *
 * @category coercion
 * @since 0.2.0
 */
export type Coerced<A> =
  | { readonly ok: true; readonly value: A; readonly coercions: ReadonlyArray<Coercion> }
  | { readonly ok: false; readonly errors: ReadonlyArray<Issue> };

/**
 * Decodes a record reading the forms real clients send (see the module doc). `decode` is the
 * record's decoder (lossless stash handling included); `errors`, when given, are the issues of a
 * decode of this very record already done, so it is not decoded twice.
 *
 * @example
 * import { codecOf, decodeCoercing } from "commerce-rosetta"
 * const c = codecOf("segment")!
 * const r = decodeCoercing({ value: { type: "track", userId: "u", event: "Product Viewed", properties: { price: "19" } }, path: "$" }, c, {}, (rec, o) => c.decode(rec, o))
 * // r.ok && r.coercions[0] → { path: "$.properties.price", from: "19", to: 19 }
 *
 * @category coercion
 * @since 0.2.0
 */
export const decodeCoercing = <A>(
  record: WireRecord,
  codec: Codec,
  options: CodecOptions,
  decode: (record: WireRecord, options: CodecOptions) => Result<A>,
  errors?: ReadonlyArray<Issue>,
): Coerced<A> => {
  const zone = options.zone ?? "UTC";
  // the first reading is the format's own (a record valid as it is reads as it is); later ones let a
  // decoder accept what it accepts only with coerce (a call identified by an email alone)
  const opts: CodecOptions = options.coerce === true ? options : { ...options, coerce: true };
  const coercions: Array<Coercion> = [];
  let value = record.value;
  let current: ReadonlyArray<Issue> | undefined = errors;
  if (current === undefined) {
    const first = decode(record, options.coerce === true ? { ...options, coerce: false } : options);
    if (first.ok) return { ok: true, value: first.value, coercions };
    current = first.errors;
  }
  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (current === undefined) {
      const r = decode(value === record.value ? record : { ...record, value }, opts);
      if (r.ok) return { ok: true, value: r.value, coercions };
      current = r.errors;
    }
    let changed = false;
    // a call rejected for want of an identifier: its empty ones are "not given" (a valid record keeps them)
    const unidentified = round === 0 && current.some((e) => UNIDENTIFIED.test(e.expected));
    if (unidentified) changed = true;
    const empties = unidentified ? EMPTY_IDS[codec.id] : undefined;
    if (empties !== undefined && isObject(value)) {
      for (const segs of empties) {
        if (valueAt(value, segs) === "") {
          value = replaced(value, segs, undefined);
          coercions.push({ path: `$.${segs.join(".")}`, from: "", to: undefined });
          changed = true;
        }
      }
    }
    for (const e of current) {
      const rel = relative(e.path, record.path);
      const segments = rel === undefined ? undefined : parsePath(rel);
      if (rel === undefined || segments === undefined || segments.length === 0) continue;
      const v = valueAt(value, segments);
      if (v === undefined) continue;
      const to = coerceValue(v, e.expected, segments[segments.length - 1], zone);
      if (to === NO) continue;
      value = replaced(value, segments, to);
      coercions.push({ path: rel, from: v, to });
      changed = true;
    }
    if (!changed) return { ok: false, errors: current };
    current = undefined;
  }
  const last = decode({ ...record, value }, opts);
  return last.ok ? { ok: true, value: last.value, coercions } : { ok: false, errors: last.errors };
};

/**
 * The coercions as losses of kind `coerced` (one per path: a value rewritten twice is one loss from
 * the value as sent to the value read), with the source record's paths.
 *
 * @example
 * import { coercionLosses } from "commerce-rosetta"
 * coercionLosses([{ path: "$.properties.price", from: "19", to: 19 }], "segment")
 * // [{ path: "$.properties.price", kind: "coerced", value: "19", to: 19, reason: "segment sent a string where the model holds a number; read as 19 (coerce)" }]
 *
 * @category coercion
 * @since 0.2.0
 */
export const coercionLosses = (coercions: ReadonlyArray<Coercion>, from: FormatId): Array<Loss> => {
  const out = lossList();
  const firstAt = new Map<string, number>();
  for (const c of coercions) {
    const i = firstAt.get(c.path);
    if (i === undefined) {
      firstAt.set(c.path, out.length);
      out.push(lossTo(c.path, "coerced", c.from, c.to, reasonOf(c, from)));
    } else {
      const first = out[i] as Loss;
      out[i] = lossTo(c.path, "coerced", first.value, c.to, reasonOf({ path: c.path, from: first.value, to: c.to }, from));
    }
  }
  return out;
};

const kindWord = (v: unknown): string => (Array.isArray(v) ? "a list" : isObject(v) ? "an object" : `a ${typeof v}`);

const reasonOf = (c: Coercion, from: FormatId): string =>
  c.to === undefined
    ? `${from} sent an empty ${c.path.slice(c.path.lastIndexOf(".") + 1)}; read as not given (coerce)`
    : `${from} sent ${describe(c.from)} where the model holds ${kindWord(c.to)}; read as ${JSON.stringify(c.to)} (coerce)`;

/**
 * The undo list of coercions: `[path, original]` steps that, applied in order to the clean record,
 * give back the record as sent (the last coercion is undone first).
 *
 * @example
 * import { undoOf } from "commerce-rosetta"
 * undoOf([{ path: "$.properties.price", from: "19", to: 19 }]) // [["$.properties.price", "19"]]
 *
 * @category coercion
 * @since 0.2.0
 */
export const undoOf = (coercions: ReadonlyArray<Coercion>): Array<readonly [string, unknown]> => {
  const out: Array<readonly [string, unknown]> = [];
  for (let i = coercions.length - 1; i >= 0; i--) {
    const c = coercions[i] as Coercion;
    out.push([c.path, c.from]);
  }
  return out;
};

/**
 * Applies an undo list to a wire record (a copy; the input is not changed).
 *
 * @example
 * import { applyUndo } from "commerce-rosetta"
 * applyUndo({ properties: { price: 19 } }, [["$.properties.price", "19"]]) // { properties: { price: "19" } }
 *
 * @category coercion
 * @since 0.2.0
 */
export const applyUndo = (value: unknown, undo: ReadonlyArray<readonly [string, unknown]>): unknown => {
  let out = value;
  for (const [path, original] of undo) {
    const segments = parsePath(path);
    if (segments === undefined) continue;
    out = segments.length === 0 ? original : replacedCreating(out, segments, original);
  }
  return out;
};

/** Like `replaced`, creating missing containers (an undone `userId: ""` sits where the clean record has nothing). */
const replacedCreating = (root: unknown, segments: ReadonlyArray<string | number>, to: unknown): unknown => {
  if (segments.length === 0) return to;
  const [head, ...rest] = segments as [string | number, ...Array<string | number>];
  if (Array.isArray(root)) {
    const copy = root.slice();
    copy[head as number] = replacedCreating(root[head as number], rest, to);
    return copy;
  }
  const src = isObject(root) ? root : {};
  const copy: JsonObject = {};
  // `undefined` at the end of the path takes the key away
  const remove = rest.length === 0 && to === undefined;
  let seen = false;
  for (const k in src) {
    if (k === head) {
      seen = true;
      if (!remove) setOwn(copy, k, replacedCreating(src[k], rest, to));
    } else setOwn(copy, k, src[k]);
  }
  if (!seen && !remove) setOwn(copy, String(head), replacedCreating(undefined, rest, to));
  return copy;
};

/**
 * The issues of a record `coerce` would read, each saying so: an issue at a coerced path names the
 * value it would be read as; the first issue also says that `--coerce` reads the record.
 *
 * @example
 * import { withCoerceHint } from "commerce-rosetta"
 * withCoerceHint([{ _tag: "Issue", path: "$.properties.price", expected: "number", actual: "19", message: "…" }], [{ path: "$.properties.price", from: "19", to: 19 }], "$")
 *
 * @category coercion
 * @since 0.2.0
 */
export const withCoerceHint = (errors: ReadonlyArray<Issue>, coercions: ReadonlyArray<Coercion>, base: string): Array<Issue> => {
  const at = new Map<string, Coercion>();
  for (const c of coercions) at.set(c.path === "$" ? base : `${base}${c.path.slice(1)}`, c);
  return errors.map((e, i) => {
    const c = at.get(e.path);
    const note =
      c !== undefined
        ? ` (--coerce / coerce: true reads ${describe(c.from)} as ${c.to === undefined ? "not given" : JSON.stringify(c.to)})`
        : i === 0
          ? " (--coerce / coerce: true reads this record)"
          : "";
    return note === "" ? e : { ...e, message: `${e.message}${note}` };
  });
};
