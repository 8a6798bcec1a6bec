/**
 * The `redo` codec: the seed's golden examples, the mapping, the limits, the input forms, bulk
 * requests, and the counterexamples fast-check found (kept as named cases).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { validateRedoBulk, validateRedoEvent } from "../../../property-tests/arbitraries/redo.js";
import type { CanonicalEvent } from "../../../src/canonical/model.js";
import { jsonEqual, pathKey } from "../../../src/core/json.js";
import { codecOf } from "../../../src/formats/index.js";
import { decodeRedo, encodeRedo, REDO_LIMITS, redo, redoEventName } from "../../../src/formats/redo/index.js";
import { recordsOf, translate } from "../../../src/translate.js";

type Json = Record<string, unknown>;
const fixture = (name: string): Json =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../../fixtures/redo/${name}.json`, import.meta.url)), "utf8")) as Json;

const ok = <A>(r: { ok: true; value: A } | { ok: false; errors: ReadonlyArray<unknown> }): A => {
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
};
const errorsOf = (r: { ok: boolean; errors?: ReadonlyArray<{ path: string; message: string }> }) => {
  expect(r.ok).toBe(false);
  return r.errors ?? [];
};
const valid = (v: unknown) => {
  expect(validateRedoEvent(v) ? [] : validateRedoEvent.errors).toEqual([]);
};

/** decode then encode: the canonical event, the payload written back and the losses. */
const roundTrip = (payload: unknown) => {
  const event = ok(decodeRedo(payload));
  const encoded = ok(encodeRedo(event));
  return { event, value: encoded.value as Json, losses: encoded.losses };
};

/** encode then decode: the payload and the canonical event read back. */
const back = (event: CanonicalEvent) => {
  const encoded = ok(encodeRedo(event));
  valid(encoded.value);
  return { value: encoded.value as Json, losses: encoded.losses, event: ok(decodeRedo(encoded.value)) };
};

describe("redo golden fixtures (seed 002: the request and bulk examples)", () => {
  for (const name of ["full_example", "medium_example", "minimal"]) {
    it(`${name} is schema-valid, round-trips exactly and reports no loss`, () => {
      const payload = fixture(name);
      valid(payload);
      const { value, losses } = roundTrip(payload);
      expect(losses).toEqual([]);
      expect(value).toEqual(payload);
      valid(value);
    });
  }

  it("full_example decodes every field to its canonical place", () => {
    const { event } = roundTrip(fixture("full_example"));
    expect(event).toMatchObject({
      type: "custom",
      name: "Purchase Milestone Reached",
      id: "milestone-test-001",
      occurredAt: "2026-04-02T12:00:00Z",
      value: { amount: 299.99, currency: "USD" },
      identity: { redoCustomerId: "665f1a2b3c4d5e6f7a8b9c0d", email: "stewart@example.com", phone: "+11234567890" },
      customer: {
        firstName: "Stewart",
        lastName: "Thompson",
        location: { city: "Seattle", stateCode: "WA", postalCode: "98101", timeZone: "America/Los_Angeles", latitude: 47.6062 },
        customFields: {
          "Age at Signup": 25,
          Birthday: "1976-07-04T12:00:00Z",
          "Loyalty Tier": "Gold",
          "Accepts Marketing": true,
        },
      },
      properties: {
        "Milestone Type": "100th_purchase",
        "Total Spent": 5000,
        "Most Recent Order IDs": [1, 2, 3],
        "Profile Snapshot": { tier: "gold", memberSince: "2024-01-01" },
      },
    });
    expect(event.extensions).toBeUndefined();
  });

  it("minimal decodes to a page_viewed event with only an email", () => {
    const { event } = roundTrip(fixture("minimal"));
    expect(event).toEqual({ type: "page_viewed", name: "Page Viewed", identity: { email: "stewart@example.com" } });
  });

  it("mixed_events (bulk) explodes into two records and is written back by batch exactly", () => {
    const bulk = fixture("mixed_events");
    expect(validateRedoBulk(bulk)).toBe(true);
    const records = ok(redo.explode(bulk, "$"));
    expect(records.map((r) => r.path)).toEqual(["$.events[0]", "$.events[1]"]);
    const items = records.map((r) => {
      const event = ok(redo.decode(r, {}));
      const e = ok(redo.encode(event, {}));
      expect(e.losses).toEqual([]);
      return { value: e.value, event };
    });
    const batches = ok(redo.batch?.(items, 100) ?? { ok: false, errors: [] });
    expect(batches).toEqual([bulk]);
    expect(validateRedoBulk(batches[0])).toBe(true);
  });
});

