/**
 * fast-check arbitraries for the Omnisend format: customer-event payloads valid under the seed JSON
 * Schema (with unknown keys at every level, custom properties, nulls where the schema leaves a value
 * untyped, zeros, empty strings, unicode, `__proto__` keys, 0/2/3-decimal currencies), canonical
 * events shaped so that most of them can be sent to Omnisend, and the ajv validator of the seed
 * schema (draft 2020-12 with ajv-formats) that every encode output must pass.
 */
import fs from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import ajvFormats from "ajv-formats";
import fc from "fast-check";
import type { CanonicalEvent } from "../../src/canonical/model.js";
import { EVENT_NAME_TABLE } from "../../src/canonical/names.js";
import { isEmail, isUri } from "../../src/core/formats.js";
import { isObject, type JsonObject, jsonDiff, jsonEqual, setOwn } from "../../src/core/json.js";
import { isDateTime } from "../../src/formats/omnisend/fields.js";
import { canonicalEvent } from "./canonical.js";
import { amount, currency, edgeNumber, edgeString, jsonObject, jsonObjectWithout, jsonValue, timestamp } from "./common.js";

// ---------------------------------------------------------------------------------------------
// the seed schema, compiled once
// ---------------------------------------------------------------------------------------------

/** The seed JSON Schema of Omnisend customer events. */
export const OMNISEND_SCHEMA: JsonObject = JSON.parse(
  fs.readFileSync(new URL("../../test/fixtures/omnisend/omnisend-event.schema.json", import.meta.url), "utf8"),
);

const ajv = new Ajv2020({ allErrors: true, strict: false });
ajvFormats.default(ajv);
const validate = ajv.compile(OMNISEND_SCHEMA);

