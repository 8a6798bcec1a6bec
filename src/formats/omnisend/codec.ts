/**
 * The Omnisend codec: customer events as the seed JSON Schema defines them (`eventName`,
 * `eventTime`, `eventID`, `origin`, `contact`, `properties`, `order`, `lineItems`), both directions.
 *
 * Decoding validates the event against the seed schema (types, the `email`/`uri`/`date-time`
 * formats, currency `^[A-Z]{3}$`, line-item `productID` and `quantity` ≥ 1) plus Omnisend's rule that
 * the contact carries an identifier, and lifts every mapped field (`mappings/omnisend.json`) into the
 * canonical event. Everything else — unknown keys at any level, `origin`, custom properties — is kept
 * verbatim (`extensions.omnisend`, product custom fields, `properties`), so encoding gives back
 * exactly the payload that was decoded.
 *
 * Encoding writes the nine predefined names for their types and every other type as a custom event
 * named as in Customer.io; it reports as a loss every canonical path Omnisend cannot carry, fails
 * when there is no contact identifier, a currency is not a 3-letter code, or a line item's quantity
 * is below 1, and only ever writes payloads valid under the seed schema.
 *
 * @since 0.1.0
 */
import { draftEvent } from "../../canonical/draft.js";
import { EVENT_TYPES, type EventType, isEventType } from "../../canonical/event-types.js";
import type { CanonicalEvent } from "../../canonical/model.js";
import { EVENT_NAME_TABLE } from "../../canonical/names.js";
import type { Codec, CodecOptions, WireRecord } from "../../core/codec.js";
import { isObject, type JsonObject, pathIndex, pathKey, setOwn } from "../../core/json.js";
import { foreignExtension, memo1, memo2, memoAt } from "../../core/memo.js";
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
import { carrierFor, carryLosses, liftCarried } from "../carry.js";
import {
  CONTACT_BY_CANONICAL,
  CONTACT_BY_WIRE,
  CONTACT_FIELDS,
  CONTACT_IDENTIFIERS,
  CURRENCY,
  EVENT_BY_WIRE,
  EVENT_FIELDS,
  type Field,
  fits,
  isDateTime,
  kindName,
  LINE_ITEM_BY_CANONICAL,
  LINE_ITEM_BY_WIRE,
  LINE_ITEM_FIELDS,
  LINE_ITEM_REQUIRED,
  ORDER_BY_CANONICAL,
  ORDER_BY_WIRE,
  ORDER_FIELDS,
  toDateTime,
} from "./fields.js";
import {
  liftContactField,
  liftLineItemField,
  liftOrderField,
  writeContactField,
  writeLineItemField,
  writeOrderField,
} from "./writers.generated.js";

type Semantic = Exclude<EventType, "custom">;

/** The name Omnisend gives each type: its predefined name, or the Customer.io spelling as a custom event. */
const OMNISEND_NAME = new Map<EventType, string>(EVENT_NAME_TABLE.map((r) => [r.type, r.omnisend ?? r.customerio]));
/** The reason of the `renamed` loss when a type gets its default Omnisend name. */
const RENAMED_REASON = new Map<EventType, string>(
  [...OMNISEND_NAME].map(([type, name]) => [type, `omnisend names ${type} ${JSON.stringify(name)}`]),
);
/** Exact names that decode to a type (Omnisend event names are case-sensitive). */
const DEFAULT_TYPES = new Map<string, Semantic>(EVENT_NAME_TABLE.map((r) => [r.omnisend ?? r.customerio, r.type]));

const defaultLookup = (name: string): Semantic | undefined => DEFAULT_TYPES.get(name);

const lookupFor = (options: CodecOptions): ((name: string) => Semantic | undefined) => {
  const names = options.names;
  if (names === undefined) return defaultLookup;
  const custom = new Map<string, Semantic>();
  for (const [type, name] of Object.entries(names)) {
    if (name !== undefined && type !== "custom" && isEventType(type)) custom.set(name, type as Semantic);
  }
  return (name) => custom.get(name) ?? DEFAULT_TYPES.get(name);
};

