/**
 * fast-check arbitraries for the `omnisend-api` format: Events API bodies valid under Omnisend's event
 * schemas (`test/fixtures/omnisend-api/event-schemas/`, copied verbatim from the shared specs) with
 * unknown keys at every level, nulls and zeros in custom properties, `productSKU` as a number and as a
 * string, both `eventTime` spellings; canonical events using the fields the model gained for Omnisend;
 * and the ajv validator each encoder output must pass (the schema of its event name).
 */
import fs from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import fc from "fast-check";
import type { CanonicalEvent } from "../../src/canonical/model.js";
import { isObject, type JsonObject } from "../../src/core/json.js";
import { canonicalEvent } from "./canonical.js";
import { amount, edgeNumber, edgeString, jsonObjectWithout, jsonValue, objectOf } from "./common.js";

const SCHEMA_DIR = new URL("../../test/fixtures/omnisend-api/event-schemas/", import.meta.url);
const ajv = new Ajv2020({ allErrors: true });
const validators = new Map<string, ReturnType<typeof ajv.compile>>();
for (const file of fs.readdirSync(SCHEMA_DIR)) {
  const schema = JSON.parse(fs.readFileSync(new URL(file, SCHEMA_DIR), "utf8")) as JsonObject;
  validators.set(file.replace(/\.schema\.json$/, ""), ajv.compile(schema));
}

const SCHEMA_OF: Readonly<Record<string, string>> = {
  "placed order": "placed-order",
  "paid for order": "paid-for-order",
  "order fulfilled": "order-fulfilled",
  "order refunded": "order-refunded",
  "order canceled": "order-canceled",
  "ordered product": "ordered-product",
  "started checkout": "started-checkout",
  "added product to cart": "added-product-to-cart",
  "viewed product": "viewed-product",
};

