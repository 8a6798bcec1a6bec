/**
 * The `attribuly` codec: golden fixtures (the seed's example response and a hand-written journey
 * covering every section), the field mapping, money, zones, responses, batches and bad input.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { isValidCanonical, lossReportGaps } from "../../../property-tests/laws.js";
import type { CanonicalEvent } from "../../../src/canonical/model.js";
import type { EncodedItem } from "../../../src/core/codec.js";
import { jsonEqual } from "../../../src/core/json.js";
import type { Loss } from "../../../src/core/result.js";
import {
  type AttribulyOptions,
  attribuly,
  batchAttribuly,
  decodeAttribuly,
  encodeAttribuly,
  explodeAttribuly,
} from "../../../src/formats/attribuly/index.js";
import { decodeCustomerio } from "../../../src/formats/customerio/codec.js";
import { codecOf } from "../../../src/formats/index.js";

type Json = Record<string, unknown>;

const fixtureText = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../../fixtures/attribuly/${name}`, import.meta.url)), "utf8");
const fixture = (name: string): Json => JSON.parse(fixtureText(name)) as Json;

/** response → canonical events → items → response pages, as `convert … --batch size` does. */
const throughCanonical = (doc: unknown, options: AttribulyOptions = {}, size = 100) => {
  const records = explodeAttribuly(doc);
  if (!records.ok) throw new Error(JSON.stringify(records.errors));
  const events: Array<CanonicalEvent> = [];
  const items: Array<EncodedItem> = [];
  const losses: Array<Loss> = [];
  for (const record of records.value) {
    const decoded = attribuly.decode(record, options);
    if (!decoded.ok) throw new Error(JSON.stringify(decoded.errors));
    events.push(decoded.value);
    const encoded = attribuly.encode(decoded.value, options);
    if (!encoded.ok) throw new Error(JSON.stringify(encoded.errors));
    losses.push(...encoded.value.losses);
    items.push({ value: encoded.value.value, event: decoded.value });
  }
  const pages = batchAttribuly(items, size);
  if (!pages.ok) throw new Error(JSON.stringify(pages.errors));
  return { events, items, losses, pages: pages.value };
};

const decodeOk = (item: unknown, options: AttribulyOptions = {}): CanonicalEvent => {
  const r = decodeAttribuly(item, options);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
};

const encodeOk = (event: unknown, options: AttribulyOptions = {}) => {
  const r = encodeAttribuly(event as CanonicalEvent, options);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { value: r.value.value as Json, losses: r.value.losses };
};

const roundTripItem = (item: Json, options: AttribulyOptions = {}) => {
  const event = decodeOk(item, options);
  const { value, losses } = encodeOk(event, options);
  return { event, value, losses };
};

const SECTIONS_NULL = {
  creator: null,
  ad: null,
  email: null,
  social_media: null,
  organic_search: null,
  products: null,
  cart_viewed: null,
  checkout_started: null,
  checkout_completed: null,
  payment_info_submitted: null,
  search_submitted: null,
};