/**
 * The Omnisend event name of a type: a caller's override, else the predefined Omnisend name, else
 * the Customer.io spelling under which the type travels as a custom event.
 *
 * @example
 * import { omnisendEventName } from "commerce-rosetta/omnisend"
 * omnisendEventName("order_completed", {}) // "placed order"
 * omnisendEventName("cart_viewed", {}) // "Cart Viewed"
 *
 * @category names
 * @since 0.1.0
 */
export const omnisendEventName = (type: EventType, options: CodecOptions = {}): string | undefined =>
  options.names?.[type] ?? OMNISEND_NAME.get(type);

/** Top-level keys the codec reads; every other key is kept in `extensions.omnisend.envelope`. */
const TOP = {
  // a switch, not a Set: JSON keys are internalized strings, so each case is a pointer comparison
  has: (key: string): boolean => {
    switch (key) {
      case "eventName":
      case "eventTime":
      case "eventID":
      case "origin":
      case "contact":
      case "properties":
      case "order":
      case "lineItems":
        return true;
      default:
        return false;
    }
  },
};
/**
 * Whether the encoder handles a canonical top-level key; every other part is reported as dropped. A
 * switch, not a Set: JSON keys are internalized strings, so each case is a pointer comparison.
 */
const isHandled = (key: string): boolean => {
  switch (key) {
    case "type":
    case "name":
    case "id":
    case "occurredAt":
    case "identity":
    case "order":
    case "products":
    case "properties":
    case "extensions":
      return true;
    default:
      return false;
  }
};
/**
 * What custom events and every other event carry in `properties` (and line items in their extra
 * keys): every canonical field this format has no key of its own for.
 */
const CARRIER = carrierFor(
  new Set([
    ...EVENT_FIELDS.map((f) => f.canonical),
    ...CONTACT_FIELDS.map((f) => `identity.${f.canonical}`),
    ...ORDER_FIELDS.map((f) => `order.${f.canonical}`),
  ]),
  new Set(LINE_ITEM_FIELDS.map((f) => f.canonical)),
  new Set(),
);

/** Keys of `extensions.omnisend`. */
const EXTENSION_KEYS = new Set(["origin", "envelope", "contact", "order"]);

const EVENT_TIME = EVENT_BY_WIRE.get("eventTime") as Field;
const EVENT_ID = EVENT_BY_WIRE.get("eventID") as Field;
const LETTERS3 = /^[A-Za-z]{3}$/;

/** The own keys of an object whose values are not `undefined`. */
const keysOf = (o: JsonObject): Array<string> => {
  const keys = Object.keys(o);
  for (let i = 0; i < keys.length; i++) {
    if (o[keys[i] as string] !== undefined) continue;
    // rare: rebuild without the undefined members
    const out = keys.slice(0, i);
    for (let j = i + 1; j < keys.length; j++) if (o[keys[j] as string] !== undefined) out.push(keys[j] as string);
    return out;
  }
  return keys;
};

/** Whether an object has an own key whose value is not `undefined`. */
const hasKeys = (o: JsonObject): boolean => {
  const keys = Object.keys(o);
  for (let i = 0; i < keys.length; i++) if (o[keys[i] as string] !== undefined) return true;
  return false;
};

/** `at.key`, or `at.key[index]` when `index` is not negative: built only when an issue needs it. */
const subPath = (at: string, key: string, index: number): string =>
  index < 0 ? pathKey(at, key) : pathIndex(pathKey(at, key), index);

// ---------------------------------------------------------------------------------------------
// decode
// ---------------------------------------------------------------------------------------------

/** Whether a contact carries a non-empty string identifier. */
const hasIdentifier = (contact: JsonObject): boolean => {
  for (let i = 0; i < CONTACT_IDENTIFIERS.length; i++) {
    const v = contact[CONTACT_IDENTIFIERS[i] as string];
    if (typeof v === "string" && v !== "") return true;
  }
  return false;
};

/**
 * Lifts the mapped keys of a wire object into `target` (validating them) and returns the others
 * verbatim, or `undefined` when there are none. `fast` is the table's generated writer: it lifts a
 * value that fits, and leaves everything else to the table lookup here.
 */
