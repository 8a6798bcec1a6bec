import { describe, expect, it } from "vitest";
import { decode, encode, translate, translateAll } from "../src/translate.js";

const ORDER = {
  type: "track",
  userId: "u",
  event: "Order Completed",
  properties: { order_id: "1", total: 27.5, currency: "USD", products: [{ product_id: "p", price: 19, quantity: 1 }] },
};

describe("plain API", () => {
  it("decodes a payload, an array and a batch envelope into canonical events", () => {
    expect(decode("customerio", ORDER)).toMatchObject({ ok: true, value: [{ type: "order_completed", order: { total: 27.5 } }] });
    const two = decode("customerio", [ORDER, ORDER]);
    expect(two.ok && two.value).toHaveLength(2);
    expect(decode("segment", { batch: [ORDER] })).toMatchObject({ ok: true, value: [{ type: "order_completed" }] });
  });
  it("encodes a canonical event with its losses", () => {
    const r = encode("customerio", {
      type: "order_completed",
      name: "Order Completed",
      identity: { userId: "u" },
      review: { body: "great" },
    });
    expect(r).toMatchObject({
      ok: true,
      value: { event: "Order Completed" },
      losses: [{ path: "$.review.body", kind: "dropped" }],
    });
  });
  it("translates between formats and returns errors with paths, never throwing", () => {
    expect(translate(ORDER, { from: "segment", to: "canonical" })).toMatchObject({ ok: true, losses: [] });
    const bad = translate({ ...ORDER, properties: { total: "27.5" } }, { from: "segment", to: "canonical" });
    expect(bad).toMatchObject({
      ok: false,
      errors: [{ path: "$.properties.total", expected: "number", actual: "27.5" }],
    });
  });
  it("names the known formats when a format is unknown", () => {
    // @ts-expect-error: an unknown format id, as a JavaScript caller might pass
    const r = translate(ORDER, { from: "shopify", to: "canonical" });
    expect(r.ok ? "" : r.errors[0]?.message).toMatch(/unknown format "shopify"; known formats: customerio, segment/);
  });
  it("translates every record of an envelope on its own, so one bad record fails alone", () => {
    const r = translateAll({ batch: [ORDER, { type: "track", event: "x" }, ORDER] }, { from: "customerio", to: "canonical" });
    expect(r.ok && r.value.map((x) => [x.path, x.result.ok])).toEqual([
      ["$.batch[0]", true],
      ["$.batch[1]", false],
      ["$.batch[2]", true],
    ]);
  });
  it("asks for translateAll when one payload holds several events", () => {
    const r = translate([ORDER, ORDER], { from: "customerio", to: "canonical" });
    expect(r.ok ? "" : r.errors[0]?.message).toMatch(/translateAll/);
  });
});