/** Validates a payload against the seed schema; returns the ajv error messages (empty when valid). */
export const schemaErrors = (payload: unknown): Array<string> =>
  validate(payload) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`);

// ---------------------------------------------------------------------------------------------
// Omnisend payloads
// ---------------------------------------------------------------------------------------------

const TOP = new Set(["eventName", "eventTime", "eventID", "origin", "contact", "properties", "order", "lineItems"]);
const CONTACT = new Set(["contactID", "email", "phone"]);
const ORDER = new Set([
  "orderID",
  "orderNumber",
  "totalPrice",
  "subTotalPrice",
  "currency",
  "discountCode",
  "discountValue",
  "paymentStatus",
  "fulfillmentStatus",
  "cartID",
  "cartRecoveryURL",
]);
const LINE_ITEM = new Set([
  "productID",
  "variantID",
  "title",
  "vendor",
  "sku",
  "quantity",
  "price",
  "discount",
  "imageUrl",
  "productUrl",
  "categoryIDs",
  "tags",
]);

/** The nine predefined Omnisend names. */
export const PREDEFINED_NAMES: ReadonlyArray<string> = EVENT_NAME_TABLE.flatMap((r) => (r.omnisend === null ? [] : [r.omnisend]));
/** The names under which the other types travel as custom events. */
export const CUSTOM_TYPE_NAMES: ReadonlyArray<string> = EVENT_NAME_TABLE.flatMap((r) =>
  r.omnisend === null ? [r.customerio] : [],
);

/** Event names: predefined, the custom names of other types, look-alikes that stay custom, anything. */
export const eventName: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...PREDEFINED_NAMES),
  fc.constantFrom(...CUSTOM_TYPE_NAMES),
  fc.constantFrom("Placed Order", "placed order ", "Order Completed", "wishlist reminder sent", "🛒", "__proto__", "constructor"),
  edgeString.filter((s) => s.length > 0),
);

/** RFC 3339 date-times (seconds and zone included) with real calendar dates. */
export const dateTime: fc.Arbitrary<string> = fc.oneof(
  timestamp.filter(isDateTime),
  fc.constantFrom(
    "2024-03-01T12:00:00Z",
    "2024-02-29T23:59:59.999+05:30",
    "1970-01-01T00:00:00.000000001-12:00",
    "2024-03-01t12:00:00z",
  ),
);

/** Email addresses valid under the JSON Schema `email` format. */
export const email: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("pat@example.com", "a.b+c@shop.example.co.uk", "X@Y.Z", "o'neil@example.org"),
  fc.emailAddress().filter(isEmail),
);

/** Absolute URIs valid under the JSON Schema `uri` format. */
export const uri: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "https://www.example.com/product/path",
    "https://shop.example.com/cart/9?x=1#top",
    "urn:isbn:0451450523",
    "mailto:pat@example.com",
  ),
  fc.webUrl({ withQueryParameters: true, withFragments: true }).filter(isUri),
);

/** Money in major units: 0, 2 and 3 decimals, negatives, large and tiny numbers. */
export const money: fc.Arbitrary<number> = fc.oneof(amount(0), amount(2), amount(3), edgeNumber);

/** Line-item quantities: integers ≥ 1, up to the largest safe integer. */
export const quantity: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(1, 2, 100, Number.MAX_SAFE_INTEGER),
  fc.integer({ min: 1, max: 1_000_000 }),
);

const strings = fc.array(edgeString, { maxLength: 3 });

/** Adds `extra` keys to `base` with own-data writes; keys of `base` win. */
const withExtra = (base: JsonObject, extra: JsonObject): JsonObject => {
  const out: JsonObject = {};
  for (const key of Object.keys(extra)) setOwn(out, key, extra[key]);
  for (const key of Object.keys(base)) setOwn(out, key, base[key]);
  return out;
};

const optionalRecord = (fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<JsonObject> =>
  fc.record(fields, { requiredKeys: [] }) as fc.Arbitrary<JsonObject>;

const unknownKeys = (reserved: ReadonlySet<string>, maxKeys = 3): fc.Arbitrary<JsonObject> =>
  fc.oneof({ weight: 2, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: jsonObjectWithout(reserved, maxKeys) });

/** A contact with at least one non-empty identifier, sometimes with unknown keys. */
export const contact: fc.Arbitrary<JsonObject> = fc
  .tuple(
    optionalRecord({ contactID: edgeString, email, phone: fc.oneof(edgeString, fc.constant("+14155550100")) }),
    unknownKeys(CONTACT),
  )
  .map(([known, extra]) => withExtra(known, extra))
  .filter((c) => ["contactID", "email", "phone"].some((k) => typeof c[k] === "string" && c[k] !== ""));

/** An order with any subset of its fields and unknown keys. */
export const order: fc.Arbitrary<JsonObject> = fc
  .tuple(
    optionalRecord({
      orderID: edgeString,
      orderNumber: edgeString,
      totalPrice: money,
      subTotalPrice: money,
      currency,
      discountCode: edgeString,
      discountValue: money,
      paymentStatus: fc.oneof(fc.constantFrom("paid", "awaitingPayment", "voided"), edgeString),
      fulfillmentStatus: fc.oneof(fc.constantFrom("unfulfilled", "fulfilled", "partial"), edgeString),
      cartID: edgeString,
      cartRecoveryURL: uri,
    }),
    unknownKeys(ORDER),
  )
  .map(([known, extra]) => withExtra(known, extra));

/** A line item: a productID, any subset of the other fields, and unknown (custom) keys. */
export const lineItem: fc.Arbitrary<JsonObject> = fc
  .tuple(
    edgeString,
    optionalRecord({
      variantID: edgeString,
      title: edgeString,
      vendor: edgeString,
      sku: edgeString,
      quantity,
      price: money,
      discount: money,
      imageUrl: uri,
      productUrl: uri,
      categoryIDs: strings,
      tags: strings,
    }),
    unknownKeys(LINE_ITEM),
  )
  .map(([productID, known, extra]) => withExtra({ productID, ...known }, extra));

/** Omnisend customer events valid under the seed schema and with a contact identifier. */
export const omnisendPayload: fc.Arbitrary<JsonObject> = fc
  .tuple(
    fc.record(
      {
        eventName,
        eventTime: dateTime,
        eventID: fc.oneof(edgeString, fc.uuid()),
        origin: fc.oneof(fc.constantFrom("api", "web", "pos"), edgeString),
        contact,
        properties: jsonObject(4),
        order,
        lineItems: fc.array(lineItem, { maxLength: 3 }),
      },
      { requiredKeys: ["eventName", "contact"] },
    ),
    unknownKeys(TOP),
  )
  .map(([known, extra]) => withExtra(known as JsonObject, extra));

// ---------------------------------------------------------------------------------------------
// canonical events headed for Omnisend
// ---------------------------------------------------------------------------------------------

const mapProducts = (event: JsonObject, f: (p: JsonObject) => JsonObject): void => {
  if (Array.isArray(event.products)) event.products = event.products.map((p) => (isObject(p) ? f(p) : p));
};

/**
 * `extensions.omnisend` as a decode leaves it (origin, unknown top-level/contact/order keys), plus
 * what a hand-written event may hold: empty objects, keys the encoder writes from canonical fields,
 * a non-string origin, keys that are no extension.
 */
export const omnisendExtension: fc.Arbitrary<JsonObject> = fc
  .record(
    {
      origin: fc.oneof({ weight: 4, arbitrary: edgeString }, { weight: 1, arbitrary: jsonValue }),
      envelope: fc.oneof(jsonObjectWithout(TOP, 3), jsonObject(2), fc.constant({ eventName: "x" })),
      contact: fc.oneof(jsonObjectWithout(CONTACT, 3), fc.constant({ email: "x@example.com", note: null })),
      order: fc.oneof(jsonObjectWithout(ORDER, 3), fc.constant({ totalPrice: 1 })),
      stray: jsonValue,
    },
    { requiredKeys: [] },
  )
  .map((o) => o as JsonObject);

/**
 * Canonical events of every type and part (the shared arbitrary), adjusted so that most can be sent
 * to Omnisend: a contact identifier is usually added, some quantities below 1 are raised to 1, some
 * currencies are lower-cased (a coerced loss), and some URLs and emails are made valid.
 */
export const canonicalForOmnisend = (options: { readonly encodable?: boolean } = {}): fc.Arbitrary<CanonicalEvent> =>
  fc
    .tuple(
      canonicalEvent(),
      fc.record({
        identifier: fc.oneof(
          fc.record({ omnisendContactId: fc.string({ minLength: 1, maxLength: 8 }) }),
          fc.record({ email }),
          fc.record({ phone: fc.constant("+14155550100") }),
          fc.constant(options.encodable ? { email: "pat@example.com" } : {}),
        ),
        lowerCurrency: fc.boolean(),
        fixQuantity: options.encodable ? fc.constant(true) : fc.boolean(),
        url: fc.option(uri, { nil: undefined }),
        omnisendExtension: fc.option(omnisendExtension, { nil: undefined }),
        emptyOrder: fc.boolean(),
      }),
    )
    .map(([c, { identifier, lowerCurrency, fixQuantity, url, omnisendExtension, emptyOrder }]) => {
      const event = structuredClone(c) as unknown as JsonObject;
      if (omnisendExtension !== undefined) {
        const extensions: JsonObject = isObject(event.extensions) ? { ...event.extensions } : {};
        extensions.omnisend = omnisendExtension;
        event.extensions = extensions;
        // an empty canonical order beside unknown order keys: the order that does not come back
        if (emptyOrder && omnisendExtension.order !== undefined) event.order = {};
      }
      const identity = isObject(event.identity) ? event.identity : {};
      event.identity = { ...identity, ...identifier };
      if (isObject(event.order) && typeof event.order.currency === "string" && lowerCurrency)
        event.order.currency = event.order.currency.toLowerCase();
      if (isObject(event.order) && url !== undefined && event.order.recoveryUrl !== undefined) event.order.recoveryUrl = url;
      mapProducts(event, (p) => {
        const out = { ...p };
        if (fixQuantity && typeof out.quantity === "number" && out.quantity < 1) out.quantity = 1;
        if (url !== undefined && out.url !== undefined) out.url = url;
        if (url !== undefined && out.imageUrl !== undefined) out.imageUrl = url;
        if (isObject(p.properties)) out.properties = p.properties;
        return out;
      });
      return event as unknown as CanonicalEvent;
    });

// ---------------------------------------------------------------------------------------------
// loss-report exactness
// ---------------------------------------------------------------------------------------------

/** Whether one JSONPath is the other or lies under it (`$.a` covers `$.a.b` and `$.a[0]`, not `$.ab`). */
const under = (path: string, ancestor: string): boolean =>
  path === ancestor || (path.startsWith(ancestor) && (path[ancestor.length] === "." || path[ancestor.length] === "["));

/** Whether a loss path and a diff path are related: the same, one under the other. */
export const related = (a: string, b: string): boolean => under(a, b) || under(b, a);

/**
 * Compares a diff list and a loss list: every diff is covered by a loss (at, under or above it) and
 * every loss by a diff. Returns what is not covered on either side.
 */
export const uncovered = (
  diffs: ReadonlyArray<string>,
  losses: ReadonlyArray<{ readonly path: string; readonly kind?: string; readonly to?: unknown }>,
): { readonly unreported: Array<string>; readonly overreported: Array<string> } => ({
  // a moved loss accounts for both ends: the path it left and the path it is read back at
  unreported: diffs.filter(
    (d) => !losses.some((l) => related(d, l.path) || (l.kind === "moved" && typeof l.to === "string" && related(d, l.to))),
  ),
  overreported: losses.map((l) => l.path).filter((p) => !diffs.some((d) => related(d, p))),
});

/**
 * The JSONPaths at which two JSON values differ, or `[]` when they are equal as JSON. Used instead
 * of `toStrictEqual`, which reads an own `constructor` key as the value's class.
 */
export const jsonDifferences = (actual: unknown, expected: unknown): Array<string> =>
  jsonEqual(actual, expected) ? [] : jsonDiff(actual, expected);
