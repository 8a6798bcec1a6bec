/**
 * The `omnisend-api` codec: the body of Omnisend's Events API (`POST /api/events` with
 * `Omnisend-Version: 2026-03-15`, and the legacy `POST /v5/events`) — `eventName`, `eventID`,
 * `eventTime`, `eventVersion`, `origin`, `contact`, `properties` — both directions.
 *
 * What is particular to Omnisend here: order fields sit flat in `properties`, line items use
 * `product*` keys, each recommended event has its `eventVersion` and its own place for products
 * (`lineItems`, `product`, `addedItem` beside the cart's `lineItems`, the viewed product's
 * un-prefixed object with minor-unit string prices), `eventID` is a v4–v7 UUID, `eventTime` has two
 * spellings, and every event carries an `origin`. The correspondences are data
 * (`mappings/omnisend-api.json`); every canonical field without an Omnisend key of its own travels in
 * `properties` under its Segment / Customer.io property name and is read back from there.
 *
 * Decoding accepts what integrations really send (any `eventVersion`, a missing one, both `eventTime`
 * spellings, `productSKU` and `orderNumber` as numbers or strings) and keeps what it does not map
 * verbatim (custom properties, unknown contact and top-level keys in `extensions["omnisend-api"]`),
 * so encoding gives back the payload decoded.
 *
 * @since 0.2.0
 */
import { v5 as uuidV5 } from "uuid";
import { draftEvent } from "../../canonical/draft.js";
import { EVENT_TYPES, type EventType, isEventType } from "../../canonical/event-types.js";
import type { CanonicalEvent } from "../../canonical/model.js";
import { minorUnitsToMoney, moneyToMinorUnits } from "../../canonical/money.js";
import { EVENT_NAME_TABLE } from "../../canonical/names.js";
import { isTimestamp, toDateTime } from "../../canonical/time.js";
import type { Codec, CodecOptions, WireRecord } from "../../core/codec.js";
import { DERIVED_ID_NAMESPACE } from "../../core/derived-id.js";
import { isObject, type JsonObject, pathIndex, pathKey, setOwn } from "../../core/json.js";
import { foreignExtension } from "../../core/memo.js";
import {
  type Encoded,
  fail,
  type Issue,
  issue,
  type Loss,
  lossList,
  lossOf,
  lossTo,
  type Result,
  succeed,
} from "../../core/result.js";
import {
  CONTACT,
  CONTACT_IDENTIFIERS,
  DEFAULT_ORIGIN,
  EVENT_TIME,
  type Field,
  fits,
  isNumberSpelling,
  kindName,
  LINE_ITEM,
  LISTS,
  PROPERTIES,
  type ProductSlot,
  RECOMMENDED_BY_NAME,
  RECOMMENDED_BY_TYPE,
  type Table,
  UUID,
  VIEWED_PRODUCT,
} from "./fields.js";

type Semantic = Exclude<EventType, "custom">;

/** The key of this codec's extension in a canonical event. */
const EXT = "omnisend-api";
const EXT_PATH = '$.extensions["omnisend-api"]';

// ---------------------------------------------------------------------------------------------
// names
// ---------------------------------------------------------------------------------------------

/** The name each type travels under: the recommended event's name, else the Customer.io spelling. */
const NAME_OF = new Map<EventType, string>(
  EVENT_NAME_TABLE.map((r) => [r.type, RECOMMENDED_BY_TYPE.get(r.type)?.name ?? r.customerio]),
);
/** Exact names that decode to a type (Omnisend event names are case-sensitive). */
const TYPE_OF = new Map<string, Semantic>(EVENT_NAME_TABLE.map((r) => [NAME_OF.get(r.type) as string, r.type]));

const lookupFor = (options: CodecOptions): ((name: string) => Semantic | undefined) => {
  const names = options.names;
  if (names === undefined) return (name) => TYPE_OF.get(name);
  const custom = new Map<string, Semantic>();
  for (const [type, name] of Object.entries(names)) {
    if (name !== undefined && type !== "custom" && isEventType(type)) custom.set(name, type as Semantic);
  }
  return (name) => custom.get(name) ?? TYPE_OF.get(name);
};

/**
 * The Omnisend event name of a type: a caller's override, else the recommended event's name, else
 * the Customer.io spelling under which the type travels as a custom event.
 *
 * @example
 * import { omnisendApiEventName } from "commerce-rosetta/omnisend-api"
 * omnisendApiEventName("order_completed") // "placed order"
 * omnisendApiEventName("products_searched") // "Products Searched"
 *
 * @category names
 * @since 0.2.0
 */
export const omnisendApiEventName = (type: EventType, options: CodecOptions = {}): string | undefined =>
  options.names?.[type] ?? NAME_OF.get(type);

// ---------------------------------------------------------------------------------------------
// canonical paths
// ---------------------------------------------------------------------------------------------

export const getPath = (o: JsonObject, path: ReadonlyArray<string>): unknown => {
  let at: unknown = o;
  for (let i = 0; i < path.length; i++) {
    if (!isObject(at)) return undefined;
    at = at[path[i] as string];
  }
  return at;
};