describe("an Order Completed keeps its meaning in redo", () => {
  const segment = {
    userId: "u-100",
    type: "track",
    event: "Order Completed",
    timestamp: "2024-02-01T08:00:00Z",
    messageId: "msg-100",
    properties: {
      order_id: "50314b8e9bcf000000000000",
      total: 27.5,
      discount: 2.5,
      currency: "USD",
      products: [
        { product_id: "507f1f77bcf86cd799439011", price: 19, quantity: 1 },
        { product_id: "505bd76785ebb509fc183733", price: 3, quantity: 2 },
      ],
    },
    context: { traits: { email: "pat@example.com" } },
  };

  it("writes eventName, customer.email, value, valueCurrency and eventTimestamp", () => {
    const r = translate(segment, { from: "customerio", to: "redo" });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const v = r.value as Json;
    valid(v);
    expect(v).toMatchObject({
      eventName: "Order Completed",
      customer: { email: "pat@example.com" },
      value: 27.5,
      valueCurrency: "USD",
      eventTimestamp: "2024-02-01T08:00:00Z",
      uniqueId: "msg-100",
    });
    const extra = (v.data as Json).$extra as Json;
    expect(extra.order).toMatchObject({ id: "50314b8e9bcf000000000000", total: 27.5, discount: 2.5, currency: "USD" });
    expect(extra.products).toEqual([
      { id: "507f1f77bcf86cd799439011", price: 19, quantity: 1 },
      { id: "505bd76785ebb509fc183733", price: 3, quantity: 2 },
    ]);
    expect(extra.identity).toEqual({ userId: "u-100" });
  });

  it("reads back the same canonical event (the value is the order total, not a value of its own)", () => {
    const canonical = ok(codecOf("customerio")?.decode({ value: segment, path: "$" }, {}) ?? { ok: false, errors: [] });
    const { event, losses } = back(canonical);
    expect(losses).toEqual([]);
    expect(event.value).toBeUndefined();
    expect(event).toEqual(canonical);
  });
});

