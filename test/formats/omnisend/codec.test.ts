/**
 * Unit tests of the `omnisend` codec: event names both ways, decode validation with JSONPaths, the
 * encoding rules (contact identifier, currency, quantity, RFC 3339 time), the loss report, and the
 * cases fast-check found, kept by name.
 */
import { describe, expect, it } from "vitest";
import { jsonDifferences, schemaErrors, uncovered } from "../../../property-tests/arbitraries/omnisend.js";
import type { CanonicalEvent, EventType } from "../../../src/canonical/model.js";
import { EVENT_NAME_TABLE } from "../../../src/canonical/names.js";
import { type JsonObject, jsonDiff } from "../../../src/core/json.js";
import type { Loss } from "../../../src/core/result.js";
import { canonical } from "../../../src/formats/canonical/codec.js";
import { codecOf } from "../../../src/formats/index.js";
import { decodeOmnisend, encodeOmnisend, omnisend, omnisendEventName } from "../../../src/formats/omnisend/index.js";

const contact = { email: "pat@example.com" };

const decoded = (payload: unknown): CanonicalEvent => {
  const r = decodeOmnisend(payload);
  if (!r.ok) return expect.unreachable(JSON.stringify(r.errors));
  return r.value;
};

const encoded = (event: unknown): { value: JsonObject; losses: ReadonlyArray<Loss> } => {
  const r = encodeOmnisend(event as CanonicalEvent);
  if (!r.ok) return expect.unreachable(JSON.stringify(r.errors));
  expect(schemaErrors(r.value.value)).toEqual([]);
  return { value: r.value.value as JsonObject, losses: r.value.losses };
};

const errorPaths = (r: { ok: boolean; errors?: ReadonlyArray<{ path: string }> }): Array<string> =>
  r.ok ? [] : (r.errors ?? []).map((e) => e.path);

/** Asserts the canonical round trip of `event` differs exactly at the reported losses. */
const exactLosses = (event: unknown): ReadonlyArray<Loss> => {
  const { value, losses } = encoded(event);
  expect(uncovered(jsonDiff(event, decoded(value)), losses)).toEqual({ unreported: [], overreported: [] });
  return losses;
};

describe("omnisend event names", () => {
  const predefined = EVENT_NAME_TABLE.filter((r) => r.omnisend !== null);

  it("should have the nine predefined names", () => {
    expect(predefined.map((r) => r.omnisend).sort()).toEqual(
      [
        "added product to cart",
        "order canceled",
        "order fulfilled",
        "order refunded",
        "ordered product",
        "paid for order",
        "placed order",
        "started checkout",
        "viewed product",
      ].sort(),
    );
  });

  it.each(predefined.map((r) => [r.omnisend as string, r.type]))("should decode %s as %s and write it back", (name, type) => {
    const event = decoded({ eventName: name, contact });
    expect(event.type).toBe(type);
    expect(event.name).toBe(name);
    expect(encoded(event).value.eventName).toBe(name);
  });

  it.each(predefined.map((r) => [r.type, r.customerio, r.omnisend as string]))(
    "should write %s named %s as the predefined %s, reporting the renaming",
    (type, name, omnisendName) => {
      const { value, losses } = encoded({ type, name, identity: contact });
      expect(value.eventName).toBe(omnisendName);
      expect(losses).toEqual([{ path: "$.name", kind: "renamed", value: name, to: omnisendName, reason: expect.any(String) }]);
    },
  );

  it.each(EVENT_NAME_TABLE.filter((r) => r.omnisend === null).map((r) => [r.type, r.customerio]))(
    "should send %s as the custom event %s and read it back as that type",
    (type, name) => {
      const { value, losses } = encoded({ type, name, identity: contact });
      expect(value.eventName).toBe(name);
      expect(losses).toEqual([]);
      expect(decoded(value).type).toBe(type);
    },
  );

  it("should keep any other name verbatim as a custom event", () => {
    for (const name of ["wishlist reminder sent", "Placed Order", "placed order ", "Viewed Product", "__proto__", "🛒"]) {
      const event = decoded({ eventName: name, contact });
      expect(event).toMatchObject({ type: "custom", name });
      expect(encoded(event)).toEqual({ value: { eventName: name, contact }, losses: [] });
    }
  });

  it("should report a custom event whose name Omnisend reads as a predefined type", () => {
    const losses = exactLosses({ type: "custom", name: "placed order", identity: contact });
    expect(losses).toEqual([
      { path: "$.type", kind: "coerced", value: "custom", to: "order_completed", reason: expect.any(String) },
    ]);
  });

  it("should rename an alias spelling to the Customer.io spelling with a coerced loss", () => {
    const losses = exactLosses({ type: "product_clicked", name: "Clicked Product", identity: contact });
    expect(losses.map((l) => [l.path, l.kind, l.to])).toEqual([["$.name", "renamed", "Product Clicked"]]);
  });

  it("should honour caller name overrides both ways", () => {
    const options = { names: { order_completed: "purchase" } } as const;
    const r = encodeOmnisend({ type: "order_completed", name: "Order Completed", identity: contact }, options);
    expect(r.ok && (r.value.value as JsonObject).eventName).toBe("purchase");
    const d = decodeOmnisend({ eventName: "purchase", contact }, options);
    expect(d.ok && d.value.type).toBe("order_completed");
    expect(omnisendEventName("order_completed", options)).toBe("purchase");
  });

  it("should name every type", () => {
    expect(omnisendEventName("order_cancelled")).toBe("order canceled");
    expect(omnisendEventName("page_viewed")).toBe("Page Viewed");
    expect(omnisendEventName("custom")).toBeUndefined();
  });
});

