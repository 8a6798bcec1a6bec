/**
 * Field tables for Omnisend Events API bodies, compiled once from `mappings/omnisend-api.json`, and
 * the value checks of the event schemas (`../shared/specs/omnisend-api/event-schemas/`): each row's
 * kind and length limit, so that decoding lifts exactly the values the schemas accept and encoding
 * never writes a value they would refuse.
 *
 * @since 0.2.0
 */
import table from "../../../mappings/omnisend-api.json" with { type: "json" };
import { type EventType, isEventType } from "../../canonical/event-types.js";
import { isObject } from "../../core/json.js";
import { type FieldKind, fitsKind, kindName as sharedKindName } from "../kinds.js";

/** The kinds of the omnisend-api tables: the shared kinds plus the schema's own. @internal */
export type Kind =
  | FieldKind
  | "categories"
  | "sku"
  | "orderNumber"
  | "minorUnits"
  | "birthdate"
  | "gender"
  | "none"
  | `object:${string}`;

/** One row: a wire key, the canonical path it fills, its kind, whether `null` fits, a length limit. @internal */
export interface Field {
  readonly wire: string;
  /** The canonical path as segments (`["order", "total"]`). */
  readonly path: ReadonlyArray<string>;
  /** The canonical path as written in the table (`order.total`). */
  readonly dotted: string;
  readonly kind: Kind;
  readonly nullable: boolean;
  readonly maxLength: number | undefined;
  /** For `object:NAME` rows, the nested table. */
  readonly object: Table | undefined;
  /** For `object:NAME` rows: keys the table does not name travel verbatim (the canonical value is a JSON object). */
  readonly open: boolean;
  /** The row's position in its table: rows are read in this order. */
  readonly index: number;
}

/** A compiled table: rows in order, by wire key, and the rows of each canonical path in order. @internal */
export interface Table {
  readonly rows: ReadonlyArray<Field>;
  readonly byWire: ReadonlyMap<string, Field>;
  readonly byPath: ReadonlyMap<string, ReadonlyArray<Field>>;
}

type Row = ReadonlyArray<string | number>;

const OBJECT_ROWS = table.objects as Readonly<Record<string, ReadonlyArray<Row>>>;
const OPEN_OBJECTS: ReadonlySet<string> = new Set(table.openObjects);

const compile = (rows: ReadonlyArray<Row>, offset = 0): Table => {
  const out: Array<Field> = [];
  const byWire = new Map<string, Field>();
  const byPath = new Map<string, Array<Field>>();
  rows.forEach((r, i) => {
    const [wire, dotted, rawKind, max] = r as [string, string, string, number | undefined];
    // the writers assign rows' wire keys directly
    if (wire === "__proto__") throw new Error('mappings/omnisend-api.json: "__proto__" is not a wire key');
    const nullable = rawKind.endsWith("?");
    const kind = (nullable ? rawKind.slice(0, -1) : rawKind) as Kind;
    const objectName = kind.startsWith("object:") ? kind.slice(7) : undefined;
    if (objectName !== undefined && !Object.hasOwn(OBJECT_ROWS, objectName))
      throw new Error(`mappings/omnisend-api.json: no objects.${objectName}`);
    const f: Field = {
      wire,
      path: dotted.split("."),
      dotted,
      kind,
      nullable,
      maxLength: max,
      object: objectName === undefined ? undefined : compile(OBJECT_ROWS[objectName] as ReadonlyArray<Row>),
      open: objectName !== undefined && OPEN_OBJECTS.has(objectName),
      index: offset + i,
    };
    out.push(f);
    if (!byWire.has(wire)) byWire.set(wire, f);
    const list = byPath.get(dotted);
    if (list === undefined) byPath.set(dotted, [f]);
    else list.push(f);
  });
  return { rows: out, byWire, byPath };
};

/** `contact` keys ↔ canonical identity and customer paths. @internal */
export const CONTACT = compile(table.contact);
/** The contact keys of which at least one must be a non-empty string. @internal */
export const CONTACT_IDENTIFIERS: ReadonlyArray<string> = table.contactIdentifiers;
/** `properties` keys read on every event, in the order they are read. @internal */
export const PROPERTIES = compile(table.properties);
/** A line item's own keys, then the canonical product fields carried under their Segment names. @internal */
export const LINE_ITEM = compile([...table.lineItem, ...table.lineItemCarried]);
/** The viewed product's keys, then the line-item keys for what it has no key of its own for. @internal */
export const VIEWED_PRODUCT = compile([
  ...table.viewedProduct,
  ...table.lineItem,
  // the viewed product's own keys are typed by its schema: nothing else travels under them
  ...table.lineItemCarried.filter((r) => !table.viewedProduct.some((v) => v[0] === r[0])),
  ...table.viewedProductCarried,
]);
/** The origin written when neither the caller nor the decoded event gives one. @internal */
export const DEFAULT_ORIGIN: string = table.defaultOrigin;
/** Where each canonical product list travels in `properties` (besides the event's own product slot). @internal */
export const LISTS = table.lists as Readonly<Record<"products" | "refundedProducts" | "cartProducts" | "addedItems", string>>;