describe("redo mapping", () => {
  const base = { type: "custom", name: "Gift Sent", identity: { email: "pat@example.com" } } as const;

  it("puts segmentable scalars at the top of data and zeros, nulls, empties, objects and arrays under $extra", () => {
    const properties = { note: "hi", count: 3, gift: true, zero: 0, empty: "", none: null, list: [1], obj: { a: 0 }, $extra: 1 };
    const { value, event, losses } = back({ ...base, properties });
    expect(losses).toEqual([]);
    expect(value.data).toEqual({
      note: "hi",
      count: 3,
      gift: true,
      $extra: { zero: 0, empty: "", none: null, list: [1], obj: { a: 0 }, $extra: 1 },
    });
    expect(event.properties).toEqual(properties);
  });

  it("keeps zero-valued prices, quantities and discounts of orders and products", () => {
    const e = {
      ...base,
      type: "order_completed",
      name: "Order Completed",
      order: { id: "o1", total: 0, discount: 0, shipping: 0, currency: "EUR" },
      products: [{ id: "p", price: 0, quantity: 0, discount: 0, properties: { size: "M" } }],
    } as CanonicalEvent;
    const { value, event, losses } = back(e);
    expect(losses).toEqual([]);
    expect(value.value).toBe(0);
    expect(event).toEqual(e);
  });

  it("writes the canonical value as is and no marker when the event has its own value", () => {
    const e = {
      ...base,
      type: "order_completed",
      name: "Order Completed",
      value: { amount: 27.5, currency: "USD" },
      order: { total: 27.5, currency: "USD" },
    } as CanonicalEvent;
    const { value, event } = back(e);
    expect((value.data as Json).$extra).toEqual({ order: { total: 27.5, currency: "USD" } });
    expect(event).toEqual(e);
  });

  it("never defaults a missing currency", () => {
    const { value } = back({ ...base, order: { total: 5 } } as CanonicalEvent);
    expect(value.value).toBe(5);
    expect(value.valueCurrency).toBeUndefined();
  });

  it("maps the customer object to identity and profile, and back", () => {
    const e = {
      ...base,
      identity: { redoCustomerId: "665f1a2b3c4d5e6f7a8b9c0d", phone: "+442071838750" },
      customer: {
        firstName: "Ada",
        location: { timeZone: "Europe/London", latitude: 51.5 },
        customFields: { vip: true, visits: 0, since: "" },
      },
    } as CanonicalEvent;
    const { value, event, losses } = back(e);
    expect(value.customer).toEqual({
      id: "665f1a2b3c4d5e6f7a8b9c0d",
      phoneNumber: "+442071838750",
      firstName: "Ada",
      location: { ianaTimeZoneName: "Europe/London", latitude: 51.5 },
      customFields: { vip: true, visits: 0, since: "" },
    });
    expect(losses).toEqual([]);
    expect(event).toEqual(e);
  });

  it("reports what the customer object cannot hold", () => {
    const { losses } = back({
      ...base,
      identity: { email: "pat@example.com", phone: null },
      customer: { lastName: null, customFields: { tags: ["a"], ok: 1 } },
    } as CanonicalEvent);
    expect(losses.map((l) => [l.path, l.kind])).toEqual([
      ["$.identity.phone", "dropped"],
      ["$.customer.lastName", "dropped"],
      ["$.customer.customFields.tags", "dropped"],
    ]);
  });

  it("reads the redo column and the customerio spellings, case-insensitively, and honours name overrides", () => {
    expect(ok(decodeRedo({ eventName: "order completed", customer: { email: "a@example.com" } })).type).toBe("order_completed");
    expect(ok(decodeRedo({ eventName: "Purchase", customer: { email: "a@example.com" } })).type).toBe("custom");
    const names = { order_completed: "Purchase" } as const;
    expect(ok(decodeRedo({ eventName: "Purchase", customer: { email: "a@example.com" } }, { names })).type).toBe(
      "order_completed",
    );
    const encoded = ok(encodeRedo({ ...base, type: "order_completed", name: "Order Completed" } as CanonicalEvent, { names }));
    expect((encoded.value as Json).eventName).toBe("Purchase");
    expect(encoded.losses).toEqual([
      {
        path: "$.name",
        kind: "renamed",
        value: "Order Completed",
        to: "Purchase",
        reason: "redo names this event type differently",
      },
    ]);
    expect(redoEventName("product_ordered", {})).toBe("Product Ordered");
  });

  it("reports a custom event whose name Redo reads as a semantic type", () => {
    const { losses, event } = back({ ...base, name: "Order Completed" });
    expect(losses).toEqual([expect.objectContaining({ path: "$.type", kind: "coerced", to: "order_completed" })]);
    expect(event.type).toBe("order_completed");
  });

  it("writes an RFC 3339 eventTimestamp, reporting the coercion of a timestamp without seconds", () => {
    const { value, losses } = back({ ...base, occurredAt: "2024-02-01T08:00+05:30" });
    expect(value.eventTimestamp).toBe("2024-02-01T08:00:00+05:30");
    expect(losses).toEqual([expect.objectContaining({ path: "$.occurredAt", kind: "coerced", to: "2024-02-01T08:00:00+05:30" })]);
    expect(back({ ...base, occurredAt: "2024-02-01T08:00:00.123456789-08:00" }).losses).toEqual([]);
  });

  it("carries the other canonical parts in $extra and drops other formats' extensions with a loss", () => {
    const e = {
      ...base,
      identity: { email: "pat@example.com", anonymousId: "anon-1" },
      page: { url: "https://shop.example/p" },
      attribution: { channel: "Email", creator: null },
      checkout: { step: 0 },
      extensions: { omnisend: { origin: "api" } },
    } as CanonicalEvent;
    const { event, losses } = back(e);
    expect(losses).toEqual([expect.objectContaining({ path: "$.extensions.omnisend", kind: "dropped" })]);
    const { extensions: _x, ...rest } = e;
    expect(event).toEqual(rest);
  });

  it("keeps unknown top-level keys of a Redo event in extensions.redo.envelope", () => {
    const payload = { eventName: "x", customer: { email: "a@example.com" }, source: { app: "pos" } };
    const { event, value } = roundTrip(payload);
    expect(event.extensions).toEqual({ redo: { envelope: { source: { app: "pos" } } } });
    expect(value).toEqual(payload);
  });
});

