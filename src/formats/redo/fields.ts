/**
 * Field tables for Redo custom events, compiled once from `mappings/redo.json`: the customer
 * object's fields, the canonical parts that travel in `data.$extra` (each under its own key) and
 * the strict readers that decide whether a `$extra` entry is such a part or a custom property.
 *
 * @since 0.1.0
 */
import table from "../../../mappings/redo.json" with { type: "json" };
import { isRfc3339DateTime } from "../../canonical/time.js";
import { isObject, type JsonObject } from "../../core/json.js";
import { fitsKind } from "../kinds.js";
import { type Fits, type Meter, PART_WRITERS, type PartWriter } from "./writers.generated.js";

export type { Meter };

/** @internal */
export type Kind = "string" | "number" | "integer" | "boolean" | "strings" | "objects" | "object" | "objectOrNull";

/** @internal */
export interface Field {
  readonly wire: string;
  readonly canonical: string;
  readonly kind: Kind;
}

/** @internal */
export interface Part {
  /** The `$extra` key. */
  readonly key: string;
  /** The canonical top-level key (`order`, `products`, …). */
  readonly part: string;
  /** An array of objects (products), or `null`. */
  readonly list: boolean;
  /** Shares its canonical object with first-class fields (identity): only a non-empty entry is this part. */
  readonly merge: boolean;
  readonly fields: ReadonlyArray<Field>;
  readonly byWire: ReadonlyMap<string, Field>;
  /**
   * Writes and measures one object of the part (generated: `writers.generated.ts`); `undefined` when
   * its keys cannot be stored by name (the entry is then written by the table and not measured).
   */
  readonly writer: PartWriter | undefined;
}

type Row = ReadonlyArray<string>;
const compile = (row: Row): Field => {
  const [wire, canonical, kind] = row as [string, string, Kind];
  return { wire, canonical, kind };
};

/** @internal */
export const IDENTIFIER_FIELDS: ReadonlyArray<Field> = table.customer.identifiers.map(compile);
/** @internal */
export const PROFILE_FIELDS: ReadonlyArray<Field> = table.customer.profile.map(compile);
/** @internal */
export const LOCATION_FIELDS: ReadonlyArray<Field> = table.customer.location.map(compile);
/** @internal */
export const LOCATION_BY_WIRE: ReadonlyMap<string, Field> = new Map(LOCATION_FIELDS.map((f) => [f.wire, f]));

/** Keys of the wire `customer` object (it admits no others). */
export const CUSTOMER_KEYS: ReadonlySet<string> = new Set([
  ...IDENTIFIER_FIELDS.map((f) => f.wire),
  ...PROFILE_FIELDS.map((f) => f.wire),
  "location",
  "customFields",
]);

const writerOf = (key: string): PartWriter => {
  const w = PART_WRITERS[key];
  if (w === undefined) throw new Error(`redo/writers.generated.ts has no writer for ${key}: run npm run generate`);
  return w;
};

type PartEntry = (typeof table.extra.parts)[number];

/** A part's rows: its own, or those of the part it names in `fieldsOf` (the product lists share `products`'). */
const partRows = (p: PartEntry): ReadonlyArray<ReadonlyArray<string>> => {
  if ("fields" in p && p.fields !== undefined) return p.fields;
  const of = "fieldsOf" in p ? table.extra.parts.find((q) => q.key === p.fieldsOf) : undefined;
  if (of === undefined || !("fields" in of) || of.fields === undefined)
    throw new Error(`mappings/redo.json: part ${p.key} has no fields and no fieldsOf part with fields`);
  return of.fields;
};

/** @internal */
export const PARTS: ReadonlyArray<Part> = table.extra.parts.map((p) => {
  const fields = partRows(p).map(compile);
  const byWire = new Map(fields.map((f) => [f.wire, f]));
  // the generated writer stores each field by name: distinct plain keys both ways
  const plain =
    new Set(fields.map((f) => f.canonical)).size === fields.length &&
    byWire.size === fields.length &&
    !fields.some((f) => f.wire === "__proto__");
  return {
    key: p.key,
    part: p.part,
    list: (p as { list?: boolean }).list === true,
    merge: (p as { merge?: boolean }).merge === true,
    fields,
    byWire,
    writer: plain ? writerOf(p.key) : undefined,
  };
});

