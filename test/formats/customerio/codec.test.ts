import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { CanonicalEvent } from "../../../src/canonical/model.js";
import { EVENT_NAME_TABLE, SEGMENT_ALIASES } from "../../../src/canonical/names.js";
import { jsonEqual } from "../../../src/core/json.js";
import { customerio, decodeCustomerio, encodeCustomerio, segment } from "../../../src/formats/customerio/codec.js";
import { validateTrackBody } from "../../support/customerio-spec.js";

const fixture = (name: string): Array<Record<string, unknown>> =>
  readFileSync(fileURLToPath(new URL(`../../fixtures/customerio/${name}`, import.meta.url)), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l));

const TYPE_OF = new Map<string, string>(EVENT_NAME_TABLE.map((r) => [r.customerio, r.type]));

const roundTrip = (payload: unknown) => {
  const decoded = decodeCustomerio(payload);
  if (!decoded.ok) throw new Error(JSON.stringify(decoded.errors));
  const encoded = encodeCustomerio(decoded.value);
  if (!encoded.ok) throw new Error(JSON.stringify(encoded.errors));
  return { event: decoded.value, value: encoded.value.value, losses: encoded.value.losses };
};

describe("customerio golden fixtures", () => {
  const spec = fixture("spec-examples.ndjson");
  it("covers all 28 semantic events of the seed OpenAPI, known and anonymous", () => {
    expect(new Set(spec.map((p) => p.event)).size).toBe(28);
    expect(spec.length).toBe(56);
  });
  for (const payload of spec) {
    const who = payload.userId !== undefined ? "known" : "anonymous";
    it(`${payload.event} (${who} user, seed example) decodes to its type and round-trips exactly`, () => {
      const { event, value, losses } = roundTrip(payload);
      expect(event.type).toBe(TYPE_OF.get(payload.event as string));
      expect(event.type).not.toBe("custom");
      expect(losses).toEqual([]);
      expect(value).toEqual(payload);
      expect(validateTrackBody(value), JSON.stringify(validateTrackBody.errors)).toBe(true);
    });
  }
  for (const payload of fixture("segment-spec-examples.ndjson")) {
    it(`Segment Spec example "${payload.event}" round-trips exactly through segment`, () => {
      const decoded = segment.decode({ value: payload, path: "$" }, {});
      if (!decoded.ok) throw new Error(JSON.stringify(decoded.errors));
      expect(decoded.value.type).toBe(TYPE_OF.get(payload.event as string));
      const encoded = segment.encode(decoded.value, {});
      expect(encoded.ok && encoded.value.losses).toEqual([]);
      expect(encoded.ok && jsonEqual(encoded.value.value, payload)).toBe(true);
    });
  }
  it("writes the Segment example's string rating to customerio only as the spec allows, reporting the loss", () => {
    const payload = fixture("segment-spec-examples.ndjson").find((p) => p.event === "Product Reviewed");
    const { value, losses } = roundTrip(payload);
    expect((value as { properties: Record<string, unknown> }).properties.rating).toBeUndefined();
    expect(losses.map((l) => [l.path, l.kind, l.value])).toEqual([["$.properties.rating", "dropped", "5"]]);
    expect(validateTrackBody(value)).toBe(true);
  });
});