/** The ajv errors of a body under the schema of its event name (custom-event for the rest); empty when valid. */
export const apiSchemaErrors = (payload: unknown): Array<string> => {
  const name = isObject(payload) && typeof payload.eventName === "string" ? payload.eventName : "";
  const validate = validators.get(SCHEMA_OF[name] ?? "custom-event");
  if (validate === undefined) throw new Error("no schema");
  return validate(payload) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`);
};

const str = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom("", "日本語", "🛒", "a\u0301"));
const nonEmpty = fc.string({ minLength: 1, maxLength: 8 });
const num = fc.oneof(edgeNumber, amount(2));
const PRODUCT_KEYS = new Set([
  "productID",
  "productVariantID",
  "productTitle",
  "productVariantTitle",
  "productDescription",
  "productPrice",
  "productStrikeThroughPrice",
  "productDiscount",
  "productQuantity",
  "productSKU",
  "productVendor",
  "productWeight",
  "productImageURL",
  "productVariantImageURL",
  "productURL",
  "productCategories",
  "productTags",
]);
const categories = fc.array(fc.record({ id: str, title: str }, { requiredKeys: [] }), { maxLength: 2 });

/** A line item with product* keys (some), a SKU as a number or a string, and unknown keys. */
export const lineItem: fc.Arbitrary<JsonObject> = fc
  .tuple(
    fc.record(
      {
        productID: str,
        productVariantID: str,
        productTitle: str,
        productVariantTitle: str,
        productDescription: str,
        productPrice: num,
        productStrikeThroughPrice: num,
        productDiscount: num,
        productQuantity: fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constantFrom(1.5, 0)),
        productSKU: fc.oneof(str, fc.integer({ min: 0, max: 99_999 }), fc.constantFrom(200, "200", "0200", 1.5, "1e3")),
        productVendor: str,
        productWeight: num,
        productImageURL: str,
        productVariantImageURL: str,
        productURL: str,
        productCategories: categories,
        productTags: fc.array(str, { maxLength: 2 }),
      },
      { requiredKeys: [] },
    ),
    jsonObjectWithout(PRODUCT_KEYS, 2),
  )
  .map(([known, rest]) => objectOf([...Object.entries(rest), ...Object.entries(known)]));

const address = fc.record(
  { address1: str, address2: str, city: str, company: str, country: str, firstName: str, lastName: str, zip: str, phone: str },
  { requiredKeys: [] },
);

const ORDER_KEYS = new Set([
  "orderID",
  "orderNumber",
  "currency",
  "totalPrice",
  "subTotalPrice",
  "subTotalTaxIncluded",
  "totalTax",
  "totalDiscount",
  "shippingPrice",
  "discounts",
  "paymentMethod",
  "paymentStatus",
  "fulfillmentStatus",
  "createdAt",
  "billingAddress",
  "shippingAddress",
  "orderStatusURL",
  "note",
  "tags",
  "tracking",
  "cancelReason",
  "lineItems",
  "shippingMethod",
  "refundedLineItems",
  "totalRefundedAmount",
  "totalRefundedTaxAmount",
  "product",
  "addedItem",
  "page",
  "utm",
  "userInfo",
  "cartID",
  "value",
  "abandonedCheckoutURL",
]);

const orderFields = fc.record(
  {
    orderID: str,
    orderNumber: fc.oneof(fc.integer({ min: 0, max: 99_999 }), str),
    currency: fc.constantFrom("USD", "EUR", "JPY", "KWD", "usd", ""),
    totalPrice: num,
    subTotalPrice: num,
    subTotalTaxIncluded: fc.boolean(),
    totalTax: num,
    totalDiscount: num,
    shippingPrice: num,
    discounts: fc.array(fc.record({ amount: fc.oneof(num, fc.constant("-")), code: str, type: str }, { requiredKeys: [] }), {
      maxLength: 2,
    }),
    paymentMethod: str,
    paymentStatus: fc.constantFrom("paid", "awaitingPayment", "Pending"),
    fulfillmentStatus: fc.constantFrom("unfulfilled", "fulfilled", ""),
    createdAt: fc.constantFrom("2023-11-10T07:00:00", "2024-02-01T06:00:00Z", ""),
    billingAddress: address,
    shippingAddress: address,
    orderStatusURL: str,
    note: str,
    tags: fc.array(str, { maxLength: 2 }),
    tracking: fc.record({ code: str, courierTitle: str, courierURL: str }, { requiredKeys: [] }),
    cancelReason: str,
    lineItems: fc.array(lineItem, { maxLength: 3 }),
    refundedLineItems: fc.array(lineItem, { maxLength: 2 }),
    totalRefundedAmount: num,
    totalRefundedTaxAmount: num,
  },
  { requiredKeys: [] },
);

const cartFields = fc.record(
  {
    abandonedCheckoutURL: str,
    cartID: str,
    currency: fc.constantFrom("EUR", "USD"),
    lineItems: fc.array(lineItem, { maxLength: 3 }),
    value: num,
  },
  { requiredKeys: [] },
);

const viewedFields = fc.record(
  {
    page: fc.record({ title: str, url: str }, { requiredKeys: [] }),
    product: fc.record(
      {
        categories,
        currency: fc.constantFrom("EUR", "JPY", "KWD", "XYZ"),
        id: str,
        imageUrl: str,
        oldPrice: fc.oneof(fc.integer({ min: 0, max: 99_999 }).map(String), fc.constantFrom("0", "0100", "-5", "12.5")),
        price: fc.oneof(fc.integer({ min: 0, max: 99_999 }).map(String), fc.constantFrom("2099", "007")),
        title: str,
        status: fc.constantFrom("inStock", "outOfStock"),
        url: str,
        description: jsonValue,
      },
      { requiredKeys: [] },
    ),
    userInfo: fc.record({ city: str, device: str, sessionId: str }, { requiredKeys: [] }),
    utm: fc.record({ campaign: str, medium: str, source: str }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);

const withCustom = (known: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<JsonObject> =>
  fc.tuple(known, jsonObjectWithout(ORDER_KEYS, 3)).map(([k, rest]) => objectOf([...Object.entries(rest), ...Object.entries(k)]));

const contact = fc
  .tuple(
    fc.oneof(
      fc.record({ email: nonEmpty }),
      fc.record({ id: fc.constantFrom("67447b7d5c1cd54488ec24d9", "x") }),
      fc.record({ phone: fc.string({ minLength: 1, maxLength: 15 }) }),
    ),
    fc.record(
      {
        firstName: fc.string({ maxLength: 50 }),
        lastName: fc.string({ maxLength: 50 }),
        city: fc.string({ maxLength: 100 }),
        countryCode: fc.string({ maxLength: 3 }),
        birthdate: fc.constantFrom("1990-01-31", "2000-02-30"),
        gender: fc.constantFrom("m", "f"),
        tags: fc.array(str, { maxLength: 2 }),
        customProperties: fc.dictionary(fc.string({ maxLength: 4 }), jsonValue, { maxKeys: 2 }),
        consents: fc.constant([{ channel: "email", createdAt: "2024-01-01T00:00:00Z", source: "form" }]),
        unknownKey: jsonValue,
      },
      { requiredKeys: [] },
    ),
  )
  .map(([ids, rest]) => ({ ...rest, ...ids }));

const eventTime = fc.constantFrom(
  "2021-07-01T00:00:00Z",
  "2024-02-01 08:00:00+02:00",
  "2024-02-29T23:59:59.123456+05:30",
  "2024-03-01t10:00:00z",
);
const uuid = fc.constantFrom(
  "f3f61bc6-07b8-4645-92d8-189d882dbcb1",
  "0b8f4b9e-4a53-5b8e-9d5a-2a1f6f2a7c10",
  "0190b8e4-1f6c-7c3a-8e2d-000000000000",
);

const RECOMMENDED: ReadonlyArray<readonly [string, string, fc.Arbitrary<JsonObject>]> = [
  ["placed order", "v2", withCustom(orderFields)],
  ["paid for order", "v2", withCustom(orderFields)],
  ["order fulfilled", "v2", withCustom(orderFields)],
  ["order refunded", "v2", withCustom(orderFields)],
  ["order canceled", "v2", withCustom(orderFields)],
  ["ordered product", "v2", withCustom(fc.record({ orderID: str, product: lineItem }, { requiredKeys: [] }))],
  ["started checkout", "", withCustom(cartFields)],
  [
    "added product to cart",
    "",
    withCustom(fc.tuple(cartFields, fc.option(lineItem, { nil: undefined })).map(([c, a]) => (a ? { ...c, addedItem: a } : c))),
  ],
  ["viewed product", "v4", withCustom(viewedFields)],
];

/** Events API bodies valid under the event schemas: every recommended event and custom events. */
export const omnisendApiPayload: fc.Arbitrary<JsonObject> = fc
  .tuple(
    fc.oneof(
      ...RECOMMENDED.map(([name, version, props]) =>
        props.map((p) => ({ eventName: name, eventVersion: version, properties: p })),
      ),
      fc
        .tuple(fc.constantFrom("my custom event", "Products Searched", "Cart Viewed", "x"), withCustom(orderFields), fc.boolean())
        .map(([eventName, properties, empty]) =>
          empty ? { eventName, eventVersion: "", properties } : { eventName, properties },
        ),
    ),
    contact,
    fc.option(uuid, { nil: undefined }),
    fc.option(eventTime, { nil: undefined }),
    fc.constantFrom("api", "nopCommerce"),
    fc.option(fc.dictionary(fc.constantFrom("extra", "brandID"), jsonValue, { maxKeys: 1 }), { nil: undefined }),
  )
  .map(([head, c, id, time, origin, envelope]) => {
    const out: JsonObject = { ...(envelope ?? {}), eventName: head.eventName, origin, contact: c };
    if (head.eventVersion !== undefined) out.eventVersion = head.eventVersion;
    if (id !== undefined) out.eventID = id;
    if (time !== undefined) out.eventTime = time;
    out.properties = head.properties;
    return out;
  });

const canonicalAddress = fc.record(
  { firstName: str, street1: str, street2: str, city: str, postalCode: str, countryCode: str, phone: str, company: str },
  { requiredKeys: [] },
);

/** Canonical events with an email, and the order, product and customer fields the model gained for Omnisend. */
export const canonicalForOmnisendApi: fc.Arbitrary<CanonicalEvent> = fc
  .tuple(
    canonicalEvent({ extensions: true }),
    fc.record(
      {
        createdAt: str,
        subtotalTaxIncluded: fc.oneof(fc.boolean(), fc.constant(null)),
        discounts: fc.array(fc.record({ amount: num, code: str }), { maxLength: 2 }),
        statusUrl: str,
        note: fc.oneof(str, fc.constant(null)),
        tags: fc.array(str, { maxLength: 2 }),
        cancelReason: str,
        refunded: num,
        refundedTax: num,
        billingAddress: canonicalAddress,
        shippingAddress: fc.oneof(canonicalAddress, fc.constant(null)),
        tracking: fc.record({ code: str, carrier: str, url: fc.oneof(str, fc.constant(null)) }, { requiredKeys: [] }),
      },
      { requiredKeys: [] },
    ),
    fc.record(
      {
        description: str,
        compareAtPrice: num,
        weight: num,
        variantImageUrl: str,
        categories: fc.array(fc.record({ id: str, title: fc.oneof(str, fc.constant(null)) }, { requiredKeys: [] }), {
          maxLength: 2,
        }),
        sku: fc.constantFrom("200", "0200", "SKU-1"),
      },
      { requiredKeys: [] },
    ),
    fc.record(
      {
        birthdate: fc.constantFrom("1990-01-31", "31/01/1990"),
        gender: fc.constantFrom("m", "f", "x"),
        tags: fc.array(str, { maxLength: 2 }),
        firstName: fc.oneof(str, fc.constant("x".repeat(51))),
      },
      { requiredKeys: [] },
    ),
    fc.oneof(nonEmpty, fc.constant("pat@example.com")),
    fc.option(fc.array(fc.record({ id: str, price: num }, { requiredKeys: [] }), { maxLength: 2 }), { nil: undefined }),
    fc.constantFrom("+1234567890", "+12345678901234567", null),
  )
  .map(([event, order, product, customer, email, refunded, phone]) => {
    const e = structuredClone(event) as unknown as JsonObject;
    e.identity = { ...(isObject(e.identity) ? e.identity : {}), email, phone };
    e.order = { ...(isObject(e.order) ? e.order : {}), ...order };
    e.customer = { ...(isObject(e.customer) ? e.customer : {}), ...customer };
    if (Array.isArray(e.products) && e.products.length > 0) e.products[0] = { ...(e.products[0] as JsonObject), ...product };
    if (refunded !== undefined) e.refundedProducts = refunded;
    return e as unknown as CanonicalEvent;
  });

export { edgeString };