describe("decoding omnisend", () => {
  it("should map every field to its canonical place", () => {
    const event = decoded({
      eventName: "placed order",
      eventTime: "2024-03-01T12:00:00Z",
      eventID: "evt-1",
      origin: "api",
      contact: { contactID: "c1", email: "pat@example.com", phone: "+1", locale: "en" },
      properties: { gift: false },
      order: {
        orderID: "1",
        orderNumber: "#1",
        totalPrice: 27.5,
        subTotalPrice: 22.5,
        currency: "USD",
        discountCode: "X",
        discountValue: 2.5,
        paymentStatus: "paid",
        fulfillmentStatus: "unfulfilled",
        cartID: "cart",
        cartRecoveryURL: "https://x.example/cart",
        note: "hi",
      },
      lineItems: [
        {
          productID: "p",
          variantID: "v",
          title: "T",
          vendor: "B",
          sku: "S",
          quantity: 2,
          price: 3,
          discount: 0.5,
          imageUrl: "https://x.example/i.png",
          productUrl: "https://x.example/p",
          categoryIDs: ["c"],
          tags: ["t"],
          color: "red",
        },
      ],
      extra: 1,
    });
    expect(event).toStrictEqual({
      type: "order_completed",
      name: "placed order",
      id: "evt-1",
      occurredAt: "2024-03-01T12:00:00Z",
      identity: { omnisendContactId: "c1", email: "pat@example.com", phone: "+1" },
      order: {
        id: "1",
        number: "#1",
        total: 27.5,
        subtotal: 22.5,
        currency: "USD",
        coupon: "X",
        discount: 2.5,
        paymentStatus: "paid",
        fulfillmentStatus: "unfulfilled",
        cartId: "cart",
        recoveryUrl: "https://x.example/cart",
      },
      products: [
        {
          id: "p",
          variantId: "v",
          name: "T",
          brand: "B",
          sku: "S",
          quantity: 2,
          price: 3,
          discount: 0.5,
          imageUrl: "https://x.example/i.png",
          url: "https://x.example/p",
          categoryIds: ["c"],
          tags: ["t"],
          properties: { color: "red" },
        },
      ],
      properties: { gift: false },
      extensions: { omnisend: { origin: "api", envelope: { extra: 1 }, contact: { locale: "en" }, order: { note: "hi" } } },
    });
  });

  it("should keep an order of unknown keys only in extensions, and an empty order as an empty order", () => {
    expect(decoded({ eventName: "x", contact, order: { note: 1 } })).toStrictEqual({
      type: "custom",
      name: "x",
      identity: contact,
      extensions: { omnisend: { order: { note: 1 } } },
    });
    expect(decoded({ eventName: "x", contact, order: {} }).order).toStrictEqual({});
    expect(decoded({ eventName: "x", contact, lineItems: [] }).products).toStrictEqual([]);
  });

  it.each([
    ["a string", "placed order", "$", "an Omnisend event object"],
    ["null", null, "$", "an Omnisend event object"],
    ["an array", [], "$", "an Omnisend event object"],
    ["no eventName", { contact }, "$.eventName", "a non-empty event name"],
    ["an empty eventName", { eventName: "", contact }, "$.eventName", "a non-empty event name"],
    ["no contact", { eventName: "x" }, "$.contact", "a contact object"],
    [
      "a contact without identifier",
      { eventName: "x", contact: { firstName: "Pat" } },
      "$.contact",
      "a non-empty contactID, email, phone",
    ],
    ["an empty contact", { eventName: "x", contact: {} }, "$.contact", "a non-empty contactID, email, phone"],
    [
      "only empty identifiers",
      { eventName: "x", contact: { contactID: "", phone: "" } },
      "$.contact",
      "a non-empty contactID, email, phone",
    ],
    ["an invalid email", { eventName: "x", contact: { email: "pat", phone: "+1" } }, "$.contact.email", "email address"],
    ["a null phone", { eventName: "x", contact: { email: "a@b.co", phone: null } }, "$.contact.phone", "string"],
    [
      "an impossible date",
      { eventName: "x", contact, eventTime: "2026-02-29T00:00:00Z" },
      "$.eventTime",
      expect.stringContaining("RFC 3339"),
    ],
    [
      "a time without seconds",
      { eventName: "x", contact, eventTime: "2024-02-01T08:00Z" },
      "$.eventTime",
      expect.stringContaining("RFC 3339"),
    ],
    ["a number eventID", { eventName: "x", contact, eventID: 1 }, "$.eventID", "string"],
    ["a null origin", { eventName: "x", contact, origin: null }, "$.origin", "string"],
    ["array properties", { eventName: "x", contact, properties: [] }, "$.properties", "object"],
    ["a string total", { eventName: "x", contact, order: { totalPrice: "27.5" } }, "$.order.totalPrice", "number"],
    [
      "a lower-case currency",
      { eventName: "x", contact, order: { currency: "usd" } },
      "$.order.currency",
      expect.stringContaining("^[A-Z]{3}$"),
    ],
    [
      "a relative recovery URL",
      { eventName: "x", contact, order: { cartRecoveryURL: "/cart/9" } },
      "$.order.cartRecoveryURL",
      "absolute URI",
    ],
    ["lineItems as an object", { eventName: "x", contact, lineItems: {} }, "$.lineItems", "an array of line items"],
    [
      "a line item without productID",
      { eventName: "x", contact, lineItems: [{ price: 1 }] },
      "$.lineItems[0].productID",
      "string",
    ],
    [
      "a line item quantity 0",
      { eventName: "x", contact, lineItems: [{ productID: "p", quantity: 0 }] },
      "$.lineItems[0].quantity",
      "integer ≥ 1",
    ],
    [
      "a fractional quantity",
      { eventName: "x", contact, lineItems: [{ productID: "p", quantity: 1.5 }] },
      "$.lineItems[0].quantity",
      "integer ≥ 1",
    ],
    [
      "an unsafe quantity",
      { eventName: "x", contact, lineItems: [{ productID: "p", quantity: 2 ** 60 }] },
      "$.lineItems[0].quantity",
      "integer ≥ 1",
    ],
    [
      "non-string tags",
      { eventName: "x", contact, lineItems: [{ productID: "p", tags: [1] }] },
      "$.lineItems[0].tags",
      "array of strings",
    ],
    [
      "a non-finite price",
      { eventName: "x", contact, lineItems: [{ productID: "p", price: Number.NaN }] },
      "$.lineItems[0].price",
      "number",
    ],
  ])("should reject %s with an issue at its JSONPath", (_, payload, path, expected) => {
    const r = decodeOmnisend(payload);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toContainEqual(expect.objectContaining({ _tag: "Issue", path, expected }));
  });

  it("should report every issue of a record at once, with the record's path", () => {
    const r = omnisend.decode(
      { value: { eventName: 1, contact: {}, order: { totalPrice: "x" }, lineItems: [{ quantity: 0 }] }, path: "$[4]" },
      {},
    );
    expect(errorPaths(r).sort()).toEqual(
      [
        "$[4].contact",
        "$[4].eventName",
        "$[4].lineItems[0].productID",
        "$[4].lineItems[0].quantity",
        "$[4].order.totalPrice",
      ].sort(),
    );
  });

  it("should be registered under its id", () => {
    expect(codecOf("omnisend")).toBe(omnisend);
    expect(omnisend.explode({ eventName: "x" }, "$")).toEqual({ ok: true, value: [{ value: { eventName: "x" }, path: "$" }] });
  });
});