describe("customerio mapping", () => {
  it("lifts an Order Completed into the canonical order, products and identity", () => {
    const { event } = roundTrip({
      userId: "u-100",
      type: "track",
      event: "Order Completed",
      timestamp: "2024-02-01T08:00:00+05:30",
      messageId: "msg-100",
      properties: {
        order_id: "50314b8e9bcf000000000000",
        total: 27.5,
        currency: "USD",
        products: [{ product_id: "p1", price: 19, quantity: 1, gift_wrap: true }],
        note: "",
      },
      context: { traits: { email: "pat@example.com", plan: "pro" }, ip: "1.2.3.4", page: { url: "https://x.test/" } },
    });
    expect(event).toEqual({
      type: "order_completed",
      name: "Order Completed",
      id: "msg-100",
      occurredAt: "2024-02-01T08:00:00+05:30",
      identity: { userId: "u-100", email: "pat@example.com" },
      // `note` is where other formats carry an order's note (Omnisend's name for it)
      order: { id: "50314b8e9bcf000000000000", total: 27.5, currency: "USD", note: "" },
      products: [{ id: "p1", price: 19, quantity: 1, properties: { gift_wrap: true } }],
      device: { ip: "1.2.3.4" },
      page: { url: "https://x.test/" },
      extensions: { customerio: { context: { traits: { plan: "pro" } } } },
    });
  });

  it("spreads a single-product event's product over properties and back", () => {
    const { event, value } = roundTrip({
      type: "track",
      anonymousId: "a",
      event: "Product Viewed",
      properties: { product_id: "p", price: 0, currency: "JPY", value: 0 },
    });
    expect(event.products).toEqual([{ id: "p", price: 0 }]);
    expect(event.value).toEqual({ amount: 0, currency: "JPY" });
    expect((value as { properties: unknown }).properties).toEqual({ product_id: "p", price: 0, currency: "JPY", value: 0 });
  });

  it("gives a single-product event without product fields no product, and a product field of the wrong kind an error or its null", () => {
    const none = roundTrip({ type: "track", anonymousId: "a", event: "Product Viewed", properties: { shelf: "top" } });
    expect(none.event.products).toBeUndefined();
    expect(none.event.properties).toEqual({ shelf: "top" });
    const wrong = decodeCustomerio({
      type: "track",
      anonymousId: "a",
      event: "Product Added",
      properties: { sku: 7, name: "Mug" },
    });
    expect(wrong.ok ? [] : wrong.errors.map((e) => e.path)).toEqual(["$.properties.sku"]);
    // a lenient field takes null (the generated switch and the table agree)
    const lenient = roundTrip({
      type: "track",
      anonymousId: "a",
      event: "Product Added",
      properties: { discount: null, name: "Mug" },
    });
    expect(lenient.event.products).toEqual([{ name: "Mug", discount: null }]);
    expect(Object.keys(lenient.event.products?.[0] ?? {})).toEqual(["discount", "name"]);
    // a list field alone goes through the table's rule, and still makes the product
    const list = roundTrip({ type: "track", anonymousId: "a", event: "Product Added", properties: { tags: ["a", "b"] } });
    expect(list.event.products).toEqual([{ tags: ["a", "b"] }]);
    expect((list.value as { properties: unknown }).properties).toEqual({ tags: ["a", "b"] });
    expect((lenient.value as { properties: unknown }).properties).toEqual({ discount: null, name: "Mug" });
  });

  it("decodes every Segment v1 / GA alias to its type and encodes back the spelling it came in", () => {
    for (const [alias, type] of Object.entries(SEGMENT_ALIASES)) {
      const { event, value } = roundTrip({ type: "track", userId: "u", event: alias });
      expect(event.type).toBe(type);
      expect((value as { event: string }).event).toBe(alias);
    }
  });

  it("writes the Customer.io spelling for a name from another format, and reports the rename", () => {
    const r = encodeCustomerio({ type: "order_completed", name: "placed order", identity: { email: "a@b.c", userId: "u" } });
    expect(r.ok && (r.value.value as { event: string }).event).toBe("Order Completed");
    expect(r.ok && r.value.losses.map((l) => [l.path, l.kind])).toEqual([["$.name", "renamed"]]);
  });

  it("carries the parts an event type has no place for in properties, under their Segment names, and reads them back", () => {
    const event = {
      type: "product_viewed",
      name: "Product Viewed",
      identity: { userId: "u" },
      review: { body: "b" },
      search: { query: "q" },
      order: { id: "o" },
    } as CanonicalEvent;
    const r = encodeCustomerio(event);
    expect(r.ok && r.value.losses).toEqual([]);
    expect(r.ok && (r.value.value as { properties: unknown }).properties).toEqual({ orderID: "o", query: "q", review_body: "b" });
    const back = decodeCustomerio(r.ok ? r.value.value : undefined);
    expect(back.ok && back.value).toEqual(event);
  });

  it("reports what it cannot carry, in the model's part order, whatever the event's key order", () => {
    const r = encodeCustomerio({
      type: "product_viewed",
      name: "Product Viewed",
      identity: { userId: "u" },
      review: { body: null },
      search: { query: "q" },
      order: { total: null },
    } as unknown as CanonicalEvent);
    expect(r.ok && r.value.losses.map((l) => [l.path, l.kind])).toEqual([["$.order.total", "dropped"]]);
  });

  it("keeps a custom event's name and properties verbatim, nulls, zeros and empty strings included", () => {
    const payload = {
      type: "track",
      userId: "u-107",
      event: "Newsletter Signed Up",
      properties: { list: "weekly", count: 0, ok: true, none: null, empty: "" },
    };
    const { event, value } = roundTrip(payload);
    expect(event.type).toBe("custom");
    expect(event.properties).toEqual(payload.properties);
    expect(value).toEqual(payload);
  });

  it("keeps timestamps exactly as spelled: offsets, no milliseconds, nanoseconds", () => {
    for (const ts of [
      "2024-02-01T08:00:00Z",
      "2024-02-01T08:00Z",
      "2024-02-01T08:00:00.123456789-03:00",
      "2024-02-29T23:59:59+0545",
    ]) {
      const { event, value } = roundTrip({ type: "track", userId: "u", event: "x", timestamp: ts });
      expect(event.occurredAt).toBe(ts);
      expect((value as { timestamp: string }).timestamp).toBe(ts);
    }
  });

  it("keeps envelope fields untouched: sentAt, receivedAt, originalTimestamp, integrations, _metadata, version, unknown keys", () => {
    const payload = {
      type: "track",
      userId: "u",
      event: "Cart Viewed",
      sentAt: "2024-01-01T00:00:01.000Z",
      receivedAt: "2024-01-01T00:00:02.000Z",
      originalTimestamp: "2024-01-01T00:00:00.000Z",
      integrations: { All: false, Mixpanel: true },
      _metadata: { bundled: ["Segment.io"], unbundled: [] },
      version: 2,
      channel: "server",
      context: { library: { name: "analytics-node", version: "1.0" }, locale: "en-US" },
    };
    const { event, value } = roundTrip(payload);
    expect(event.extensions?.customerio).toEqual({
      envelope: {
        sentAt: payload.sentAt,
        receivedAt: payload.receivedAt,
        originalTimestamp: payload.originalTimestamp,
        integrations: payload.integrations,
        _metadata: payload._metadata,
        version: 2,
        channel: "server",
      },
      context: payload.context,
    });
    expect(value).toEqual(payload);
  });

  it("reads the email from properties.email when context.traits has none, and writes it back there", () => {
    const payload = { type: "track", userId: "u", event: "Order Completed", properties: { email: "pat@example.com", total: 1 } };
    const { event, value } = roundTrip(payload);
    expect(event.identity?.email).toBe("pat@example.com");
    expect(event.properties).toBeUndefined();
    expect(value).toEqual(payload);
  });

  it("keeps __proto__ and constructor keys as data and pollutes no prototype", () => {
    const payload = JSON.parse(
      '{"type":"track","userId":"u","event":"Order Completed","properties":{"__proto__":{"polluted":true},"constructor":1,"products":[{"__proto__":{"x":1},"product_id":"p"}]},"context":{"__proto__":{"y":1}}}',
    );
    const { event, value } = roundTrip(payload);
    expect(Object.hasOwn(event.properties ?? {}, "__proto__")).toBe(true);
    expect(Object.hasOwn(event.products?.[0]?.properties ?? {}, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(jsonEqual(value, payload)).toBe(true);
  });

  it("reads a Customer.io batch envelope and keeps its other fields with each event", () => {
    const r = customerio.explode(
      {
        batch: [
          { type: "track", userId: "u", event: "x" },
          { type: "track", userId: "v", event: "y" },
        ],
        sentAt: "2024-01-01T00:00:00Z",
      },
      "$",
    );
    expect(r.ok && r.value.map((x) => x.path)).toEqual(["$.batch[0]", "$.batch[1]"]);
    const first = r.ok ? r.value[0] : undefined;
    const decoded = first ? customerio.decode(first, {}) : undefined;
    expect(decoded?.ok && decoded.value.extensions?.customerio?.batch).toEqual({ sentAt: "2024-01-01T00:00:00Z" });
  });
});

describe("customerio bad input", () => {
  const reasons = (input: unknown) => {
    const r = decodeCustomerio(input);
    expect(r.ok).toBe(false);
    return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.expected}`);
  };
  it("rejects a missing userId and anonymousId", () => {
    expect(reasons({ type: "track", event: "Product Added", properties: { product_id: "x" } })).toEqual([
      "$: a non-empty userId or anonymousId",
    ]);
  });
  it("rejects an impossible timestamp", () => {
    expect(reasons({ type: "track", userId: "u", event: "x", timestamp: "2025-13-01T00:00:00Z" })).toEqual([
      "$.timestamp: an ISO-8601 date-time with a real calendar date",
    ]);
    expect(reasons({ type: "track", userId: "u", event: "x", timestamp: "2026-02-29T00:00:00Z" })).toHaveLength(1);
  });
  it("rejects products that is not an array", () => {
    expect(reasons({ type: "track", userId: "u", event: "Cart Viewed", properties: { products: { 0: {} } } })).toEqual([
      "$.properties.products: array of product objects",
    ]);
  });
  it("rejects a price or quantity that is a string, naming the path", () => {
    expect(reasons({ type: "track", userId: "u", event: "Product Added", properties: { quantity: "2" } })).toEqual([
      "$.properties.quantity: integer",
    ]);
    expect(
      reasons({ type: "track", userId: "u", event: "Order Completed", properties: { products: [{ price: "19" }] } }),
    ).toEqual(["$.properties.products[0].price: number"]);
  });
  it("rejects an empty event name, a non-object and a wrong type", () => {
    expect(reasons({ type: "track", userId: "u", event: "" })).toEqual(["$.event: a non-empty event name"]);
    expect(reasons("just a string")).toEqual(["$: a track call object"]);
    expect(reasons({ type: "identify", userId: "u", event: "x" })).toEqual(['$.type: "track" (or "page", "screen")']);
  });
  it("reports every problem of a record at once", () => {
    expect(reasons({ type: "track", event: "", properties: [] })).toHaveLength(3);
  });
});

describe("customerio encode losses (counterexamples kept from fast-check)", () => {
  it("reports an empty custom-field object of a spread product, which cannot survive", () => {
    const r = encodeCustomerio({
      type: "product_shared",
      name: "Product Shared",
      identity: { userId: " " },
      products: [{ currency: "USD", properties: {} }],
    });
    expect(r.ok && r.value.losses.map((l) => l.path)).toContain("$.products[0].properties");
  });
  it("reports nothing for an event property equal to the one a spread product wrote under the same key", () => {
    const r = encodeCustomerio({
      type: "wishlist_product_added_to_cart",
      name: "Wishlist Product Added to Cart",
      identity: { anonymousId: " " },
      products: [{ properties: { hasOwnProperty: false } }],
      properties: { hasOwnProperty: false },
    });
    expect(r.ok && r.value.losses.map((l) => [l.path, l.kind])).toEqual([["$.products[0].properties.hasOwnProperty", "moved"]]);
  });
  it("writes no null where the seed spec wants a typed value, and reports it", () => {
    const r = encodeCustomerio({
      type: "order_completed",
      name: "Order Completed",
      identity: { userId: "u" },
      order: { total: null, currency: "USD" },
    });
    expect(r.ok && r.value.value).toEqual({
      type: "track",
      event: "Order Completed",
      userId: "u",
      properties: { currency: "USD" },
    });
    expect(r.ok && r.value.losses.map((l) => [l.path, l.kind])).toEqual([["$.order.total", "dropped"]]);
  });
  it("reads a null in a spec field as a custom property, and does not write it back against the spec", () => {
    const payload = {
      type: "track",
      userId: "u",
      event: "Order Completed",
      timestamp: null,
      properties: { total: null, products: null, note: null },
    };
    const { event, value, losses } = roundTrip(payload);
    expect(event.order).toBeUndefined();
    expect(event.occurredAt).toBeNull();
    expect(event.properties).toEqual({ total: null, products: null, note: null });
    expect(value).toEqual({ type: "track", userId: "u", event: "Order Completed", properties: { note: null } });
    expect(losses.map((l) => [l.path, l.kind])).toEqual([
      ["$.occurredAt", "dropped"],
      ["$.properties.total", "dropped"],
      ["$.properties.products", "dropped"],
    ]);
  });
  it("drops a canonical rating that is not an integer instead of writing it against the spec (fast-check counterexample)", () => {
    const r = encodeCustomerio({
      type: "product_reviewed",
      name: "Product Reviewed",
      identity: { userId: "u" },
      review: { rating: 139.99 },
    });
    expect(r.ok && r.value.losses.map((l) => [l.path, l.kind])).toEqual([["$.review.rating", "dropped"]]);
    expect(r.ok && (r.value.value as { properties?: unknown }).properties).toBeUndefined();
  });
  it("reports a first product that is null instead of throwing (property-test counterexample: the generated writers' oracle)", () => {
    for (const [type, name, reason] of [
      ["product_reviewed", "Product Reviewed", "customerio carries one product id on this event"],
      ["product_viewed", "Product Viewed", "customerio spreads exactly one product over this event's properties"],
    ] as const) {
      const r = encodeCustomerio({ type, name, identity: { userId: "u" }, products: [null as never] });
      expect(r.ok && r.value.losses.map((l) => [l.path, l.kind, l.reason])).toEqual([["$.products", "dropped", reason]]);
    }
  });
  it("says a kind with its article in loss reasons (an integer, an array)", () => {
    const r = encodeCustomerio({
      type: "order_completed",
      name: "Order Completed",
      identity: { userId: "u" },
      products: [{ id: "p", quantity: 1.5 }],
    });
    expect(r.ok && r.value.losses.map((l) => l.reason)).toEqual(["customerio's spec requires quantity to be an integer"]);
  });
  it("refuses to encode an event without userId or anonymousId, saying how to supply one", () => {
    const r = encodeCustomerio({ type: "custom", name: "x", identity: { email: "a@b.c" } });
    expect(r.ok).toBe(false);
    expect(r.ok ? "" : r.errors[0]?.message).toMatch(/identity/);
  });
});

describe("customerio carries the product lists beside products", () => {
  const refund: CanonicalEvent = {
    type: "order_refunded",
    name: "Order Refunded",
    identity: { userId: "u-1" },
    order: { id: "o-1", total: 12.5, currency: "EUR" },
    refundedProducts: [
      { id: "p-1", name: "Mug", price: 12.5, quantity: 1 },
      { id: "p-2", sku: "S-2", properties: { gift: true } },
    ],
    cartProducts: [{ id: "p-9", price: 3 }],
  };

  it("should write refundedProducts and cartProducts in properties as an order's products and read them back", () => {
    const r = encodeCustomerio(refund);
    if (!r.ok) expect.unreachable(JSON.stringify(r.errors));
    const props = (r.value.value as { properties: Record<string, unknown> }).properties;
    expect(props.refunded_products).toEqual([
      { product_id: "p-1", name: "Mug", price: 12.5, quantity: 1 },
      { product_id: "p-2", sku: "S-2", gift: true },
    ]);
    expect(props.cart_products).toEqual([{ product_id: "p-9", price: 3 }]);
    expect(r.value.losses).toEqual([]);
    expect(validateTrackBody(r.value.value), JSON.stringify(validateTrackBody.errors)).toBe(true);
    const back = decodeCustomerio(r.value.value);
    if (!back.ok) expect.unreachable(JSON.stringify(back.errors));
    expect(back.value).toEqual(refund);
  });

  it("should keep a property of that name holding no products as a custom property, unreported", () => {
    const call = {
      type: "track",
      event: "Order Refunded",
      userId: "u-1",
      properties: { order_id: "o-1", cart_products: "none", refunded_products: [{ price: "free" }] },
    };
    const d = decodeCustomerio(call);
    if (!d.ok) expect.unreachable(JSON.stringify(d.errors));
    expect(d.value.cartProducts).toBeUndefined();
    expect(d.value.refundedProducts).toBeUndefined();
    expect(d.value.properties).toEqual({ cart_products: "none", refunded_products: [{ price: "free" }] });
    const e = encodeCustomerio(d.value);
    if (!e.ok) expect.unreachable(JSON.stringify(e.errors));
    expect(e.value.value).toEqual(call);
    expect(e.value.losses).toEqual([]);
  });

  it("should report a custom property the decoder would read as a product list as moved, and one the list displaces as dropped", () => {
    const moved = encodeCustomerio({
      ...refund,
      refundedProducts: undefined,
      cartProducts: undefined,
      properties: { cart_products: [{ product_id: "x" }] },
    } as CanonicalEvent);
    if (!moved.ok) expect.unreachable(JSON.stringify(moved.errors));
    expect(moved.value.losses).toEqual([
      expect.objectContaining({ path: "$.properties.cart_products", kind: "moved", to: "$.cartProducts" }),
    ]);
    const displaced = encodeCustomerio({ ...refund, properties: { cart_products: "mine" } });
    if (!displaced.ok) expect.unreachable(JSON.stringify(displaced.errors));
    expect(displaced.value.losses).toEqual([
      expect.objectContaining({
        path: "$.properties.cart_products",
        kind: "dropped",
        value: "mine",
        reason: "the key cart_products is written from cartProducts",
      }),
    ]);
  });
});