describe("redo round trips of payloads the encoder would not write itself", () => {
  it("keeps a segmentable scalar that the source put under $extra, and a top-level zero", () => {
    const payload = {
      eventName: "x",
      customer: { email: "a@example.com" },
      data: { zero: 0, blank: "", $extra: { note: "hi", n: 2 } },
    };
    const { event, value } = roundTrip(payload);
    expect(event.extensions).toEqual({ redo: { placement: { zero: "data", blank: "data", note: "extra", n: "extra" } } });
    expect(value).toEqual(payload);
  });

  it("keeps a $extra key that repeats a top-level key", () => {
    const payload = { eventName: "x", customer: { email: "a@example.com" }, data: { a: 1, $extra: { a: [1] } } };
    const { event, value } = roundTrip(payload);
    expect(event.properties).toEqual({ a: 1 });
    expect(event.extensions).toEqual({ redo: { extra: { a: [1] } } });
    expect(value).toEqual(payload);
  });

  it("keeps an empty data and an empty $extra", () => {
    for (const data of [{}, { $extra: {} }, { a: "b", $extra: {} }]) {
      const payload = { eventName: "x", customer: { email: "a@example.com" }, data };
      expect(roundTrip(payload).value).toEqual(payload);
    }
  });

  it("reads a $extra entry that does not match a part's table as a custom property", () => {
    const payload = {
      eventName: "x",
      customer: { email: "a@example.com" },
      data: { $extra: { order: { id: 5 }, products: [{ sku: "s", size: "M" }], $value: "order.total" } },
    };
    const { event, value } = roundTrip(payload);
    expect(event.order).toBeUndefined();
    expect(event.products).toBeUndefined();
    expect(event.properties).toEqual(payload.data.$extra);
    expect(value).toEqual(payload);
  });

  it("keeps __proto__ and constructor keys as data, without touching prototypes", () => {
    const payload = JSON.parse(
      '{"eventName":"x","customer":{"email":"a@example.com","customFields":{"__proto__":"v"}},"data":{"__proto__":"top","constructor":1,"$extra":{"__proto__":{"polluted":true}}}}',
    );
    const { event, value } = roundTrip(payload);
    expect(Object.hasOwn(event.properties ?? {}, "__proto__")).toBe(true);
    expect(({} as Json).polluted).toBeUndefined();
    expect(jsonEqual(value, payload)).toBe(true);
  });

  // counterexamples fast-check found, kept by name
  it("fast-check: an empty $extra.identity stays a custom property", () => {
    const payload = {
      eventName: "Product List Viewed",
      customer: { id: "665f1a2b3c4d5e6f7a8b9c0d" },
      data: { $extra: { identity: {} } },
    };
    const { event, value } = roundTrip(payload);
    expect(event.properties).toEqual({ identity: {} });
    expect(value).toEqual(payload);
  });

  it("fast-check: an order with a total but no event value does not gain one", () => {
    const payload = {
      eventName: "Product List Viewed",
      customer: { id: "665f1a2b3c4d5e6f7a8b9c0d" },
      data: { $extra: { order: { total: 0 } } },
    };
    const { event, value } = roundTrip(payload);
    expect(event.extensions).toEqual({ redo: { noValue: true } });
    expect(value).toEqual(payload);
  });

  it("fast-check: a kept $extra entry read back as a property reports the move and the placement it gains", () => {
    const e = {
      type: "product_list_viewed",
      name: "Product List Viewed",
      identity: { email: "a@a.aa" },
      extensions: { redo: { extra: { a: "order.total" } } },
    } as CanonicalEvent;
    const { event, losses } = back(e);
    expect(event.properties).toEqual({ a: "order.total" });
    expect(losses.map((l) => [l.path, l.kind, l.to])).toEqual([
      ["$.extensions.redo.extra.a", "moved", "$.properties.a"],
      ["$.extensions.redo.placement", "defaulted", { a: "extra" }],
    ]);
  });

  it.each([1, 3, 12])(
    "should report every one of %i kept $extra entries read back as properties (a few found by a scan, many by an index)",
    (n) => {
      // integer-like keys come first in a read of $extra, whatever order they were written in
      const extra: Record<string, string> = {};
      for (let i = 0; i < n; i++) extra[i % 3 === 2 ? String(i) : `k${i}`] = `v${i}`;
      const e = {
        type: "product_list_viewed",
        name: "Product List Viewed",
        identity: { email: "a@a.aa" },
        extensions: { redo: { extra } },
      } as CanonicalEvent;
      const { event, losses } = back(e);
      expect(event.properties).toEqual(extra);
      const moved = losses.filter((l) => l.kind === "moved");
      expect(moved.map((l) => [l.path, "to" in l ? l.to : undefined])).toEqual(
        Object.keys(extra).map((k) => [pathKey("$.extensions.redo.extra", k), pathKey("$.properties", k)]),
      );
    },
  );

  it("should list the losses of $extra entries from different sources in the order the decoder reads them", () => {
    // the kept integer-like key is written after the property, but a read of $extra meets it first
    const e = {
      type: "custom",
      name: "X",
      identity: { email: "a@a.aa" },
      properties: { search: { query: "q" } },
      extensions: { redo: { extra: { k: "x", 1: "y" } } },
    } as CanonicalEvent;
    const { losses } = back(e);
    expect(losses.map((l) => l.path)).toEqual([
      '$.extensions.redo.extra["1"]',
      "$.properties.search",
      "$.extensions.redo.extra.k",
      "$.extensions.redo.placement",
    ]);
  });

  it("fast-check: a __proto__ custom field that Redo cannot hold is reported", () => {
    const e = JSON.parse(
      '{"type":"coupon_denied","name":"Coupon Denied","customer":{"customFields":{"__proto__":{}}},"identity":{"email":"a@a.aa"}}',
    );
    const { event, losses } = back(e);
    expect(losses).toEqual([expect.objectContaining({ path: "$.customer.customFields.__proto__", kind: "dropped" })]);
    expect(Object.hasOwn(event.customer?.customFields ?? {}, "__proto__")).toBe(false);
  });
});