describe("encoding omnisend", () => {
  it("should refuse an event without a contact identifier and say so", () => {
    for (const identity of [
      undefined,
      {},
      { userId: "u-1", anonymousId: "a-1" },
      { email: null },
      { omnisendContactId: "", phone: "" },
    ]) {
      const r = encodeOmnisend({ type: "order_completed", name: "Order Completed", identity } as CanonicalEvent);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.errors).toHaveLength(1);
        expect(r.errors[0]?.path).toBe("$.identity");
        expect(r.errors[0]?.message).toMatch(/contact identifier/);
      }
    }
  });

  it("should name an invalid email when it was the only identifier", () => {
    const r = encodeOmnisend({ type: "custom", name: "x", identity: { email: "not-an-email", userId: "u" } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]?.message).toMatch(/not-an-email/);
  });

  it("should drop an invalid email beside another identifier", () => {
    const losses = exactLosses({ type: "custom", name: "x", identity: { email: "nope", omnisendContactId: "c" } });
    expect(losses.map((l) => [l.path, l.kind])).toEqual([["$.identity.email", "dropped"]]);
  });

  it("should upper-case a lower-case currency and report it as coerced", () => {
    const { value, losses } = encoded({
      type: "order_completed",
      name: "placed order",
      identity: contact,
      order: { currency: "usd", total: 1 },
    });
    expect(value.order).toEqual({ currency: "USD", totalPrice: 1 });
    expect(losses).toEqual([{ path: "$.order.currency", kind: "coerced", value: "usd", to: "USD", reason: expect.any(String) }]);
  });

  it.each(["US", "USDT", "€€€", "", "u$d", 840])("should refuse the currency %j", (currency) => {
    const r = encodeOmnisend({
      type: "order_completed",
      name: "placed order",
      identity: contact,
      order: { currency },
    } as unknown as CanonicalEvent);
    expect(errorPaths(r)).toEqual(["$.order.currency"]);
  });

  it("should drop a null currency rather than invent one", () => {
    const { value, losses } = encoded({
      type: "order_completed",
      name: "placed order",
      identity: contact,
      order: { currency: null, total: 5 },
    });
    expect(value.order).toEqual({ totalPrice: 5 });
    expect(losses.map((l) => [l.path, l.kind])).toEqual([["$.order.currency", "dropped"]]);
  });

  it.each([0, -1, -100])("should refuse a line-item quantity of %d instead of writing 1", (quantity) => {
    const r = encodeOmnisend({
      type: "order_completed",
      name: "placed order",
      identity: contact,
      products: [
        { id: "a", quantity: 1 },
        { id: "b", quantity },
      ],
    });
    expect(errorPaths(r)).toEqual(["$.products[1].quantity"]);
  });

  it("should report every encode error at once", () => {
    const r = encodeOmnisend({
      type: "order_completed",
      name: "placed order",
      order: { currency: "dollars" },
      products: [{ id: "a", quantity: 0 }],
    });
    expect(errorPaths(r).sort()).toEqual(["$.identity", "$.order.currency", "$.products[0].quantity"]);
  });

  it("should respell a time without seconds as RFC 3339 and report it as coerced", () => {
    for (const [from, to] of [
      ["2024-02-01T08:00Z", "2024-02-01T08:00:00Z"],
      ["2024-02-01T08:00+05:30", "2024-02-01T08:00:00+05:30"],
      ["2024-02-01T08:00:00,123Z", "2024-02-01T08:00:00.123Z"],
    ]) {
      const { value, losses } = encoded({ type: "custom", name: "x", identity: contact, occurredAt: from });
      expect(value.eventTime).toBe(to);
      expect(losses).toEqual([{ path: "$.occurredAt", kind: "coerced", value: from, to, reason: expect.any(String) }]);
    }
  });

  it("should keep an RFC 3339 time exactly as spelled", () => {
    for (const t of ["2024-02-01T08:00:00Z", "2024-02-01t08:00:00.123456789-0800", "2024-02-29T23:59:59+14:00"]) {
      expect(encoded({ type: "custom", name: "x", identity: contact, occurredAt: t })).toEqual({
        value: { eventName: "x", eventTime: t, contact },
        losses: [],
      });
    }
  });

  it("should report what Omnisend cannot carry as dropped, exactly", () => {
    const losses = exactLosses({
      type: "order_completed",
      name: "Order Completed",
      id: null,
      occurredAt: null,
      identity: { userId: "u", anonymousId: "a", email: "pat@example.com", redoCustomerId: "r" },
      customer: { firstName: "Pat" },
      order: {
        id: "1",
        revenue: 25,
        shipping: 3,
        tax: 2,
        checkoutId: "c",
        affiliation: "G",
        value: 1,
        recoveryUrl: "not a url",
        number: null,
      },
      products: [
        { id: "p", variant: "red", category: "Games", coupon: "X", position: 1, currency: "USD", url: "/rel", properties: {} },
        { name: "no id" },
        null as unknown as JsonObject,
      ],
      list: { id: "l" },
      search: { query: "q" },
      promotion: {},
      checkout: { step: 2 },
      coupon: { id: "c" },
      review: { rating: 5 },
      value: { amount: 1, currency: "USD" },
      page: { url: "https://x.example" },
      device: { ip: "1.2.3.4" },
      attribution: { source: "google" },
      properties: { keep: true },
      extensions: { customerio: { context: {} } },
    });
    // every field without a key of its own travels in properties (or the line item's extra keys);
    // dropped: nulls and values the seed schema types otherwise, empty objects, products that are
    // not line items, another format's extension
    expect(losses.map((l) => `${l.kind} ${l.path}`).sort()).toEqual(
      [
        "renamed $.name",
        "dropped $.id",
        "dropped $.occurredAt",
        "dropped $.order.recoveryUrl",
        "dropped $.order.number",
        "dropped $.products[0].url",
        "dropped $.products[0].properties",
        "dropped $.products[1]",
        "dropped $.products[2]",
        "dropped $.promotion",
        "dropped $.extensions.customerio",
      ].sort(),
    );
  });

  it("should write product custom fields as line-item keys but never over a line-item field", () => {
    const { value, losses } = encoded({
      type: "product_added",
      name: "added product to cart",
      identity: contact,
      products: [
        { id: "p", name: "Scarf", properties: JSON.parse('{"color":"red","title":"Other","quantity":0,"__proto__":1}') },
      ],
    });
    expect(value.lineItems).toEqual([JSON.parse('{"productID":"p","title":"Scarf","color":"red","__proto__":1}')]);
    expect(losses.map((l) => l.path).sort()).toEqual(["$.products[0].properties.quantity", "$.products[0].properties.title"]);
  });

  it("should keep extensions.omnisend keys and drop those written from canonical fields", () => {
    const event = {
      type: "custom",
      name: "x",
      identity: contact,
      extensions: {
        omnisend: {
          origin: "pos",
          envelope: { eventVersion: "v2", eventName: "sneaky", contact: {} },
          contact: { locale: "en", email: "other@example.com" },
          order: { note: "hi", totalPrice: 5 },
          unknown: 1,
        },
      },
    };
    const { value } = encoded(event);
    expect(value).toStrictEqual({
      eventName: "x",
      origin: "pos",
      contact: { locale: "en", email: "pat@example.com" },
      order: { note: "hi" },
      eventVersion: "v2",
    });
    const losses = exactLosses(event);
    expect(losses.map((l) => l.path).sort()).toEqual(
      [
        "$.extensions.omnisend.contact.email",
        "$.extensions.omnisend.envelope.contact",
        "$.extensions.omnisend.envelope.eventName",
        "$.extensions.omnisend.order.totalPrice",
        "$.extensions.omnisend.unknown",
      ].sort(),
    );
  });

  it("should never throw on values the canonical types do not allow", () => {
    for (const bad of [null, 1, "x", [], { type: "nope", name: "x" }, { type: "custom", name: "" }, { type: "custom" }]) {
      const r = encodeOmnisend(bad as unknown as CanonicalEvent);
      expect(r.ok).toBe(false);
    }
    const r = encodeOmnisend({
      type: "custom",
      name: "x",
      identity: contact,
      products: "p",
      properties: 1,
      extensions: [],
    } as unknown as CanonicalEvent);
    expect(r.ok && r.value.losses.map((l) => l.path).sort()).toEqual(["$.extensions", "$.products", "$.properties"]);
  });
});