/** @internal */
export const PART_BY_KEY: ReadonlyMap<string, Part> = new Map(PARTS.map((p) => [p.key, p]));

/** The `$extra` key and value that say "value/valueCurrency are the order's total/currency". */
export const VALUE_MARKER = table.extra.valueMarker as { readonly key: string; readonly means: string };

/** Redo's documented limits. */
export const LIMITS = table.limits as {
  readonly dataProperties: number;
  readonly payloadBytes: number;
  readonly stringBytes: number;
  readonly uniqueIdLength: number;
  readonly bulkEvents: number;
};

/** How deep `quickBound` recurses before leaving a value to the codec's `scan` (explicit stack). */
const QUICK_DEPTH = 64;

/**
 * The codec's `scan` size bound of a value when no string in it can be over the 100 KB limit,
 * computed by a plain recursive walk (no node objects); -1 when a string might be over the limit or
 * the value is nested deeper than `QUICK_DEPTH` (then `scan` walks it, reporting issues under their
 * paths).
 *
 * @example
 * quickBound("ab", 0) // 14
 *
 * @category limits
 * @internal
 */
export const quickBound = (v: unknown, depth: number): number => {
  if (typeof v === "string") return v.length * 3 > LIMITS.stringBytes ? -1 : 6 * v.length + 2;
  // numbers, booleans and null first: most values are leaves
  if (typeof v !== "object" || v === null) return 24;
  if (depth >= QUICK_DEPTH) return -1;
  if (Array.isArray(v)) {
    let bound = 2 + v.length;
    for (let i = 0; i < v.length; i++) {
      const b = quickBound(v[i], depth + 1);
      if (b < 0) return -1;
      bound += b;
    }
    return bound;
  }
  let bound = 2;
  for (const k in v as JsonObject) {
    const b = quickBound((v as JsonObject)[k], depth + 1);
    if (b < 0) return -1;
    bound += 6 * k.length + 4 + b;
  }
  return bound;
};

/**
 * Whether a value fits a field kind inside `$extra` (`null` fits every kind but `object`).
 *
 * @example
 * fits("integer", 2) // true
 * fits("object", null) // false
 *
 * @category guards
 * @internal
 */
export const fits = (kind: Kind, v: unknown): boolean => {
  if (v === null) return kind !== "object";
  return fitsKind(kind === "objectOrNull" ? "object" : kind, v);
};

/**
 * Whether `readObject` would read a value, without building the result: `-1` when it would not,
 * else the number of keys read.
 */
const matchObject = (part: Part, v: unknown): number => {
  if (!isObject(v)) return -1;
  let n = 0;
  for (const key in v) {
    if (!Object.hasOwn(v, key)) continue;
    const f = part.byWire.get(key);
    if (f === undefined || !fits(f.kind, v[key])) return -1;
    n++;
  }
  return n;
};

/**
 * Whether `readPart` would read a `$extra` entry as its part (the same strict check, without building
 * the canonical value).
 *
 * @example
 * matchesPart(PART_BY_KEY.get("order")!, { id: "o1", total: 0 }) // true
 *
 * @category mappings
 * @internal
 */
export const matchesPart = (part: Part, v: unknown): boolean => {
  if (!part.list) {
    const n = matchObject(part, v);
    // a merged part reads only an entry with at least one key
    return n > 0 || (n === 0 && !part.merge);
  }
  if (v === null) return true;
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) if (matchObject(part, v[i]) < 0) return false;
  return true;
};

/** Reads one object of a part strictly: every key known, every value of its kind; else `undefined`. */
const readObject = (part: Part, v: unknown): JsonObject | undefined => {
  if (!isObject(v)) return undefined;
  const out: JsonObject = {};
  for (const key in v) {
    if (!Object.hasOwn(v, key)) continue;
    const f = part.byWire.get(key);
    const x = v[key];
    if (f === undefined || !fits(f.kind, x)) return undefined;
    out[f.canonical] = x;
  }
  return out;
};

/**
 * Reads a `$extra` entry as the canonical part it is named after, strictly; `undefined` when it does
 * not match the part's table exactly (then it is a custom property).
 *
 * @example
 * readPart(PART_BY_KEY.get("order")!, { id: "o1", total: 0 }) // { value: { id: "o1", total: 0 } }
 * readPart(PART_BY_KEY.get("order")!, { id: 5 }) // undefined
 *
 * @category mappings
 * @internal
 */
