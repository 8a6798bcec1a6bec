import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import type { CanonicalEvent } from "../src/canonical/model.js";
import type { Codec } from "../src/core/codec.js";
import { jsonEqual } from "../src/core/json.js";
import { type Loss, succeed } from "../src/core/result.js";
import { canonical } from "../src/formats/canonical/codec.js";
import { codecOf, FORMAT_IDS } from "../src/formats/index.js";
import { composeLosses, decode, deriveId, encode, translate, translateAll, translateRecord } from "../src/translate.js";

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
    // a field the event type has no key for travels in properties under its Segment name
    expect(r).toMatchObject({ ok: true, value: { event: "Order Completed", properties: { review_body: "great" } }, losses: [] });
    const lost = encode("customerio", {
      type: "order_completed",
      name: "Order Completed",
      identity: { userId: "u" },
      extensions: { redo: { x: 1 } },
    });
    expect(lost).toMatchObject({ ok: true, losses: [{ path: "$.extensions.redo", kind: "dropped" }] });
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

describe("deriveIds", () => {
  const CANONICAL = { type: "custom", name: "x", id: "", identity: { email: "pat@example.com" } };

  it("should give an event without an id the UUID v5 of its source record, reported as defaulted", () => {
    const r = translate(CANONICAL, { from: "canonical", to: "canonical", deriveIds: true });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const id = deriveId(CANONICAL);
    expect(r.value).toStrictEqual({ ...CANONICAL, id });
    // the id keeps its place among the keys, and the caller's object is not touched
    expect(Object.keys(r.event)).toEqual(["type", "name", "id", "identity"]);
    expect(CANONICAL.id).toBe("");
    expect(r.losses).toStrictEqual([
      { path: "$.id", kind: "defaulted", value: "", to: id, reason: "derived from the source record (--derive-ids)" },
    ]);
  });

  it("should report the resolver's additions first, then the derived id", () => {
    const r = translate(CANONICAL, {
      from: "canonical",
      to: "canonical",
      deriveIds: true,
      identity: () => ({ userId: "u-1" }),
    });
    expect(r.ok && r.losses.map((l) => `${l.path} ${l.kind}`)).toEqual(["$.identity.userId defaulted", "$.id defaulted"]);
  });

  it("should copy before setting the id when the codec does not say its events are fresh", () => {
    const held = { type: "custom", name: "x", id: "" };
    const passThrough: Codec = { ...canonical, freshEvents: undefined, decode: (r) => succeed(r.value as CanonicalEvent) };
    const r = translateRecord({ value: held, path: "$" }, passThrough, canonical, { deriveIds: true });
    expect(r.ok && r.event.id).toBe(deriveId(held));
    expect(held.id).toBe("");
    // a resolver that adds nothing makes no copy, so the id still goes on a copy
    const none = translateRecord({ value: held, path: "$" }, passThrough, canonical, {
      deriveIds: true,
      identity: () => undefined,
    });
    expect(none.ok && none.event).toStrictEqual({ type: "custom", name: "x", id: deriveId(held) });
    expect(held.id).toBe("");
    // after the resolver's copy, the id goes on that copy
    const both = translateRecord({ value: held, path: "$" }, passThrough, canonical, {
      deriveIds: true,
      identity: () => ({ userId: "u-1" }),
    });
    expect(both.ok && both.event).toStrictEqual({ type: "custom", name: "x", id: deriveId(held), identity: { userId: "u-1" } });
    expect(held).toStrictEqual({ type: "custom", name: "x", id: "" });
  });

  it("should set the id on the decoder's own event when the codec says its events are fresh", () => {
    let made: CanonicalEvent | undefined;
    const fresh: Codec = {
      ...canonical,
      freshEvents: true,
      decode: (r) => {
        made = { ...(r.value as CanonicalEvent) };
        return succeed(made);
      },
    };
    const r = translateRecord({ value: { type: "custom", name: "x" }, path: "$" }, fresh, canonical, { deriveIds: true });
    expect(r.ok && r.event).toBe(made);
    expect(made?.id).toBe(deriveId({ type: "custom", name: "x" }));
  });

  it("should leave an event that has an id as it is", () => {
    const r = translate({ ...CANONICAL, id: "m-1" }, { from: "canonical", to: "canonical", deriveIds: true });
    expect(r.ok && r.losses).toEqual([]);
    expect(r.ok && r.event.id).toBe("m-1");
  });
});