describe("cases fast-check found", () => {
  it("should treat an own constructor key of a line item as data through canonical JSON", () => {
    const payload = JSON.parse(
      '{"eventName":"Product List Viewed","contact":{"phone":"+14155550100"},"lineItems":[{"constructor":[],"productID":""}]}',
    );
    const event = decoded(payload);
    expect(event.products?.[0]?.properties).toEqual(JSON.parse('{"constructor":[]}'));
    const validated = canonical.decode({ value: JSON.parse(JSON.stringify(event)), path: "$" }, {});
    if (!validated.ok) expect.unreachable(JSON.stringify(validated.errors));
    const back = encoded(validated.value);
    expect(jsonDifferences(back.value, payload)).toEqual([]);
    expect(Object.getOwnPropertyNames((back.value.lineItems as Array<JsonObject>)[0])).toEqual(["productID", "constructor"]);
    expect(back.losses).toEqual([]);
  });
});

describe("cases fast-check found (canonical → omnisend → canonical)", () => {
  // seed 1964134411: a custom property named as a carried field (name: null) is read back as
  // promotion.name; the encoder reports it moved there, and both ends count as reported.
  it("should report a custom property read back as a carried field as moved, covering where it lands", () => {
    const event = {
      type: "product_list_viewed",
      name: "Product List Viewed",
      properties: { name: null },
      identity: { phone: "+14155550100" },
    };
    const { value, losses } = encoded(event);
    expect(value.properties).toEqual({ name: null });
    expect(losses).toEqual([expect.objectContaining({ path: "$.properties.name", kind: "moved", to: "$.promotion.name" })]);
    const back = decoded(value);
    expect(back.promotion).toEqual({ name: null });
    expect(uncovered(jsonDiff(event, back), losses)).toEqual({ unreported: [], overreported: [] });
  });
});