describe("attribuly golden fixtures", () => {
  it("gives back the seed's example response exactly, key order included, after decode, encode and batch 100", () => {
    const seed = fixture("seed-response.json");
    const { events, losses, pages } = throughCanonical(seed);
    expect(events).toHaveLength(1);
    expect(losses).toEqual([]);
    expect(pages).toHaveLength(1);
    expect(JSON.stringify(pages[0])).toBe(JSON.stringify(seed));
  });

  it("decodes the seed's ad touchpoint into a page_viewed with page, device and attribution", () => {
    const { events } = throughCanonical(fixture("seed-response.json"));
    const e = events[0] as CanonicalEvent;
    expect(isValidCanonical(e)).toBe(true);
    expect(e.type).toBe("page_viewed");
    expect(e.id).toBe("9yc5v001000cu0rlqh770iye005p087h");
    expect(e.occurredAt).toBe("2023-03-29T08:26:42Z");
    expect(e.page).toEqual({
      url: expect.stringMatching(/^https:\/\/test-xq\.myshopify\.com\/\?dm_cam=/),
      title: "Test-Dmap",
      referrer: "",
    });
    expect(e.device?.ip).toBe("103.105.49.145");
    expect(e.attribution).toMatchObject({
      campaign: "Standard Shopping-cam-0103",
      source: "facebook",
      medium: "ads",
      channel: "ad",
      creator: null,
      email: null,
      socialMedia: null,
      organicSearch: null,
    });
    expect(e.attribution?.ad).toMatchObject({ ad_platform: "facebook", keyword: "", account_id: "628838465542582" });
    expect(e.products).toBeNull();
    expect(e.extensions?.attribuly?.response).toEqual({
      code: 1,
      message: "Service succeed",
      data: { order_id: "5154899656917", shop_currency: "USD", total: 1, page: 1, page_size: 20 },
    });
  });

  it("gives back a journey with every section and channel type exactly, in UTC and in America/New_York", () => {
    const journey = fixture("journey-response.json");
    for (const zone of ["UTC", "America/New_York"]) {
      const { losses, pages } = throughCanonical(journey, { zone });
      expect(losses).toEqual([]);
      expect(pages).toHaveLength(1);
      expect(JSON.stringify(pages[0])).toBe(JSON.stringify(journey));
    }
  });

  it("reads each journey item as its kind", () => {
    const { events } = throughCanonical(fixture("journey-response.json"));
    expect(events.map((e) => [e.type, e.attribution?.channel])).toEqual([
      ["page_viewed", "ads"],
      ["page_viewed", "Email"],
      ["page_viewed", "social media"],
      ["page_viewed", "organic search"],
      ["page_viewed", "referral"],
      ["page_viewed", "influencer"],
      ["product_viewed", "direct"],
      ["products_searched", "direct"],
      ["cart_viewed", "direct"],
      ["checkout_started", "direct"],
      ["payment_info_entered", "direct"],
      ["order_completed", "direct"],
    ]);
    for (const e of events) expect(isValidCanonical(e)).toBe(true);
    expect(events[1]?.identity).toEqual({ email: "pat@example.com" });
    expect(events[5]?.attribution?.creator).toMatchObject({ creator_cost: 15000, creator_type: "Influencer" });
    expect(events[7]?.search).toEqual({ query: "ウールの靴下" });
    expect(events[8]?.order).toEqual({ currency: "USD", total: 27.5 });
    expect(events[8]?.extensions?.attribuly?.section).toEqual({ shop_currency_total_price: 2526, total_quantity: 3 });
    const done = events[11] as CanonicalEvent;
    expect(done.order).toEqual({ id: "5154899656917", number: "#1001", currency: "USD", total: 27.5 });
    expect(done.products?.[1]).toEqual({
      id: "8039128744157",
      variantId: "44014011695325",
      name: "Café Mug ☕",
      variant: "Default Title",
      currency: "USD",
      price: 2.5,
      quantity: 1,
    });
    expect(done.extensions?.attribuly?.products).toEqual([
      { final_name: "Merino Wool Socks - Charcoal / M", shop_currency_price: 1148 },
      { final_name: "Café Mug ☕", shop_currency_price: 230 },
    ]);
  });
});