export const setPath = (o: JsonObject, path: ReadonlyArray<string>, v: unknown): void => {
  let at = o;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i] as string;
    let next = at[key];
    if (!isObject(next)) {
      next = {};
      at[key] = next;
    }
    at = next as JsonObject;
  }
  setOwn(at, path[path.length - 1] as string, v);
};

/** `$.a.b` from canonical path segments. */
const jsonPath = (base: string, path: ReadonlyArray<string>): string => {
  let out = base;
  for (const key of path) out = pathKey(out, key);
  return out;
};

// ---------------------------------------------------------------------------------------------
// decode
// ---------------------------------------------------------------------------------------------

/** What a decode of one object noticed beyond the canonical values: a number read as a string id. */
export interface LiftNotes {
  numeric: boolean;
}

/** The canonical value of a fitting wire value (object rows renamed key by key, numbers as strings). */
const toCanonical = (f: Field, v: unknown, notes: LiftNotes): unknown => {
  if ((f.kind === "sku" || f.kind === "orderNumber") && typeof v === "number") {
    notes.numeric = true;
    return String(v);
  }
  if (f.object !== undefined && isObject(v)) {
    const out: JsonObject = {};
    for (const key in v) setOwn(out, f.object.byWire.get(key)?.dotted ?? key, v[key]);
    return out;
  }
  return v;
};

/**
 * Lifts the rows of a table from a wire object into `target`, in the table's order: a row's value is
 * lifted when it fits and its canonical path is still empty. Returns the keys not lifted, verbatim,
 * or `undefined` when there are none.
 */
export const liftTable = (raw: JsonObject, table: Table, target: JsonObject, notes: LiftNotes): JsonObject | undefined => {
  let lifted: Set<string> | undefined;
  const rows = table.rows;
  for (let i = 0; i < rows.length; i++) {
    const f = rows[i] as Field;
    if (!Object.hasOwn(raw, f.wire) || lifted?.has(f.wire)) continue;
    const v = raw[f.wire];
    if (v === undefined || !fits(f, v) || getPath(target, f.path) !== undefined) continue;
    if (f.kind === "minorUnits") {
      const currency = target.currency;
      if (typeof currency !== "string") continue;
      const major = minorUnitsToMoney(Number(v), currency);
      if (!major.ok) continue;
      setPath(target, f.path, major.value);
    } else setPath(target, f.path, toCanonical(f, v, notes));
    (lifted ??= new Set()).add(f.wire);
  }
  let rest: JsonObject | undefined;
  for (const key in raw) {
    const v = raw[key];
    if (v === undefined || lifted?.has(key)) continue;
    rest ??= {};
    setOwn(rest, key, v);
  }
  return rest;
};

const isObjectList = (v: unknown): v is ReadonlyArray<JsonObject> => Array.isArray(v) && v.every(isObject);

/** Decodes line items (or one product object) into canonical products, noting which had a numeric SKU. */
const decodeProducts = (
  items: ReadonlyArray<JsonObject>,
  table: Table,
  numeric: Array<number>,
  offset: number,
): Array<JsonObject> => {
  const out = new Array<JsonObject>(items.length);
  for (let i = 0; i < items.length; i++) {
    const product: JsonObject = {};
    const notes: LiftNotes = { numeric: false };
    const rest = liftTable(items[i] as JsonObject, table, product, notes);
    if (rest !== undefined) product.properties = rest;
    if (notes.numeric) numeric.push(offset + i);
    out[i] = product;
  }
  return out;
};

/** Top-level keys this codec reads; every other key is kept in the extension's `envelope`. */
const isTopKey = (key: string): boolean => {
  switch (key) {
    case "eventName":
    case "eventID":
    case "eventTime":
    case "eventVersion":
    case "origin":
    case "contact":
    case "properties":
      return true;
    default:
      return false;
  }
};

/** The product slots of an event: where its first product, its further products and a cart's contents are read. */
interface Slots {
  readonly single: string | undefined;
  readonly singleTable: Table;
  readonly list: string;
  readonly cart: string;
}

const slotsOf = (slot: ProductSlot): Slots => {
  switch (slot) {
    case "product":
      return { single: "product", singleTable: LINE_ITEM, list: LISTS.products, cart: LISTS.cartProducts };
    case "viewed":
      return { single: "product", singleTable: VIEWED_PRODUCT, list: LISTS.products, cart: LISTS.cartProducts };
    case "addedItem":
      return { single: "addedItem", singleTable: LINE_ITEM, list: LISTS.addedItems, cart: LISTS.products };
    case "lineItems":
      return { single: undefined, singleTable: LINE_ITEM, list: LISTS.products, cart: LISTS.cartProducts };
  }
};
const SLOTS_OF = new Map<ProductSlot, Slots>(
  (["product", "viewed", "addedItem", "lineItems"] as const).map((s) => [s, slotsOf(s)]),
);
const CUSTOM_SLOTS = slotsOf("lineItems");

