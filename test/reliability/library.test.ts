/**
 * The counterexamples the never-throw property found (property-tests/never-throws.property.test.ts),
 * kept as named cases: options that are not objects, sparse arrays, nesting past the limit.
 */
import { describe, expect, it } from "vitest";
import { MAX_DEPTH } from "../../src/core/json.js";
import { decode, detectFormat, encode, translate, translateAll } from "../../src/index.js";

const nested = (depth: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
};

describe("the library on hostile input", () => {
  it("decode with null options is an error value, not a TypeError", () => {
    expect(decode("attribuly", null, null as never)).toMatchObject({ ok: false, errors: [{ path: "$" }] });
  });

  it("encode with null options reads them as none", () => {
    const r = encode("attribuly", { eventName: null, contact: { phone: " " } } as never, null as never);
    expect(r.ok).toBe(false);
  });

  it("translate without options says which options are missing", () => {
    expect(translate({ eventName: null }, undefined as never)).toMatchObject({
      ok: false,
      errors: [{ path: "options", expected: "an object with from and to (format ids)" }],
    });
  });

  it("a sparse array is an error naming the hole", () => {
    // biome-ignore lint/suspicious/noSparseArray: the case under test
    const products = [{ product_id: "p" }, , { product_id: "q" }];
    const r = translate(
      { type: "track", userId: "u", event: "Cart Viewed", properties: { products } },
      { from: "segment", to: "canonical" },
    );
    expect(r).toMatchObject({
      ok: false,
      errors: [{ path: "$.properties.products[1]", message: "$.properties.products[1]: holds a hole in an array" }],
    });
    expect(detectFormat({ a: [1, undefined, 2] })).toMatchObject({ ok: false, path: "$.a[1]" });
  });

  it(`nesting past ${MAX_DEPTH} levels is an error at the first level too deep, in every entry point`, () => {
    const record = { type: "track", userId: "u", event: "Cart Viewed", properties: { x: nested(5000) } };
    const path = `$.properties.x${".a".repeat(MAX_DEPTH - 2)}`;
    const t = translate(record, { from: "segment", to: "canonical" });
    expect(t).toMatchObject({ ok: false, errors: [{ path }] });
    expect(decode("segment", record)).toMatchObject({ ok: false, errors: [{ path }] });
    const all = translateAll([record], { from: "segment", to: "canonical" });
    expect(all.ok).toBe(true);
    expect(all.ok && all.value[0]?.result).toMatchObject({ ok: false, errors: [{ path: `$[0]${path.slice(1)}` }] });
    expect(detectFormat(record)).toMatchObject({ ok: false, path });
    // exactly at the limit passes
    const atLimit = translate(
      { type: "track", userId: "u", event: "x", properties: { x: nested(MAX_DEPTH - 3) } },
      { from: "segment", to: "canonical" },
    );
    expect(atLimit.ok).toBe(true);
  });
});