describe("identity", () => {
  it("should copy before adding identifiers when the codec does not say its events are fresh", () => {
    const held = { type: "custom", name: "x", identity: {} };
    // a custom codec that hands back the caller's own object, and one that keeps one event for every call
    const passThrough: Codec = { ...canonical, freshEvents: undefined, decode: (r) => succeed(r.value as CanonicalEvent) };
    const kept = { type: "custom", name: "k" } as CanonicalEvent;
    const keeping: Codec = { ...canonical, freshEvents: undefined, decode: () => succeed(kept) };
    const r = translateRecord({ value: held, path: "$" }, passThrough, canonical, { identity: () => ({ userId: "u-1" }) });
    expect(r.ok && r.event.identity).toStrictEqual({ userId: "u-1" });
    expect(held).toStrictEqual({ type: "custom", name: "x", identity: {} });
    for (const userId of ["u1", "u2"]) {
      const k = translateRecord({ value: {}, path: "$" }, keeping, canonical, { identity: () => ({ userId }) });
      expect(k.ok && k.event.identity).toStrictEqual({ userId });
      expect(k.ok && k.losses.map((l) => `${l.path} ${l.kind}`)).toEqual(["$.identity.userId defaulted"]);
    }
    expect(kept).toStrictEqual({ type: "custom", name: "k" });
  });

  it("should hold every built-in codec to freshEvents: a new event per decode, never its input", () => {
    const records: Record<string, unknown> = {
      canonical: { type: "custom", name: "x", identity: { email: "pat@example.com" } },
      customerio: { type: "track", event: "Product Viewed", anonymousId: "a-1", properties: { product_id: "p" } },
      omnisend: { eventName: "viewed product", eventID: "e-1", contact: { email: "pat@example.com" } },
      "omnisend-api": { eventName: "viewed product", eventVersion: "v4", origin: "api", contact: { email: "pat@example.com" } },
      redo: { eventName: "Product Viewed", customer: { email: "pat@example.com" } },
      attribuly: { event_id: "e-1", event_at: "2024-02-01 08:00:00", cart_viewed: {} },
    };
    for (const id of FORMAT_IDS) {
      const codec = codecOf(id) as Codec;
      expect(codec.freshEvents, id).toBe(true);
      const value = records[id === "segment" ? "customerio" : id];
      const a = codec.decode({ value, path: "$" }, {});
      const b = codec.decode({ value, path: "$" }, {});
      expect(a.ok && b.ok, id).toBe(true);
      if (!a.ok || !b.ok) continue;
      expect(a.value, id).not.toBe(value);
      expect(a.value, id).not.toBe(b.value);
      expect(a.value.identity === undefined || a.value.identity !== (value as { identity?: unknown }).identity, id).toBe(true);
    }
  });

  it("should leave the caller's objects untouched when the input is a canonical event", () => {
    const input = { type: "custom", name: "x", identity: { email: "pat@example.com" } };
    const r = translate(input, { from: "canonical", to: "canonical", identity: () => ({ userId: "u-1" }) });
    expect(r.ok && r.value).toStrictEqual({ ...input, identity: { email: "pat@example.com", userId: "u-1" } });
    expect(input).toStrictEqual({ type: "custom", name: "x", identity: { email: "pat@example.com" } });
    expect(r.ok && r.event).not.toBe(input);
  });

  it("should give the enriched event in the result when the decoder built it", () => {
    const input = { type: "track", event: "Product Viewed", anonymousId: "a-1", properties: { product_id: "p" } };
    const r = translate(input, { from: "customerio", to: "canonical", identity: () => ({ email: "pat@example.com" }) });
    expect(r.ok && r.event.identity).toStrictEqual({ anonymousId: "a-1", email: "pat@example.com" });
    expect(r.ok && r.value).toStrictEqual(r.ok && r.event);
    expect(r.ok && r.losses.map((l) => `${l.path} ${l.kind}`)).toEqual(["$.identity.email defaulted"]);
    expect(input).toStrictEqual({ type: "track", event: "Product Viewed", anonymousId: "a-1", properties: { product_id: "p" } });
  });

  it("should read every identity key the resolver gives and fill only the missing or null ones", () => {
    const input = { type: "custom", name: "x", identity: { userId: "u-0", email: null } };
    const all = {
      userId: "u-1",
      anonymousId: "a-1",
      email: "e@x.io",
      phone: "+15550100",
      redoCustomerId: "r-1",
      omnisendContactId: "o-1",
    };
    const r = translate(input, { from: "canonical", to: "canonical", identity: () => all });
    expect(r.ok && r.event.identity).toStrictEqual({ ...all, userId: "u-0" });
    expect(r.ok && r.losses.map((l) => l.path)).toEqual([
      "$.identity.anonymousId",
      "$.identity.email",
      "$.identity.phone",
      "$.identity.redoCustomerId",
      "$.identity.omnisendContactId",
    ]);
  });
});