describe("redo validation and limits", () => {
  const event = { eventName: "x", customer: { email: "a@example.com" } };

  it("says so when the customer has no identifier, on decode and on encode", () => {
    const d = errorsOf(decodeRedo({ eventName: "x", customer: { firstName: "A" } }));
    expect(d).toEqual([
      expect.objectContaining({
        path: "$.customer",
        message: "$.customer: a Redo customer needs at least one of id, email or phoneNumber",
      }),
    ]);
    const e = errorsOf(encodeRedo({ type: "custom", name: "x", identity: { userId: "u" } }));
    expect(e).toEqual([expect.objectContaining({ path: "$.identity" })]);
    expect(e[0]?.message).toMatch(/needs a customer identifier/);
  });

  it("rejects bad identifiers with their paths", () => {
    expect(errorsOf(decodeRedo({ eventName: "x", customer: { phoneNumber: "555-0100" } })).map((e) => e.path)).toEqual([
      "$.customer.phoneNumber",
    ]);
    expect(errorsOf(decodeRedo({ eventName: "x", customer: { email: "not an email" } })).map((e) => e.path)).toEqual([
      "$.customer.email",
    ]);
    // encoding: the record is rejected only when no identifier is left, naming what Redo accepts and why the phone is not it
    const only = errorsOf(encodeRedo({ type: "custom", name: "x", identity: { phone: "0100" } }));
    expect(only.map((e) => e.path)).toEqual(["$.identity"]);
    expect(only[0]?.message).toContain("$.identity.phone is not an E.164 phone number");
    expect(only[0]?.message).toContain("identity.redoCustomerId, identity.email or an E.164 identity.phone");
  });

  it("rejects unknown customer keys, non-scalar top-level data and a non-object $extra", () => {
    const r = errorsOf(
      decodeRedo({
        eventName: "x",
        customer: { email: "a@example.com", phone: "+1555", location: { zip: "1" } },
        data: { a: { b: 1 }, n: null, $extra: [] },
      }),
    );
    expect(r.map((e) => e.path).sort()).toEqual([
      "$.customer.location.zip",
      "$.customer.phone",
      "$.data.$extra",
      "$.data.a",
      "$.data.n",
    ]);
  });

  it("rejects impossible timestamps and timestamps that are not RFC 3339", () => {
    for (const t of ["2026-02-29T00:00:00Z", "2024-02-01T08:00Z", "2024-02-01 08:00:00Z", "2024-02-01T08:00:00"])
      expect(errorsOf(decodeRedo({ ...event, eventTimestamp: t })).map((e) => e.path)).toEqual(["$.eventTimestamp"]);
  });

  it("accepts a uniqueId of 255 characters and rejects 256 (never cut) and empty", () => {
    expect(ok(decodeRedo({ ...event, uniqueId: "u".repeat(255) })).id).toHaveLength(255);
    expect(errorsOf(decodeRedo({ ...event, uniqueId: "u".repeat(256) })).map((e) => e.path)).toEqual(["$.uniqueId"]);
    expect(errorsOf(decodeRedo({ ...event, uniqueId: "" })).map((e) => e.path)).toEqual(["$.uniqueId"]);
    const long = errorsOf(encodeRedo({ type: "custom", name: "x", id: "u".repeat(256), identity: { email: "a@example.com" } }));
    expect(long.map((e) => e.path)).toEqual(["$.id"]);
  });

  it("enforces at most 400 data properties", () => {
    const many = Object.fromEntries(Array.from({ length: 401 }, (_, i) => [`k${i}`, i + 1]));
    expect(errorsOf(decodeRedo({ ...event, data: many })).map((e) => e.path)).toEqual(["$.data"]);
    const { k0: _, ...four00 } = many;
    expect(Object.keys(ok(decodeRedo({ ...event, data: { ...four00, $extra: { x: 1 } } })).properties ?? {})).toHaveLength(401);
    const e = errorsOf(encodeRedo({ type: "custom", name: "x", identity: { email: "a@example.com" }, properties: many }));
    expect(e.map((x) => x.path)).toEqual(["$.properties"]);
  });

  it("enforces 100 KB per string, with the path of the string", () => {
    const big = "é".repeat(51_201); // 102 402 bytes
    expect(errorsOf(decodeRedo({ ...event, data: { $extra: { html: [big] } } })).map((e) => e.path)).toEqual([
      "$.data.$extra.html[0]",
    ]);
    expect(ok(decodeRedo({ ...event, data: { note: "é".repeat(51_200) } })).properties?.note).toHaveLength(51_200);
    const e = errorsOf(
      encodeRedo({ type: "custom", name: "x", identity: { email: "a@example.com" }, properties: { html: big } }),
    );
    expect(e.map((x) => x.path)).toEqual(["$.properties.html"]);
  });

  it("enforces 5 MB per event", () => {
    const chunk = "x".repeat(100_000);
    const extra = { parts: Array.from({ length: 53 }, () => chunk) };
    expect(errorsOf(decodeRedo({ ...event, data: { $extra: extra } })).map((e) => e.path)).toEqual(["$"]);
    const e = errorsOf(encodeRedo({ type: "custom", name: "x", identity: { email: "a@example.com" }, properties: extra }));
    expect(e.map((x) => x.path)).toEqual(["$"]);
  });

  it("answers non-objects with an issue at the record's path", () => {
    for (const junk of [null, 1, "x", [], true])
      expect(errorsOf(redo.decode({ value: junk, path: "$[3]" }, {})).map((e) => e.path)).toEqual(["$[3]"]);
  });
});