const lift = (
  raw: JsonObject,
  at: string,
  part: string,
  index: number,
  byWire: ReadonlyMap<string, Field>,
  fast: (key: string, v: unknown, out: JsonObject) => boolean,
  target: JsonObject,
  errors: Array<Issue>,
): JsonObject | undefined => {
  let rest: JsonObject | undefined;
  // for…in, not Object.keys: V8 reads `raw[key]` inside it from the enum cache (no keyed lookup)
  for (const key in raw) {
    const v = raw[key];
    if (v === undefined || fast(key, v, target)) continue;
    const f = byWire.get(key);
    if (f === undefined) {
      rest ??= {};
      setOwn(rest, key, v);
    } else if (fits(f.kind, v)) {
      target[f.canonical] = v;
    } else {
      errors.push(issue(pathKey(subPath(at, part, index), key), kindName(f.kind), v));
    }
  }
  return rest;
};

const decodeRecord = (record: WireRecord, options: CodecOptions): Result<CanonicalEvent> => {
  const input = record.value;
  const at = record.path;
  if (!isObject(input)) return fail([issue(at, "an Omnisend event object", input)]);
  const errors: Array<Issue> = [];

  const name = input.eventName;
  if (name === undefined) errors.push(issue(pathKey(at, "eventName"), "a non-empty event name"));
  else if (typeof name !== "string" || name.length === 0)
    errors.push(issue(pathKey(at, "eventName"), "a non-empty event name", name));

  const top: JsonObject = {};
  for (const f of EVENT_FIELDS) {
    const v = input[f.wire];
    if (v === undefined) continue;
    if (fits(f.kind, v)) top[f.canonical] = v;
    else errors.push(issue(pathKey(at, f.wire), kindName(f.kind), v));
  }
  const origin = input.origin;
  if (origin !== undefined && typeof origin !== "string") errors.push(issue(pathKey(at, "origin"), "string", origin));

  // contact
  const contact = input.contact;
  const identity: JsonObject = {};
  let contactRest: JsonObject | undefined;
  if (contact === undefined) {
    const contactPath = pathKey(at, "contact");
    errors.push(issue(contactPath, "a contact object", undefined, `${contactPath}: an Omnisend event needs a contact`));
  } else if (!isObject(contact)) {
    errors.push(issue(pathKey(at, "contact"), "a contact object", contact));
  } else {
    contactRest = lift(contact, at, "contact", -1, CONTACT_BY_WIRE, liftContactField, identity, errors);
    if (!hasIdentifier(contact)) {
      const contactPath = pathKey(at, "contact");
      errors.push(
        issue(
          contactPath,
          `a non-empty ${CONTACT_IDENTIFIERS.join(", ")}`,
          contact,
          `${contactPath}: an Omnisend contact needs a non-empty ${CONTACT_IDENTIFIERS.join(", ")}`,
        ),
      );
    }
  }

  const properties = input.properties;
  if (properties !== undefined && !isObject(properties)) errors.push(issue(pathKey(at, "properties"), "object", properties));

  // order
  const order = input.order;
  let canonicalOrder: JsonObject | undefined;
  let orderRest: JsonObject | undefined;
  if (order !== undefined) {
    if (!isObject(order)) errors.push(issue(pathKey(at, "order"), "an order object", order));
    else {
      const lifted: JsonObject = {};
      orderRest = lift(order, at, "order", -1, ORDER_BY_WIRE, liftOrderField, lifted, errors);
      // an order of unknown keys only lives in extensions; `{}` and orders with mapped keys are canonical
      if (orderRest === undefined || hasKeys(lifted)) canonicalOrder = lifted;
    }
  }

  // line items
  const lineItems = input.lineItems;
  let products: Array<JsonObject> | undefined;
  if (lineItems !== undefined) {
    if (!Array.isArray(lineItems)) errors.push(issue(pathKey(at, "lineItems"), "an array of line items", lineItems));
    else {
      products = new Array<JsonObject>(lineItems.length);
      for (let i = 0; i < lineItems.length; i++) {
        const item = lineItems[i] as unknown;
        const product: JsonObject = {};
        products[i] = product;
        if (!isObject(item)) {
          errors.push(issue(subPath(at, "lineItems", i), "a line item object", item));
          continue;
        }
        for (let r = 0; r < LINE_ITEM_REQUIRED.length; r++) {
          const key = LINE_ITEM_REQUIRED[r] as string;
          if (item[key] !== undefined) continue;
          const itemPath = subPath(at, "lineItems", i);
          const kind = kindName((LINE_ITEM_BY_WIRE.get(key) as Field).kind);
          errors.push(
            issue(
              pathKey(itemPath, key),
              kind,
              undefined,
              `${pathKey(itemPath, key)}: an Omnisend line item needs ${key} (${kind})`,
            ),
          );
        }
        const rest = lift(item, at, "lineItems", i, LINE_ITEM_BY_WIRE, liftLineItemField, product, errors);
        const custom = rest === undefined ? undefined : liftCarried(rest, CARRIER.product, product);
        if (custom !== undefined) product.properties = custom;
      }
    }
  }
  if (errors.length > 0) return fail(errors);

  const type: EventType = lookupFor(options)(name as string) ?? "custom";
  const event = draftEvent(type, name as string) as unknown as JsonObject;
  if (top.id !== undefined) event.id = top.id;
  if (top.occurredAt !== undefined) event.occurredAt = top.occurredAt;
  event.identity = identity;
  if (canonicalOrder !== undefined) event.order = canonicalOrder;
  if (products !== undefined) event.products = products;
  if (isObject(properties)) {
    let empty = true;
    for (const _ in properties) {
      empty = false;
      break;
    }
    const custom = empty ? properties : liftCarried(properties, CARRIER.event, event);
    if (custom !== undefined) event.properties = custom;
  }

  let envelope: JsonObject | undefined;
  for (const key in input) {
    const v = input[key];
    if (v === undefined || TOP.has(key)) continue;
    envelope ??= {};
    setOwn(envelope, key, v);
  }
  let ext: JsonObject | undefined;
  if (origin !== undefined) (ext ??= {}).origin = origin;
  if (envelope !== undefined) (ext ??= {}).envelope = envelope;
  if (contactRest !== undefined) (ext ??= {}).contact = contactRest;
  if (orderRest !== undefined) (ext ??= {}).order = orderRest;
  if (ext !== undefined) event.extensions = { omnisend: ext };
  return succeed(event as unknown as CanonicalEvent);
};

