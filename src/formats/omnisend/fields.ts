/**
 * Field tables for Omnisend customer events, compiled once from `mappings/omnisend.json`, and the
 * value checks of the seed JSON Schema (`email`, `uri` and `date-time` formats, the currency pattern,
 * line-item `quantity` ≥ 1) so that decoding rejects exactly what the schema rejects and encoding
 * never writes a value the schema would refuse.
 *
 * The `email`, `uri` and `date-time` checks are those of ajv-formats' "full" mode (MIT licence), the
 * validator the seed schema is checked with; `date-time` additionally requires a real calendar date
 * and time (`isTimestamp`).
 *
 * @since 0.1.0
 */

import table from "../../../mappings/omnisend.json" with { type: "json" };
import { isRfc3339DateTime, toDateTime } from "../../canonical/time.js";
import { fitsKind, kindName as sharedKindName } from "../kinds.js";

/** @internal */
export type Kind = "string" | "number" | "quantity" | "currency" | "email" | "uri" | "timestamp" | "strings";

/** @internal */
export interface Field {
  /** The Omnisend key (`totalPrice`). */
  readonly wire: string;
  /** The canonical key inside its part (`total` of `order`). */
  readonly canonical: string;
  readonly kind: Kind;
}

type Row = ReadonlyArray<string>;

const compile = (rows: ReadonlyArray<Row>): ReadonlyArray<Field> =>
  rows.map((r) => {
    const [wire, canonical, kind] = r as [string, string, Kind];
    return { wire, canonical, kind };
  });

const byWire = (fields: ReadonlyArray<Field>): ReadonlyMap<string, Field> => new Map(fields.map((f) => [f.wire, f]));
const byCanonical = (fields: ReadonlyArray<Field>): ReadonlyMap<string, Field> => new Map(fields.map((f) => [f.canonical, f]));

/** Top-level fields with a canonical meaning (besides `eventName`, `contact`, `order`, `lineItems`, `properties`). @internal */
export const EVENT_FIELDS: ReadonlyArray<Field> = compile(table.event);
/** @internal */
export const EVENT_BY_WIRE = byWire(EVENT_FIELDS);
/** `contact` keys ↔ canonical `identity` keys. @internal */
export const CONTACT_FIELDS: ReadonlyArray<Field> = compile(table.contact);
/** @internal */
export const CONTACT_BY_WIRE = byWire(CONTACT_FIELDS);
/** @internal */
export const CONTACT_BY_CANONICAL = byCanonical(CONTACT_FIELDS);
/** The contact keys that identify a contact (at least one must be a non-empty string). @internal */
export const CONTACT_IDENTIFIERS: ReadonlyArray<string> = table.contactIdentifiers;
/** `order` keys ↔ canonical `order` keys. @internal */
export const ORDER_FIELDS: ReadonlyArray<Field> = compile(table.order);
/** @internal */
export const ORDER_BY_WIRE = byWire(ORDER_FIELDS);
/** @internal */
export const ORDER_BY_CANONICAL = byCanonical(ORDER_FIELDS);
/** `lineItems[]` keys ↔ canonical product keys. @internal */
export const LINE_ITEM_FIELDS: ReadonlyArray<Field> = compile(table.lineItem);
/** @internal */
export const LINE_ITEM_BY_WIRE = byWire(LINE_ITEM_FIELDS);
/** @internal */
export const LINE_ITEM_BY_CANONICAL = byCanonical(LINE_ITEM_FIELDS);
/** Line-item keys the seed schema requires. @internal */
export const LINE_ITEM_REQUIRED: ReadonlyArray<string> = table.lineItemRequired;

// ---------------------------------------------------------------------------------------------
// formats (ajv-formats "full" mode)
// ---------------------------------------------------------------------------------------------

/** An ISO-8601 date-time `isTimestamp` accepts, split so it can be respelled as RFC 3339. */

/** The currency pattern of the seed schema. @internal */
export { CURRENCY } from "../kinds.js";

/**
 * Whether a string is an RFC 3339 `date-time` (seconds and zone required) with a real date and time.
 *
 * @example
 * isDateTime("2024-03-01T12:00:00Z") // true
 * isDateTime("2024-03-01T12:00Z") // false: no seconds
 *
 * @category validation
 * @internal
 */
export const isDateTime = isRfc3339DateTime;

export { toDateTime };

/**
 * Whether a wire value is valid for a field kind under the seed schema (`null` never is: the seed
 * schema types no field as nullable).
 *
 * @example
 * fits("quantity", 2) // true
 * fits("quantity", 0) // false
 *
 * @category validation
 * @internal
 */
export const fits: (kind: Kind, v: unknown) => boolean = fitsKind;

/**
 * Names a field kind in words, for issues and loss reasons.
 *
 * @example
 * kindName("currency") // "ISO 4217 currency code matching ^[A-Z]{3}$"
 *
 * @category validation
 * @internal
 */
export const kindName: (kind: Kind) => string = sharedKindName;
