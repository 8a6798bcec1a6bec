import { describe, expect, it } from "vitest";
import { applyUndo, type Coercion, undoOf } from "../src/coerce.js";
import type { FormatId } from "../src/core/codec.js";
import { translate } from "../src/translate.js";

/** The call shapes real clients send (cases written for this project), read with and without coerce. */
const read = (input: unknown, from: FormatId = "segment", zone?: string) => {
  const loose = translate(input, { from, to: "canonical", coerce: true, zone });
  const strict = translate(input, { from, to: "canonical", zone });
  return { loose, strict };
};
const coerced = (r: ReturnType<typeof translate>) =>
  r.ok ? r.losses.filter((l) => l.kind === "coerced").map((l) => [l.path, l.value, l.to]) : r.errors.map((e) => e.message);
const event = (r: ReturnType<typeof translate>) => (r.ok ? (r.value as Record<string, unknown>) : undefined);

const base = { type: "track", userId: "u-7", context: { traits: { email: "kim@example.org" } } };

describe("coerce: real-client call shapes", () => {
  it("reads numeric strings where the model holds a number (price, quantity, revenue)", () => {
    const call = {
      ...base,
      event: "Order Completed",
      properties: {
        order_id: "A-1",
        revenue: "100",
        total: "112.40",
        currency: "EUR",
        products: [{ product_id: "sku-9", price: "19", quantity: "2" }],
      },
    };
    const { loose, strict } = read(call);
    expect(coerced(loose)).toEqual([
      ["$.properties.revenue", "100", 100],
      ["$.properties.total", "112.40", 112.4],
      ["$.properties.products[0].price", "19", 19],
      ["$.properties.products[0].quantity", "2", 2],
    ]);
    expect(event(loose)?.order).toEqual({ id: "A-1", revenue: 100, total: 112.4, currency: "EUR" });
    expect(strict.ok).toBe(false);
    expect(!strict.ok && strict.coercible).toBe(true);
    expect(!strict.ok && strict.errors.map((e) => e.path)).toEqual([
      "$.properties.revenue",
      "$.properties.total",
      "$.properties.products[0].price",
      "$.properties.products[0].quantity",
    ]);
    expect(!strict.ok && strict.errors[0]?.message).toContain('--coerce / coerce: true reads string "100" as 100');
  });

  it("reads numbers where the model holds an id or another string (product_id, order_id, sku, messageId, anonymousId)", () => {
    const call = {
      type: "track",
      anonymousId: 987654,
      messageId: 31337,
      event: "Product Added",
      properties: { product_id: 1, sku: 40012, cart_id: "c", price: 3 },
    };
    const { loose, strict } = read(call);
    expect(coerced(loose)).toEqual([
      ["$.anonymousId", 987654, "987654"],
      ["$.messageId", 31337, "31337"],
      ["$.properties.product_id", 1, "1"],
      ["$.properties.sku", 40012, "40012"],
    ]);
    expect(event(loose)?.identity).toEqual({ anonymousId: "987654" });
    expect(strict.ok).toBe(false);
  });

  it("reads epoch milliseconds, unix-second strings and space-separated times as RFC 3339", () => {
    const at = (timestamp: unknown, zone?: string) =>
      event(read({ ...base, event: "Cart Viewed", timestamp }, "segment", zone).loose)?.occurredAt;
    expect(at(1675692865495)).toBe("2023-02-06T14:14:25.495Z");
    expect(at(1675692865000)).toBe("2023-02-06T14:14:25Z");
    expect(at("1631210000")).toBe("2021-09-09T17:53:20Z");
    expect(at(1631210000)).toBe("2021-09-09T17:53:20Z");
    expect(at("2024-05-07 17:27:28-00:00")).toBe("2024-05-07T17:27:28-00:00");
    expect(at("2024-05-07 17:27:28+0530")).toBe("2024-05-07T17:27:28+05:30");
    // zone-less: read in the zone (default UTC), never guessed
    expect(at("2024-05-07 17:27:28")).toBe("2024-05-07T17:27:28Z");
    expect(at("2024-05-07T17:27:28.250", "America/New_York")).toBe("2024-05-07T17:27:28.250-04:00");
  });

  it('reads userId: "" beside an email as no userId', () => {
    const { loose, strict } = read({ ...base, userId: "", event: "Checkout Started", properties: {} });
    expect(coerced(loose)).toEqual([["$.userId", "", undefined]]);
    expect(event(loose)?.identity).toEqual({ email: "kim@example.org" });
    expect(!strict.ok && strict.coercible).toBe(true);
  });

  it("reads one product object as a list of one, and the product's own forms inside it", () => {
    const { loose } = read({ ...base, event: "Order Completed", properties: { products: { product_id: 5, price: "9.90" } } });
    expect(coerced(loose)).toEqual([
      ["$.properties.products", { product_id: 5, price: "9.90" }, [{ product_id: 5, price: "9.90" }]],
      ["$.properties.products[0].product_id", 5, "5"],
      ["$.properties.products[0].price", "9.90", 9.9],
    ]);
    expect(event(loose)?.products).toEqual([{ id: "5", price: 9.9 }]);
  });

  it("reads numbers among a list of strings (category ids, tags) as strings, one coerced loss for the list", () => {
    const { loose, strict } = read(
      {
        eventName: "viewed product",
        contact: { email: "kim@example.org" },
        lineItems: [{ productID: "p", tags: [12, "shoes"] }],
      },
      "omnisend",
    );
    expect(coerced(loose)).toEqual([["$.lineItems[0].tags", [12, "shoes"], ["12", "shoes"]]]);
    expect(!strict.ok && strict.errors.map((e) => e.path)).toEqual(["$.lineItems[0].tags"]);
  });

  it("keeps an empty id of a call that reads as it is (coerce only reads what would be rejected)", () => {
    const r = translate(
      { type: "track", userId: "", anonymousId: "a-1", event: "Cart Viewed" },
      { from: "segment", to: "canonical", coerce: true },
    );
    expect(r.ok && r.losses).toEqual([]);
    expect(r.ok && r.event.identity).toEqual({ userId: "", anonymousId: "a-1" });
  });

  it("never guesses: '1,5', '12abc', '007', 'invalid-time', an impossible date, a skipped or repeated wall clock stay errors with their path", () => {
    const bad: Array<[unknown, string, string | undefined]> = [
      [{ ...base, event: "Product Viewed", properties: { price: "1,5" } }, "$.properties.price", undefined],
      [{ ...base, event: "Product Viewed", properties: { price: "12abc" } }, "$.properties.price", undefined],
      [{ ...base, event: "Product Viewed", properties: { quantity: "007" } }, "$.properties.quantity", undefined],
      [{ ...base, event: "Product Viewed", properties: { quantity: "2.5" } }, "$.properties.quantity", undefined],
      [{ ...base, event: "Product Viewed", properties: { price: "12345678901234567890" } }, "$.properties.price", undefined],
      [{ ...base, event: "Cart Viewed", timestamp: "invalid-time" }, "$.timestamp", undefined],
      [{ ...base, event: "Cart Viewed", timestamp: "2026-02-29 10:00:00" }, "$.timestamp", undefined],
      [{ ...base, event: "Cart Viewed", timestamp: "2024-03-10 02:30:00" }, "$.timestamp", "America/New_York"],
      [{ ...base, event: "Cart Viewed", timestamp: "2024-11-03 01:30:00" }, "$.timestamp", "America/New_York"],
    ];
    for (const [input, path, zone] of bad) {
      const { loose, strict } = read(input, "segment", zone);
      expect(loose.ok, JSON.stringify(input)).toBe(false);
      expect(!loose.ok && loose.errors.map((e) => e.path)).toContain(path);
      expect(!strict.ok && strict.coercible).toBeUndefined();
    }
  });

  it("reads Omnisend, Redo, Attribuly and canonical records the same way", () => {
    const omnisend = read(
      {
        eventName: "placed order",
        eventID: 42,
        eventTime: 1675692865,
        contact: { email: "kim@example.org" },
        order: { orderID: 1001, totalPrice: "27.50", currency: "USD" },
        lineItems: { productID: "p", price: "19", quantity: "2" },
      },
      "omnisend",
    ).loose;
    expect(coerced(omnisend).map((c) => (c as Array<unknown>)[0])).toEqual([
      "$.eventID",
      "$.eventTime",
      "$.order.orderID",
      "$.order.totalPrice",
      "$.lineItems",
      "$.lineItems[0].price",
      "$.lineItems[0].quantity",
    ]);
    const redo = read(
      {
        eventName: "Order Completed",
        eventTimestamp: "2024-05-07 17:27:28",
        uniqueId: 5,
        value: "27.5",
        valueCurrency: "USD",
        customer: { id: 77 },
      },
      "redo",
    ).loose;
    expect(coerced(redo)).toEqual([
      ["$.customer.id", 77, "77"],
      ["$.eventTimestamp", "2024-05-07 17:27:28", "2024-05-07T17:27:28Z"],
      ["$.value", "27.5", 27.5],
      ["$.uniqueId", 5, "5"],
    ]);
    const attribuly = read(
      { event_id: 9, event_at: 1675692865, event_type: "direct", checkout_completed: { currency: "USD", total_price: "2750" } },
      "attribuly",
      "Asia/Kolkata",
    ).loose;
    expect(coerced(attribuly)).toEqual([
      ["$.event_id", 9, "9"],
      ["$.event_at", 1675692865, "2023-02-06 19:44:25"],
      ["$.checkout_completed.total_price", "2750", 2750],
    ]);
    expect(event(attribuly)?.occurredAt).toBe("2023-02-06T19:44:25+05:30");
    const canonical = read(
      { type: "order_completed", name: "Order Completed", occurredAt: "1631210000", order: { total: "27.5", currency: "USD" } },
      "canonical",
    ).loose;
    expect(coerced(canonical)).toEqual([
      ["$.occurredAt", "1631210000", "2021-09-09T17:53:20Z"],
      ["$.order.total", "27.5", 27.5],
    ]);
  });

  it("gives the record back as sent through a lossless round trip, and a coerced record back clean to its own format", () => {
    const sent = {
      type: "track",
      userId: "",
      event: "Order Completed",
      timestamp: "2024-05-07 17:27:28",
      properties: { order_id: 1001, total: "27.50", currency: "USD", products: { product_id: 1, price: "19", quantity: "2" } },
      context: { traits: { email: "kim@example.org" } },
    };
    for (const via of ["omnisend", "redo"] as const) {
      const there = translate(sent, { from: "segment", to: via, coerce: true, lossless: true });
      expect(there.ok, via).toBe(true);
      const back = there.ok ? translate(there.value, { from: via, to: "segment" }) : there;
      expect(back.ok && back.value, via).toEqual(sent);
    }
    // the call has no userId or anonymousId left: Segment itself needs one, and the reject says how to give it
    const none = translate(sent, { from: "segment", to: "segment", coerce: true });
    expect(!none.ok && none.errors[0]?.message).toContain("--user-id email");
    const clean = translate(sent, { from: "segment", to: "segment", coerce: true, userId: "email" });
    expect(clean.ok && (clean.value as { userId: unknown }).userId).toBe("kim@example.org");
    expect(clean.ok && (clean.value as { properties: unknown }).properties).toEqual({
      order_id: "1001",
      total: 27.5,
      currency: "USD",
      products: [{ product_id: "1", price: 19, quantity: 2 }],
    });
  });

  it("undoes coercions last first (a wrapped product's own coercions before the wrapping)", () => {
    const coercions: Array<Coercion> = [
      { path: "$.p", from: { price: "1" }, to: [{ price: "1" }] },
      { path: "$.p[0].price", from: "1", to: 1 },
      { path: "$.u", from: "", to: undefined },
    ];
    expect(applyUndo({ p: [{ price: 1 }] }, undoOf(coercions))).toEqual({ p: { price: "1" }, u: "" });
  });

  it("lets coerced values through strict mode (the caller asked for them), still reporting each", () => {
    const r = translate(
      { ...base, event: "Product Viewed", properties: { price: "19" } },
      { from: "segment", to: "segment", coerce: true, strict: true },
    );
    expect(r.ok && r.losses.map((l) => l.kind)).toEqual(["coerced"]);
  });
});