const decodeRecord = (record: WireRecord, options: CodecOptions): Result<CanonicalEvent> => {
  const input = record.value;
  const at = record.path;
  if (!isObject(input)) return fail([issue(at, "an Omnisend Events API body (an object)", input)]);
  const errors: Array<Issue> = [];
  const ext: JsonObject = {};

  const name = input.eventName;
  if (typeof name !== "string" || name.length === 0) errors.push(issue(pathKey(at, "eventName"), "a non-empty event name", name));
  const recommended = typeof name === "string" ? RECOMMENDED_BY_NAME.get(name) : undefined;

  const eventID = input.eventID;
  if (eventID !== undefined && typeof eventID !== "string") errors.push(issue(pathKey(at, "eventID"), "a UUID string", eventID));
  else if (typeof eventID === "string" && !UUID.test(eventID)) ext.eventIdAsGiven = true;

  const eventTime = input.eventTime;
  let occurredAt: string | undefined;
  if (eventTime !== undefined) {
    if (typeof eventTime !== "string" || !EVENT_TIME.test(eventTime))
      errors.push(issue(pathKey(at, "eventTime"), "an RFC 3339 date-time or YYYY-MM-DD HH:MM:SS±HH:MM", eventTime));
    else {
      const spaced = eventTime[10] === " ";
      const iso = spaced ? `${eventTime.slice(0, 10)}T${eventTime.slice(11)}` : eventTime;
      if (isTimestamp(iso)) {
        occurredAt = iso;
        if (spaced) ext.eventTimeSpace = true;
      }
      // a spelling the canonical timestamp does not take (more than 9 fraction digits) stays verbatim
    }
  }

  const version = input.eventVersion;
  if (version !== undefined && typeof version !== "string") errors.push(issue(pathKey(at, "eventVersion"), "a string", version));
  else if (version !== undefined && version !== (recommended?.version ?? "")) ext.eventVersion = version;
  else if (version === "" && recommended === undefined) ext.eventVersion = "";

  const origin = input.origin;
  if (origin !== undefined && typeof origin !== "string") errors.push(issue(pathKey(at, "origin"), "a string", origin));
  else if (origin !== undefined && origin !== DEFAULT_ORIGIN) ext.origin = origin;

  const event = {} as JsonObject;
  if (typeof eventID === "string") event.id = eventID;
  if (occurredAt !== undefined) event.occurredAt = occurredAt;
  const contact = input.contact;
  if (!isObject(contact)) {
    const p = pathKey(at, "contact");
    errors.push(
      issue(
        p,
        "a contact object with id, email or phone",
        contact,
        `${p}: an Omnisend event needs a contact (id, email or phone)`,
      ),
    );
  } else {
    const identified = CONTACT_IDENTIFIERS.some((k) => typeof contact[k] === "string" && contact[k] !== "");
    if (!identified) {
      const p = pathKey(at, "contact");
      errors.push(
        issue(
          p,
          `a non-empty ${CONTACT_IDENTIFIERS.join(", ")}`,
          contact,
          `${p}: an Omnisend contact needs a non-empty id, email or phone`,
        ),
      );
    }
  }
  const properties = input.properties;
  if (properties !== undefined && !isObject(properties)) errors.push(issue(pathKey(at, "properties"), "an object", properties));
  if (errors.length > 0) return fail(errors);

  const notes: LiftNotes = { numeric: false };
  const contactRest = liftTable(contact as JsonObject, CONTACT, event, notes);
  if (contactRest !== undefined) ext.contact = contactRest;

  if (isObject(properties)) {
    const slots = recommended === undefined ? CUSTOM_SLOTS : (SLOTS_OF.get(recommended.products) as Slots);
    const taken = new Set<string>();
    const numeric: JsonObject = {};
    let products: Array<JsonObject> | undefined;
    if (slots.single !== undefined && isObject(properties[slots.single])) {
      const numbers: Array<number> = [];
      products = decodeProducts([properties[slots.single] as JsonObject], slots.singleTable, numbers, 0);
      if (numbers.length > 0) numeric.products = numbers;
      taken.add(slots.single);
    }
    const readList = (key: string, part: string): void => {
      const list = properties[key];
      if (!isObjectList(list) || (part === "products" && taken.has(key))) return;
      const numbers: Array<number> = [];
      const offset = part === "products" && products !== undefined ? products.length : 0;
      const read = decodeProducts(list, LINE_ITEM, numbers, offset);
      if (part === "products" && products !== undefined) products.push(...read);
      else if (part === "products") {
        products = read;
        if (slots.single !== undefined) ext.noSingle = true;
      } else event[part] = read;
      if (numbers.length > 0) numeric[part] = [...((numeric[part] as Array<number>) ?? []), ...numbers];
      taken.add(key);
    };
    readList(slots.list, "products");
    readList(slots.cart, "cartProducts");
    readList(LISTS.refundedProducts, "refundedProducts");
    if (products !== undefined) event.products = products;
    if (Object.keys(numeric).length > 0) ext.numericSkus = numeric;

    const rest = liftTable(properties, PROPERTIES, event, notes);
    let custom: JsonObject | undefined;
    if (rest !== undefined) {
      for (const key in rest) {
        if (taken.has(key)) continue;
        custom ??= {};
        setOwn(custom, key, rest[key]);
      }
    }
    if (custom !== undefined) event.properties = custom;
    else if (Object.keys(properties).length === 0) event.properties = {};
  }
  if (notes.numeric) ext.orderNumberIsNumber = true;

  let envelope: JsonObject | undefined;
  for (const key in input) {
    const v = input[key];
    if (v === undefined || (isTopKey(key) && !(key === "eventTime" && occurredAt === undefined))) continue;
    envelope ??= {};
    setOwn(envelope, key, v);
  }
  if (envelope !== undefined) ext.envelope = envelope;

  const type: EventType = lookupFor(options)(name as string) ?? "custom";
  const out = draftEvent(type, name as string) as unknown as JsonObject;
  for (const key in event) out[key] = event[key];
  if (Object.keys(ext).length > 0) out.extensions = { [EXT]: ext };
  return succeed(out as unknown as CanonicalEvent);
};

