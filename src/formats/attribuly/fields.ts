/**
 * Field tables for Attribuly journey items, compiled once from `mappings/attribuly.json`: the
 * item's keys in the spec's order, which key goes to which canonical path, the kind of every field
 * of every nested object, and which section marks which canonical type.
 *
 * @since 0.1.0
 */
import table from "../../../mappings/attribuly.json" with { type: "json" };
import type { EventType } from "../../canonical/model.js";
import { EVENT_NAME_TABLE } from "../../canonical/names.js";

/** @internal */
export type Kind = "string" | "integer";

/** @internal */
export type LiftKind = "string" | "integer" | "money" | "wallClock";

/** @internal */
export interface Lift {
  readonly wire: string;
  /** Canonical path segments (`["page", "url"]`; for products, `["price"]` relative to one product). */
  readonly path: ReadonlyArray<string>;
  readonly dotted: string;
  readonly kind: LiftKind;
}

const compile = (row: ReadonlyArray<string>): Lift => {
  const [wire, dotted, kind] = row as [string, string, LiftKind];
  return { wire, dotted, path: dotted.split("."), kind };
};

/** The item's keys in the spec's order (the order the encoder writes). @internal */
export const ITEM_KEYS: ReadonlyArray<string> = table.item;

/** The item's scalar fields. @internal */
export const ITEM_FIELDS: ReadonlyArray<Lift> = table.fields.map(compile);

/** The attribution detail sections, carried whole: wire key → `attribution` key. @internal */
export const DETAILS: ReadonlyArray<{ readonly wire: string; readonly key: string }> = table.details.map(([wire, path]) => ({
  wire: wire as string,
  key: (path as string).split(".")[1] as string,
}));

/** The detail section and field that is also the identity's email. @internal */
export const EMAIL = { section: table.email[0] as string, field: table.email[1] as string } as const;

/** The kind of every field of every nested object. @internal */
export const SECTION_FIELDS: ReadonlyMap<string, ReadonlyMap<string, Kind>> = new Map(
  Object.entries(table.sections).map(([section, fields]) => [section, new Map(Object.entries(fields) as Array<[string, Kind]>)]),
);

/** A section that marks the kind of an item, with the canonical type it marks. @internal */
export interface KindSection {
  readonly section: string;
  readonly type: Exclude<EventType, "custom">;
  /** Priority: 0 wins over 1, and so on. */
  readonly rank: number;
  /** The canonical part its lifted fields fill (`order`, `search`). */
  readonly part: string;
  readonly lift: ReadonlyArray<Lift>;
  readonly liftByWire: ReadonlyMap<string, Lift>;
}

const lifts = table.lift as Readonly<Record<string, ReadonlyArray<ReadonlyArray<string>>>>;

/** The kind-marking sections in priority order. @internal */
export const KIND_SECTIONS: ReadonlyArray<KindSection> = table.kinds.map(([section, type], rank) => {
  const rows = lifts[section as string];
  if (rows === undefined) throw new Error(`mappings/attribuly.json: no lift for ${section}`);
  const lift = rows.map(compile);
  return {
    section: section as string,
    type: type as Exclude<EventType, "custom">,
    rank,
    part: lift[0]?.path[0] as string,
    lift,
    liftByWire: new Map(lift.map((l) => [l.wire, l])),
  };
});

/** Kind-marking section by wire key. @internal */
export const KIND_BY_SECTION: ReadonlyMap<string, KindSection> = new Map(KIND_SECTIONS.map((k) => [k.section, k]));

/** Kind-marking section by canonical type. @internal */
export const KIND_BY_TYPE: ReadonlyMap<EventType, KindSection> = new Map(KIND_SECTIONS.map((k) => [k.type, k]));

/** The type of an item whose only non-null section is `products`. @internal */
export const PRODUCTS_ONLY = table.productsOnly as Exclude<EventType, "custom">;

/** The type of an item with no section (a touchpoint). @internal */
export const TOUCHPOINT = table.touchpoint as Exclude<EventType, "custom">;

/** Every canonical type an Attribuly item can carry. @internal */
export const ATTRIBULY_TYPES: ReadonlyArray<EventType> = [...KIND_SECTIONS.map((k) => k.type), PRODUCTS_ONLY, TOUCHPOINT];

/** The fields of `products[]` lifted into a canonical product. @internal */
export const PRODUCT_LIFT: ReadonlyArray<Lift> = table.product.map(compile);

/** Product lifts by wire key. @internal */
export const PRODUCT_BY_WIRE: ReadonlyMap<string, Lift> = new Map(PRODUCT_LIFT.map((l) => [l.wire, l]));

/** The canonical parts an item fills; every other top-level canonical key is a loss. @internal */
export const CARRIED_PARTS: ReadonlySet<string> = new Set(["page", "device", "attribution"]);

/** The name a decoded event gets: the Customer.io / Segment spelling of its type. @internal */
export const NAME_OF: ReadonlyMap<EventType, string> = new Map(EVENT_NAME_TABLE.map((r) => [r.type, r.customerio]));

for (const type of ATTRIBULY_TYPES) {
  const row = EVENT_NAME_TABLE.find((r) => r.type === type);
  const mark = KIND_BY_TYPE.get(type)?.section ?? (type === PRODUCTS_ONLY ? "products" : "touchpoint");
  if (row?.attribuly !== mark) throw new Error(`mappings/attribuly.json and mappings/events.json disagree on ${type}`);
}

/**
 * Whether a wire value fits a field kind (`null` fits every kind).
 *
 * @example
 * fits("integer", 2750) // true
 * fits("integer", 27.5) // false
 *
 * @category validation
 * @internal
 */
export const fits = (kind: Kind, v: unknown): boolean =>
  v === null || (kind === "string" ? typeof v === "string" : typeof v === "number" && Number.isInteger(v));

/**
 * A field kind in words, for issues.
 *
 * @example
 * kindName("string") // "string or null"
 *
 * @category validation
 * @internal
 */
export const kindName = (kind: Kind): string => (kind === "string" ? "string or null" : "integer or null");
