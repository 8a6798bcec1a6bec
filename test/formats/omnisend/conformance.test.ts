/**
 * The shared conformance cases for `omnisend`, through the library API: every case line round-trips
 * exactly, and a Segment Spec "Order Completed" keeps its meaning when translated to Omnisend.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { schemaErrors } from "../../../property-tests/arbitraries/omnisend.js";
import { translate } from "../../../src/translate.js";

const cases = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/conformance");
const lines = (file: string): Array<unknown> =>
  fs
    .readFileSync(path.join(cases, file), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l));

describe("omnisend conformance cases", () => {
  it.each(lines("omnisend.ndjson").map((c, i) => [i + 1, c]))("should round-trip case line %i exactly", (_, payload) => {
    const toCanonical = translate(payload, { from: "omnisend", to: "canonical" });
    if (!toCanonical.ok) expect.unreachable(JSON.stringify(toCanonical.errors));
    const back = translate(JSON.parse(JSON.stringify(toCanonical.value)), { from: "canonical", to: "omnisend" });
    if (!back.ok) expect.unreachable(JSON.stringify(back.errors));
    expect(back.value).toStrictEqual(payload);
    expect(back.losses).toEqual([]);
  });

  it("should keep the meaning of a Segment Order Completed", () => {
    const orderCompleted = lines("customerio.ndjson")[1];
    const r = translate(orderCompleted, { from: "customerio", to: "omnisend" });
    if (!r.ok) expect.unreachable(JSON.stringify(r.errors));
    const o = r.value as {
      eventName: string;
      order: { orderID: string; totalPrice: number; currency: string };
      contact: { email: string };
      lineItems: Array<{ quantity: number; price: number }>;
    };
    expect(o.eventName).toBe("placed order");
    expect(o.order.orderID).toBe("50314b8e9bcf000000000000");
    expect(o.order.totalPrice).toBe(27.5);
    expect(o.order.currency).toBe("USD");
    expect(o.contact.email).toBe("pat@example.com");
    expect(o.lineItems[1]?.quantity).toBe(2);
    expect(o.lineItems[1]?.price).toBe(3);
    expect(schemaErrors(o)).toEqual([]);
    // what the seed shape has no key for travels in properties, under Omnisend's or Segment's name
    expect((r.value as { properties: unknown }).properties).toMatchObject({
      userId: "u-100",
      revenue: 25,
      shippingPrice: 3,
      totalTax: 2,
    });
    expect(r.losses.filter((l) => l.kind === "dropped")).toEqual([]);
  });
});