// ---------------------------------------------------------------------------------------------
// encode
// ---------------------------------------------------------------------------------------------

interface Sink {
  readonly losses: Array<Loss>;
  readonly errors: Array<Issue>;
}

/** The path and reason of a canonical field Omnisend has no place for, built once per part and key. */
const noPlace = memo2((part, key) => ({ path: pathKey(pathKey("$", part), key), reason: `omnisend has no ${part}.${key}` }));

/** The path and reason of an identity key Omnisend contacts cannot hold, built once per key. */
const noContactField = memo1((key) => ({ path: pathKey("$.identity", key), reason: `omnisend contacts have no ${key}` }));

/** The path and reason of an order key Omnisend orders have no field for, built once per key. */
const noOrderField = memo1((key) => ({ path: pathKey("$.order", key), reason: `omnisend orders have no ${key}` }));

const drop = (sink: Sink, path: string, value: unknown, reason: string): void => {
  sink.losses.push(lossOf(path, "dropped", value, reason));
};

/** Why a value of a mapped field cannot be written. */
const unfit = (f: Field, v: unknown): string =>
  v === null ? `omnisend has no null ${f.wire}` : `omnisend requires ${f.wire} to be ${kindName(f.kind)}`;

/** Copies the keys of an `extensions.omnisend` part into `out`, dropping the ones written from canonical fields. */
const copyExtension = (
  sink: Sink,
  value: unknown,
  path: string,
  reserved: { has(key: string): boolean },
  out: JsonObject,
): boolean => {
  if (!isObject(value)) {
    drop(sink, path, value, "not an object");
    return false;
  }
  const keys = keysOf(value);
  if (keys.length === 0) {
    drop(sink, path, value, "an empty object does not survive");
    return false;
  }
  let wrote = false;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (reserved.has(key)) {
      drop(sink, pathKey(path, key), value[key], `${key} is written from the canonical event`);
      continue;
    }
    setOwn(out, key, value[key]);
    wrote = true;
  }
  return wrote;
};

