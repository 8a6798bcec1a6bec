// Type tests: `npm run typecheck` (tsc over test/) fails when an overload or a wire type regresses;
// vitest runs the same calls so the values behind the types are checked too.
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  type AttribulyJourneyItem,
  type CanonicalEvent,
  type Encoding,
  encode,
  type FormatId,
  type OmnisendApiEvent,
  type OmnisendEvent,
  type RedoCustomEvent,
  standardSchemaOf,
  type TrackCall,
  type Translation,
  translate,
  translateAll,
  type WireOf,
  type WireTypes,
} from "../../src/index.js";

const track = {
  type: "track",
  userId: "u-1",
  event: "Order Completed",
  properties: { order_id: "o-1", total: 27.5, currency: "USD", products: [{ product_id: "p-1", price: 27.5, quantity: 1 }] },
};
const event: CanonicalEvent = {
  type: "order_completed",
  name: "Order Completed",
  identity: { email: "pat@example.com" },
  order: { id: "o-1", total: 27.5, currency: "USD" },
};

describe("wire types", () => {
  it("translate returns the destination's wire type, no cast", () => {
    const r = translate(track, { from: "segment", to: "omnisend", identity: () => ({ email: "pat@example.com" }) });
    expectTypeOf(r).toEqualTypeOf<Translation<OmnisendEvent>>();
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expectTypeOf(r.value.eventName).toEqualTypeOf<string>();
    expectTypeOf(r.value.order).toEqualTypeOf<OmnisendEvent["order"]>();
    expect(r.value.eventName).toBe("placed order");
    expect(r.value.order?.totalPrice).toBe(27.5);
    // @ts-expect-error the value is typed, not `any`: a contact is not a number
    const wrong: number = r.value.contact;
    expect(wrong).toBeDefined();
  });

  it("each format id maps to its record type", () => {
    expectTypeOf(translate(track, { from: "segment", to: "customerio" })).toEqualTypeOf<Translation<TrackCall>>();
    expectTypeOf(translate(track, { from: "segment", to: "redo" })).toEqualTypeOf<Translation<RedoCustomEvent>>();
    expectTypeOf(translate(track, { from: "segment", to: "attribuly" })).toEqualTypeOf<Translation<AttribulyJourneyItem>>();
    expectTypeOf(translate(track, { from: "segment", to: "canonical" })).toEqualTypeOf<Translation<CanonicalEvent>>();
    expectTypeOf(translate(track, { from: "segment", to: "omnisend-api" })).toEqualTypeOf<Translation<OmnisendApiEvent>>();
    expectTypeOf<WireOf<"omnisend-api">>().toEqualTypeOf<OmnisendApiEvent>();
    expectTypeOf<WireOf<"segment">>().toEqualTypeOf<TrackCall>();
    expectTypeOf<WireOf<"not-a-format">>().toEqualTypeOf<unknown>();
    expectTypeOf<WireOf<string>>().toEqualTypeOf<unknown>();
    type EveryWireType = CanonicalEvent | TrackCall | OmnisendEvent | OmnisendApiEvent | RedoCustomEvent | AttribulyJourneyItem;
    expectTypeOf<WireTypes[keyof WireTypes]>().toEqualTypeOf<EveryWireType>();
    expectTypeOf<WireOf<FormatId>>().toEqualTypeOf<EveryWireType>();
    // a format id known only at run time gives the union of the wire types
    const to = "redo" as FormatId;
    expectTypeOf(translate(track, { from: "segment", to })).toEqualTypeOf<Translation<WireTypes[keyof WireTypes]>>();
  });

  it("translate to omnisend-api returns an OmnisendApiEvent, no cast", () => {
    const r = translate(track, { from: "segment", to: "omnisend-api", identity: () => ({ email: "pat@example.com" }) });
    expectTypeOf(r).toEqualTypeOf<Translation<OmnisendApiEvent>>();
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expectTypeOf(r.value.eventName).toEqualTypeOf<string>();
    expectTypeOf(r.value.properties).toEqualTypeOf<OmnisendApiEvent["properties"]>();
    expect(r.value.eventName).toBe("placed order");
    expect(r.value.contact.email).toBe("pat@example.com");
    expect(r.value.properties?.totalPrice).toBe(27.5);
    expect(r.value.properties?.lineItems?.[0]?.productID).toBe("p-1");
    // @ts-expect-error the value is typed, not `any`: a contact is not a number
    const wrong: number = r.value.contact;
    expect(wrong).toBeDefined();
    const e = encode("omnisend-api", event);
    expectTypeOf(e).toEqualTypeOf<Encoding<OmnisendApiEvent>>();
    expect(e.ok && e.value.properties?.orderID).toBe("o-1");
  });

  it("encode and translateAll are typed the same way", () => {
    const e = encode("redo", event);
    expectTypeOf(e).toEqualTypeOf<Encoding<RedoCustomEvent>>();
    expect(e.ok && e.value.eventName).toBe("Order Completed");
    const all = translateAll({ batch: [track, track] }, { from: "customerio", to: "attribuly" });
    expect(all.ok).toBe(true);
    if (all.ok) expectTypeOf(all.value[0]!.result).toEqualTypeOf<Translation<AttribulyJourneyItem>>();
  });

  it("a Translation without a type argument is unknown", () => {
    expectTypeOf<Translation>().toEqualTypeOf<Translation<unknown>>();
  });

  it("the Standard Schema validator is typed with the wire type", () => {
    const s = standardSchemaOf("omnisend");
    const r = s["~standard"].validate({ eventName: "placed order", contact: { email: "pat@example.com" } });
    if (r instanceof Promise) throw new Error("synchronous");
    expect(r.issues).toBeUndefined();
    if (r.issues === undefined) expectTypeOf(r.value).toEqualTypeOf<OmnisendEvent>();
    const api = standardSchemaOf("omnisend-api")["~standard"].validate({
      eventName: "placed order",
      contact: { email: "pat@example.com" },
    });
    if (api instanceof Promise) throw new Error("synchronous");
    expect(api.issues).toBeUndefined();
    if (api.issues === undefined) expectTypeOf(api.value).toEqualTypeOf<OmnisendApiEvent>();
  });
});