// ---------------------------------------------------------------------------------------------
// encode
// ---------------------------------------------------------------------------------------------

interface Sink {
  readonly losses: Array<Loss>;
  readonly errors: Array<Issue>;
}

const drop = (sink: Sink, path: string, value: unknown, reason: string): void => {
  sink.losses.push(lossOf(path, "dropped", value, reason));
};

/** No fit for a canonical value: why. */
const unfit = (rows: ReadonlyArray<Field> | undefined, v: unknown): string => {
  if (rows === undefined || rows.length === 0) return "omnisend-api has no place for it";
  const f = rows[0] as Field;
  return v === null
    ? `omnisend-api's schemas type ${f.wire} as ${kindName(f)}, not null`
    : `omnisend-api requires ${f.wire} to be ${kindName(f)}`;
};

/**
 * Where each canonical path went: the index of the row written (rows are read back in index order).
 * Appends, and looks up from the newest: a record writes a few dozen paths and asks about few, so
 * two arrays beat a Map's hashing and growth on every record.
 *
 * @example
 * const w = new Written()
 * w.set("order.id", 0)
 * w.get("order.id") // 0
 *
 * @category encoding
 * @internal
 */
export class Written {
  private readonly list: Array<string> = [];
  private readonly rows: Array<number> = [];
  /** Records that `path` went under row `row` (a later record for the same path wins). */
  set(path: string, row: number): void {
    this.list.push(path);
    this.rows.push(row);
  }
  /** The row `path` went under, if it was written. */
  get(path: string): number | undefined {
    const i = this.list.lastIndexOf(path);
    return i < 0 ? undefined : this.rows[i];
  }
  /** Whether `path` was written. */
  has(path: string): boolean {
    return this.list.lastIndexOf(path) >= 0;
  }
  /** The paths written, in order (a path written twice is listed twice). */
  paths(): ReadonlyArray<string> {
    return this.list;
  }
}
/** The "row" of a path written at the top level (`eventID`, `eventTime`): read before any property. */
const TOP_LEVEL = -2;
/** The "row" of a path written to the contact: read before any property. */
const CONTACT_LEVEL = -1;

/** The wire value of a canonical value under a row, or `NO_FIT`. */
const NO_FIT: unique symbol = Symbol("no fit");

const LETTERS3 = /^[A-Za-z]{3}$/;

const toWire = (
  f: Field,
  v: unknown,
  product: JsonObject | undefined,
  numeric: boolean,
  basePath: string,
  sink: Sink,
): unknown => {
  if (f.object !== undefined) {
    if (!isObject(v)) return NO_FIT;
    const out: JsonObject = {};
    for (const key in v) {
      const x = v[key];
      if (x === undefined) continue;
      const sub = f.object.byPath.get(key)?.[0];
      if (sub !== undefined && fits(sub, x)) setOwn(out, sub.wire, x);
      else if (sub === undefined && f.open && !f.object.byWire.has(key)) setOwn(out, key, x);
      else drop(sink, pathKey(jsonPath(basePath, f.path), key), x, unfit(sub === undefined ? undefined : [sub], x));
    }
    return out;
  }
  if (f.kind === "minorUnits") {
    const currency = product?.currency;
    if (typeof v !== "number" || typeof currency !== "string") return NO_FIT;
    const minor = moneyToMinorUnits(v, currency);
    return minor.ok ? String(minor.value) : NO_FIT;
  }
  if (f.kind === "currency" && typeof v === "string" && LETTERS3.test(v) && !fits(f, v)) {
    const upper = v.toUpperCase();
    sink.losses.push(lossTo(jsonPath(basePath, f.path), "coerced", v, upper, "omnisend currency codes are upper-case"));
    return upper;
  }
  if ((f.kind === "sku" || f.kind === "orderNumber") && numeric && typeof v === "string" && isNumberSpelling(v)) return Number(v);
  return fits(f, v) ? v : NO_FIT;
};

/**
 * One key of a canonical object as a table sees it, worked out once: its dotted path, its segments,
 * its rows, and — for a part whose keys map one by one (`order`) — the level of its keys.
 */
interface Entry {
  readonly dotted: string;
  readonly segs: ReadonlyArray<string>;
  readonly rows: ReadonlyArray<Field> | undefined;
  readonly nested: Level | undefined;
}