const encodeName = (event: JsonObject, options: CodecOptions, sink: Sink): string | undefined => {
  const type = event.type;
  const name = event.name;
  if (!isEventType(type)) {
    sink.errors.push(issue("$.type", `one of ${EVENT_TYPES.join(", ")}`, type));
    return undefined;
  }
  if (typeof name !== "string" || name.length === 0) {
    sink.errors.push(issue("$.name", "a non-empty event name", name));
    return undefined;
  }
  const lookup = lookupFor(options);
  let eventName: string;
  if (type === "custom") eventName = name;
  else {
    const t = type as Semantic;
    eventName = options.names?.[t] ?? (lookup(name) === t ? name : (OMNISEND_NAME.get(t) as string));
  }
  if (eventName !== name) {
    sink.losses.push(
      lossTo(
        "$.name",
        "renamed",
        name,
        eventName,
        eventName === OMNISEND_NAME.get(type as EventType)
          ? (RENAMED_REASON.get(type as EventType) as string)
          : `omnisend names ${type} ${JSON.stringify(eventName)}`,
      ),
    );
  }
  const readBack: EventType = lookup(eventName) ?? "custom";
  if (readBack !== type) {
    sink.losses.push(
      lossTo("$.type", "coerced", type, readBack, `omnisend reads the name ${JSON.stringify(eventName)} as ${readBack}`),
    );
  }
  return eventName;
};

const encodeContact = (identity: unknown, ext: JsonObject | undefined, sink: Sink): JsonObject => {
  const contact: JsonObject = {};
  if (ext !== undefined && ext.contact !== undefined)
    copyExtension(sink, ext.contact, "$.extensions.omnisend.contact", CONTACT_BY_WIRE, contact);
  let identified = false;
  let invalid: Array<string> | undefined;
  if (isObject(identity)) {
    for (const key in identity) {
      const v = identity[key];
      if (v === undefined) continue;
      if (writeContactField(key, v, contact)) {
        if (v !== "") identified = true;
        continue;
      }
      const f = CONTACT_BY_CANONICAL.get(key);
      if (f === undefined) {
        const at = noContactField(key);
        drop(sink, at.path, v, at.reason);
      } else if (fits(f.kind, v)) {
        contact[f.wire] = v;
        if (v !== "") identified = true;
      } else {
        drop(sink, pathKey("$.identity", key), v, unfit(f, v));
        if (typeof v === "string" && v !== "") (invalid ??= []).push(`${key} ${JSON.stringify(v)} is not ${kindName(f.kind)}`);
      }
    }
  }
  if (!identified) {
    const ids = CONTACT_IDENTIFIERS.map((k) => (CONTACT_BY_WIRE.get(k) as Field).canonical).join(", ");
    const why = invalid !== undefined ? ` (${invalid.join("; ")})` : "";
    sink.errors.push(
      issue(
        "$.identity",
        `a non-empty ${ids}`,
        identity,
        `$.identity: omnisend needs a contact identifier (${ids})${why}; supply one with the identity option (API) or --identity FILE (CLI)`,
      ),
    );
  }
  return contact;
};

/** Writes `order.currency` (canonical key `key`), upper-casing a 3-letter code. */
const encodeCurrency = (v: unknown, key: string, out: JsonObject, sink: Sink): void => {
  if (typeof v === "string" && CURRENCY.test(v)) {
    out.currency = v;
    return;
  }
  const path = pathKey("$.order", key);
  if (v === null) {
    drop(sink, path, v, "omnisend has no null currency");
    return;
  }
  if (typeof v === "string" && LETTERS3.test(v)) {
    const upper = v.toUpperCase();
    out.currency = upper;
    sink.losses.push(lossTo(path, "coerced", v, upper, "omnisend currency codes are upper-case"));
    return;
  }
  sink.errors.push(issue(path, "an ISO 4217 currency code matching ^[A-Z]{3}$", v));
};