describe("cases fast-check found (a carried field and a custom property under one key)", () => {
  // 5,000 runs: promotion.name and a custom property "name" both want properties.name
  it("should write the canonical field and report the custom property it displaces", () => {
    const event = {
      type: "product_list_viewed",
      name: "Product List Viewed",
      promotion: { name: "Spring" },
      properties: { name: "custom" },
      identity: { email: "pat@example.com" },
    };
    const { value, losses } = encoded(event);
    expect(value.properties).toEqual({ name: "Spring" });
    expect(losses).toEqual([
      expect.objectContaining({
        path: "$.properties.name",
        kind: "dropped",
        value: "custom",
        reason: "the key name is written from promotion.name",
      }),
    ]);
    const back = decoded(value);
    expect(back.promotion).toEqual({ name: "Spring" });
    expect(uncovered(jsonDiff(event, back), losses)).toEqual({ unreported: [], overreported: [] });
  });
});

describe("edge cases of the loss report", () => {
  it("should report an empty canonical order that only unknown order keys accompany", () => {
    const losses = exactLosses({
      type: "custom",
      name: "x",
      identity: contact,
      order: {},
      extensions: { omnisend: { order: { note: 1 } } },
    });
    expect(losses.map((l) => [l.path, l.kind])).toEqual([["$.order", "dropped"]]);
  });

  it("should report empty extension objects that cannot come back", () => {
    const losses = exactLosses({
      type: "custom",
      name: "x",
      identity: contact,
      extensions: { omnisend: { envelope: {}, contact: {}, order: {} } },
    });
    expect(losses.map((l) => l.path).sort()).toEqual([
      "$.extensions.omnisend.contact",
      "$.extensions.omnisend.envelope",
      "$.extensions.omnisend.order",
    ]);
    expect(exactLosses({ type: "custom", name: "x", identity: contact, extensions: {} }).map((l) => l.path)).toEqual([
      "$.extensions",
    ]);
  });

  it("should round-trip types without a predefined name spelled as Customer.io spells them", () => {
    const types: ReadonlyArray<EventType> = ["page_viewed", "product_removed", "payment_info_entered"];
    for (const type of types)
      expect(exactLosses({ type, name: omnisendEventName(type) as string, identity: contact })).toEqual([]);
  });
});