/** Where a recommended event keeps its products. @internal */
export type ProductSlot = "lineItems" | "product" | "addedItem" | "viewed";

/** One recommended event. @internal */
export interface RecommendedEvent {
  readonly name: string;
  readonly type: Exclude<EventType, "custom">;
  readonly version: string;
  readonly products: ProductSlot;
  /** The schema file (without `.schema.json`) in `event-schemas/`. */
  readonly schema: string;
}

/** The recommended events, by name and by canonical type. @internal */
export const RECOMMENDED: ReadonlyArray<RecommendedEvent> = table.events.map((e) => {
  if (!isEventType(e.type)) throw new Error(`mappings/omnisend-api.json: ${e.type} is not a canonical type`);
  return e as RecommendedEvent;
});
/** @internal */
export const RECOMMENDED_BY_NAME: ReadonlyMap<string, RecommendedEvent> = new Map(RECOMMENDED.map((e) => [e.name, e]));
/** @internal */
export const RECOMMENDED_BY_TYPE: ReadonlyMap<EventType, RecommendedEvent> = new Map(RECOMMENDED.map((e) => [e.type, e]));
/** The schema of custom events. @internal */
export const CUSTOM_SCHEMA: string = table.customEvent.schema;

/** A v4–v7 UUID, as the schemas' `eventID` pattern. @internal */
export const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[4-7][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;
/** `eventTime` as the schemas accept it: RFC 3339 (seconds required) or `YYYY-MM-DD HH:MM:SS±HH:MM`. @internal */
export const EVENT_TIME =
  /^[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?(?:[Zz]|[+-][0-9]{2}:[0-9]{2})| [0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{2}:[0-9]{2})$/;
const BIRTHDATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
/** A canonical integer string: what a minor-unit price string must be to be read exactly. */
const MINOR = /^(0|-?[1-9][0-9]*)$/;

/** Whether a number written as a string reads back as the same number (`"200"`, not `"0200"`). @internal */
export const isNumberSpelling = (s: string): boolean => {
  if (s === "" || s.trim() !== s) return false;
  const n = Number(s);
  return Number.isFinite(n) && String(n) === s;
};

/** A category as Omnisend's schemas type it: an object whose `id` and `title`, where present, are strings; other keys are free. */
const isCategory = (c: unknown): boolean =>
  isObject(c) && (c.id === undefined || typeof c.id === "string") && (c.title === undefined || typeof c.title === "string");

/**
 * Whether a value fits a row: its kind, `null` where the row allows it, its length limit. Object rows
 * fit when every key is in the nested table and fits.
 *
 * @example
 * fits(CONTACT.byWire.get("phone")!, "+1234567890123456") // false: longer than 15
 *
 * @category validation
 * @internal
 */
export const fits = (f: Field, v: unknown): boolean => {
  if (v === null) return f.nullable;
  switch (f.kind) {
    case "categories":
      return Array.isArray(v) && v.every(isCategory);
    case "sku":
    case "orderNumber":
      return typeof v === "string" || (typeof v === "number" && Number.isFinite(v));
    case "minorUnits":
      return typeof v === "string" && MINOR.test(v) && Number.isSafeInteger(Number(v));
    case "birthdate":
      return typeof v === "string" && BIRTHDATE.test(v);
    case "gender":
      return v === "m" || v === "f";
    case "none":
      return false;
    default:
      break;
  }
  if (f.object !== undefined) {
    if (!isObject(v)) return false;
    for (const key in v) {
      const sub = f.object.byWire.get(key);
      if (sub === undefined ? !f.open || f.object.byPath.has(key) : !fits(sub, v[key])) return false;
    }
    return true;
  }
  if (!fitsKind(f.kind as FieldKind, v)) return false;
  if (f.maxLength === undefined) return true;
  return Array.isArray(v) ? v.length <= f.maxLength : typeof v !== "string" || v.length <= f.maxLength;
};

/**
 * Names what a row holds, for issues and loss reasons.
 *
 * @example
 * kindName(CONTACT.byWire.get("phone")!) // "string of at most 15 characters"
 *
 * @category validation
 * @internal
 */
export const kindName = (f: Field): string => {
  let name: string;
  switch (f.kind) {
    case "categories":
      name = "array of objects whose id and title are strings";
      break;
    case "sku":
    case "orderNumber":
      name = "string or number";
      break;
    case "minorUnits":
      name = "string of integer minor units";
      break;
    case "birthdate":
      name = "YYYY-MM-DD date";
      break;
    case "gender":
      name = '"m" or "f"';
      break;
    case "none":
      name = "nothing";
      break;
    default:
      name = f.object !== undefined ? `object of ${[...f.object.byWire.keys()].join(", ")}` : sharedKindName(f.kind as FieldKind);
  }
  if (f.maxLength !== undefined) name += ` of at most ${f.maxLength} ${f.kind === "strings" ? "items" : "characters"}`;
  return f.nullable ? `${name} or null` : name;
};