const encodeOrder = (order: unknown, ext: JsonObject | undefined, sink: Sink): JsonObject | undefined => {
  let out: JsonObject | undefined;
  let wroteMapped = false;
  if (order !== undefined) {
    if (!isObject(order)) drop(sink, "$.order", order, "not an object");
    else {
      out = {};
      for (const key in order) {
        const v = order[key];
        if (v === undefined) continue;
        if (writeOrderField(key, v, out)) {
          wroteMapped = true;
          continue;
        }
        const f = ORDER_BY_CANONICAL.get(key);
        if (f === undefined) {
          const at = noOrderField(key);
          drop(sink, at.path, v, at.reason);
        } else if (f.kind === "currency") {
          encodeCurrency(v, key, out, sink);
          if (out.currency !== undefined) wroteMapped = true;
        } else if (fits(f.kind, v)) {
          out[f.wire] = v;
          wroteMapped = true;
        } else drop(sink, pathKey("$.order", key), v, unfit(f, v));
      }
    }
  }
  if (ext !== undefined && ext.order !== undefined) {
    const rest: JsonObject = {};
    if (copyExtension(sink, ext.order, "$.extensions.omnisend.order", ORDER_BY_WIRE, rest)) {
      // an order holding only extension keys decodes without a canonical order
      if (isObject(order) && !wroteMapped && !hasKeys(order))
        drop(sink, "$.order", order, "an empty order beside unknown order keys does not survive");
      out ??= {};
      for (const key in rest) setOwn(out, key, rest[key]);
    }
  }
  return out;
};

/** `$.products[i].key`: built only when a loss or an issue needs it, once per position and key. */
const productPath = memoAt((i, key) => pathKey(pathIndex("$.products", i), key));
/** A product key Omnisend line items have no field for: its path and why, once per position and key. */
const noLineItemField = memoAt((i, key) => ({ path: productPath(i, key), reason: `omnisend line items have no ${key}` }));

const encodeProducts = (products: unknown, sink: Sink): Array<JsonObject> | undefined => {
  if (products === undefined) return undefined;
  if (!Array.isArray(products)) {
    drop(sink, "$.products", products, products === null ? "omnisend has no null lineItems" : "not an array");
    return undefined;
  }
  // biome-ignore lint/style/useArrayLiterals: an array literal's site can be pretenured once callers keep many outputs (see lossList)
  const out = new Array<JsonObject>();
  for (let i = 0; i < products.length; i++) {
    const p = products[i] as unknown;
    if (!isObject(p)) {
      drop(sink, pathIndex("$.products", i), p, "not a product object");
      continue;
    }
    if (typeof p.id !== "string") {
      drop(sink, pathIndex("$.products", i), p, "an Omnisend line item needs a productID (a string product id)");
      continue;
    }
    const item: JsonObject = {};
    for (const key in p) {
      if (key === "properties") continue;
      const v = p[key];
      if (v === undefined || writeLineItemField(key, v, item)) continue;
      const f = LINE_ITEM_BY_CANONICAL.get(key);
      if (f === undefined) {
        const at = noLineItemField(i, key);
        drop(sink, at.path, v, at.reason);
      } else if (f.kind === "quantity" && typeof v === "number" && Number.isInteger(v) && v < 1)
        sink.errors.push(issue(productPath(i, key), "an integer ≥ 1 (an Omnisend line-item quantity)", v));
      else if (fits(f.kind, v)) item[f.wire] = v;
      else drop(sink, productPath(i, key), v, unfit(f, v));
    }
    const custom = p.properties;
    if (custom !== undefined) {
      const cPath = productPath(i, "properties");
      if (!isObject(custom)) drop(sink, cPath, custom, "not an object");
      else {
        const keys = keysOf(custom);
        if (keys.length === 0) drop(sink, cPath, custom, "an empty product custom-field object does not survive");
        for (const key of keys) {
          if (LINE_ITEM_BY_WIRE.has(key)) {
            drop(sink, pathKey(cPath, key), custom[key], `${key} is an Omnisend line-item field, not a custom field`);
            continue;
          }
          setOwn(item, key, custom[key]);
        }
      }
    }
    out.push(item);
  }
  return out;
};