describe("composeLosses", () => {
  /** The first implementation (a Map and a Set per call), kept as the oracle of the linear one. */
  const reference = (added: ReadonlyArray<Loss>, encoded: ReadonlyArray<Loss>): ReadonlyArray<Loss> => {
    let overlap = false;
    for (const e of encoded) {
      if (e.kind !== "dropped" && e.kind !== "coerced") continue;
      if (added.some((a) => a.path === e.path)) overlap = true;
    }
    if (!overlap) return added.concat(encoded);
    const byPath = new Map(added.map((l) => [l.path, l]));
    const touched = new Set<string>();
    const out: Array<Loss> = [];
    for (const e of encoded) {
      const a = byPath.get(e.path);
      if (a === undefined || (e.kind !== "dropped" && e.kind !== "coerced")) {
        out.push(e);
        continue;
      }
      touched.add(e.path);
      const result = e.kind === "dropped" ? undefined : e.to;
      if (jsonEqual(result, a.value)) continue;
      out.push(result === undefined ? { ...e, kind: "dropped", value: a.value } : { ...e, value: a.value });
    }
    return [...added.filter((l) => !touched.has(l.path)), ...out];
  };

  const path = fc.constantFrom("$.identity.userId", "$.identity.email", "$.identity.phone", "$.page.url", "$.name");
  const small = fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.constantFrom("u", "v", ""),
    fc.integer({ min: 0, max: 2 }),
  );
  const loss = (kinds: ReadonlyArray<Loss["kind"]>): fc.Arbitrary<Loss> =>
    fc
      .record({ path, kind: fc.constantFrom(...kinds), value: small, to: small })
      .map(({ to, ...l }) => ({ ...l, reason: `${l.kind} at ${l.path}`, ...(l.kind === "dropped" ? {} : { to }) }) as Loss);
  const added = fc.array(loss(["defaulted"]), { maxLength: 4 });
  const encoded = fc.array(loss(["dropped", "coerced", "moved", "renamed", "defaulted"]), { maxLength: 8 });

  test.prop([added, encoded], { numRuns: 2000 })(
    "should compose exactly as the reference: net change from the source, resolver losses first",
    (a, e) => {
      expect(composeLosses(a, e)).toStrictEqual(reference(a, e));
    },
  );

  it("should report nothing where the resolver added a value the encoder then dropped", () => {
    const a: Loss = { path: "$.identity.userId", kind: "defaulted", value: undefined, to: "u", reason: "r" };
    const e: Loss = { path: "$.identity.userId", kind: "dropped", value: "u", reason: "omnisend contacts have no userId" };
    const other: Loss = { path: "$.page.url", kind: "dropped", value: "x", reason: "omnisend has no page.url" };
    expect(composeLosses([a], [other, e])).toStrictEqual([other]);
  });
});

describe("Omnisend's predefined names into Customer.io", () => {
  it("should write Segment's name for an Omnisend 'viewed product' (which folds to the alias 'Viewed Product'), reporting the rename", () => {
    const r = translate(
      {
        eventName: "viewed product",
        contact: { email: "pat@example.com" },
        lineItems: [{ productID: "p1" }],
        properties: { userId: "u-1" },
      },
      { from: "omnisend", to: "customerio" },
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect((r.value as { event: string }).event).toBe("Product Viewed");
    expect(r.losses).toContainEqual(
      expect.objectContaining({ path: "$.name", kind: "renamed", value: "viewed product", to: "Product Viewed" }),
    );
  });

  it("should keep a Segment alias spelled as it came, segment to segment", () => {
    const r = translate(
      { type: "track", userId: "u", event: "Viewed Product", properties: { product_id: "p" } },
      { from: "segment", to: "segment" },
    );
    expect(r.ok && (r.value as { event: string }).event).toBe("Viewed Product");
  });
});