/** The keys of one canonical object (the event, or a part such as `order`) under one table. */
interface Level {
  readonly table: Table;
  readonly prefix: string;
  readonly segs: ReadonlyArray<string>;
  readonly byKey: Map<string, Entry>;
}

/** Entries remembered per level: beyond this (free-form keys), an entry is made for each use. */
const MAX_ENTRIES = 1024;
const ROOTS = new WeakMap<Table, Level>();

/** The top level of a table: the same few paths recur on every record, so each is resolved once. */
const rootOf = (table: Table): Level => {
  let root = ROOTS.get(table);
  if (root === undefined) ROOTS.set(table, (root = { table, prefix: "", segs: [], byKey: new Map() }));
  return root;
};

const entryIn = (level: Level, key: string): Entry => {
  const known = level.byKey.get(key);
  if (known !== undefined) return known;
  const dotted = level.prefix + key;
  const segs = [...level.segs, key];
  const prefix = NESTED.get(dotted);
  const entry: Entry = {
    dotted,
    segs,
    rows: level.table.byPath.get(dotted),
    nested: prefix === undefined ? undefined : { table: level.table, prefix, segs, byKey: new Map() },
  };
  if (level.byKey.size < MAX_ENTRIES) level.byKey.set(key, entry);
  return entry;
};

/** For the table runs that need no numeric spelling and skip no key. */
const NEVER = (): boolean => false;

/**
 * Writes the canonical leaves of `source` through a table into `out`: each leaf under the first of its
 * rows that fits and whose key is free; a leaf with no such row is reported. `numeric` says where a
 * number-like string is written as a number, `skip` which top-level keys to leave (by default none).
 */
export const writeTable = (
  source: JsonObject,
  table: Table,
  out: JsonObject,
  written: Written,
  basePath: string,
  sink: Sink,
  numeric: (f: Field) => boolean = NEVER,
  skip: (key: string) => boolean = NEVER,
): void => writeLevel(source, rootOf(table), out, written, basePath, sink, numeric, skip);

const writeLevel = (
  source: JsonObject,
  level: Level,
  out: JsonObject,
  written: Written,
  basePath: string,
  sink: Sink,
  numeric: (f: Field) => boolean,
  skip: (key: string) => boolean,
): void => {
  const top = level.prefix === "";
  for (const key in source) {
    const v = source[key];
    if (v === undefined || (top && skip(key))) continue;
    const entry = entryIn(level, key);
    if (entry.nested !== undefined && isObject(v)) {
      if (isEmpty(v)) {
        drop(sink, jsonPath(basePath, entry.segs), v, "an empty object does not survive");
        continue;
      }
      writeLevel(v, entry.nested, out, written, basePath, sink, numeric, skip);
      continue;
    }
    const rows = entry.rows;
    let done = false;
    let taken = 0;
    if (rows !== undefined) {
      for (const f of rows) {
        if (Object.hasOwn(out, f.wire)) {
          taken++;
          continue;
        }
        const w = toWire(f, v, source, numeric(f), basePath, sink);
        if (w === NO_FIT) continue;
        out[f.wire] = w; // a row's wire key is never "__proto__" (checked where the tables are compiled)
        written.set(entry.dotted, f.index);
        done = true;
        break;
      }
    }
    if (!done)
      drop(
        sink,
        jsonPath(basePath, entry.segs),
        v,
        rows !== undefined && taken === rows.length ? `the key ${(rows[0] as Field).wire} is already taken` : unfit(rows, v),
      );
  }
};

const isEmpty = (o: JsonObject): boolean => {
  for (const key in o) if (o[key] !== undefined) return false;
  return true;
};

/**
 * Canonical objects whose keys map one by one (their paths are prefixes of rows, not rows), each with
 * the prefix its keys' paths take (`order` → `order.`).
 */
const NESTED = new Map<string, string>();
for (const t of [CONTACT, PROPERTIES, LINE_ITEM, VIEWED_PRODUCT]) {
  for (const f of t.rows)
    for (let i = 1; i < f.path.length; i++) {
      const dotted = f.path.slice(0, i).join(".");
      NESTED.set(dotted, `${dotted}.`);
    }
}

/** Whether the decoder lifts a value under a row (a minor-unit price needs its product's known currency). */
export const wouldLift = (f: Field, v: unknown, source: JsonObject): boolean => {
  if (!fits(f, v)) return false;
  if (f.kind !== "minorUnits") return true;
  const currency = source.currency;
  return typeof currency === "string" && minorUnitsToMoney(Number(v), currency).ok;
};

/**
 * Copies kept keys (custom properties, unknown contact keys) into `out` after the mapped fields: a key
 * already written is reported, and a key the decoder would read as a canonical field is reported as
 * moved (or dropped when reading it would displace the field written under another key).
 */
