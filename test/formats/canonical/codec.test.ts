/**
 * The canonical codec decodes on a fast path (effect's decoder ignoring unknown keys, plus a check
 * for unknown keys built once from the schema) and falls back to effect's strict decoder for the
 * issues. These tests hold the fast path equal to the strict decoder on valid events; on events with
 * keys planted anywhere (`__proto__` and symbol keys included), an undeclared key is kept in
 * `extensions.canonical.unknownKeys` and put back by the encoder, and any other problem is an error
 * with its JSONPath.
 */
import { fc, test } from "@fast-check/vitest";
import { Schema } from "effect";
import { describe, expect, it } from "vitest";
import { canonicalEvent, jsonValue } from "../../../property-tests/arbitraries/canonical.js";
import { edgeKey } from "../../../property-tests/arbitraries/common.js";
import { CanonicalEventSchema } from "../../../src/canonical/model.js";
import { jsonEqual } from "../../../src/core/json.js";
import { canonical } from "../../../src/formats/canonical/codec.js";

const strict = Schema.decodeUnknownExit(CanonicalEventSchema, { onExcessProperty: "error", errors: "all" });

const decode = (value: unknown) => canonical.decode({ value, path: "$" }, {});

/** Every object inside a value, with the value itself first. */
const objectsIn = (value: unknown, into: Array<Record<string, unknown>> = []): Array<Record<string, unknown>> => {
  if (Array.isArray(value)) for (const v of value) objectsIn(v, into);
  else if (value !== null && typeof value === "object") {
    into.push(value as Record<string, unknown>);
    for (const v of Object.values(value)) objectsIn(v, into);
  }
  return into;
};

/** A canonical event with a key planted in one of its objects (declared or not: both cases matter). */
const planted = fc
  .tuple(
    canonicalEvent(),
    fc.nat(),
    fc.oneof(edgeKey, fc.constantFrom("__proto__", "type", "amount", "street1", "zz")),
    jsonValue,
  )
  .map(([event, at, key, value]) => {
    const copy = structuredClone(event) as unknown;
    const objects = objectsIn(copy);
    const target = objects[at % objects.length] as Record<string, unknown>;
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
    return copy;
  });

const ignoring = Schema.decodeUnknownExit(CanonicalEventSchema, { onExcessProperty: "ignore" });

const hasSymbolKey = (value: unknown): boolean =>
  objectsIn(value).some((o) => Object.getOwnPropertySymbols(o).some((s) => Object.prototype.propertyIsEnumerable.call(o, s)));

const agree = (value: unknown): void => {
  const reference = strict(value);
  const r = decode(value);
  if (reference._tag === "Success") {
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toStrictEqual(reference.value);
    return;
  }
  if (ignoring(value)._tag === "Success" && !hasSymbolKey(value)) {
    // only undeclared keys: kept as an extension, and put back in place by the encoder
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const kept = (r.value.extensions as { canonical?: { unknownKeys?: Array<unknown> } } | undefined)?.canonical?.unknownKeys;
    expect(kept?.length).toBeGreaterThan(0);
    const back = canonical.encode(r.value, {});
    expect(back.ok && jsonEqual(back.value.value, value)).toBe(true);
    return;
  }
  expect(r.ok).toBe(false);
  if (!r.ok) for (const e of r.errors) expect(e.path).toMatch(/^\$/);
};

describe("canonical decode", () => {
  test.prop([canonicalEvent()])("should accept exactly what effect's strict decoder accepts, with the same value", (event) => {
    agree(event);
  });
  test.prop([planted], { numRuns: 300 })(
    "should agree with effect's strict decoder wherever a key is planted, declared or not",
    (value) => {
      agree(value);
    },
  );
  it("keeps an unknown key deep inside as an extension with its path, and the encoder puts it back", () => {
    const input = { type: "order_completed", name: "Order Completed", customer: { location: { city: "Oslo", zip: "0150" } } };
    const r = decode(input);
    expect(r.ok && r.value.extensions).toEqual({ canonical: { unknownKeys: [[["customer", "location", "zip"], "0150"]] } });
    if (r.ok) expect(canonical.encode(r.value, {})).toEqual({ ok: true, value: { value: input, losses: [] } });
  });
  it("names the path, the expected shape in words and the value found for a wrong type", () => {
    const r = decode({ type: "order_completed", name: "x", order: { total: "abc" } });
    expect(r).toMatchObject({ ok: false, errors: [{ path: "$.order.total", expected: "number | null", actual: "abc" }] });
  });
  it("keeps an own __proto__ key as data; refuses a symbol key (JSON has none), as effect does", () => {
    const proto = JSON.parse('{"type":"custom","name":"x","identity":{"__proto__":{"a":1}}}');
    agree(proto);
    expect(decode(proto).ok).toBe(true);
    const withSymbol = { type: "custom", name: "x", properties: { [Symbol("s")]: 1 } };
    agree(withSymbol);
    expect(decode(withSymbol).ok).toBe(false);
  });
  it("accepts any keys in the open parts (properties, extensions)", () => {
    const r = decode({ type: "custom", name: "x", properties: { anything: { deep: [1] } }, extensions: { x: { y: 1 } } });
    expect(r.ok).toBe(true);
  });
});
