/**
 * Field tables for Customer.io / Segment track calls, compiled once from `mappings/customerio.json`
 * into per-event lookups: which `properties` key goes to which canonical path, and with which kind.
 *
 * @since 0.1.0
 */
import table from "../../../mappings/customerio.json" with { type: "json" };
import type { EventType } from "../../canonical/model.js";
import type { JsonObject } from "../../core/json.js";
import { fitsKind, kindName as sharedKindName } from "../kinds.js";
import { EVENT_FIELD_WRITERS, EVENT_PROPERTY_LIFTERS, type FieldWriter } from "./writers.generated.js";

/** @internal */
export type Kind = "string" | "number" | "integer" | "strings" | "objects" | "products";

/** @internal */
export interface Field {
  readonly key: string;
  /** Canonical path segments (`["order", "id"]`, `["products", "0", "id"]`, `["id"]` for products). */
  readonly path: ReadonlyArray<string>;
  readonly dotted: string;
  readonly kind: Kind;
  /** A convention outside the seed spec: a value of the wrong kind stays a custom property. */
  readonly lenient: boolean;
  /**
   * In the seed Customer.io spec. A lenient spec field (`rating`, which the Segment Spec's own example
   * sends as a string) is read leniently, but `customerio` output must match the spec there.
   */
  readonly inSpec: boolean;
}

/** @internal */
export interface EventFields {
  readonly fields: ReadonlyArray<Field>;
  readonly byKey: ReadonlyMap<string, Field>;
  /** The event's one product is spread over the top level of `properties`. */
  readonly flatProduct: boolean;
  /** Canonical dotted paths this event type can carry in `properties`. */
  readonly covered: ReadonlySet<string>;
  /** The same, by canonical part: `order` → the rest of each path (no string building per lookup). */
  readonly coveredIn: ReadonlyMap<string, ReadonlySet<string>>;
  /** Writes `fields` in order (generated from the same table: `writers.generated.ts`). */
  readonly write: FieldWriter;
  /** 1 at `i` where `PRODUCT_FIELDS[i]`'s key is also one of `fields` (a flat product shares `properties`). */
  readonly productShadow: Uint8Array;
  /** Decoding: lifts a property that is one of `fields` when the table accepts its value (generated). */
  readonly lift: (key: string, v: unknown, e: JsonObject) => boolean;
}

type Row = ReadonlyArray<string>;

const compile = (row: Row): Field => {
  const [key, dotted, kind, lenient] = row as [string, string, Kind, string | undefined];
  return {
    key,
    dotted,
    path: dotted.split("."),
    kind,
    lenient: lenient === "lenient" || lenient === "segment",
    inSpec: lenient !== "lenient",
  };
};

/** @internal */
export const PRODUCT_FIELDS: ReadonlyArray<Field> = table.product.map(compile);
/** @internal */
export const PRODUCT_BY_KEY: ReadonlyMap<string, Field> = new Map(PRODUCT_FIELDS.map((f) => [f.key, f]));

/**
 * The canonical product lists beside `products` and the property each travels under (`cartProducts`
 * → `cart_products`), in table order.
 *
 * @internal
 */
export const PRODUCT_LISTS: ReadonlyArray<readonly ["refundedProducts" | "cartProducts", string]> = Object.entries(
  table.lists,
) as Array<["refundedProducts" | "cartProducts", string]>;

const groups = table.groups as Readonly<Record<string, ReadonlyArray<Row>>>;
const events = table.events as Readonly<
  Record<string, { groups?: ReadonlyArray<string>; fields?: ReadonlyArray<Row>; flatProduct?: boolean }>
>;

/**
 * Canonical paths grouped by their first segment: `page` → the rest of each path (`url`, …), so that
 * `paths has "${part}.${key}"` is `byPart(paths).get(part)?.has(key)` (parts have no dots) without
 * building a string per lookup.
 *
 * @internal
 */
export const byPart = (paths: Iterable<ReadonlyArray<string>>): ReadonlyMap<string, ReadonlySet<string>> => {
  const out = new Map<string, Set<string>>();
  for (const path of paths) {
    const part = path[0] as string;
    let rest = out.get(part);
    if (rest === undefined) out.set(part, (rest = new Set()));
    rest.add(path.slice(1).join("."));
  }
  return out;
};

const build = (type: string): EventFields => {
  const spec = events[type];
  if (spec === undefined) throw new Error(`mappings/customerio.json has no entry for ${type}`);
  const byKey = new Map<string, Field>();
  for (const g of spec.groups ?? []) {
    const rows = groups[g];
    if (rows === undefined) throw new Error(`mappings/customerio.json: unknown group ${g}`);
    for (const r of rows) {
      const f = compile(r);
      if (!byKey.has(f.key)) byKey.set(f.key, f);
    }
  }
  for (const r of spec.fields ?? []) {
    const f = compile(r);
    byKey.set(f.key, f);
  }
  const fields = [...byKey.values()];
  const covered = new Set(fields.map((f) => f.dotted));
  const coveredIn = byPart(fields.map((f) => f.path));
  const write = EVENT_FIELD_WRITERS[type];
  const lift = EVENT_PROPERTY_LIFTERS[type];
  if (write === undefined || lift === undefined)
    throw new Error(`writers.generated.ts has no writer for ${type}: run npm run generate`);
  const productShadow = Uint8Array.from(PRODUCT_FIELDS, (f) => (byKey.has(f.key) ? 1 : 0));
  return { fields, byKey, flatProduct: spec.flatProduct === true, covered, coveredIn, write, productShadow, lift };
};

const BY_TYPE = new Map<string, EventFields>(Object.keys(events).map((t) => [t, build(t)]));

/**
 * The compiled field table of an event type.
 *
 * @internal
 */
export const eventFields = (type: EventType): EventFields => BY_TYPE.get(type) ?? (BY_TYPE.get("custom") as EventFields);

/** @internal */
export interface ContextField {
  readonly wire: ReadonlyArray<string>;
  readonly canonical: readonly [string, string];
}

/** Context fields (`context.page.url` → `page.url`), all lenient: `context` is free-form. */
export const CONTEXT_FIELDS: ReadonlyArray<ContextField> = table.context.map(([wire, canonical]) => ({
  wire: (wire as string).split("."),
  canonical: (canonical as string).split(".") as unknown as readonly [string, string],
}));

/**
 * Whether a wire value fits a field kind (`null` fits none: see {@link accepts}).
 *
 * @internal
 */
export const fits: (kind: Kind, v: unknown) => boolean = fitsKind;

/**
 * Whether the decoder lifts a value into the canonical field: a value of the field's kind, or `null`
 * for a lenient (non-spec) field. A `null` where the seed spec wants a typed value is not the typed
 * value: it stays a custom property, so it round-trips without claiming a meaning.
 *
 * @internal
 */
export const accepts = (f: Field, v: unknown): boolean => (v === null ? f.lenient : fits(f.kind, v));

/** @internal */
export const kindName: (kind: Kind) => string = sharedKindName;
