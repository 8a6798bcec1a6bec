import { describe, expect, it } from "vitest";
import { jsonEqual } from "../src/core/json.js";
import { applyPatch, LOSSLESS_KEY, parsePath, patchBetween, stash, unstash } from "../src/lossless.js";
import { translate } from "../src/translate.js";

describe("lossless mode building blocks", () => {
  it("parses the JSONPaths the codecs write, odd keys and indices included", () => {
    expect(parsePath("$")).toEqual([]);
    expect(parsePath('$.products[12]["image url"].x')).toEqual(["products", 12, "image url", "x"]);
    expect(parsePath('$.properties["say \\"hi\\""]')).toEqual(["properties", 'say "hi"']);
    expect(parsePath('$.properties["__proto__"]')).toEqual(["properties", "__proto__"]);
    expect(parsePath("properties.x")).toBeUndefined();
  });
  it("computes the patch from before to after: set what differs, remove what was added", () => {
    expect(patchBetween({ a: 1, c: { d: [1, 2] } }, { a: 2, b: 3, c: { d: [1] } })).toEqual([
      ["$.a", 1],
      ["$.c.d", [1, 2]],
      ["$.b"],
    ]);
  });
  it("reads only own keys: a constructor key is data (fast-check counterexample)", () => {
    expect(patchBetween({ properties: {} }, { properties: { constructor: null } })).toEqual([["$.properties.constructor"]]);
  });
  it("applies a patch without touching the input, writing __proto__ as data", () => {
    const input = { type: "custom" as const, name: "x", products: [{ price: 5 }] };
    const out = applyPatch(input, [
      ["$.products[0].price"],
      ['$.properties["__proto__"]', { a: 1 }],
      ["$.products[1]", { id: "p2" }],
    ]);
    expect(input.products[0]?.price).toBe(5);
    expect(Object.hasOwn(out.properties ?? {}, "__proto__")).toBe(true);
    expect(out.products).toEqual([{}, { id: "p2" }]);
    expect(({} as Record<string, unknown>).a).toBeUndefined();
  });
  it("stashes in the free-form area and takes it out again, leaving the record as it was", () => {
    for (const [format, record] of [
      ["omnisend", { eventName: "x" }],
      ["omnisend", { eventName: "x", properties: {} }],
      ["redo", { eventName: "x" }],
      ["redo", { eventName: "x", data: { a: 1 } }],
      ["redo", { eventName: "x", data: { $extra: { b: [1] } } }],
      ["customerio", { event: "x", context: { ip: "1.2.3.4" } }],
    ] as const) {
      const s = stash(format, record, [["$.review.body", "Great"]]);
      expect(JSON.stringify(s)).toContain(LOSSLESS_KEY);
      const u = unstash(format, JSON.parse(JSON.stringify(s)));
      expect(u?.patch).toEqual([["$.review.body", "Great"]]);
      expect(jsonEqual(u?.value, record)).toBe(true);
    }
  });
  it("leaves a record alone whose reserved key is not a stash", () => {
    expect(unstash("omnisend", { properties: { [LOSSLESS_KEY]: "user data" } })).toBeUndefined();
    expect(stash("attribuly", {}, [])).toBeUndefined();
  });
});

describe("lossless translation", () => {
  const call = {
    type: "track",
    userId: "u-1",
    event: "Product Reviewed",
    messageId: "m-1",
    properties: { product_id: "p", review_id: "r", review_body: "Great", rating: 5, extra: [1, { a: null }] },
    context: { traits: { email: "pat@example.com" }, page: { url: "https://x.test", hash: "#top" } },
    integrations: { All: true },
  };
  it("carries what Omnisend cannot represent and gives back the Segment call exactly", () => {
    const plain = translate(call, { from: "segment", to: "omnisend" });
    expect(plain.ok && plain.losses.length).toBeGreaterThan(0);
    const there = translate(call, { from: "segment", to: "omnisend", lossless: true });
    expect(there.ok && there.losses).toEqual([]);
    if (!there.ok) return;
    const back = translate(JSON.parse(JSON.stringify(there.value)), { from: "omnisend", to: "segment" });
    expect(back.ok && back.losses).toEqual([]);
    expect(back.ok && jsonEqual(back.value, call)).toBe(true);
  });
  it("rejects the record in strict mode, with the losses as reasons", () => {
    const r = translate(call, { from: "segment", to: "omnisend", strict: true });
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.errors.map((e) => e.path)).toContain("$.extensions.customerio");
  });
  it("lets a renamed event through strict mode", () => {
    const r = translate(
      { type: "order_completed", name: "placed order", identity: { userId: "u" } },
      { from: "canonical", to: "segment", strict: true },
    );
    expect(r.ok ? r.losses.map((l) => [l.path, l.kind]) : r.errors).toEqual([["$.name", "renamed"]]);
    expect(r.ok && (r.value as { event: string }).event).toBe("Order Completed");
  });
  it("takes missing identifiers from the caller's resolver, and says how to supply them when absent", () => {
    const anonymous = { type: "track", userId: "u-9", event: "Order Completed", properties: { total: 1, currency: "USD" } };
    const without = translate(anonymous, { from: "segment", to: "omnisend" });
    expect(without.ok).toBe(false);
    const withId = translate(anonymous, {
      from: "segment",
      to: "omnisend",
      identity: (e) => (e.identity?.userId === "u-9" ? { email: "u9@example.com" } : undefined),
    });
    expect(withId.ok && (withId.value as { contact: unknown }).contact).toEqual({ email: "u9@example.com" });
    expect(withId.ok && withId.losses.map((l) => [l.path, l.kind])).toContainEqual(["$.identity.email", "defaulted"]);
    expect(without.ok ? "" : without.errors[0]?.message).toMatch(/contact/);
  });
});