describe("attribuly mapping", () => {
  it("maps a Segment Order Completed to checkout_completed with the conformance facts", () => {
    const line = readFileSync(fileURLToPath(new URL("../../fixtures/conformance/customerio.ndjson", import.meta.url)), "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "")[1] as string;
    const c = decodeCustomerio(JSON.parse(line));
    if (!c.ok) throw new Error(JSON.stringify(c.errors));
    const { value, losses } = encodeOk(c.value);
    const completed = value.checkout_completed as Json;
    expect(completed.other_order_id).toBe("50314b8e9bcf000000000000");
    expect(completed.total_price).toBe(2750);
    expect(value.event_at).toBe("2024-02-01 08:00:00");
    expect(value.event_id).toBe("msg-100");
    expect((value.products as Array<Json>).map((p) => [p.other_product_id, p.price, p.quantity])).toEqual([
      ["507f1f77bcf86cd799439011", 1900, 1],
      ["505bd76785ebb509fc183733", 300, 2],
    ]);
    // everything Attribuly cannot carry is named, and the loss report is exact
    const paths = losses.map((l) => l.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "$.order.subtotal",
        "$.order.coupon",
        "$.order.checkoutId",
        "$.identity.userId",
        "$.identity.email",
        "$.products[0].sku",
      ]),
    );
    const back = decodeOk(value);
    expect(lossReportGaps(c.value, back, losses)).toEqual({ unexplained: [], unfounded: [] });
  });

  it("reads total_price as minor units of the section's currency: 2750 USD, 500 JPY, 1234 KWD", () => {
    for (const [currency, minor, major] of [
      ["USD", 2750, 27.5],
      ["JPY", 500, 500],
      ["KWD", 1234, 1.234],
      ["BHD", 5, 0.005],
    ] as const) {
      const item = { event_id: "e", checkout_completed: { currency, total_price: minor } };
      const { event, value } = roundTripItem(item);
      expect(event.order?.total).toBe(major);
      expect(value).toEqual(item);
    }
  });

  it("reads integer prices as major units when moneyUnit is major", () => {
    const item = {
      ...SECTIONS_NULL,
      checkout_started: { currency: "USD", total_price: 28 },
      products: [{ price: 19, currency: "EUR" }],
    };
    const { event, value, losses } = roundTripItem(item, { moneyUnit: "major" });
    expect(event.order?.total).toBe(28);
    expect(event.products?.[0]?.price).toBe(19);
    expect(value).toEqual(item);
    expect(losses).toEqual([]);
  });

  it("never rounds: an amount finer than the unit is a loss, not a rounded integer", () => {
    const minor = encodeOk({ type: "order_completed", name: "Order Completed", order: { total: 27.555, currency: "USD" } });
    expect(minor.value.checkout_completed).toEqual({ currency: "USD" });
    expect(minor.losses).toEqual([expect.objectContaining({ path: "$.order.total", kind: "dropped", value: 27.555 })]);
    const major = encodeOk(
      { type: "order_completed", name: "Order Completed", order: { total: 27.5, currency: "USD" } },
      { moneyUnit: "major" },
    );
    expect(major.value.checkout_completed).toEqual({ currency: "USD" });
    expect(major.losses.map((l) => l.path)).toEqual(["$.order.total"]);
    expect(
      encodeOk({ type: "order_completed", name: "Order Completed", order: { total: 139.99, currency: "USD" } }).value
        .checkout_completed,
    ).toEqual({
      currency: "USD",
      total_price: 13999,
    });
  });

  it("never defaults a missing currency: a minor-unit amount without one is kept verbatim, and a canonical one is a loss", () => {
    const item = { ...SECTIONS_NULL, checkout_completed: { other_order_id: "o", total_price: 2750 }, products: [{ price: 100 }] };
    const { event, value, losses } = roundTripItem(item);
    expect(event.order).toEqual({ id: "o" });
    expect(event.products).toEqual([{}]);
    expect(event.extensions?.attribuly).toEqual({ section: { total_price: 2750 }, products: [{ price: 100 }] });
    expect(value).toEqual(item);
    expect(losses).toEqual([]);
    const lost = encodeOk({ type: "cart_viewed", name: "Cart Viewed", order: { total: 5 } });
    expect(lost.value.cart_viewed).toEqual({});
    expect(lost.losses.map((l) => l.path)).toEqual(["$.order.total"]);
  });

  it("keeps a quantity beyond 2^53 verbatim, since a canonical quantity is a safe integer (fast-check counterexample)", () => {
    for (const moneyUnit of ["minor", "major"] as const) {
      const item = {
        ...SECTIONS_NULL,
        email: {},
        products: [{ quantity: 1e21 }, { quantity: 9007199254740992 }, { quantity: 3 }],
      };
      const { event, value, losses } = roundTripItem(item, { moneyUnit });
      expect(isValidCanonical(event)).toBe(true);
      expect(event.products).toEqual([{}, {}, { quantity: 3 }]);
      expect(event.extensions?.attribuly?.products).toEqual([{ quantity: 1e21 }, { quantity: 9007199254740992 }, {}]);
      expect(value).toEqual(item);
      expect(losses).toEqual([]);
    }
  });

  it("prices a product in the section's currency when it has none of its own", () => {
    const { event } = roundTripItem({
      cart_viewed: { currency: "JPY", total_price: 500 },
      products: [{ price: 500 }, { price: 250, currency: "USD" }],
    });
    expect(event.products).toEqual([{ price: 500 }, { price: 2.5, currency: "USD" }]);
  });

  it("uses the email section's receiver as the identity's email", () => {
    const item = {
      ...SECTIONS_NULL,
      event_type: "Email",
      email: { receiver_email: "pat@example.com", email_platform: "klaviyo" },
    };
    const { event, value, losses } = roundTripItem(item);
    expect(event.identity).toEqual({ email: "pat@example.com" });
    expect(event.attribution?.email).toEqual({ receiver_email: "pat@example.com", email_platform: "klaviyo" });
    expect(value).toEqual(item);
    expect(losses).toEqual([]);
    const other = encodeOk({ ...event, identity: { email: "sam@example.com" } });
    expect(other.losses).toEqual([expect.objectContaining({ path: "$.identity.email", kind: "coerced", to: "pat@example.com" })]);
  });

  it("picks the kind by priority when several sections are non-null, and keeps the others verbatim", () => {
    const started = { other_order_id: "o", currency: "USD", total_price: 100, shop_currency_total_price: 90 };
    const item = {
      ...SECTIONS_NULL,
      checkout_started: started,
      checkout_completed: { other_order_id: "o", currency: "USD", total_price: 200 },
      search_submitted: { search_query: "socks" },
    };
    const { event, value, losses } = roundTripItem(item);
    expect(event.type).toBe("order_completed");
    expect(event.order?.total).toBe(2);
    expect(event.search).toBeUndefined();
    expect(event.extensions?.attribuly?.item).toEqual({ checkout_started: started, search_submitted: { search_query: "socks" } });
    expect(value).toEqual(item);
    expect(losses).toEqual([]);
  });

  it("tells absent sections from null ones, and null products from empty ones", () => {
    for (const item of [
      { event_id: "a" },
      { event_id: "a", products: [] },
      { event_id: "a", products: [null, {}, null] },
      { event_id: null, event_at: null, event_page_url: null, creator: null, cart_viewed: null },
      { search_submitted: {} },
      { checkout_completed: {} },
    ]) {
      const { event, value, losses } = roundTripItem(item as Json);
      expect(isValidCanonical(event)).toBe(true);
      expect(value).toEqual(item);
      expect(losses).toEqual([]);
    }
    expect(decodeOk({ products: [] }).type).toBe("product_viewed");
    expect(decodeOk({ products: null }).type).toBe("page_viewed");
  });

  it("keeps unknown keys, unicode and __proto__ keys as data and pollutes no prototype", () => {
    const text =
      '{"event_id":"é🛒","__proto__":{"polluted":1},"constructor":"x","checkout_completed":{"__proto__":1,"currency":"USD","total_price":1},"products":[{"__proto__":[1],"final_name":"مرحبا"}],"creator":{"__proto__":{"a":1}}}';
    const item = JSON.parse(text) as Json;
    const { event, value, losses } = roundTripItem(item);
    expect(jsonEqual(value, item)).toBe(true);
    expect(jsonEqual(value, JSON.parse(text.replace('"constructor":"x",', "")))).toBe(false);
    expect((value.checkout_completed as Json).total_price).toBe(1);
    expect(event.order).toEqual({ currency: "USD", total: 0.01 });
    expect(Object.hasOwn(value, "__proto__")).toBe(true);
    expect(Object.hasOwn(event.extensions?.attribuly?.item as object, "__proto__")).toBe(true);
    expect(losses).toEqual([]);
    expect(({} as Json).polluted).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});

describe("attribuly event_at and zones", () => {
  const at = (event_at: string, options: AttribulyOptions = {}) => decodeAttribuly({ event_at }, options);

  it("reads event_at in UTC by default and in the zone option otherwise, with the zone's offset", () => {
    expect(decodeOk({ event_at: "2023-03-29 08:26:42" }).occurredAt).toBe("2023-03-29T08:26:42Z");
    expect(decodeOk({ event_at: "2023-03-29 08:26:42" }, { zone: "Asia/Kolkata" }).occurredAt).toBe("2023-03-29T08:26:42+05:30");
    expect(decodeOk({ event_at: "2024-01-15 08:00:00" }, { zone: "America/New_York" }).occurredAt).toBe(
      "2024-01-15T08:00:00-05:00",
    );
    expect(decodeOk({ event_at: "2024-07-15 08:00:00" }, { zone: "America/New_York" }).occurredAt).toBe(
      "2024-07-15T08:00:00-04:00",
    );
    expect(decodeOk({ event_at: "2024-01-15 08:00:00" }, { zone: "Europe/London" }).occurredAt).toBe("2024-01-15T08:00:00+00:00");
    expect(decodeOk({ event_at: "2024-01-15 08:00:00" }, { zone: "Australia/Lord_Howe" }).occurredAt).toBe(
      "2024-01-15T08:00:00+11:00",
    );
  });

  it("writes any canonical offset as the zone's wall clock, and reports a respelled timestamp", () => {
    const e = { type: "page_viewed", name: "Page Viewed" };
    expect(encodeOk({ ...e, occurredAt: "2024-02-01T08:00:00Z" }, { zone: "America/New_York" }).value.event_at).toBe(
      "2024-02-01 03:00:00",
    );
    const spelled = encodeOk({ ...e, occurredAt: "2024-02-01T13:30:00+05:30" });
    expect(spelled.value.event_at).toBe("2024-02-01 08:00:00");
    expect(spelled.losses).toEqual([
      expect.objectContaining({
        path: "$.occurredAt",
        kind: "coerced",
        value: "2024-02-01T13:30:00+05:30",
        to: "2024-02-01T08:00:00Z",
      }),
    ]);
    const fraction = encodeOk({ ...e, occurredAt: "2024-02-01T08:00:00.250Z" });
    expect(fraction.value.event_at).toBe("2024-02-01 08:00:00");
    expect(fraction.losses.map((l) => [l.path, l.to])).toEqual([["$.occurredAt", "2024-02-01T08:00:00Z"]]);
    expect(encodeOk({ ...e, occurredAt: "2024-02-01T08:00:00Z" }).losses).toEqual([]);
  });

  it("rejects impossible dates and other spellings instead of rolling them over", () => {
    for (const bad of [
      "2026-02-29 00:00:00",
      "2023-13-01 00:00:00",
      "2023-04-31 10:00:00",
      "2023-03-29 24:00:00",
      "2023-03-29 08:60:00",
      "2023-03-29 08:26:60",
      "2023-03-29T08:26:42",
      "2023-03-29 08:26",
      "20230329 08:26:42",
      "",
    ]) {
      const r = at(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.errors[0]?.path).toBe("$.event_at");
    }
    expect(at("2024-02-29 00:00:00").ok).toBe(true);
  });

  it("rejects a time the zone's clocks skipped (DST gap), naming the zone", () => {
    for (const [zone, wall] of [
      ["America/New_York", "2024-03-10 02:30:00"],
      ["Europe/London", "2024-03-31 01:30:00"],
      ["Australia/Lord_Howe", "2024-10-06 02:15:00"],
    ] as const) {
      const r = at(wall, { zone });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.errors[0]?.path).toBe("$.event_at");
        expect(r.errors[0]?.message).toContain(zone);
      }
    }
  });

  it("resolves a time the zone's clocks showed twice (DST fold) as the ambiguous option says", () => {
    const fold = "2024-11-03 01:30:00";
    const ny = { zone: "America/New_York" };
    expect(decodeOk({ event_at: fold }, ny).occurredAt).toBe("2024-11-03T01:30:00-04:00");
    expect(decodeOk({ event_at: fold }, { ...ny, ambiguous: "later" }).occurredAt).toBe("2024-11-03T01:30:00-05:00");
    const rejected = at(fold, { ...ny, ambiguous: "reject" });
    expect(rejected.ok).toBe(false);
    if (!rejected.ok) expect(rejected.errors[0]?.message).toMatch(/happened twice/);
    expect(decodeOk({ event_at: "2024-04-07 01:45:00" }, { zone: "Australia/Lord_Howe" }).occurredAt).toBe(
      "2024-04-07T01:45:00+11:00",
    );
    expect(decodeOk({ event_at: "2024-04-07 01:45:00" }, { zone: "Australia/Lord_Howe", ambiguous: "later" }).occurredAt).toBe(
      "2024-04-07T01:45:00+10:30",
    );
  });

  it("reports the later instant of a fold as coerced when it writes it, since it reads back as the earlier", () => {
    const e = { type: "page_viewed", name: "Page Viewed", occurredAt: "2024-11-03T01:30:00-05:00" };
    const r = encodeOk(e, { zone: "America/New_York" });
    expect(r.value.event_at).toBe("2024-11-03 01:30:00");
    expect(r.losses).toEqual([
      expect.objectContaining({ path: "$.occurredAt", kind: "coerced", to: "2024-11-03T01:30:00-04:00" }),
    ]);
    expect(encodeOk(e, { zone: "America/New_York", ambiguous: "later" }).losses).toEqual([]);
    const refused = encodeOk(e, { zone: "America/New_York", ambiguous: "reject" });
    expect(refused.value.event_at).toBeUndefined();
    expect(refused.losses.map((l) => [l.path, l.kind])).toEqual([["$.occurredAt", "dropped"]]);
  });

  it("answers an unknown zone or money unit with an issue, never a throw", () => {
    for (const options of [{ zone: "Mars/Olympus" }, { moneyUnit: "cents" }, { ambiguous: "first" }] as Array<AttribulyOptions>) {
      const d = decodeAttribuly({ event_at: "2023-03-29 08:26:42" }, options);
      expect(d.ok).toBe(false);
      const e = encodeAttribuly({ type: "page_viewed", name: "Page Viewed" }, options);
      expect(e.ok).toBe(false);
    }
  });
});