export const readPart = (part: Part, v: unknown): { readonly value: unknown } | undefined => {
  if (!part.list) {
    const o = readObject(part, v);
    if (o === undefined || (part.merge && Object.keys(o).length === 0)) return undefined;
    return { value: o };
  }
  if (v === null) return { value: null };
  if (!Array.isArray(v)) return undefined;
  const out = new Array<JsonObject>(v.length);
  for (let i = 0; i < v.length; i++) {
    const o = readObject(part, v[i]);
    if (o === undefined) return undefined;
    out[i] = o;
  }
  return { value: out };
};

/**
 * Writes a canonical part as its `$extra` entry (canonical keys → wire keys); `undefined` members
 * are left out. With a `meter`, also measures the entry written.
 *
 * @example
 * writePart(PART_BY_KEY.get("products")!, [{ id: "p", price: 0 }]) // [{ id: "p", price: 0 }]
 *
 * @category mappings
 * @internal
 */
export const writePart = (part: Part, v: unknown, meter?: Meter): unknown => {
  const m = meter ?? SCRATCH;
  m.bound = undefined;
  m.matches = undefined;
  if (!part.list) {
    const out = writeOne(part, v as JsonObject, 0, m);
    if (m.matches === true && part.merge && isEmpty(out)) m.matches = false;
    return out;
  }
  if (v === null) {
    m.bound = 24;
    m.matches = true;
    return v;
  }
  if (!Array.isArray(v)) return v;
  const out = new Array<JsonObject>(v.length);
  // quickBound of the array: 2 + length + each element's bound, -1 when one is -1
  let bound: number | undefined = 2 + v.length;
  let matches = true;
  for (let i = 0; i < v.length; i++) {
    out[i] = writeOne(part, v[i] as JsonObject, 1, m);
    if (bound === undefined || m.bound === undefined) bound = undefined;
    else bound = bound < 0 || m.bound < 0 ? -1 : bound + m.bound;
    matches &&= m.matches === true;
  }
  m.bound = bound;
  m.matches = bound === undefined ? undefined : matches;
  return out;
};

/** The meter when the caller passes none. */
const SCRATCH: Meter = { bound: undefined, matches: undefined };

const isEmpty = (o: JsonObject): boolean => {
  for (const _ in o) return false;
  return true;
};

/**
 * Writes one object of a part at `depth` and measures it into `m`: the part's generated writer (its
 * table fields by name, in table order). Anything else — not an object (a `null` product in a list),
 * or a part without a writer — is written unmeasured: as it is, or by `writeInTableOrder`; the
 * encoder's check of what it wrote then walks it and reports what does not read back.
 */
const writeOne = (part: Part, o: JsonObject, depth: number, m: Meter): JsonObject => {
  const writer = part.writer;
  if (writer !== undefined && isObject(o)) return writer(o, depth, m, quickBound, fits as Fits);
  m.bound = undefined;
  m.matches = undefined;
  return isObject(o) ? writeInTableOrder(part.fields, o) : o;
};

const writeInTableOrder = (fields: ReadonlyArray<Field>, o: JsonObject): JsonObject => {
  const out: JsonObject = {};
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i] as Field;
    const x = o[f.canonical];
    if (x !== undefined) out[f.wire] = x;
  }
  return out;
};

/**
 * Whether a string is an E.164 phone number (`+` then 2–15 digits, no leading zero).
 *
 * @example
 * isE164("+11234567890") // true
 * isE164("555-0100") // false
 *
 * @category guards
 * @internal
 */
export const isE164 = (s: string): boolean => E164.test(s);

const E164 = /^\+[1-9]\d{1,14}$/;

/**
 * Whether a string has the shape of an RFC 3339 date-time (seconds present, `.` fractions), the
 * `format: date-time` of Redo's `eventTimestamp`; the calendar is checked by `isTimestamp`.
 *
 * @example
 * isRfc3339Shape("2026-04-02T12:00:00Z") // true
 * isRfc3339Shape("2026-04-02T12:00Z") // false
 *
 * @category guards
 * @internal
 */
export { isRfc3339DateTime };

export const isRfc3339Shape = (s: string): boolean => RFC3339_SHAPE.test(s);

const RFC3339_SHAPE = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:?\d{2})$/;