const writeKept = (
  kept: JsonObject,
  out: JsonObject,
  table: Table,
  written: Written,
  keptPath: string,
  canonicalBase: string,
  sink: Sink,
  source: JsonObject,
): void => {
  for (const key in kept) {
    const v = kept[key];
    if (v === undefined) continue;
    const p = pathKey(keptPath, key);
    if (Object.hasOwn(out, key)) {
      drop(sink, p, v, `the key ${key} is already written from the canonical event`);
      continue;
    }
    const f = table.byWire.get(key);
    if (f !== undefined && wouldLift(f, v, source)) {
      const at = written.get(f.dotted);
      if (at === undefined) {
        sink.losses.push(lossTo(p, "moved", v, jsonPath(canonicalBase, f.path), `omnisend-api reads ${key} as ${f.dotted}`));
      } else if (at > f.index) {
        drop(sink, p, v, `omnisend-api would read ${key} as ${f.dotted}, written under another key`);
        continue;
      }
    }
    setOwn(out, key, v);
  }
};

const isNumericAt = (ext: JsonObject | undefined, list: string, i: number): boolean => {
  const numeric = ext?.numericSkus;
  if (!isObject(numeric)) return false;
  const at = numeric[list];
  return Array.isArray(at) && at.includes(i);
};

const encodeProduct = (p: unknown, path: string, table: Table, numeric: boolean, sink: Sink): JsonObject | undefined => {
  if (!isObject(p)) {
    drop(sink, path, p, "not a product object");
    return undefined;
  }
  const item: JsonObject = {};
  const written = new Written();
  writeTable(
    p,
    table,
    item,
    written,
    path,
    sink,
    () => numeric,
    (key) => key === "properties",
  );
  const custom = p.properties;
  if (custom !== undefined) {
    if (isObject(custom) && isEmpty(custom)) drop(sink, pathKey(path, "properties"), custom, "an empty object does not survive");
    else if (isObject(custom)) writeKept(custom, item, table, written, pathKey(path, "properties"), path, sink, p);
    else drop(sink, pathKey(path, "properties"), custom, "not an object");
  }
  return item;
};

const encodeList = (
  list: unknown,
  from: number,
  path: string,
  listName: string,
  table: Table,
  ext: JsonObject | undefined,
  sink: Sink,
): Array<JsonObject> | undefined => {
  if (!Array.isArray(list)) {
    drop(sink, path, list, list === null ? "omnisend-api line items are an array, not null" : "not an array");
    return undefined;
  }
  const out: JsonObject[] = [];
  for (let i = from; i < list.length; i++) {
    const item = encodeProduct(list[i], pathIndex(path, i), table, isNumericAt(ext, listName, i), sink);
    if (item !== undefined) out.push(item);
  }
  return out;
};

const encodeName = (event: JsonObject, options: CodecOptions, sink: Sink): string => {
  const type = event.type as EventType;
  const name = event.name as string;
  const lookup = lookupFor(options);
  let eventName: string;
  if (type === "custom") eventName = name;
  else eventName = options.names?.[type] ?? (lookup(name) === type ? name : (NAME_OF.get(type) as string));
  if (eventName !== name)
    sink.losses.push(lossTo("$.name", "renamed", name, eventName, `omnisend-api names ${type} ${JSON.stringify(eventName)}`));
  const readBack: EventType = lookup(eventName) ?? "custom";
  if (readBack !== type)
    sink.losses.push(
      lossTo("$.type", "coerced", type, readBack, `omnisend-api reads the name ${JSON.stringify(eventName)} as ${readBack}`),
    );
  return eventName;
};

/** Canonical top-level keys written by the codec itself rather than through the properties table. */
const isOwnPart = (key: string): boolean => {
  switch (key) {
    case "type":
    case "name":
    case "id":
    case "occurredAt":
    case "identity":
    case "customer":
    case "products":
    case "refundedProducts":
    case "cartProducts":
    case "properties":
    case "extensions":
      return true;
    default:
      return false;
  }
};

const EXTENSION_KEYS = new Set([
  "origin",
  "eventVersion",
  "eventTimeSpace",
  "eventIdAsGiven",
  "orderNumberIsNumber",
  "numericSkus",
  "noSingle",
  "envelope",
  "contact",
]);

const SPACED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

/** Options `omnisend-api` reads besides the common ones. */
interface ApiOptions extends CodecOptions {
  readonly deriveIds?: boolean | undefined;
}