describe("attribuly encoding from other formats", () => {
  it("refuses a canonical type Attribuly has no item for, naming the type", () => {
    for (const type of ["product_added", "custom", "order_refunded"]) {
      const r = encodeAttribuly({ type, name: "X" } as CanonicalEvent);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.errors[0]?.path).toBe("$.type");
        expect(r.errors[0]?.message).toContain(type);
      }
    }
  });

  it("reports custom properties, coupons and other parts as losses, each at its path", () => {
    const event = {
      type: "product_viewed",
      name: "Viewed Product",
      identity: { userId: "u" },
      products: [{ id: "p", sku: "s", price: 19, currency: "USD", properties: { color: "red" } }],
      coupon: { id: "c" },
      properties: { gift: true },
      order: { id: "o" },
      page: { path: "/p" },
      attribution: { term: "t", channel: "direct" },
      extensions: { customerio: { envelope: { sentAt: "x" } } },
    };
    const { value, losses } = encodeOk(event);
    expect(value.products).toEqual([{ other_product_id: "p", currency: "USD", price: 1900 }]);
    expect(losses.map((l) => l.path).sort()).toEqual(
      [
        "$.name",
        "$.identity.userId",
        "$.products[0].sku",
        "$.products[0].properties",
        "$.coupon.id",
        "$.properties.gift",
        "$.order.id",
        "$.page.path",
        "$.attribution.term",
        "$.extensions.customerio",
      ].sort(),
    );
    const back = decodeOk(value);
    expect(lossReportGaps(event, back, losses)).toEqual({ unexplained: [], unfounded: [] });
  });

  it("writes every section key an API item has, null where the canonical event says nothing", () => {
    const { value } = encodeOk({ type: "page_viewed", name: "Page Viewed", id: "e" });
    expect(value).toEqual({
      event_id: "e",
      cart_viewed: null,
      checkout_started: null,
      checkout_completed: null,
      payment_info_submitted: null,
      search_submitted: null,
    });
  });

  it("marks the kind even when the canonical part is missing, and says so", () => {
    const search = encodeOk({ type: "products_searched", name: "Products Searched" });
    expect(search.value.search_submitted).toEqual({});
    expect(search.losses).toEqual([expect.objectContaining({ path: "$.search", kind: "defaulted" })]);
    const view = encodeOk({ type: "product_viewed", name: "Product Viewed" });
    expect(view.value.products).toEqual([]);
    expect(view.losses).toEqual([expect.objectContaining({ path: "$.products", kind: "defaulted" })]);
  });
});