const encodeRecord = (input: CanonicalEvent, options: CodecOptions): Result<Encoded> => {
  if (!isObject(input)) return fail([issue("$", "a canonical event object", input)]);
  const event = input as unknown as JsonObject;
  const sink: Sink = { losses: lossList(), errors: [] };
  const eventName = encodeName(event, options, sink);

  const extensions = event.extensions;
  let ext: JsonObject | undefined;
  if (extensions !== undefined) {
    if (!isObject(extensions)) drop(sink, "$.extensions", extensions, "not an object");
    else {
      const formats = keysOf(extensions);
      if (formats.length === 0) drop(sink, "$.extensions", extensions, "an empty object does not survive");
      for (let i = 0; i < formats.length; i++) {
        const format = formats[i] as string;
        const value = extensions[format];
        if (format !== "omnisend") {
          const at = foreignExtension("omnisend", format);
          drop(sink, at.path, value, at.reason);
        } else if (!isObject(value)) drop(sink, pathKey("$.extensions", format), value, "not an object");
        else {
          ext = value;
          const keys = keysOf(value);
          if (keys.length === 0) drop(sink, pathKey("$.extensions", format), value, "an empty object does not survive");
          for (const key of keys)
            if (!EXTENSION_KEYS.has(key))
              drop(sink, pathKey(pathKey("$.extensions", format), key), value[key], "not an omnisend extension");
        }
      }
    }
  }

  const out: JsonObject = {};
  out.eventName = eventName;
  const occurredAt = event.occurredAt;
  if (occurredAt !== undefined) {
    if (typeof occurredAt === "string" && isDateTime(occurredAt)) out.eventTime = occurredAt;
    else {
      const respelled = typeof occurredAt === "string" ? toDateTime(occurredAt) : undefined;
      if (respelled === undefined) drop(sink, "$.occurredAt", occurredAt, unfit(EVENT_TIME, occurredAt));
      else {
        out.eventTime = respelled;
        sink.losses.push(
          lossTo(
            "$.occurredAt",
            "coerced",
            occurredAt,
            respelled,
            "omnisend eventTime is an RFC 3339 date-time (seconds included, '.' before fractions)",
          ),
        );
      }
    }
  }
  const id = event.id;
  if (id !== undefined) {
    if (fits(EVENT_ID.kind, id)) out.eventID = id;
    else drop(sink, "$.id", id, unfit(EVENT_ID, id));
  }
  const origin = ext?.origin;
  if (origin !== undefined) {
    if (typeof origin === "string") out.origin = origin;
    else drop(sink, "$.extensions.omnisend.origin", origin, "omnisend origin is a string");
  }
  out.contact = encodeContact(event.identity, ext, sink);

  const properties = event.properties;
  if (properties !== undefined) {
    if (!isObject(properties)) drop(sink, "$.properties", properties, "not an object");
    else {
      const props: JsonObject = {};
      for (const key in properties) {
        const v = properties[key];
        if (v !== undefined) setOwn(props, key, v);
      }
      out.properties = props;
    }
  }
  const order = encodeOrder(event.order, ext, sink);
  if (order !== undefined) out.order = order;
  const lineItems = encodeProducts(event.products, sink);
  if (lineItems !== undefined) out.lineItems = lineItems;

  // canonical parts Omnisend has no place for
  for (const part in event) {
    const value = event[part];
    if (value === undefined || isHandled(part)) continue;
    const path = pathKey("$", part);
    if (!isObject(value)) {
      drop(sink, path, value, `omnisend has no ${part}`);
      continue;
    }
    const keys = keysOf(value);
    if (keys.length === 0) drop(sink, path, value, `omnisend has no ${part}`);
    const noPlaceIn = noPlace.of(part);
    for (const key of keys) {
      const at = noPlaceIn(key);
      drop(sink, at.path, value[key], at.reason);
    }
  }

  // unknown top-level keys, verbatim
  if (ext?.envelope !== undefined) copyExtension(sink, ext.envelope, "$.extensions.omnisend.envelope", TOP, out);

  if (sink.errors.length > 0) return fail(sink.errors);
  // what has no key of its own travels in properties and the line items' extra keys
  let losses = sink.losses;
  if (losses.length > 0) {
    const props = (out.properties as JsonObject | undefined) ?? {};
    // line items by the canonical index they came from (products without a string id are not written)
    let items: Array<JsonObject> | undefined;
    if (Array.isArray(event.products) && lineItems !== undefined) {
      items = new Array<JsonObject>(event.products.length);
      for (let i = 0, j = 0; i < event.products.length; i++) {
        const p = event.products[i] as unknown;
        if (isObject(p) && typeof p.id === "string") items[i] = lineItems[j++] as JsonObject;
      }
    }
    losses = carryLosses(losses, CARRIER, props, items, event, isObject(properties) ? properties : undefined);
    if (out.properties === undefined && hasKeys(props)) out.properties = props;
    else if (isObject(properties) && !hasKeys(properties) && hasKeys(props))
      drop({ losses, errors: [] }, "$.properties", properties, "an empty object does not survive beside carried fields");
    // an order whose every field travelled in properties is no order object of its own
    if (isObject(out.order) && !hasKeys(out.order) && isObject(event.order) && hasKeys(event.order)) delete out.order;
  } else if (isObject(properties))
    losses = carryLosses(losses, CARRIER, out.properties as JsonObject, undefined, event, properties);
  return succeed({ value: out, losses });
};