describe("event names regardless of case, spaces, underscores and hyphens", () => {
  it("reads lower-case and snake-case spellings as their type and writes them back as spelled", () => {
    for (const name of ["checkout step completed", "order_completed", "ORDER-COMPLETED", "Viewed_Product", "products searched"]) {
      const call = { type: "track", userId: "u", event: name, properties: {} };
      const r = translate(call, { from: "segment", to: "segment" });
      expect(r.ok && r.event.type, name).not.toBe("custom");
      expect(r.ok && (r.value as { event: string }).event, name).toBe(name);
      expect(r.ok && r.losses, name).toEqual([]);
    }
  });
  it("reports renamed only when the destination spells the type differently", () => {
    const r = translate(
      { type: "track", userId: "u", event: "order_completed", context: { traits: { email: "a@example.com" } } },
      { from: "segment", to: "omnisend" },
    );
    expect(r.ok && r.losses.filter((l) => l.kind === "renamed").map((l) => [l.value, l.to])).toEqual([
      ["order_completed", "placed order"],
    ]);
  });
});

describe("page and screen calls", () => {
  const page = {
    type: "page",
    name: "Pricing",
    category: "Docs",
    anonymousId: "a-1",
    properties: { url: "https://shop.example/pricing" },
    context: { traits: { email: "kim@example.org" }, page: { url: "https://shop.example/pricing" } },
  };
  const screen = {
    type: "screen",
    name: "Cart",
    userId: "u-1",
    properties: { items: 2 },
    context: { traits: { email: "kim@example.org" } },
  };
  it("reads them as page_viewed and screen_viewed and writes them back as page and screen calls", () => {
    for (const [call, type] of [
      [page, "page_viewed"],
      [screen, "screen_viewed"],
    ] as const) {
      const r = translate(call, { from: "segment", to: "segment" });
      expect(r.ok && r.event.type).toBe(type);
      expect(r.ok && r.value).toEqual(call);
    }
  });
  it("carries them through Omnisend and Redo as named events, and back again with lossless", () => {
    for (const via of ["omnisend", "redo"] as const) {
      for (const call of [page, screen]) {
        const there = translate(call, { from: "segment", to: via, lossless: true });
        expect(there.ok && (there.value as Record<string, unknown>).eventName, via).toBe(
          call === page ? "Page Viewed" : "Screen Viewed",
        );
        const back = there.ok ? translate(there.value, { from: via, to: "segment" }) : there;
        expect(back.ok && back.value, via).toEqual(call);
      }
    }
  });
  it("reaches Attribuly as a touchpoint with the page", () => {
    const r = translate(page, { from: "segment", to: "attribuly" });
    expect(r.ok && (r.value as Record<string, unknown>).event_page_url).toBe("https://shop.example/pricing");
  });
  it("rejects a page call that also names an event", () => {
    const r = translate({ ...page, event: "Pricing" }, { from: "segment", to: "canonical" });
    expect(!r.ok && r.errors.map((e) => e.path)).toEqual(["$.event"]);
  });
});