describe("attribuly responses and batches", () => {
  const response = (events: Array<unknown>, extra: Json = {}) => ({
    code: 1,
    message: "Service succeed",
    data: { order_id: "1", total: events.length, page: 1, page_size: 20, events },
    ...extra,
  });

  it("rejects a response whose code is not 1, with its message as the reason", () => {
    const r = explodeAttribuly({ code: 1001, message: "order not found", data: null });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[0]?.path).toBe("$.code");
      expect(r.errors[0]?.message).toContain("order not found");
    }
  });

  it("answers a malformed response with issues at their paths", () => {
    const cases: Array<[unknown, string]> = [
      [{ code: "1", data: {} }, "$.code"],
      [{ code: 1, message: "ok", data: [] }, "$.data"],
      [{ code: 1, message: "ok", data: { events: {} } }, "$.data.events"],
      [{ code: 1, message: "ok", data: { events: [], page: "1" } }, "$.data.page"],
      [{ code: 1, message: "ok", data: { events: [], order_id: 5 } }, "$.data.order_id"],
    ];
    for (const [doc, path] of cases) {
      const r = explodeAttribuly(doc);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors.map((e) => e.path)).toContain(path);
    }
  });

  it("keeps unknown response fields and a response's page with each item, and reads bare items as one record", () => {
    const doc = response([{ event_id: "a" }, { event_id: "b" }], { request_id: "r-1" });
    const { pages } = throughCanonical(doc);
    expect(pages).toEqual([doc]);
    const bare = explodeAttribuly({ event_id: "a" });
    expect(bare.ok && bare.value).toEqual([{ value: { event_id: "a" }, path: "$" }]);
  });

  it("regroups items by response page and by order, in pages of at most the batch size", () => {
    const a = response([{ event_id: "a1" }, { event_id: "a2" }, { event_id: "a3" }]);
    const b = {
      ...response([{ event_id: "b1" }]),
      data: { order_id: "2", total: 1, page: 1, page_size: 20, events: [{ event_id: "b1" }] },
    };
    const records = [a, b].flatMap((doc) => {
      const r = explodeAttribuly(doc);
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      return [...r.value];
    });
    const items = records.map((r) => {
      const event = attribuly.decode(r, {});
      if (!event.ok) throw new Error("decode");
      const enc = attribuly.encode(event.value, {});
      if (!enc.ok) throw new Error("encode");
      return { value: enc.value.value, event: event.value };
    });
    const whole = batchAttribuly(items, 100);
    expect(whole.ok && whole.value).toEqual([a, b]);
    const split = batchAttribuly(items, 2);
    expect(split.ok && split.value.map((p) => (p as { data: Json }).data)).toEqual([
      expect.objectContaining({
        order_id: "1",
        page: 1,
        page_size: 2,
        total: 3,
        events: [expect.objectContaining({ event_id: "a1" }), expect.objectContaining({ event_id: "a2" })],
      }),
      expect.objectContaining({
        order_id: "1",
        page: 2,
        page_size: 2,
        total: 3,
        events: [expect.objectContaining({ event_id: "a3" })],
      }),
      expect.objectContaining({ order_id: "2", page: 1, page_size: 20, events: [expect.objectContaining({ event_id: "b1" })] }),
    ]);
    const pages = split.ok ? split.value : [];
    const again = pages.flatMap((p) => {
      const r = explodeAttribuly(p);
      return r.ok ? r.value : [];
    });
    expect(again.map((r) => (r.value as Json).event_id)).toEqual(["a1", "a2", "a3", "b1"]);
  });

  it("builds a response envelope for items from other formats, grouped by order id", () => {
    const event = (id: string): CanonicalEvent => ({ type: "order_completed", name: "Order Completed", order: { id } });
    const items = ["o1", "o1", "o2"].map((id) => ({ value: { checkout_completed: { other_order_id: id } }, event: event(id) }));
    const r = batchAttribuly(items, 100);
    expect(r.ok && r.value).toEqual([
      {
        code: 1,
        message: "Service succeed",
        data: { order_id: "o1", total: 2, page: 1, page_size: 100, events: [items[0]?.value, items[1]?.value] },
      },
      {
        code: 1,
        message: "Service succeed",
        data: { order_id: "o2", total: 1, page: 1, page_size: 100, events: [items[2]?.value] },
      },
    ]);
  });

  it("refuses a batch size above Attribuly's page limit of 100", () => {
    expect(batchAttribuly([], 101).ok).toBe(false);
    expect(batchAttribuly([], 0).ok).toBe(false);
    expect(attribuly.maxBatch).toBe(100);
  });

  it("round-trips a full page of 100 items", () => {
    const events = Array.from({ length: 100 }, (_, i) => ({
      event_id: `e${i}`,
      event_at: "2024-02-01 08:00:00",
      ...SECTIONS_NULL,
    }));
    const doc = response(events);
    expect(throughCanonical(doc).pages).toEqual([doc]);
  });

  it("is registered as the attribuly format", () => {
    expect(codecOf("attribuly")).toBe(attribuly);
  });
});

describe("attribuly bad input", () => {
  it("answers wrong kinds with issues at their JSONPaths", () => {
    const r = decodeAttribuly({
      event_id: 5,
      event_page_url: {},
      creator: { creator_cost: "100" },
      ad: [],
      products: [{ price: "19" }, 3, { quantity: 1.5 }],
      checkout_completed: { total_price: 27.5, currency: 840 },
      search_submitted: "socks",
    });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors.map((e) => e.path).sort()).toEqual(
        [
          "$.event_id",
          "$.event_page_url",
          "$.creator.creator_cost",
          "$.ad",
          "$.products[0].price",
          "$.products[1]",
          "$.products[2].quantity",
          "$.checkout_completed.total_price",
          "$.checkout_completed.currency",
          "$.search_submitted",
        ].sort(),
      );
  });

  it("answers anything that is not an item object with an issue at the root", () => {
    for (const junk of [null, 1, "x", [], true]) {
      const r = decodeAttribuly(junk);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors[0]?.path).toBe("$");
    }
  });
});
