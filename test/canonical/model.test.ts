import { fc, test } from "@fast-check/vitest";
import { Ajv2020 } from "ajv/dist/2020.js";
import { Schema } from "effect";
import { describe, expect, it } from "vitest";
import { canonicalEvent } from "../../property-tests/arbitraries/canonical.js";
import { canonicalJsonSchema } from "../../src/canonical/json-schema.js";
import { CanonicalEventSchema, EVENT_TYPES } from "../../src/canonical/model.js";
import { EVENT_NAME_TABLE } from "../../src/canonical/names.js";
import { canonical } from "../../src/formats/canonical/codec.js";

const ajv = new Ajv2020({ strict: false, allErrors: true });
const validateJson = ajv.compile(canonicalJsonSchema());

describe("canonical model", () => {
  it("has the 28 Customer.io semantic types, order_paid, order_fulfilled, product_ordered, page_viewed, screen_viewed and custom", () => {
    expect(EVENT_TYPES).toHaveLength(34);
    expect(EVENT_NAME_TABLE.map((r) => r.type)).toEqual(EVENT_TYPES.filter((t) => t !== "custom"));
  });
  it("publishes a draft 2020-12 JSON Schema that accepts a full event and rejects unknown keys and bad types", () => {
    const schema = canonicalJsonSchema();
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(
      validateJson({
        type: "order_completed",
        name: "Order Completed",
        order: { total: 27.5, currency: "USD" },
        products: [{ id: "p", price: null }],
      }),
    ).toBe(true);
    expect(validateJson({ type: "nope", name: "x" })).toBe(false);
    expect(validateJson({ type: "custom", name: "x", order: { total: "27.5" } })).toBe(false);
  });
  test.prop([canonicalEvent()], { numRuns: 200 })(
    "should accept every generated event in both the Effect schema and its JSON Schema",
    (event) => {
      expect(Schema.is(CanonicalEventSchema)(event)).toBe(true);
      expect(validateJson(event), JSON.stringify(validateJson.errors)).toBe(true);
    },
  );
});

describe("canonical format", () => {
  const decode = (value: unknown) => canonical.decode({ value, path: "$" }, {});
  it("keeps unknown keys instead of stripping them: in extensions.canonical with their path, put back by the encoder", () => {
    const input = { type: "custom", name: "x", order: { totl: 1 } };
    const r = decode(input);
    expect(r.ok && r.value.extensions).toEqual({ canonical: { unknownKeys: [[["order", "totl"], 1]] } });
    expect(r.ok && canonical.encode(r.value, {})).toEqual({ ok: true, value: { value: input, losses: [] } });
  });
  it("rejects impossible timestamps, wrong types and empty names, naming each path", () => {
    const r = decode({ type: "custom", name: "", occurredAt: "2026-02-29T00:00:00Z", products: [{ quantity: 1.5 }] });
    expect(r.ok ? [] : r.errors.map((e) => e.path).sort()).toEqual(["$.name", "$.occurredAt", "$.products[0].quantity"]);
  });
  test.prop([canonicalEvent()], { numRuns: 200 })("should give back the input after decode then encode", (event) => {
    const r = decode(event);
    expect(r.ok).toBe(true);
    if (r.ok) {
      const e = canonical.encode(r.value, {});
      expect(e.ok && e.value.value).toEqual(event);
    }
  });
  test.prop([fc.anything()], { numRuns: 200 })("should answer anything with a value or issues, never a throw", (u) => {
    const r = decode(u);
    if (!r.ok) for (const e of r.errors) expect(e.path.startsWith("$")).toBe(true);
  });
});