describe("redo input forms and bulk requests", () => {
  const one = (i: number) => ({ eventName: `E${i}`, customer: { email: "a@example.com" } });

  it("reads one event, a bulk request and a JSON array", () => {
    expect(ok(recordsOf(redo, one(1))).map((r) => r.path)).toEqual(["$"]);
    expect(ok(recordsOf(redo, { events: [one(1), one(2)] })).map((r) => r.path)).toEqual(["$.events[0]", "$.events[1]"]);
    expect(ok(recordsOf(redo, [one(1), { events: [one(2)] }])).map((r) => r.path)).toEqual(["$[0]", "$[1].events[0]"]);
  });

  it("treats an event with an unknown events key as one event", () => {
    expect(ok(redo.explode({ ...one(1), events: [] }, "$"))).toHaveLength(1);
  });

  it("rejects bulk requests with more than 100 events, none, or other keys", () => {
    expect(errorsOf(redo.explode({ events: Array.from({ length: 101 }, (_, i) => one(i)) }, "$")).map((e) => e.path)).toEqual([
      "$.events",
    ]);
    expect(errorsOf(redo.explode({ events: [] }, "$")).map((e) => e.path)).toEqual(["$.events"]);
    expect(errorsOf(redo.explode({ events: [one(1)], storeId: "s" }, "$")).map((e) => e.path)).toEqual(["$.storeId"]);
    expect(ok(redo.explode({ events: Array.from({ length: 100 }, (_, i) => one(i)) }, "$"))).toHaveLength(100);
  });

  it("writes bulk requests of at most the batch size, and at most 100", () => {
    const items = Array.from({ length: 250 }, (_, i) => ({
      value: one(i),
      event: { type: "custom", name: `E${i}` } as CanonicalEvent,
    }));
    const batches = ok(redo.batch?.(items, 100) ?? { ok: false, errors: [] }) as Array<{ events: Array<unknown> }>;
    expect(batches.map((b) => b.events.length)).toEqual([100, 100, 50]);
    for (const b of batches) expect(validateRedoBulk(b)).toBe(true);
    expect(
      (ok(redo.batch?.(items, 7) ?? { ok: false, errors: [] }) as Array<{ events: Array<unknown> }>)[0]?.events,
    ).toHaveLength(7);
    expect(errorsOf(redo.batch?.(items, 101) ?? { ok: true, value: [] })[0]?.message).toMatch(/1 to 100 events/);
    expect(redo.maxBatch).toBe(100);
    expect(REDO_LIMITS.bulkEvents).toBe(100);
  });

  it("keeps each bulk request within 5 MB", () => {
    const big = { ...one(0), data: { $extra: { blob: "x".repeat(2_000_000) } } };
    const items = [0, 1, 2].map(() => ({ value: big, event: { type: "custom", name: "E0" } as CanonicalEvent }));
    const batches = ok(redo.batch?.(items, 100) ?? { ok: false, errors: [] }) as Array<{ events: Array<unknown> }>;
    expect(batches.map((b) => b.events.length)).toEqual([2, 1]);
    for (const b of batches) expect(Buffer.byteLength(JSON.stringify(b))).toBeLessThanOrEqual(REDO_LIMITS.payloadBytes);
  });

  it("writes a product list holding null as it is and reports where it is read back, instead of throwing", () => {
    const r = encodeRedo({
      type: "order_completed",
      name: "Order Completed",
      identity: { userId: "u", email: "a@b.co" },
      products: [null as never, { id: "p" }],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect((r.value.value as { data: { $extra: { products: unknown } } }).data.$extra.products).toEqual([null, { id: "p" }]);
    expect(r.value.losses.map((l) => [l.path, l.kind, "to" in l ? l.to : undefined])).toEqual([
      ["$.products", "moved", "$.properties.products"],
    ]);
    const back = decodeRedo(r.value.value);
    expect(back.ok && back.value.properties?.products).toEqual([null, { id: "p" }]);
  });

  it("should read back every matched part as itself with no loss (the read-back check skips only those)", () => {
    const event = {
      type: "order_completed",
      name: "Order Completed",
      identity: { userId: "u", anonymousId: "a", email: "a@b.co" },
      order: { id: "o-1", total: 12.5, currency: "EUR" },
      products: [{ id: "p", price: 12.5, quantity: 1 }],
      page: { url: "https://shop.example.com/t", title: "Thanks" },
      device: { ip: "203.0.113.9", userAgent: "UA" },
      attribution: { campaign: "c", source: "s", medium: "m" },
    } as CanonicalEvent;
    const r = encodeRedo(event);
    expect(r.ok && r.value.losses).toEqual([]);
    const back = r.ok ? decodeRedo(r.value.value) : r;
    expect(back.ok && back.value).toStrictEqual(event);
    // the same parts beside an own value: the order no longer gives the value, and that is kept
    const valued = { ...event, value: { amount: 3, currency: "EUR" } } as CanonicalEvent;
    const v = encodeRedo(valued);
    expect(v.ok && v.value.losses).toEqual([]);
    const backValued = v.ok ? decodeRedo(v.value.value) : v;
    expect(backValued.ok && backValued.value).toStrictEqual(valued);
    // and with no value at all: the read-back order is what says so
    const unvalued = { ...event, extensions: { redo: { noValue: true } } } as CanonicalEvent;
    const u = encodeRedo(unvalued);
    expect(u.ok && u.value.losses).toEqual([]);
    const backUnvalued = u.ok ? decodeRedo(u.value.value) : u;
    expect(backUnvalued.ok && backUnvalued.value).toStrictEqual(unvalued);
  });

  it("is registered as the redo format", () => {
    expect(codecOf("redo")).toBe(redo);
  });
});

describe("redo carries the product lists beside products", () => {
  it("should write refundedProducts and cartProducts under data.$extra and read them back", () => {
    const event: CanonicalEvent = {
      type: "order_refunded",
      name: "Order Refunded",
      identity: { email: "pat@example.com" },
      order: { id: "o-1", total: 12.5, currency: "EUR" },
      refundedProducts: [{ id: "p-1", name: "Mug", price: 12.5, quantity: 1 }],
      cartProducts: [{ id: "p-9", price: 3 }],
    };
    const r = back(event);
    const extra = (r.value.data as Json).$extra as Json;
    expect(extra.refundedProducts).toEqual([{ id: "p-1", name: "Mug", price: 12.5, quantity: 1 }]);
    expect(extra.cartProducts).toEqual([{ id: "p-9", price: 3 }]);
    expect(r.losses).toEqual([]);
    expect(r.event).toEqual(event);
  });
});