const explode = (document: unknown, path: string): Result<ReadonlyArray<WireRecord>> => succeed([{ value: document, path }]);

/**
 * The `omnisend` codec (Omnisend customer events as the seed JSON Schema defines them).
 *
 * @example
 * import { omnisend } from "commerce-rosetta/omnisend"
 * const r = omnisend.decode({ value: { eventName: "placed order", contact: { email: "pat@example.com" }, order: { totalPrice: 27.5, currency: "USD" } }, path: "$" }, {})
 * // r.ok && r.value.type === "order_completed" && r.value.order.total === 27.5
 *
 * @category codecs
 * @since 0.1.0
 */
export const omnisend: Codec = {
  id: "omnisend",
  description: "Omnisend customer events (eventName/eventTime/eventID/origin/contact/properties/order/lineItems; seed schema)",
  explode,
  decode: decodeRecord,
  freshEvents: true,
  encode: encodeRecord,
};

/**
 * Decodes one Omnisend customer event into a canonical event.
 *
 * @example
 * import { decodeOmnisend } from "commerce-rosetta/omnisend"
 * decodeOmnisend({ eventName: "viewed product", contact: { contactID: "c-1" }, lineItems: [{ productID: "p1", price: 5 }] })
 * // { ok: true, value: { type: "product_viewed", name: "viewed product", identity: { omnisendContactId: "c-1" }, products: [{ id: "p1", price: 5 }] } }
 *
 * @category decoding
 * @since 0.1.0
 */
export const decodeOmnisend = (input: unknown, options: CodecOptions = {}): Result<CanonicalEvent> =>
  decodeRecord({ value: input, path: "$" }, options);

/**
 * Encodes a canonical event as an Omnisend customer event, with the losses.
 *
 * @example
 * import { encodeOmnisend } from "commerce-rosetta/omnisend"
 * encodeOmnisend({ type: "order_completed", name: "Order Completed", identity: { email: "pat@example.com", userId: "u1" }, order: { total: 27.5, currency: "usd" } })
 * // ok: value { eventName: "placed order", contact: { email: "pat@example.com" }, order: { totalPrice: 27.5, currency: "USD" } },
 * // losses at $.name (coerced), $.identity.userId (dropped), $.order.currency (coerced)
 *
 * @category encoding
 * @since 0.1.0
 */
export const encodeOmnisend = (event: CanonicalEvent, options: CodecOptions = {}): Result<Encoded> =>
  encodeRecord(event, options);