const encodeRecord = (input: CanonicalEvent, options: ApiOptions): Result<Encoded> => {
  if (!isObject(input)) return fail([issue("$", "a canonical event object", input)]);
  const event = input as unknown as JsonObject;
  if (!isEventType(event.type) || typeof event.name !== "string" || event.name === "") {
    const errors: Array<Issue> = [];
    if (!isEventType(event.type)) errors.push(issue("$.type", `one of ${EVENT_TYPES.join(", ")}`, event.type));
    if (typeof event.name !== "string" || event.name === "") errors.push(issue("$.name", "a non-empty event name", event.name));
    return fail(errors);
  }
  const sink: Sink = { losses: lossList(), errors: [] };
  const eventName = encodeName(event, options, sink);
  const recommended = RECOMMENDED_BY_NAME.get(eventName);

  // extensions
  let ext: JsonObject | undefined;
  const extensions = event.extensions;
  if (extensions !== undefined) {
    if (!isObject(extensions)) drop(sink, "$.extensions", extensions, "not an object");
    else
      for (const format in extensions) {
        const value = extensions[format];
        if (value === undefined) continue;
        if (format !== EXT) {
          const f = foreignExtension(EXT, format);
          drop(sink, f.path, value, f.reason);
        } else if (!isObject(value)) drop(sink, EXT_PATH, value, "not an object");
        else {
          ext = value;
          for (const key in value)
            if (value[key] !== undefined && !EXTENSION_KEYS.has(key))
              drop(sink, pathKey(EXT_PATH, key), value[key], "not an omnisend-api extension");
        }
      }
  }

  const out: JsonObject = {};
  out.eventName = eventName;
  const props: JsonObject = {};
  const written = new Written();

  // eventID
  const id = event.id;
  if (id !== undefined) {
    if (typeof id === "string" && (UUID.test(id) || ext?.eventIdAsGiven === true)) {
      out.eventID = id;
      written.set("id", TOP_LEVEL);
    } else if (typeof id === "string" && id !== "" && options.deriveIds === true) {
      const derived = uuidV5(id, DERIVED_ID_NAMESPACE);
      out.eventID = derived;
      sink.losses.push(lossTo("$.id", "coerced", id, derived, "omnisend eventID is a UUID: derived from the id (--derive-ids)"));
    } else if (typeof id === "string" || id === null) {
      props.eventId = id;
      written.set("id", -1);
      sink.losses.push(
        lossTo(
          "$.id",
          "moved",
          id,
          "$.properties.eventId",
          "omnisend eventID is a v4–v7 UUID: the id travels in properties.eventId",
        ),
      );
    } else drop(sink, "$.id", id, "not a string");
  }

  // eventTime
  const occurredAt = event.occurredAt;
  if (occurredAt !== undefined) {
    let time: string | undefined;
    if (typeof occurredAt === "string") {
      if (ext?.eventTimeSpace === true && SPACED.test(occurredAt)) time = `${occurredAt.slice(0, 10)} ${occurredAt.slice(11)}`;
      else if (EVENT_TIME.test(occurredAt)) time = occurredAt;
      else {
        const respelled = toDateTime(occurredAt);
        if (respelled !== undefined && EVENT_TIME.test(respelled)) {
          time = respelled;
          sink.losses.push(
            lossTo(
              "$.occurredAt",
              "coerced",
              occurredAt,
              respelled,
              "omnisend eventTime is RFC 3339 with seconds and a ±HH:MM offset",
            ),
          );
        }
      }
    }
    if (time !== undefined) {
      out.eventTime = time;
      written.set("occurredAt", TOP_LEVEL);
    } else writeTable({ occurredAt }, PROPERTIES, props, written, "$", sink);
  }

  const version = ext?.eventVersion;
  if (typeof version === "string") out.eventVersion = version;
  else if (recommended !== undefined) out.eventVersion = recommended.version;
  const origin = options.origin ?? ext?.origin;
  out.origin = typeof origin === "string" && origin !== "" ? origin : DEFAULT_ORIGIN;

  // contact
  const contact: JsonObject = {};
  const contactWritten = new Written();
  const person: JsonObject = {};
  if (event.identity !== undefined) person.identity = event.identity;
  if (event.customer !== undefined) person.customer = event.customer;
  for (const part of ["identity", "customer"]) {
    const v = person[part];
    if (v !== undefined && !isObject(v)) {
      drop(sink, pathKey("$", part), v, "not an object");
      delete person[part];
    }
  }
  // each identity and customer field: its contact key, else its properties key
  const contactLeaves: JsonObject = {};
  writeTable(person, CONTACT, contact, contactWritten, "$", { losses: lossList(), errors: [] });
  collectUnwritten(person, CONTACT, contactWritten, contactLeaves);
  for (const k of contactWritten.paths()) written.set(k, CONTACT_LEVEL);
  writeTable(contactLeaves, PROPERTIES, props, written, "$", sink);
  if (ext?.contact !== undefined) {
    if (isObject(ext.contact))
      writeKept(ext.contact, contact, CONTACT, contactWritten, pathKey(EXT_PATH, "contact"), "$", sink, event);
    else drop(sink, pathKey(EXT_PATH, "contact"), ext.contact, "not an object");
  }
  if (!CONTACT_IDENTIFIERS.some((k) => typeof contact[k] === "string" && contact[k] !== "")) {
    sink.errors.push(
      issue(
        "$.identity",
        "a non-empty omnisendContactId, email or phone (at most 15 characters)",
        event.identity,
        "$.identity: omnisend-api needs a contact identifier (omnisendContactId, email, or a phone of at most 15 characters); supply one with the identity option (API) or --identity FILE (CLI)",
      ),
    );
  }
  out.contact = contact;

  // products
  const slots = recommended === undefined ? CUSTOM_SLOTS : (SLOTS_OF.get(recommended.products) as Slots);
  const products = event.products;
  if (products !== undefined) {
    if (slots.single !== undefined && Array.isArray(products) && products.length > 0 && ext?.noSingle !== true) {
      const first = encodeProduct(products[0], "$.products[0]", slots.singleTable, isNumericAt(ext, "products", 0), sink);
      if (first !== undefined) props[slots.single] = first;
      if (products.length > 1) props[slots.list] = encodeList(products, 1, "$.products", "products", LINE_ITEM, ext, sink);
    } else {
      const list = encodeList(products, 0, "$.products", "products", LINE_ITEM, ext, sink);
      if (list !== undefined) props[slots.list] = list;
    }
  }
  for (const [part, key] of [
    ["cartProducts", slots.cart],
    ["refundedProducts", LISTS.refundedProducts],
  ] as const) {
    const v = event[part];
    if (v === undefined) continue;
    const list = encodeList(v, 0, pathKey("$", part), part, LINE_ITEM, ext, sink);
    if (list !== undefined) props[key] = list;
  }

  // every other canonical part through the properties table
  writeTable(
    event,
    PROPERTIES,
    props,
    written,
    "$",
    sink,
    (f) => f.kind === "orderNumber" && ext?.orderNumberIsNumber === true,
    isOwnPart,
  );

  // custom properties
  const custom = event.properties;
  if (custom !== undefined) {
    if (isObject(custom)) writeKept(custom, props, PROPERTIES, written, "$.properties", "$", sink, event);
    else drop(sink, "$.properties", custom, "not an object");
  }
  if (isObject(custom) && isEmpty(custom) && !isEmpty(props))
    drop(sink, "$.properties", custom, "an empty object does not survive beside mapped fields");
  if (Object.keys(props).length > 0 || custom !== undefined || recommended?.name === "placed order") out.properties = props;

  // unknown top-level keys, verbatim
  const envelope = ext?.envelope;
  if (envelope !== undefined) {
    if (!isObject(envelope)) drop(sink, pathKey(EXT_PATH, "envelope"), envelope, "not an object");
    else
      for (const key in envelope) {
        if (envelope[key] === undefined) continue;
        if (Object.hasOwn(out, key))
          drop(sink, pathKey(pathKey(EXT_PATH, "envelope"), key), envelope[key], `${key} is written from the canonical event`);
        else setOwn(out, key, envelope[key]);
      }
  }

  if (sink.errors.length > 0) return fail(sink.errors);
  return succeed({ value: out, losses: sink.losses });
};

/** Collects into `into` (as canonical paths) the leaves of `source` a table run did not write. */
const collectUnwritten = (source: JsonObject, table: Table, written: Written, into: JsonObject): void =>
  collectLevel(source, rootOf(table), written, into);

const collectLevel = (source: JsonObject, level: Level, written: Written, into: JsonObject): void => {
  for (const key in source) {
    const v = source[key];
    if (v === undefined) continue;
    const entry = entryIn(level, key);
    if (entry.nested !== undefined && isObject(v) && !isEmpty(v)) collectLevel(v, entry.nested, written, into);
    else if (entry.rows === undefined || !written.has(entry.dotted)) setPath(into, entry.segs, v);
  }
};

const explode = (document: unknown, path: string): Result<ReadonlyArray<WireRecord>> => succeed([{ value: document, path }]);

/**
 * The `omnisend-api` codec: Omnisend's Events API body (`POST /api/events`, `POST /v5/events`).
 *
 * @example
 * import { omnisendApi } from "commerce-rosetta/omnisend-api"
 * const r = omnisendApi.decode({ value: { eventName: "placed order", eventVersion: "v2", origin: "api", contact: { email: "pat@example.com" }, properties: { orderID: "1", totalPrice: 27.5, currency: "USD" } }, path: "$" }, {})
 * // r.ok && r.value.type === "order_completed" && r.value.order.total === 27.5
 *
 * @category codecs
 * @since 0.2.0
 */
export const omnisendApi: Codec = {
  id: "omnisend-api",
  description:
    "Omnisend Events API body (POST /api/events, /v5/events): recommended events with eventVersion and origin, order fields flat in properties",
  explode,
  decode: decodeRecord,
  freshEvents: true,
  encode: encodeRecord,
};

/**
 * Decodes one Omnisend Events API body into a canonical event.
 *
 * @example
 * import { decodeOmnisendApi } from "commerce-rosetta/omnisend-api"
 * decodeOmnisendApi({ eventName: "my event", origin: "api", contact: { id: "6744b3f9e1a2c30012345678" }, properties: { plan: "gold" } })
 * // { ok: true, value: { type: "custom", name: "my event", identity: { omnisendContactId: "6744…" }, properties: { plan: "gold" } } }
 *
 * @category decoding
 * @since 0.2.0
 */
export const decodeOmnisendApi = (input: unknown, options: CodecOptions = {}): Result<CanonicalEvent> =>
  decodeRecord({ value: input, path: "$" }, options);

/**
 * Encodes a canonical event as an Omnisend Events API body, with the losses.
 *
 * @example
 * import { encodeOmnisendApi } from "commerce-rosetta/omnisend-api"
 * encodeOmnisendApi({ type: "products_searched", name: "Products Searched", identity: { email: "pat@example.com" }, search: { query: "blue roses" } })
 * // ok: { eventName: "Products Searched", origin: "api", contact: { email: "pat@example.com" }, properties: { query: "blue roses" } }
 *
 * @category encoding
 * @since 0.2.0
 */
export const encodeOmnisendApi = (event: CanonicalEvent, options: CodecOptions = {}): Result<Encoded> =>
  encodeRecord(event, options);
